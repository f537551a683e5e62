import { describe, expect, it } from 'vitest';
import { judge, type ClientEvent, type InventorySnapshot } from '../../../src/run/faults/invariants.js';

const order = (client: number, productId: number, quantity: number, status: number | undefined, body?: unknown, timedOut = false): ClientEvent => ({
  client,
  kind: 'order',
  productId,
  quantity,
  sentAt: 0,
  ms: 1,
  status,
  body,
  timedOut,
});
const ok = (id: string, reservation: string) => ({ order_id: id, reservation_id: reservation });

describe('judge', () => {
  it('finds every violation the clients could see, and nothing in a clean run', () => {
    const history = [
      order(0, 1, 2, 200, ok('ORD-000001', 'R1')),
      order(1, 1, 1, 200, ok('ORD-000001', 'R2')),
      order(1, 2, 1, 200, ok('ORD-000002', 'R3')),
      order(0, 1, 1, 503, { error: 'upstream_unavailable', message: 'inventory is unavailable' }),
      order(0, 1, 1, 500, 'Internal Server Error'),
      order(0, 1, 1, undefined, undefined, true),
      order(0, 1, 1, undefined),
    ];
    const inventory: InventorySnapshot = {
      before: new Map([
        [1, { available: 10, reserved: 0, sold: 0 }],
        [2, { available: 5, reserved: 0, sold: 0 }],
      ]),
      after: new Map([
        [1, { available: 6, reserved: 1, sold: 3 }],
        [2, { available: 5, reserved: 0, sold: 1 }],
      ]),
      reservations: new Map([
        ['R1', 'confirmed'],
        ['R2', 'confirmed'],
        ['R3', 'unknown'],
      ]),
      activeHolds: 1,
    };
    expect(judge(history, inventory)).toMatchObject({
      orders: 7,
      confirmed: 3,
      lostConfirmed: 1,
      unitsForgotten: 0,
      soldUnconfirmed: 0,
      leakedUnits: 1,
      leakedHolds: 1,
      duplicateIds: 1,
      negativeStock: 0,
      notConserved: 1,
      hangs: 1,
      badErrors: 1,
      noAnswer: 1,
    });
  });

  it('counts units a client bought that inventory forgot (a restart with fresh stock)', () => {
    const history = [order(0, 1, 3, 200, ok('ORD-000001', 'R1'))];
    const fresh = { available: 10, reserved: 0, sold: 0 };
    const verdict = judge(history, { before: new Map([[1, fresh]]), after: new Map([[1, fresh]]), reservations: new Map([['R1', 'unknown']]), activeHolds: 0 });
    expect(verdict).toMatchObject({ lostConfirmed: 1, unitsForgotten: 3, soldUnconfirmed: 0, notConserved: 0, negativeStock: 0 });
  });

  it('counts units sold in inventory that no client saw confirmed (the order step failed after the confirm)', () => {
    const history = [order(0, 1, 2, 200, ok('ORD-000001', 'R1')), order(1, 1, 1, 503, { error: 'state_unavailable', message: 'x' })];
    const verdict = judge(history, {
      before: new Map([[1, { available: 10, reserved: 0, sold: 0 }]]),
      after: new Map([[1, { available: 7, reserved: 0, sold: 3 }]]),
      reservations: new Map([['R1', 'confirmed']]),
      activeHolds: 0,
    });
    expect(verdict).toMatchObject({ confirmed: 1, lostConfirmed: 0, unitsForgotten: 0, soldUnconfirmed: 1, notConserved: 0 });
  });
});
