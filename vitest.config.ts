import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'fixtures/monolith/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end tests start real processes and profilers; two cores do not like many at once.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
