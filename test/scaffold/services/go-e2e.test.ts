/**
 * The Go services for real: the fixture's InventoryStore (class, stateful) and quotePrice
 * (function) through evolve → renderGoService → gofmt → disk, then go vet, go test -race (the
 * service's httptest tests and core's golden vectors), go build, and the binary on a loopback
 * port answering real HTTP exactly as the TypeScript original does, stopped by SIGTERM.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../fixtures/monolith/src/catalog.js';
import { InventoryStore, type InventorySeed } from '../../../fixtures/monolith/src/inventory.js';
import { quotePrice, type PriceInput } from '../../../fixtures/monolith/src/pricing.js';
import { freePort } from '../../../src/run/ports.js';
import { renderGoService } from '../../../src/scaffold/services/go.js';
import { evolveUnit } from '../../../src/translate/evolve.js';
import { formatTree } from '../../../src/translate/format.js';

const MONOLITH = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/monolith');
const hasGo = (await execa('go', ['version'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;

let root = '';

async function renderService(file: string, units: string | string[], name: string, port: number, project = MONOLITH): Promise<string> {
  const evolved = await evolveUnit({ root: project, file: join(project, file), units: [units].flat(), target: 'go', profile: 'balanced', seed: 7, vectorCount: 60 });
  expect(evolved.complete).toBe(true);
  const tree = await formatTree(renderGoService({ name, port, module: evolved.module, library: evolved.tree, profile: 'balanced' }), 'go');
  for (const [path, contents] of tree) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
  return join(root, 'services', name);
}

/** gofmt-clean, vet-clean, and the tests pass under the race detector; then the binary. */
async function checkAndBuild(dir: string, name: string): Promise<string> {
  const unformatted = await execa('gofmt', ['-l', '.'], { cwd: dir });
  expect(unformatted.stdout).toBe('');
  await execa('go', ['vet', './...'], { cwd: dir });
  const tested = await execa('go', ['test', '-race', '-count=1', './...'], { cwd: dir, reject: false, all: true });
  expect(tested.exitCode, tested.all).toBe(0);
  expect(tested.all).toMatch(new RegExp(`ok\\s+pivot.local/${name}\\s`));
  expect(tested.all).toMatch(new RegExp(`ok\\s+pivot.local/${name}/core\\s`));
  await execa('go', ['build', '-o', `bin/${name}`, '.'], { cwd: dir });
  return join(dir, 'bin', name);
}

interface Running {
  url: string;
  port: number;
  child: ResultPromise<{ all: true; reject: false; env: Record<string, string> }>;
}

async function startService(binary: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  // Each start gets a log of its own (STATE_DIR defaults to ./state): a test that wants a restart passes the same dir.
  const stateDir = mkdtempSync(join(root, 'state-'));
  const child = execa(binary, [], { all: true, reject: false, env: { PORT: String(port), BIND: '127.0.0.1', STATE_DIR: stateDir, ...env } });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return { url, port, child };
    if (Date.now() > deadline || (child.exitCode !== undefined && child.exitCode !== null)) throw new Error(`${binary} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM (unless sent already: a second one stops the process at once) → exit 0, and the process is gone. */
async function stopService(running: Running, signalled = false): Promise<string> {
  const pid = running.child.pid!;
  if (!signalled) running.child.kill('SIGTERM');
  const result = await running.child;
  expect(result.exitCode).toBe(0);
  expect(() => process.kill(pid, 0)).toThrow();
  return String(result.all);
}

async function call(url: string, method: 'GET' | 'POST', body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** What the original threw, or its result with the clock's fields made comparable. */
function original<T>(run: () => T): unknown {
  try {
    return stamps(run());
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function thrown(run: () => unknown): { message: string } {
  try {
    run();
  } catch (err) {
    return { message: (err as Error).message };
  }
  throw new Error('the original did not throw');
}

function stamps(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of ['lastUpdated', 'createdAt']) if (typeof out[key] === 'string') out[key] = 'timestamp';
  return out;
}

function served(response: { status: number; body: unknown }): unknown {
  const body = response.body as Record<string, unknown>;
  return response.status < 400 ? stamps(body) : { error: body.message };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pivot-go-service-'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!hasGo)('Go inventory service (InventoryStore)', () => {
  let binary = '';
  const seeds: InventorySeed[] = buildCatalog().map((p) => ({ productId: p.id, stock: p.initialStock, warehouse: p.warehouse }));

  it('renders, is gofmt- and vet-clean, passes go test -race and builds', async () => {
    const dir = await renderService('src/inventory.ts', 'InventoryStore', 'inventory', 8002);
    binary = await checkAndBuild(dir, 'inventory');
  }, 600_000);

  it('answers real HTTP as the TypeScript original does, under concurrency too, and stops on SIGTERM', async () => {
    expect(binary).not.toBe('');
    const svc = await startService(binary, { LOG_FORMAT: 'json' });
    const api = (path: string) => `${svc.url}${path}`;
    try {
      expect(await call(api('/health'), 'GET')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await call(api('/ready'), 'GET')).toEqual({ status: 503, body: { status: 'waiting for construct' } });
      expect((await call(api('/api/get'), 'POST', { productId: 1 })).status).toBe(503);

      // The gateway sends the seed list; the first construct wins.
      expect((await call(api('/_pivot/construct'), 'POST', { args: [seeds] })).status).toBe(201);
      expect((await call(api('/_pivot/construct'), 'POST', { args: [[]] })).status).toBe(200);
      expect((await call(api('/ready'), 'GET')).status).toBe(200);

      const ts = new InventoryStore(seeds);
      const [p1, p2] = [seeds[0]!.productId, seeds[1]!.productId];
      const steps: [string, Record<string, unknown>, () => unknown][] = [
        ['get', { productId: p1 }, () => ts.get(p1)],
        ['has', { productId: p2 }, () => ts.has(p2)],
        ['reserve', { productId: p1, quantity: 2 }, () => ts.reserve(p1, 2)],
        ['get-reservation', { reservationId: `RES-${p1}-1` }, () => ts.getReservation(`RES-${p1}-1`)],
        ['confirm', { reservationId: `RES-${p1}-1` }, () => ts.confirm(`RES-${p1}-1`)],
        ['release', { reservationId: `RES-${p1}-1` }, () => ts.release(`RES-${p1}-1`)],
        ['reserve', { productId: p2, quantity: 1 }, () => ts.reserve(p2, 1)],
        ['release', { reservationId: `RES-${p2}-2` }, () => ts.release(`RES-${p2}-2`)],
        ['reserve', { productId: p2, quantity: 1_000_000 }, () => ts.reserve(p2, 1_000_000)],
        ['reserve', { productId: p2, quantity: 0 }, () => ts.reserve(p2, 0)],
        ['get', { productId: 99_999_999 }, () => ts.get(99_999_999)],
        ['stats', {}, () => ts.stats()],
      ];
      for (const [route, body, expected] of steps) {
        expect(served(await call(api(`/api/${route}`), 'POST', body)), `${route} ${JSON.stringify(body)}`).toEqual(original(expected));
      }
      // Thrown errors map to the contract's statuses.
      const conflict = await call(api('/api/reserve'), 'POST', { productId: p2, quantity: 1_000_000 });
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({ error: 'unit_error', message: expect.stringMatching(/^insufficient stock/) });
      const notHeld = await call(api('/api/confirm'), 'POST', { reservationId: `RES-${p1}-1` });
      expect(notHeld.status).toBe(409);
      const missing = await call(api('/api/get'), 'POST', { productId: 99_999_999 });
      expect(missing).toEqual({ status: 404, body: { error: 'unit_error', message: 'unknown product 99999999' } });
      // Request validation names the field and the type.
      expect(await call(api('/api/reserve'), 'POST', { productId: 'seven', quantity: 1 })).toEqual({
        status: 400,
        body: { error: 'bad_request', message: 'productId: expected integer' },
      });
      expect((await call(api('/api/reserve'), 'POST', '{"productId": 1,')).status).toBe(400);

      // Reserve, read and release from many clients at once; the counts must come out as in TS.
      const workers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 15; i++) {
          const productId = seeds[(w * 15 + i) % 50]!.productId;
          const reserved = await call(api('/api/reserve'), 'POST', { productId, quantity: 1 });
          expect(reserved.status).toBe(200);
          expect((await call(api('/api/get'), 'POST', { productId })).status).toBe(200);
          const { reservationId } = reserved.body as { reservationId: string };
          expect((await call(api('/api/release'), 'POST', { reservationId })).status).toBe(200);
        }
      });
      await Promise.all(workers);
      for (let n = 0; n < 8 * 15; n++) {
        const productId = seeds[n % 50]!.productId;
        ts.release(ts.reserve(productId, 1).reservationId);
      }
      expect((await call(api('/api/stats'), 'POST', {})).body).toEqual(ts.stats());

      const metrics = await fetch(api('/metrics')).then((r) => r.text());
      expect(metrics).toContain('# TYPE http_requests_total counter');
      expect(metrics).toMatch(/^http_requests_total\{route="\/api\/reserve",method="POST",status="200"\} \d+$/m);
      expect(metrics).toContain('http_requests_total{route="/api/get",method="POST",status="404"} 2\n');
      expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{route="\/api\/reserve",method="POST",status="200",le="\+Inf"\} \d+$/m);

      const healthy = await execa(binary, ['--healthcheck'], { env: { PORT: String(svc.port) }, reject: false });
      expect([healthy.exitCode, healthy.stdout, healthy.stderr]).toEqual([0, '', '']);
      const closed = await execa(binary, ['--healthcheck'], { env: { PORT: String(await freePort()) }, reject: false });
      expect(closed.exitCode).toBe(1);
    } finally {
      const logs = await stopService(svc);
      expect(logs).toContain(`"msg":"listening on 127.0.0.1:${svc.port}"`);
      expect(logs).toMatch(/"msg":"request","service":"inventory","method":"POST","route":"\/api\/reserve","status":200,"duration_ms":[0-9.]+/);
      expect(logs).toContain('"msg":"stopped"');
    }
  }, 120_000);

  it('constructs itself from PIVOT_SEED_FILE, and finishes a request in flight at SIGTERM', async () => {
    expect(binary).not.toBe('');
    const seedFile = join(root, 'seed.json');
    writeFileSync(seedFile, JSON.stringify({ args: [seeds.slice(0, 3)] }));
    const svc = await startService(binary, { PIVOT_SEED_FILE: seedFile, LOG_FORMAT: 'text' });
    let logs: string;
    let signalled = false;
    try {
      expect((await call(`${svc.url}/ready`, 'GET')).status).toBe(200);
      expect((await call(`${svc.url}/api/stats`, 'POST')).body).toMatchObject({ products: 3 });
      expect((await call(`${svc.url}/_pivot/construct`, 'POST', { args: [seeds] })).status).toBe(200);

      // Half a request on the wire, then SIGTERM: the server waits for the rest and answers it.
      const body = JSON.stringify({ productId: seeds[0]!.productId });
      const socket = createConnection({ host: '127.0.0.1', port: svc.port });
      await new Promise<void>((ok) => socket.once('connect', () => ok()));
      const answer = new Promise<string>((ok) => {
        let text = '';
        socket.on('data', (chunk) => (text += String(chunk)));
        socket.on('end', () => ok(text));
        socket.on('close', () => ok(text));
      });
      socket.write(`POST /api/has HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`);
      await new Promise((r) => setTimeout(r, 200));
      svc.child.kill('SIGTERM');
      signalled = true;
      await new Promise((r) => setTimeout(r, 300));
      socket.end(body.slice(5));
      expect(await answer).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\r\n\r\ntrue$/);
    } finally {
      logs = await stopService(svc, signalled);
    }
    expect(logs).toContain('msg="listening on 127.0.0.1:');
    expect(logs).toContain('msg="shutting down: finishing in-flight requests"');
  }, 60_000);
});

/** A module using every wire type the contract carries (a fixture for the wire, not the shop). */
const LEDGER = [
  "export type Kind = 'credit' | 'debit';",
  "",
  "export interface Entry {",
  "  account: string;",
  "  amount: number;",
  "  kind: Kind;",
  "  memo?: string;",
  "}",
  "",
  "export interface Summary {",
  "  balances: Map<string, number>;",
  "  accounts: Set<string>;",
  "  largest?: Entry;",
  "  range: [number, number];",
  "}",
  "",
  "export class Ledger {",
  "  private entries: Entry[];",
  "  private totals: Map<string, number>;",
  "",
  "  constructor(opening: Entry[], limit: number = 100) {",
  "    this.entries = [];",
  "    this.totals = new Map<string, number>();",
  "    if (opening.length > limit) {",
  "      throw new Error(`invalid opening: ${opening.length} entries over the limit ${limit}`);",
  "    }",
  "    for (const e of opening) {",
  "      this.post(e);",
  "    }",
  "  }",
  "",
  "  post(entry: Entry): void {",
  "    if (!(entry.amount > 0)) {",
  "      throw new Error(`invalid amount ${entry.amount}`);",
  "    }",
  "    const sign = entry.kind === 'credit' ? 1 : -1;",
  "    this.totals.set(entry.account, (this.totals.get(entry.account) ?? 0) + sign * entry.amount);",
  "    this.entries.push(entry);",
  "  }",
  "",
  "  balance(account: string): number {",
  "    const total = this.totals.get(account);",
  "    if (total === undefined) {",
  "      throw new Error(`unknown account ${account}`);",
  "    }",
  "    return total;",
  "  }",
  "",
  "  last(): Entry | undefined {",
  "    return this.entries.length > 0 ? this.entries[this.entries.length - 1] : undefined;",
  "  }",
  "",
  "  get size(): number {",
  "    return this.entries.length;",
  "  }",
  "",
  "  clear(): void {",
  "    this.entries = [];",
  "    this.totals = new Map<string, number>();",
  "  }",
  "}",
  "",
  "export function summarize(entries: Entry[], scale: number = 1): Summary {",
  "  const balances = new Map<string, number>();",
  "  const accounts = new Set<string>();",
  "  let largest: Entry | undefined = undefined;",
  "  let low = 0;",
  "  let high = 0;",
  "  for (const e of entries) {",
  "    const signed = (e.kind === 'credit' ? 1 : -1) * e.amount * scale;",
  "    balances.set(e.account, (balances.get(e.account) ?? 0) + signed);",
  "    accounts.add(e.account);",
  "    if (largest === undefined || e.amount > largest.amount) {",
  "      largest = e;",
  "    }",
  "    low = Math.min(low, signed);",
  "    high = Math.max(high, signed);",
  "  }",
  "  return { balances, accounts, largest, range: [low, high] };",
  "}",
  "",
  "export function merge(a: Map<string, number>, b: Map<string, number>): Map<string, number> {",
  "  const out = new Map<string, number>();",
  "  for (const [k, v] of a) {",
  "    out.set(k, v);",
  "  }",
  "  for (const [k, v] of b) {",
  "    out.set(k, (out.get(k) ?? 0) + v);",
  "  }",
  "  return out;",
  "}",
].join('\n');

describe.skipIf(!hasGo)('Go service over every wire type (Map, Set, tuple, optional, defaults, getter, void, a field reference)', () => {
  it('renders a class and two functions in one service whose tests pass under -race', async () => {
    const project = join(root, 'ledger-project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"name": "ledger", "type": "module"}\n');
    writeFileSync(join(project, 'src', 'ledger.ts'), LEDGER);
    const dir = await renderService('src/ledger.ts', ['Ledger', 'summarize', 'merge'], 'ledger', 8010, project);
    await checkAndBuild(dir, 'ledger');
  }, 600_000);
});

describe.skipIf(!hasGo)('Go pricing service (quotePrice, the function path)', () => {
  it('renders, passes go test -race, builds and answers as the TypeScript original', async () => {
    const dir = await renderService('src/pricing.ts', 'quotePrice', 'pricing', 8001);
    const binary = await checkAndBuild(dir, 'pricing');
    const svc = await startService(binary);
    try {
      expect((await call(`${svc.url}/ready`, 'GET')).status).toBe(200);
      const inputs: PriceInput[] = [
        { productId: 1, basePrice: 49.99, stock: 3 },
        { productId: 2, basePrice: 1250, stock: 400 },
        { productId: 3, basePrice: 180.5, stock: 25 },
      ];
      for (const input of inputs) {
        expect(await call(`${svc.url}/api/quote-price`, 'POST', { input })).toEqual({ status: 200, body: quotePrice(input) });
      }
      const bad = { productId: 4, basePrice: -1, stock: 3 };
      expect(await call(`${svc.url}/api/quote-price`, 'POST', { input: bad })).toEqual({ status: 400, body: { error: 'unit_error', ...thrown(() => quotePrice(bad)) } });
      expect(await call(`${svc.url}/api/quote-price`, 'POST', { input: { productId: 4, basePrice: '1', stock: 3 } })).toEqual({
        status: 400,
        body: { error: 'bad_request', message: 'input.basePrice: expected number' },
      });
    } finally {
      await stopService(svc);
    }
  }, 600_000);
});
