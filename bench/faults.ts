/**
 * A first fault run on a generated tree (default examples/polyglot-shop, built): for each
 * target, seeded rounds of steady orders with SIGKILLs at random moments, then the invariants
 * from the clients' own history; and N concurrent orders on a small stock over 1 and 3 gateway
 * replicas. Run inside /work/bin/netns-run (fixed ports): `npm run faults -- --rounds 3`.
 *
 *   --tree DIR  --targets inventory,gateway,pricing,redis  --rounds N  --seed N  --duration S
 *   --kills N  --clients N  --ttl S  --concurrent N  --replicas 1,3  --stock N  --json FILE
 *   --network latency,reset,blackhole,lost-answer  --upstreams inventory,pricing  --window S
 * (network faults through a TCP proxy between the gateway and each upstream; `--network ''` skips them)
 *   --env NAME=value,…  (extra environment for the services of the concurrency runs)
 * With several gateway replicas, inventory is scaled out with them: one process per gateway, all
 * on the same Postgres log.
 * `--concurrent 0` skips the concurrency runs, `--rounds 0` the kill rounds.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { concurrentOrders, killRound, type ConcurrentResult, type RoundResult } from '../src/run/faults/rounds.js';
import { PROXY_FAULTS, type ProxyFault } from '../src/run/faults/proxy.js';
import { renderTable, type Column } from '../src/table.js';

const { values } = parseArgs({
  options: {
    tree: { type: 'string', default: 'examples/polyglot-shop' },
    targets: { type: 'string', default: 'inventory,gateway,pricing,redis' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    duration: { type: 'string', default: '20' },
    kills: { type: 'string', default: '2' },
    clients: { type: 'string', default: '8' },
    ttl: { type: 'string', default: '5' },
    concurrent: { type: 'string', default: '1200' },
    replicas: { type: 'string', default: '1,3' },
    stock: { type: 'string', default: '240' },
    json: { type: 'string' },
    network: { type: 'string', default: 'latency,reset,blackhole,lost-answer' },
    upstreams: { type: 'string', default: 'inventory,pricing' },
    window: { type: 'string', default: '3' },
    env: { type: 'string', default: '' },
  },
});
const num = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${String(values[name])}`);
  return n;
};

const tree = resolve(values.tree!);
const list = (value: string | undefined): string[] => (value ?? '').split(',').filter((t) => t !== '');
const faults = list(values.network);
for (const fault of faults) if (!PROXY_FAULTS.includes(fault as ProxyFault)) throw new Error(`--network: unknown fault ${fault} (one of ${PROXY_FAULTS.join(', ')})`);
/** Every round to run: each kill target, then each network fault on each upstream's link. */
const plan: { target: string; fault?: ProxyFault }[] = [
  ...list(values.targets).map((target) => ({ target })),
  ...list(values.upstreams).flatMap((target) => (faults as ProxyFault[]).map((fault) => ({ target, fault }))),
];
const rounds: RoundResult[] = [];
for (const { target, fault } of plan) {
  for (let round = 0; round < num('rounds'); round++) {
    const seed = num('seed') + round;
    console.log(`${fault ? `${fault} gateway → ${target}` : `kill -9 ${target}`}, round ${round + 1} (seed ${seed})`);
    rounds.push(
      await killRound({
        tree,
        target,
        seed,
        durationMs: num('duration') * 1_000,
        kills: num('kills'),
        clients: num('clients'),
        holdTtlSeconds: num('ttl'),
        clientTimeoutMs: 15_000,
        network: fault ? { fault, windowMs: num('window') * 1_000 } : undefined,
        onLog: (line) => console.log(line),
      }),
    );
  }
}

const columns: Column[] = [
  { header: 'fault' },
  { header: 'seed', align: 'right' },
  { header: 'orders', align: 'right' },
  { header: 'confirmed', align: 'right' },
  { header: 'lost confirmed', align: 'right' },
  { header: 'units forgotten', align: 'right' },
  { header: 'sold unconfirmed', align: 'right' },
  { header: 'leaked units', align: 'right' },
  { header: 'leaked holds', align: 'right' },
  { header: 'duplicate ids', align: 'right' },
  { header: 'negative stock', align: 'right' },
  { header: 'not conserved', align: 'right' },
  { header: 'hangs', align: 'right' },
  { header: 'bad errors', align: 'right' },
  { header: 'no answer', align: 'right' },
];
const row = (fault: string, seed: string, v: RoundResult['verdict']): string[] =>
  [fault, seed, v.orders, v.confirmed, v.lostConfirmed, v.unitsForgotten, v.soldUnconfirmed, v.leakedUnits, v.leakedHolds, v.duplicateIds, v.negativeStock, v.notConserved, v.hangs, v.badErrors, v.noAnswer].map(String);
if (rounds.length > 0) console.log(`\n${renderTable(columns, rounds.map((r) => row(r.fault === 'kill -9' ? `kill -9 ${r.target}` : `${r.fault} gateway→${r.target}`, String(r.seed), r.verdict)))}`);
/** --json FILE: the measured rounds (and concurrency runs, once done) written as they stand. */
const save = (concurrent: ConcurrentResult[]): void => {
  if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify({ rounds, concurrent }, null, 2)}\n`);
};
save([]);

/** --env K=V,K=V: extra environment for every service of the concurrency runs. */
const extraEnv = Object.fromEntries(
  list(values.env).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--env: expected NAME=value, got ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const concurrent: ConcurrentResult[] = [];
if (num('concurrent') > 0) {
  for (const replicas of values.replicas!.split(',').map(Number)) {
    console.log(`\n${num('concurrent')} concurrent orders, ${replicas} gateway replica(s)`);
    concurrent.push(await concurrentOrders({ tree, replicas, orders: num('concurrent'), stockNear: num('stock'), clientTimeoutMs: 60_000, env: extraEnv }));
  }
  const cols: Column[] = [
    { header: 'gateways', align: 'right' },
    { header: 'product', align: 'right' },
    { header: 'stock', align: 'right' },
    { header: 'orders', align: 'right' },
    { header: 'confirmed', align: 'right' },
    { header: '409 sold out', align: 'right' },
    { header: 'duplicate ids', align: 'right' },
    { header: 'lost confirmed', align: 'right' },
    { header: 'sold unconfirmed', align: 'right' },
    { header: 'other answers', align: 'left' },
  ];
  console.log(
    `\n${renderTable(
      cols,
      concurrent.map((c) => {
        const other = Object.entries(c.verdict.statuses).filter(([s]) => s !== '200' && s !== '409');
        return [c.replicas, c.productId, c.stock, c.orders, c.confirmed, c.soldOut, c.verdict.duplicateIds, c.verdict.lostConfirmed, c.verdict.soldUnconfirmed, other.map(([s, n]) => `${s}: ${n}`).join(', ') || '-'].map(String);
      }),
    )}`,
  );
}
save(concurrent);
