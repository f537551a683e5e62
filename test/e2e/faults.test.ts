/**
 * Bounded, seeded fault rounds on the committed example (the full run is `npm run faults`):
 * steady orders while the gateway is SIGKILLed and restarted, and while the gateway's answers
 * from inventory are lost in a TCP proxy; judged from the clients' own history.
 * The gateway keeps its orders and order counter in its state store, so no order id is issued
 * twice across the restart, and every order a client saw confirmed stays confirmed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killRound } from '../../src/run/faults/rounds.js';
import { readSystemFile } from '../../src/run/local-system.js';
import { buildTree } from '../../src/run/up.js';
import { createUi } from '../../src/ui.js';
import { REPO } from './cli.js';
import { withExamplePorts } from './fixed-ports.js';

const example = join(REPO, 'examples/polyglot-shop');

describe.skipIf(!existsSync(join(example, 'pivot.system.json')))('faults under steady orders (kill -9 of the gateway, a lost answer from inventory)', () => {
  it('issues no order id twice, loses no confirmed order, and every answer is a JSON answer in time', async () => {
    const round = await withExamplePorts(async () => {
      await buildTree(example, readSystemFile(example), createUi({ quiet: true }));
      return killRound({ tree: example, target: 'gateway', seed: 7, durationMs: 8_000, kills: 1, clients: 4, holdTtlSeconds: 5, clientTimeoutMs: 15_000 });
    });
    const v = round.verdict;
    expect(v.confirmed).toBeGreaterThan(0);
    expect(v.noAnswer, 'the gateway was down for a while').toBeGreaterThan(0);
    expect({ duplicateIds: v.duplicateIds, lostConfirmed: v.lostConfirmed, negativeStock: v.negativeStock, notConserved: v.notConserved, hangs: v.hangs, badErrors: v.badErrors }).toEqual({
      duplicateIds: 0,
      lostConfirmed: 0,
      negativeStock: 0,
      notConserved: 0,
      hangs: 0,
      badErrors: 0,
    });
  }, 900_000);

  it('an inventory answer lost after the call took effect (TCP proxy) leaves stock conserved and no hold past its TTL', async () => {
    const round = await withExamplePorts(() => killRound({
      tree: example,
      target: 'inventory',
      seed: 11,
      durationMs: 8_000,
      kills: 1,
      clients: 4,
      holdTtlSeconds: 5,
      clientTimeoutMs: 15_000,
      network: { fault: 'lost-answer', windowMs: 2_500 },
    }));
    const v = round.verdict;
    expect(v.confirmed).toBeGreaterThan(0);
    expect({ duplicateIds: v.duplicateIds, lostConfirmed: v.lostConfirmed, leakedHolds: v.leakedHolds, negativeStock: v.negativeStock, notConserved: v.notConserved, hangs: v.hangs, badErrors: v.badErrors }).toEqual({
      duplicateIds: 0,
      lostConfirmed: 0,
      leakedHolds: 0,
      negativeStock: 0,
      notConserved: 0,
      hangs: 0,
      badErrors: 0,
    });
  }, 900_000);
});
