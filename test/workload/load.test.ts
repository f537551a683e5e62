import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadRequest } from '../../src/analyze/types.js';
import { autocannonRequests, driveLoad, weightedSequence } from '../../src/workload/load.js';

const request = (path: string, weight: number): WorkloadRequest => ({ method: 'GET', path, weight });

describe('weightedSequence', () => {
  it('interleaves requests in proportion to their weights', () => {
    const sequence = weightedSequence([request('/a', 3), request('/b', 1)]).map((r) => r.path);
    expect(sequence).toEqual(['/a', '/a', '/b', '/a']);
  });

  it('reduces weights, drops zero weights and caps long sequences', () => {
    expect(weightedSequence([request('/a', 50), request('/b', 25)]).map((r) => r.path)).toEqual(['/a', '/b', '/a']);
    expect(weightedSequence([request('/a', 0), request('/b', 2)]).map((r) => r.path)).toEqual(['/b']);
    const long = weightedSequence([request('/a', 1000), request('/b', 1)]);
    expect(long.length).toBeLessThanOrEqual(101);
    expect(long.filter((r) => r.path === '/b')).toHaveLength(1);
  });
});

describe('autocannonRequests', () => {
  it('sends bodies as JSON and fills placeholders per request', () => {
    let n = 0;
    const requests = autocannonRequests(
      { source: 'file', requests: [{ method: 'POST', path: '/api/item/{id:1-9}', body: { a: 1 }, weight: 1 }] },
      (template) => template.replace(/\{[^}]+\}/, String(++n)),
    );
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/item/1', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    const setup = requests[0]?.setupRequest as (r: object) => { path: string };
    expect(setup({}).path).toBe('/api/item/2');
  });
});

describe('autocannonRequests default filler', () => {
  it('draws placeholders from a seeded generator, the same run to run', () => {
    const workload = { source: 'file' as const, requests: [request('/api/product/{id:1-9}', 1)] };
    const paths = (requests: ReturnType<typeof autocannonRequests>) => {
      const setup = requests[0]?.setupRequest as (r: object) => { path: string };
      return [requests[0]?.path, ...Array.from({ length: 20 }, () => setup({}).path)];
    };
    const first = paths(autocannonRequests(workload));
    expect(first.every((path) => /^\/api\/product\/[1-9]$/.test(path ?? ''))).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(3);
    expect(paths(autocannonRequests(workload))).toEqual(first);
  });
});

describe('driveLoad', () => {
  let server: Server;
  const seen = new Map<string, number>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.set(req.url ?? '', (seen.get(req.url ?? '') ?? 0) + 1);
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('summarises requests, non-2xx answers and latency', async () => {
    const { port } = server.address() as AddressInfo;
    const summary = await driveLoad(`http://127.0.0.1:${port}`, { source: 'file', requests: [request('/ok', 3), request('/missing', 1)] }, {
      durationSeconds: 1,
      connections: 2,
    });
    expect(summary.requests).toBeGreaterThan(50);
    expect(summary.non2xx).toBeGreaterThan(0);
    expect(summary.non2xx).toBeLessThan(summary.requests);
    expect(summary.errors).toBe(0);
    expect(summary.latencyP99Ms).toBeGreaterThanOrEqual(summary.latencyP50Ms);
    expect((seen.get('/ok') ?? 0) / (seen.get('/missing') ?? 1)).toBeGreaterThan(2);
  });
});
