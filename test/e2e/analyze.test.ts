import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAnalysis } from '../../src/analyze/schema.js';
import type { Analysis } from '../../src/analyze/types.js';
import { pivot, REPO } from './cli.js';

const fixture = join(REPO, 'fixtures/monolith');

describe('pivot analyze on the bundled monolith (real 0x profile)', () => {
  it('ranks the pricing kernel first for Rust, sends InventoryStore to Go, keeps orchestration in TypeScript', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pivot-analyze-'));
    const r = await pivot(['analyze', fixture, '--duration', '4', '--output', out, '--json'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const analysis = JSON.parse(r.stdout) as Analysis;
    expect(validateAnalysis(analysis)).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'))).toEqual(analysis);
    expect(existsSync(join(out, 'report.md'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, analysis.profile!.flamegraph!))).toBe(true);
    expect(analysis.profile!.collector?.name).toBe('0x');

    const top = analysis.units[0]!;
    expect(top.file).toBe('src/pricing.ts');
    expect(top.target).toBe('rust');
    expect(top.workloadClass).toBe('compute-bound');
    expect(analysis.profile!.sourceMapped).toBe(true);

    const byName = (name: string) => analysis.units.find((u) => u.name === name);
    expect(byName('InventoryStore')?.target).toBe('go');
    for (const u of analysis.units.filter((x) => x.file === 'src/orders.ts' || x.isRouteHandler)) {
      expect(u.target, u.id).toBe('typescript');
    }
    expect(analysis.profile!.load.requests).toBeGreaterThan(100);
  }, 200_000);

  it('--no-profile runs the static pass alone and still recommends', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pivot-static-'));
    const r = await pivot(['analyze', fixture, '--no-profile', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/static pass only/);
    const analysis = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8')) as Analysis;
    expect(analysis.profile).toBeNull();
    expect(analysis.units.find((u) => u.name === 'InventoryStore')?.target).toBe('go');
  });
});

describe('pivot analyze: bad input', () => {
  it('a missing directory is named, with a hint and exit 1', async () => {
    const r = await pivot(['analyze', '/nonexistent/monolith', '--no-profile']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/monolith is not a directory');
    expect(r.stderr).toContain('hint:');
  });

  it('syntax errors are all listed with file:line:col and nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pivot-syntax-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), '{"name":"broken","main":"src/a.js"}');
    writeFileSync(join(dir, 'src/a.ts'), 'export function ok(x: number) { return x * 2; }\nexport function bad( {\n');
    writeFileSync(join(dir, 'src/b.ts'), 'const y = ;\n');
    const out = join(dir, '.pivot');
    const r = await pivot(['analyze', dir, '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 syntax error/);
    expect(r.stderr).toMatch(/src\/a\.ts:\d+:\d+/);
    expect(r.stderr).toMatch(/src\/b\.ts:1:\d+/);
    expect(existsSync(join(out, 'analysis.json'))).toBe(false);
  });

  it('a bad flag value names the flag', async () => {
    const r = await pivot(['analyze', fixture, '--duration', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--duration takes a positive number');
  });
});
