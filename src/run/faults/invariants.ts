/**
 * The invariants of docs/service-contract.md ("What a fault run checks"), judged from what the
 * clients themselves saw and what inventory holds afterwards. Pure: a history and an
 * inventory snapshot in, a verdict out.
 */

/** One request as a client saw it. */
export interface ClientEvent {
  client: number;
  kind: 'order' | 'view';
  productId: number;
  quantity: number;
  /** ms since the start of the run. */
  sentAt: number;
  ms: number;
  /** HTTP status; undefined when no answer came (connection refused or reset, or the client's timeout). */
  status?: number;
  body?: unknown;
  /** No answer within the client's timeout: the request hung. */
  timedOut: boolean;
  /** Why no answer came, when none did. */
  error?: string;
}

export interface ProductStock {
  available: number;
  reserved: number;
  sold: number;
}

export interface InventorySnapshot {
  /** Per product the run ordered: stock before the run and now. */
  before: Map<number, ProductStock>;
  after: Map<number, ProductStock>;
  /** Reservation id → status now ('held' | 'confirmed' | 'released'), or 'unknown' when inventory does not know it. */
  reservations: Map<string, string>;
  /** Holds still open once the TTL has passed (inventory's activeReservations). */
  activeHolds: number;
}

export interface Verdict {
  orders: number;
  confirmed: number;
  /** Confirmed to a client, but not confirmed in inventory (unknown or released). */
  lostConfirmed: number;
  /** Units a client was sold that inventory's `sold` does not account for. */
  unitsForgotten: number;
  /**
   * Units inventory sold that no client saw confirmed: the confirm took effect, then a later step
   * (the gateway's order record) failed or the gateway died, and the client got an error or no
   * answer. Not an invariant the issue lists (nothing confirmed is lost), but stock no order holds.
   */
  soldUnconfirmed: number;
  /** Units still reserved after the TTL. */
  leakedUnits: number;
  leakedHolds: number;
  duplicateIds: number;
  negativeStock: number;
  /** Products whose available + reserved + sold changed. */
  notConserved: number;
  hangs: number;
  /** Answers that are errors but not JSON `{error, …}` with an expected status. */
  badErrors: number;
  /** Requests that got no answer (refused or reset while a process was down). */
  noAnswer: number;
  statuses: Record<string, number>;
  /** `<status> <message>` of the error answers, counted. */
  errors: Record<string, number>;
}

/** Statuses an order or view may answer with; anything else (500, 502, …) is a bad error. */
const EXPECTED = new Set([200, 400, 404, 409, 413, 503]);

interface OrderAnswer {
  order_id?: unknown;
  reservation_id?: unknown;
}

export function judge(history: ClientEvent[], inventory: InventorySnapshot): Verdict {
  const verdict: Verdict = {
    orders: 0,
    confirmed: 0,
    lostConfirmed: 0,
    unitsForgotten: 0,
    soldUnconfirmed: 0,
    leakedUnits: 0,
    leakedHolds: inventory.activeHolds,
    duplicateIds: 0,
    negativeStock: 0,
    notConserved: 0,
    hangs: 0,
    badErrors: 0,
    noAnswer: 0,
    statuses: {},
    errors: {},
  };
  const ids = new Set<string>();
  const soldToClients = new Map<number, number>();
  for (const event of history) {
    if (event.kind === 'order') verdict.orders += 1;
    if (event.timedOut) verdict.hangs += 1;
    if (event.status === undefined) {
      if (!event.timedOut) verdict.noAnswer += 1;
      continue;
    }
    verdict.statuses[event.status] = (verdict.statuses[event.status] ?? 0) + 1;
    const body = event.body as (OrderAnswer & { error?: unknown; message?: unknown }) | undefined;
    if (event.status !== 200) {
      const raw: unknown = event.body;
      const what = `${event.status} ${typeof body?.message === 'string' ? body.message : typeof raw === 'string' ? raw.slice(0, 80) : ''}`;
      verdict.errors[what] = (verdict.errors[what] ?? 0) + 1;
      if (!EXPECTED.has(event.status) || typeof body?.error !== 'string') verdict.badErrors += 1;
      continue;
    }
    if (event.kind !== 'order') continue;
    verdict.confirmed += 1;
    const id = String(body?.order_id);
    if (ids.has(id)) verdict.duplicateIds += 1;
    ids.add(id);
    const status = inventory.reservations.get(String(body?.reservation_id)) ?? 'unknown';
    if (status !== 'confirmed') verdict.lostConfirmed += 1;
    soldToClients.set(event.productId, (soldToClients.get(event.productId) ?? 0) + event.quantity);
  }
  for (const [productId, before] of inventory.before) {
    const after = inventory.after.get(productId);
    if (after === undefined) continue;
    if (after.available < 0 || after.reserved < 0 || after.sold < 0) verdict.negativeStock += 1;
    if (after.available + after.reserved + after.sold !== before.available + before.reserved + before.sold) verdict.notConserved += 1;
    verdict.leakedUnits += after.reserved - before.reserved;
    verdict.unitsForgotten += Math.max(0, (soldToClients.get(productId) ?? 0) - (after.sold - before.sold));
    verdict.soldUnconfirmed += Math.max(0, after.sold - before.sold - (soldToClients.get(productId) ?? 0));
  }
  return verdict;
}
