import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntry } from '../../src/analyze/entry.js';
import { runStaticPass } from '../../src/analyze/static.js';
import { compareJson, DEFAULT_PARITY, runParity } from '../../src/run/parity.js';
import { parityRequests } from '../../src/run/parity-requests.js';
import { freePort } from '../../src/run/ports.js';
import { startSystem, type RunningSystem } from '../../src/run/supervisor.js';
import { REPO } from '../e2e/cli.js';

const monolith = join(REPO, 'fixtures/monolith');

describe('compareJson', () => {
  const config = { volatile: ['processing_time_ms', 'inventory.last_updated'], tolerance: 1e-9 };
  it('compares numbers by value, within the tolerance', () => {
    expect(compareJson({ a: 1 }, { a: 1.0000000000001 }, config).differences).toEqual([]);
    expect(compareJson({ a: 1 }, { a: 1.001 }, config).differences).toEqual([{ path: 'a', monolith: 1, polyglot: 1.001 }]);
  });
  it('reports volatile fields as ignored, by key anywhere or by dotted path', () => {
    const r = compareJson(
      { processing_time_ms: 1, inventory: { last_updated: 'x', available: 3 }, nested: [{ processing_time_ms: 2 }] },
      { processing_time_ms: 9, inventory: { last_updated: 'y', available: 3 }, nested: [{ processing_time_ms: 5 }] },
      config,
    );
    expect(r.differences).toEqual([]);
    expect(r.ignored).toEqual(['inventory.last_updated', 'nested.*.processing_time_ms', 'processing_time_ms']);
  });
  it('names missing keys and array lengths', () => {
    const r = compareJson({ a: [1, 2], b: 1 }, { a: [1], c: 1 }, config);
    expect(r.differences.map((d) => d.path)).toEqual(['a.length', 'b', 'c']);
  });
});

describe('parityRequests', () => {
  const routes = runStaticPass(monolith).routes;
  it('is deterministic, mixes valid and invalid requests, and covers bad bodies and ids', () => {
    const a = parityRequests(routes, { count: 200, seed: 3 });
    expect(parityRequests(routes, { count: 200, seed: 3 })).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(a.map((r) => r.kind));
    for (const k of ['valid', 'malformed JSON', 'missing field quantity', 'path parameter abc', 'quantity too large']) expect(kinds).toContain(k);
    const ids = new Set(a.filter((r) => r.kind === 'valid' && r.path.startsWith('/api/product/')).map((r) => r.path));
    expect(ids.size).toBeGreaterThan(25);
  });
});

describe('runParity: the monolith against a second copy of itself', () => {
  const systems: RunningSystem[] = [];
  const urls: string[] = [];
  beforeAll(async () => {
    const { entryFile } = await resolveEntry(monolith, {});
    for (const name of ['a', 'b']) {
      const port = await freePort();
      systems.push(await startSystem([{ name, command: process.execPath, args: [entryFile], cwd: monolith, env: { PORT: String(port) }, port, health: { path: '/health' } }]));
      urls.push(`http://127.0.0.1:${port}`);
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of systems) await s.stop();
  });

  it('finds only the declared volatile fields different, and finds them when undeclared', async () => {
    const requests = parityRequests(runStaticPass(monolith).routes, { count: 120, seed: 5 }).filter((r) => !r.path.startsWith('/metrics'));
    const declared = { ...DEFAULT_PARITY, volatile: ['processing_time_ms', 'last_updated', 'requests_served', 'createdAt'] };
    const results = await runParity(urls[0]!, urls[1]!, requests, declared);
    expect(results.filter((r) => r.differences.length > 0).map((r) => [r.request.path, r.differences])).toEqual([]);
    expect(new Set(results.flatMap((r) => r.ignored))).toContain('processing_time_ms');
    const statuses = new Set(results.map((r) => r.monolith.status));
    for (const s of [200, 400, 404, 409]) expect(statuses).toContain(s);

    const undeclared = await runParity(urls[0]!, urls[1]!, requests.slice(0, 20), DEFAULT_PARITY);
    expect(undeclared.some((r) => r.differences.some((d) => d.path === 'processing_time_ms'))).toBe(true);
  });
});
