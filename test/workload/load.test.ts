import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workload, WorkloadRequest } from '../../src/analyze/types.js';
import { UserError } from '../../src/errors.js';
import { autocannonRequests, driveLoad, weightedSequence } from '../../src/workload/load.js';
import { logIn } from '../../src/workload/login.js';

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

describe('driveLoad with headers and a login', () => {
  let server: Server;
  let base = '';
  const answers = new Map<number, number>();
  beforeAll(async () => {
    // /login sets a session for the right password only; /me wants that session and an API key.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/login') {
          const ok = req.headers['content-type'] === 'application/json' && (JSON.parse(body) as { password?: string }).password === 'right';
          if (ok) res.setHeader('set-cookie', ['sid=s3cret; Path=/; HttpOnly', 'theme=dark']);
          res.statusCode = ok ? 200 : 401;
          res.end(ok ? '{}' : '{"message":"wrong password"}');
          return;
        }
        if (req.url === '/open') {
          res.end('no cookie here');
          return;
        }
        const allowed = req.headers.cookie === 'sid=s3cret; theme=dark' && req.headers['x-api-key'] === 'k1';
        res.statusCode = allowed ? 200 : 403;
        answers.set(res.statusCode, (answers.get(res.statusCode) ?? 0) + 1);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const workload = (password: string, loginPath = '/login'): Workload => ({
    source: 'file',
    headers: { 'x-api-key': 'k1' },
    login: { method: 'POST', path: loginPath, body: { password } },
    requests: [{ method: 'GET', path: '/me', weight: 1 }],
  });

  it('logs in once and sends its cookies and the headers with every request', async () => {
    const summary = await driveLoad(base, workload('right'), { durationSeconds: 1, connections: 2 });
    expect(summary.requests).toBeGreaterThan(20);
    expect(summary.non2xx).toBe(0);
    expect(answers.get(403)).toBeUndefined();
  });

  it('refuses a login that fails or sets no cookie, with what the server answered', async () => {
    const failed = await logIn(base, workload('wrong')).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(UserError);
    expect((failed as UserError).message).toBe("the workload's login (POST /login) answered 401");
    expect((failed as UserError).details).toEqual(['it answered: {"message":"wrong password"}']);
    const cookieless = await logIn(base, workload('right', '/open')).catch((error: unknown) => error);
    expect((cookieless as UserError).message).toContain('set no cookie');
    expect((cookieless as UserError).hint).toContain('"headers"');
  });
});
