/**
 * Runs a generated stateful service for real (the committed example's Go inventory): build it
 * once, start it as a process on a free port with its own STATE_DIR or STATE_URL, kill -9 it,
 * start it again, and drive it with keyed calls whose answers the client keeps (its history).
 */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/run/ports.js';
import { signalGroup, spawnGroup, type ProcessGroup } from '../../src/run/process-group.js';
import { REPO } from '../e2e/cli.js';

export const INVENTORY_DIR = join(REPO, 'examples/polyglot-shop/services/inventory');

/** `go build` of the example's inventory into a temp dir; the binary's path. */
export async function buildInventory(): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'pivot-stateful-')), 'inventory');
  await execa('go', ['build', '-o', out, '.'], { cwd: INVENTORY_DIR, stdin: 'ignore', timeout: 300_000 });
  return out;
}

export interface Running {
  url: string;
  group: ProcessGroup;
  output: string[];
}

const running = new Set<Running>();

/** Start the binary with `env` on a free port; resolves once /health answers. */
export async function start(binary: string, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const group = spawnGroup(binary, [], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_FORMAT: 'text', ...env } });
  const output: string[] = [];
  group.child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
  group.child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  const r: Running = { url: `http://127.0.0.1:${port}`, group, output };
  running.add(r);
  let exited = false;
  void group.exit.then(() => (exited = true));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${r.url}/health`)).ok) return r;
    } catch {
      // not listening yet
    }
    if (exited || Date.now() > deadline) {
      running.delete(r);
      await group.closed;
      throw new Error(`service did not start${exited ? ' (it exited)' : ''}:\n${output.join('')}`);
    }
    await sleep(50);
  }
}

/** SIGKILL, no goodbye; resolves once the process is gone. */
export async function kill9(r: Running): Promise<void> {
  signalGroup(r.group.pid, 'SIGKILL');
  await r.group.exit;
  running.delete(r);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(kill9));
}

export interface Answer {
  status: number;
  body: string;
  replayed: boolean;
}

/** POST a JSON body with an optional Idempotency-Key; undefined when no answer came. */
export async function post(url: string, path: string, body: unknown, key?: string): Promise<Answer | undefined> {
  try {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: await res.text(), replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return undefined;
  }
}

export interface Call {
  path: string;
  body: unknown;
  key: string;
  answer?: Answer;
}

export const construct = (stock: Record<number, number>) => ({
  args: [Object.entries(stock).map(([productId, n]) => ({ productId: Number(productId), stock: n, warehouse: 'a' }))],
});

/**
 * One order as the gateway places it: reserve, then confirm the reservation it got, each with
 * its own key. Every call goes into `history`, answered or not.
 */
export async function order(url: () => string, productId: number, id: string, history: Call[]): Promise<'confirmed' | 'refused' | 'unknown'> {
  const reserve: Call = { path: '/api/reserve', body: { productId, quantity: 1 }, key: `${id}:reserve` };
  history.push(reserve);
  reserve.answer = await post(url(), reserve.path, reserve.body, reserve.key);
  if (!reserve.answer) return 'unknown';
  if (reserve.answer.status !== 200) return 'refused';
  const { reservationId } = JSON.parse(reserve.answer.body) as { reservationId: string };
  const confirm: Call = { path: '/api/confirm', body: { reservationId }, key: `${id}:confirm` };
  history.push(confirm);
  confirm.answer = await post(url(), confirm.path, confirm.body, confirm.key);
  if (!confirm.answer) return 'unknown';
  return confirm.answer.status === 200 ? 'confirmed' : 'refused';
}

export interface ItemState {
  available: number;
  reserved: number;
  sold: number;
}

export async function item(url: string, productId: number): Promise<ItemState> {
  const a = await post(url, '/api/get', { productId });
  if (a?.status !== 200) throw new Error(`get ${productId}: ${a?.status} ${a?.body}`);
  return JSON.parse(a.body) as ItemState;
}

export async function reservationStatus(url: string, reservationId: string): Promise<string> {
  const a = await post(url, '/api/get-reservation', { reservationId });
  if (a?.status !== 200) throw new Error(`get-reservation ${reservationId}: ${a?.status} ${a?.body}`);
  return (JSON.parse(a.body) as { status: string }).status;
}

/** Run `work(i)` for i in 0..n with at most `concurrency` at once. */
export async function pool(n: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
}
