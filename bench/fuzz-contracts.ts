/**
 * Fuzzing from the contracts on a built tree (default examples/polyglot-shop): seeded requests
 * generated from each service's openapi.json and from the monolith's routes, half of them to
 * the gateway (each also to the monolith: the statuses must match), the rest split over the
 * services. Fails on any 5xx, missing answer, status mismatch, undeclared status, oversized
 * body not answered 413 JSON, or crashed process. Fixed ports: run inside /work/bin/netns-run.
 *
 *   npm run fuzz:contracts -- --requests 10000 --seed 1 [--tree DIR] [--json FILE]
 * Without --seed every run draws a new seed and prints it first; --seed S replays that run exactly.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderFuzzReport, fuzzPassed } from '../src/run/fuzz/report.js';
import { fuzzContracts } from '../src/run/fuzz/runner.js';
import { createUi } from '../src/ui.js';

const { values } = parseArgs({
  options: {
    tree: { type: 'string', default: 'examples/polyglot-shop' },
    requests: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    json: { type: 'string' },
  },
});
const whole = (name: 'requests' | 'seed'): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${String(values[name])}`);
  return n;
};
const seed = whole('seed');
console.log(`fuzzing ${values.tree} with seed ${seed} (replay: --seed ${seed} --requests ${whole('requests')})`);
let last = 0;
const report = await fuzzContracts(resolve(values.tree!), {
  requests: whole('requests'),
  seed,
  ui: createUi({}),
  onProgress: (done, total) => {
    if (done - last >= 1000 || done === total) {
      last = done;
      console.log(`  ${done}/${total}`);
    }
  },
});
console.log(`\n${renderFuzzReport(report)}`);
if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify(report, null, 2)}\n`);
if (!fuzzPassed(report)) process.exitCode = 1;
