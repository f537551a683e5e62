/**
 * The generated stateful service for real (the example's Go inventory): kill -9 under keyed
 * reserve/confirm load loses nothing a client was answered, a key replays its first answer byte
 * for byte (and 409s another body), a hold past its TTL is released (also across a restart), and
 * two replicas on one real Postgres never oversell. Sizes are bounded here; `npm run faults:service`
 * runs the long version (PIVOT_FAULT_ORDERS).
 */
import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/run/ports.js';
import { findPostgres, postgresSpec } from '../../src/run/postgres.js';
import { startSystem, type RunningSystem } from '../../src/run/supervisor.js';
import { buildInventory, construct, item, kill9, order, pool, post, reservationStatus, start, stopAll, type Call } from './stateful-harness.js';

const ORDERS = Number(process.env.PIVOT_FAULT_ORDERS ?? 1_000);
let binary = '';

beforeAll(async () => {
  binary = await buildInventory();
}, 300_000);
afterEach(stopAll);

const stateDir = () => mkdtempSync(join(tmpdir(), 'pivot-state-'));

describe('the generated inventory service on its embedded log', () => {
  it('keeps every answered call across kill -9, replays keys byte for byte, 409s another body', async () => {
    const dir = stateDir();
    const stock = 100_000;
    let a = await start(binary, { STATE_DIR: dir });
    expect((await post(a.url, '/_pivot/construct', construct({ 2: stock }), 'construct'))?.status).toBe(201);
    const history: Call[] = [];
    let killed = false;
    const outcomes = { confirmed: 0, refused: 0, unknown: 0 };
    // Orders from 16 clients; the service dies under them once 150 orders were confirmed.
    await pool(4_000, 16, async (i) => {
      if (killed) return;
      const outcome = await order(() => a.url, 2, `o${i}`, history);
      outcomes[outcome]++;
      if (outcomes.confirmed >= 150 && !killed) {
        killed = true;
        await kill9(a);
      }
    });
    expect(killed).toBe(true);
    a = await start(binary, { STATE_DIR: dir });
    const answered = history.filter((c) => c.answer !== undefined);
    const confirmedIds = answered.filter((c) => c.path === '/api/confirm' && c.answer!.status === 200).map((c) => (c.body as { reservationId: string }).reservationId);
    const unknownConfirms = history.filter((c) => c.path === '/api/confirm' && c.answer === undefined).length;
    const now = await item(a.url, 2);
    // Every confirm a client saw is a sale; only calls nobody heard back from may or may not be.
    expect(confirmedIds.length).toBeGreaterThanOrEqual(150);
    expect(now.sold).toBeGreaterThanOrEqual(confirmedIds.length);
    expect(now.sold).toBeLessThanOrEqual(confirmedIds.length + unknownConfirms);
    expect(now.available + now.reserved + now.sold).toBe(stock);
    for (const id of confirmedIds.slice(0, 200)) expect(await reservationStatus(a.url, id)).toBe('confirmed');
    // The answer to a key is its first answer, byte for byte, after the restart too.
    for (const c of answered) {
      const again = await post(a.url, c.path, c.body, c.key);
      expect({ key: c.key, status: again?.status, body: again?.body, replayed: again?.replayed }).toEqual({ key: c.key, status: c.answer!.status, body: c.answer!.body, replayed: true });
    }
    const first = answered.find((c) => c.path === '/api/reserve')!;
    const conflict = await post(a.url, first.path, { productId: 2, quantity: 2 }, first.key);
    expect(conflict?.status).toBe(409);
    expect(JSON.parse(conflict!.body)).toMatchObject({ error: 'idempotency_conflict' });
    expect((await post(a.url, '/_pivot/construct', construct({ 2: 5 })))?.status).toBe(200);
    expect((await item(a.url, 2)).sold).toBe(now.sold);
  }, 120_000);

  it('releases a hold past its TTL, also when the TTL passed while the service was down', async () => {
    const dir = stateDir();
    let a = await start(binary, { STATE_DIR: dir, HOLD_TTL_SECONDS: '1' });
    await post(a.url, '/_pivot/construct', construct({ 1: 10 }));
    const reserve = async (key: string) => JSON.parse((await post(a.url, '/api/reserve', { productId: 1, quantity: 3 }, key))!.body) as { reservationId: string };
    const kept = await reserve('kept');
    await post(a.url, '/api/confirm', { reservationId: kept.reservationId }, 'kept:confirm');
    const held = await reserve('held');
    expect(await reservationStatus(a.url, held.reservationId)).toBe('held');
    await sleep(2_500);
    expect(await reservationStatus(a.url, held.reservationId)).toBe('released');
    expect(await reservationStatus(a.url, kept.reservationId)).toBe('confirmed');
    // Confirming it now answers the class's own error, and the reaper's release was a logged call.
    const late = await post(a.url, '/api/confirm', { reservationId: held.reservationId }, 'held:confirm');
    expect(late?.status).toBe(409);
    expect(late?.body).toContain('not held');

    const before = await reserve('down');
    await kill9(a);
    await sleep(1_500);
    a = await start(binary, { STATE_DIR: dir, HOLD_TTL_SECONDS: '1' });
    const deadline = Date.now() + 3_000;
    while ((await reservationStatus(a.url, before.reservationId)) === 'held' && Date.now() < deadline) await sleep(100);
    expect(await reservationStatus(a.url, before.reservationId)).toBe('released');
    expect(await item(a.url, 1)).toMatchObject({ available: 7, reserved: 0, sold: 3 });
  }, 60_000);

  it('refuses a second process on the same STATE_DIR', async () => {
    const dir = stateDir();
    await start(binary, { STATE_DIR: dir });
    await expect(start(binary, { STATE_DIR: dir })).rejects.toThrow(/in use by another process/);
  }, 30_000);
});

// CI installs postgresql (.ci/run), so there a missing server is a failure, not a skip.
const runPostgres = !('reason' in (await findPostgres())) || Boolean(process.env.CI);

describe.runIf(runPostgres)('two replicas of the generated inventory on one Postgres', () => {
  let system: RunningSystem | undefined;
  let url = '';
  beforeAll(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pivot-pg-'));
    chmodSync(parent, 0o755); // the postgres account must reach its cluster
    const found = await postgresSpec(await freePort(), { dataDir: join(parent, 'cluster') });
    if (!found.spec) throw new Error(found.reason);
    url = found.url;
    system = await startSystem([found.spec]);
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
  });

  it(`sells exactly the stock to ${ORDERS} concurrent orders, never more`, async () => {
    const stock = 60;
    const replicas = [await start(binary, { STATE_URL: url }), await start(binary, { STATE_URL: url })];
    expect((await post(replicas[0]!.url, '/_pivot/construct', construct({ 1: stock }), 'construct'))?.status).toBe(201);
    expect((await post(replicas[1]!.url, '/_pivot/construct', construct({ 1: stock }), 'construct'))?.replayed).toBe(true);
    let turn = 0;
    const roundRobin = () => replicas[turn++ % replicas.length]!.url;
    const history: Call[] = [];
    const outcomes = { confirmed: 0, refused: 0, unknown: 0 };
    await pool(ORDERS, 50, async (i) => {
      outcomes[await order(roundRobin, 1, `pg${i}`, history)]++;
    });
    expect(outcomes).toEqual({ confirmed: stock, refused: ORDERS - stock, unknown: 0 });
    for (const r of replicas) expect(await item(r.url, 1)).toMatchObject({ available: 0, reserved: 0, sold: stock });
    // A replica started later replays the same log to the same state, and keys replay across replicas.
    const late = await start(binary, { STATE_URL: url });
    expect(await item(late.url, 1)).toMatchObject({ available: 0, reserved: 0, sold: stock });
    const c = history.find((h) => h.path === '/api/confirm')!;
    const again = await post(late.url, c.path, c.body, c.key);
    expect({ status: again?.status, body: again?.body, replayed: again?.replayed }).toEqual({ status: 200, body: c.answer!.body, replayed: true });
  }, 300_000);
});
