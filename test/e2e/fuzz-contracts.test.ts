/**
 * Fuzzing from the contracts, bounded (the full run is `npm run fuzz:contracts`, 10,000
 * requests): the committed example and the monolith started side by side, 500 seeded requests
 * from the monolith's routes and each service's openapi.json. No 5xx, every request answered,
 * the gateway's statuses the monolith's, every service status declared, oversized bodies 413
 * JSON on every target, and no process crashed. Fixed ports: run inside netns-run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzPassed, renderFuzzReport } from '../../src/run/fuzz/report.js';
import { fuzzContracts } from '../../src/run/fuzz/runner.js';
import { readSystemFile } from '../../src/run/local-system.js';
import { buildTree } from '../../src/run/up.js';
import { createUi } from '../../src/ui.js';
import { REPO } from './cli.js';
import { withExamplePorts } from './fixed-ports.js';

const example = join(REPO, 'examples/polyglot-shop');

describe.skipIf(!existsSync(join(example, 'pivot.system.json')))('fuzzing from the contracts (500 requests)', () => {
  it('answers every request below 500, with the monolith’s status on the gateway, 413 JSON for oversized bodies, and nothing crashes', async () => {
    const ui = createUi({ quiet: true });
    const report = await withExamplePorts(async () => {
      await buildTree(example, readSystemFile(example), ui);
      return fuzzContracts(example, { requests: 500, seed: 3, ui });
    });
    const table = renderFuzzReport(report);
    expect(report.tallies.map((t) => [t.target, t.requests])).toEqual([
      ['gateway', 250],
      ['pricing', 125],
      ['inventory', 125],
    ]);
    for (const t of report.tallies) {
      expect(t.oversize, `${t.target}: at least one body over the limit`).toBeGreaterThan(0);
      expect(Object.keys(t.byStatus).some((s) => s.startsWith('4')), `${t.target} refused something`).toBe(true);
      expect(t.byStatus['200'], `${t.target} accepted something`).toBeGreaterThan(0);
    }
    expect(fuzzPassed(report), table).toBe(true);
  }, 1_200_000);
});
