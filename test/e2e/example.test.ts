import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSystemFile } from '../../src/run/local-system.js';
import { runPipeline } from '../../src/run/pipeline.js';
import { createUi } from '../../src/ui.js';
import { pivot, REPO } from './cli.js';
import { withExamplePorts } from './fixed-ports.js';

/**
 * The committed example is what CI checks: regenerated from its plan with no drift, every
 * service built, linted and tested, then run as local processes against the monolith.
 */
const example = join(REPO, 'examples/polyglot-shop');

describe.skipIf(!existsSync(join(example, 'pivot.system.json')))('examples/polyglot-shop', () => {
  it('passes pivot check: schemas, no drift, builds, lints and tests', async () => {
    const r = await withExamplePorts(() => pivot(['check', example], { timeoutMs: 1_500_000 }));
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/generated files up to date\s+ok/);
    expect(r.stdout).toMatch(/check: \d+ checks passed/);
  }, 1_600_000);

  it('runs as local processes: every parity answer equals the monolith\'s, every smoke check passes, nothing left running', async () => {
    const outcome = await withExamplePorts(() => runPipeline(example, readSystemFile(example), { ui: createUi({ quiet: true }) }));
    const differing = outcome.parity?.results.filter((r) => r.differences.length > 0) ?? [];
    expect(differing.map((r) => [r.request.method, r.request.path, r.differences])).toEqual([]);
    expect(outcome.parity!.results.length).toBeGreaterThanOrEqual(300);
    expect(outcome.smoke.filter((c) => !c.ok)).toEqual([]);
    expect(outcome.ok).toBe(true);
  }, 1_200_000);
});
