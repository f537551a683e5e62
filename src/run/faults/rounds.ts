/**
 * Fault rounds on a generated shop tree (the example's topology: a gateway, an inventory
 * service holding InventoryStore, a pricing service):
 *
 * - `killRound`: steady orders while `target` is SIGKILLed at seeded random moments (the
 *   supervisor restarts it); then the system settles, the hold TTL passes, and the invariants
 *   are judged from the clients' history and inventory's own answers.
 * - `concurrentOrders`: N orders at once for one product of small stock, over 1 or more gateway
 *   replicas: exactly the stock must be confirmed, with no order id twice.
 *
 * Each round starts a fresh system (fresh state) and stops it, whatever happens.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRng } from '../../workload/workload.js';
import { judge, type ClientEvent, type InventorySnapshot, type ProductStock, type Verdict } from './invariants.js';
import { runClients } from './load.js';
import type { ProxyFault } from './proxy.js';
import { startFaultSystem, type FaultSystem, type FaultSystemOptions } from './system.js';

export interface KillRoundOptions {
  tree: string;
  /** Service to kill: `inventory`, `gateway`, `pricing`. */
  target: string;
  seed: number;
  durationMs: number;
  kills: number;
  clients: number;
  holdTtlSeconds: number;
  /** A request without an answer for this long is a hang. */
  clientTimeoutMs: number;
  onLog?: (line: string) => void;
  /** Instead of SIGKILLs: a network fault on the gateway's link to `target`, `windowMs` long at each moment. */
  network?: { fault: ProxyFault; windowMs: number };
}

export interface RoundResult {
  target: string;
  /** `kill -9` or the network fault. */
  fault: string;
  seed: number;
  /** ms into the load at which each kill was sent. */
  killsAt: number[];
  verdict: Verdict;
}

const INVENTORY = 'inventory';

async function post<T>(url: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * Until the gateway answers /ready (every service constructed and ready) or `timeoutMs` passes.
 * A product view between tries lets a gateway that constructs a restarted service only on a call
 * (before pivot's /ready did it) recover too.
 */
async function waitReady(gateway: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${gateway}/ready`, { signal: AbortSignal.timeout(1_000) })).ok) return true;
      await (await fetch(`${gateway}/api/product/1`, { signal: AbortSignal.timeout(1_000) })).arrayBuffer();
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  return false;
}

async function stockOf(inventory: string, products: number[]): Promise<Map<number, ProductStock>> {
  const stock = new Map<number, ProductStock>();
  for (const productId of products) {
    const { status, body } = await post<ProductStock>(inventory, '/api/get', { productId });
    if (status === 200) stock.set(productId, { available: body.available, reserved: body.reserved, sold: body.sold });
  }
  return stock;
}

async function reservationStatuses(inventory: string, history: ClientEvent[]): Promise<Map<string, string>> {
  const ids = history.filter((e) => e.kind === 'order' && e.status === 200).map((e) => String((e.body as { reservation_id?: unknown }).reservation_id));
  const statuses = new Map<string, string>();
  const queue = [...new Set(ids)];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        const { status, body } = await post<{ status?: string }>(inventory, '/api/get-reservation', { reservationId: id });
        statuses.set(id, status === 200 ? String(body.status) : 'unknown');
      }
    }),
  );
  return statuses;
}

async function activeHolds(inventory: string): Promise<number> {
  const { body } = await post<{ activeReservations?: number }>(inventory, '/api/stats', {});
  return body.activeReservations ?? 0;
}

/** The well-stocked products of the catalogue (so a round is mostly confirmed orders, not sell-outs). */
async function wellStocked(inventory: string, count: number, minimum: number): Promise<number[]> {
  const found: number[] = [];
  for (let productId = 1; found.length < count && productId <= 2_000; productId++) {
    const { status, body } = await post<ProductStock>(inventory, '/api/get', { productId });
    if (status === 200 && body.available >= minimum) found.push(productId);
  }
  return found;
}

async function withSystem<T>(tree: string, options: FaultSystemOptions, run: (system: FaultSystem) => Promise<T>): Promise<T> {
  const system = await startFaultSystem(tree, options);
  try {
    return await run(system);
  } finally {
    await system.stop();
  }
}

export async function killRound(options: KillRoundOptions): Promise<RoundResult> {
  const log = options.onLog ?? (() => undefined);
  const network = options.network;
  const proxied = network ? [options.target] : [];
  return withSystem(options.tree, { holdTtlSeconds: options.holdTtlSeconds, proxied, seed: options.seed }, async (sys) => {
    const gateway = sys.gateways[0]!;
    const inventory = sys.urls.get(INVENTORY)!;
    if (!(await waitReady(gateway, 30_000))) throw new Error('the system did not become ready');
    const products = await wellStocked(inventory, 100, 200);
    const before = await stockOf(inventory, products);
    const rng = seededRng(options.seed);
    const killsAt = Array.from({ length: options.kills }, () => 1_000 + Math.floor(rng() * (options.durationMs - 3_000))).sort((a, b) => a - b);
    const stop = new AbortController();
    const started = Date.now();
    const load = runClients({ gateways: sys.gateways, clients: options.clients, products, maxQuantity: 3, viewShare: 0.1, timeoutMs: options.clientTimeoutMs, seed: options.seed, signal: stop.signal });
    const windows: Promise<void>[] = [];
    for (const at of killsAt) {
      await sleep(Math.max(0, at - (Date.now() - started)));
      const proxy = sys.proxies.get(options.target);
      if (network && proxy) {
        proxy.set(network.fault);
        log(`  gateway → ${options.target}: ${network.fault} at ${at} ms for ${network.windowMs} ms`);
        windows.push(sleep(network.windowMs).then(() => proxy.set('none')));
      } else log(`  ${options.target}: SIGKILL at ${at} ms (${sys.kill(options.target) ? 'sent' : 'not running'})`);
    }
    await Promise.all(windows);
    await sleep(Math.max(0, options.durationMs - (Date.now() - started)));
    stop.abort();
    const history = await load;
    // Settle: the killed process restarted, every service ready, then the TTL (and a reaper tick) passes.
    if (!(await waitReady(gateway, 60_000))) log('  the system did not become ready again within 60 s');
    await sleep(options.holdTtlSeconds * 1_000 + 3_000);
    const snapshot: InventorySnapshot = {
      before,
      after: await stockOf(inventory, products),
      reservations: await reservationStatuses(inventory, history),
      activeHolds: await activeHolds(inventory),
    };
    return { target: options.target, fault: network ? network.fault : 'kill -9', seed: options.seed, killsAt, verdict: judge(history, snapshot) };
  });
}

export interface ConcurrentOptions {
  tree: string;
  replicas: number;
  orders: number;
  /** The stock of the product ordered is the one closest to this. */
  stockNear: number;
  clientTimeoutMs: number;
  postgresPort?: number;
  /** Extra environment for every service (e.g. UPSTREAM_TIMEOUT_MS). */
  env?: Record<string, string>;
}

export interface ConcurrentResult {
  replicas: number;
  productId: number;
  stock: number;
  orders: number;
  confirmed: number;
  soldOut: number;
  verdict: Verdict;
}

export async function concurrentOrders(options: ConcurrentOptions): Promise<ConcurrentResult> {
  return withSystem(options.tree, { holdTtlSeconds: 30, gatewayReplicas: options.replicas, postgresPort: options.postgresPort, scaledOut: [INVENTORY], env: options.env }, async (sys) => {
    for (const g of sys.gateways) if (!(await waitReady(g, 30_000))) throw new Error(`gateway ${g} did not become ready`);
    const inventory = sys.urls.get(INVENTORY)!;
    const candidates = await stockOf(inventory, Array.from({ length: 300 }, (_, i) => i + 1));
    const [productId, stock] = [...candidates].sort((a, b) => Math.abs(a[1].available - options.stockNear) - Math.abs(b[1].available - options.stockNear))[0]!;
    const history = await runClients({
      gateways: sys.gateways,
      clients: options.orders,
      products: [productId],
      maxQuantity: 1,
      viewShare: 0,
      timeoutMs: options.clientTimeoutMs,
      seed: 1,
      signal: new AbortController().signal,
      ordersPerClient: 1,
    });
    const snapshot: InventorySnapshot = {
      before: new Map([[productId, stock]]),
      after: await stockOf(inventory, [productId]),
      reservations: await reservationStatuses(inventory, history),
      activeHolds: await activeHolds(inventory),
    };
    const verdict = judge(history, snapshot);
    return { replicas: options.replicas, productId, stock: stock.available, orders: options.orders, confirmed: verdict.confirmed, soldOut: verdict.statuses['409'] ?? 0, verdict };
  });
}
