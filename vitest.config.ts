import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'fixtures/monolith/test/**/*.test.ts'],
    // ts-morph projects and real processes: a loaded 2-core machine took over 30 s for some.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // End-to-end tests start real processes and profilers; two cores do not like many at once.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
