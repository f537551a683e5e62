'use strict';
/**
 * pivot's cluster launcher: `node cluster.cjs <entry> [args…]` runs the monolith's own entry
 * under node:cluster, one worker per core (PIVOT_CLUSTER_WORKERS overrides the count). Workers
 * inherit the environment (PORT, HOST) and share the listening port through the primary, as a
 * user who put the monolith on every core would run it.
 *
 * A worker that exits while the primary is not stopping ends the primary with status 1, so the
 * supervisor reports the cluster as failed instead of measuring fewer workers. SIGTERM or
 * SIGINT stops every worker and exits 0 once they are gone.
 */
const cluster = require('node:cluster');
const { availableParallelism } = require('node:os');

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node cluster.cjs <entry.js> [args…]');
  process.exit(2);
}
const raw = process.env.PIVOT_CLUSTER_WORKERS;
const workers = raw === undefined || raw === '' ? availableParallelism() : Number(raw);
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`PIVOT_CLUSTER_WORKERS must be a whole number of at least 1, got "${raw}"`);
  process.exit(2);
}

let stopping = false;
let listening = 0;
cluster.setupPrimary({ exec: entry, args: process.argv.slice(3) });
cluster.on('listening', () => {
  listening++;
  if (listening === workers) console.log(`pivot cluster: ${workers} worker(s) of ${entry} listening`);
});
cluster.on('exit', (worker, code, signal) => {
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
    return;
  }
  console.error(`pivot cluster: worker ${worker.process.pid} exited (${signal ? `signal ${signal}` : `code ${code}`}); stopping the cluster`);
  stop(1);
});

function stop(status) {
  if (stopping) return;
  stopping = true;
  process.exitCode = status;
  const alive = Object.values(cluster.workers ?? {});
  if (alive.length === 0) process.exit(status);
  for (const worker of alive) worker?.process.kill('SIGTERM');
  if (status !== 0) setTimeout(() => process.exit(status), 3000).unref();
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
for (let i = 0; i < workers; i++) cluster.fork();
