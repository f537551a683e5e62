/**
 * What one service hop costs on this machine: sequential HTTP round trips over loopback with
 * undici (the client the generated gateway uses) to a node:http server answering a small JSON
 * body. Prints the median and p90 in µs; the median is the default of `pivot analyze --hop-cost-us`
 * (HOP_COST_US in src/analyze/evidence.ts). `REQUESTS=<n>` changes the count.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const requests = Number(process.env.REQUESTS ?? 5000);
if (!Number.isInteger(requests) || requests < 100) throw new Error(`REQUESTS must be an integer ≥ 100, got "${process.env.REQUESTS}"`);
const warmup = 500;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify({ ok: true, got: Buffer.concat(chunks).length });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
const payload = JSON.stringify({ productId: 'p-001', basePrice: 19.99, stock: 12, demand: 0.7 });

async function roundTrip(): Promise<number> {
  const t0 = performance.now();
  const res = await pool.request({ method: 'POST', path: '/price', headers: { 'content-type': 'application/json' }, body: payload });
  await res.body.json();
  return (performance.now() - t0) * 1000;
}

for (let i = 0; i < warmup; i++) await roundTrip();
const times: number[] = [];
for (let i = 0; i < requests; i++) times.push(await roundTrip());
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(`loopback HTTP round trip (undici Pool, 1 connection, node:http server, ${requests} sequential POSTs): median ${at(0.5).toFixed(0)} µs, p90 ${at(0.9).toFixed(0)} µs, p99 ${at(0.99).toFixed(0)} µs`);
await pool.close();
server.close();
