import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntry } from '../../src/analyze/entry.js';
import { runStaticPass } from '../../src/analyze/static.js';
import { freePort } from '../../src/run/ports.js';
import { runSmoke, smokeRequestsFromRoutes } from '../../src/run/smoke.js';
import { startSystem, type RunningSystem } from '../../src/run/supervisor.js';
import { defineService } from '../../src/scaffold/deploy/model.js';
import { REPO } from '../e2e/cli.js';

const monolith = join(REPO, 'fixtures/monolith');

describe('smoke requests from routes', () => {
  it('fills parameters and id-like body fields with one fixed in-range value', () => {
    const requests = smokeRequestsFromRoutes(runStaticPass(monolith).routes);
    expect(requests).toContainEqual({ name: 'GET /api/product/:id', method: 'GET', path: '/api/product/123' });
    expect(requests).toContainEqual({ name: 'POST /api/order', method: 'POST', path: '/api/order', body: { product_id: 123, quantity: 1 } });
  });
});

describe('runSmoke against the real monolith', () => {
  let system: RunningSystem;
  let port: number;
  beforeAll(async () => {
    const { entryFile } = await resolveEntry(monolith, {});
    port = await freePort();
    system = await startSystem([
      { name: 'shop', command: process.execPath, args: [entryFile], cwd: monolith, env: { PORT: String(port) }, port, health: { path: '/health' } },
    ]);
  }, 60_000);
  afterAll(() => system?.stop());

  it('passes every check of a healthy system', async () => {
    const routes = runStaticPass(monolith).routes;
    const file = {
      schema: 1 as const,
      entry: 'shop',
      smoke: smokeRequestsFromRoutes(routes),
      system: { name: 'shop', version: '1', services: [defineService({ name: 'shop', language: 'typescript', port })], monitoring: { prometheusPort: 9090, grafanaPort: 3000 } },
    };
    const checks = await runSmoke(`http://127.0.0.1:${port}`, file);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(['shop health', 'POST /api/order', 'GET /api/product/:id']));
  });

  it('reports a dead service as a failed check, not an exception', async () => {
    const dead = await freePort();
    const checks = await runSmoke(`http://127.0.0.1:${dead}`);
    expect(checks).toHaveLength(2);
    expect(checks.every((c) => !c.ok && c.status === null)).toBe(true);
    expect(checks[0]!.detail).toMatch(/ECONNREFUSED/);
  });
});
