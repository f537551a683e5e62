import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analyze/types.js';
import { pivot, REPO } from './cli.js';

/** What evolve --plan and build say when the plan, the code or the machine do not fit. */
describe('evolve --plan and build: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pivot-plan-errors-'));
  const analysisFile = join(dir, 'analysis.json');
  beforeAll(async () => {
    const r = await pivot(['analyze', join(REPO, 'fixtures/monolith'), '--no-profile', '--output', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);

  it('refuses a plan that names a unit which no longer exists, naming it, and writes nothing', async () => {
    const analysis = JSON.parse(readFileSync(analysisFile, 'utf8')) as Analysis;
    const quote = analysis.units.find((u) => u.name === 'quotePrice')!;
    quote.id = 'src/pricing.ts#quotePriceRenamed';
    quote.name = 'quotePriceRenamed';
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, JSON.stringify(analysis));
    const out = join(dir, 'out-stale');
    const r = await pivot(['evolve', '--plan', stale, '--output', out], { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/names src\/pricing\.ts#quotePriceRenamed, which no longer exists/);
    expect(r.stderr).toMatch(/hint: .*pivot analyze/);
  }, 150_000);

  it('--only with a unit the analysis does not recommend lists what it does recommend', async () => {
    const r = await pivot(['evolve', '--plan', analysisFile, '--only', 'src/orders.ts#OrderService', '--output', join(dir, 'out-only')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--only names src\/orders\.ts#OrderService/);
    expect(r.stderr).toMatch(/src\/pricing\.ts#quotePrice/);
  });

  it('an analysis that breaks the schema is named with the failing field', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ schema: 1, units: [{ id: 'x' }] }));
    const r = await pivot(['evolve', '--plan', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not match the analysis schema/);
  });

  it('a missing toolchain is one clear message pointing to pivot doctor', async () => {
    const path = [dirname(process.execPath), '/usr/bin', '/bin'].join(':');
    const r = await pivot(['build', join(REPO, 'examples/polyglot-shop')], { env: { PATH: path } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/(cargo|go) is not found on PATH/);
    expect(r.stderr).toMatch(/pivot doctor/);
  });
});
