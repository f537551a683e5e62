/**
 * A short `pivot bench` of the bundled monolith: one run per point, 3 s each, every rate level.
 * Checks the machinery end to end and prints the table; the figures are indicative only. Run
 * with `npm run bench:e2e`; the files go to a temporary folder (printed), or to the folder given
 * as the first argument.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../src/cli/bench.js';
import { ExitError, UserError } from '../src/errors.js';

const output = process.argv[2] ? resolve(process.argv[2]) : mkdtempSync(join(tmpdir(), 'pivot-bench-e2e-'));

try {
  const report = await run({ cwd: process.cwd(), output, duration: 3, runs: 1, warmup: 1, mix: process.env.MIX });
  const max = report.baselineMaxRps;
  console.log(`\nmonolith max ${max ?? 'n/a'} req/s; files in ${output}`);
} catch (error) {
  if (error instanceof UserError) {
    console.error(`error: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
    for (const line of error.details ?? []) console.error(`  ${line}`);
    process.exitCode = 1;
  } else if (error instanceof ExitError) {
    console.error(`files in ${output}`);
    process.exitCode = error.code;
  } else {
    throw error;
  }
}
