/**
 * Micro-benchmark of the monolith fixture's pricing model: how much CPU one quote costs in Node.
 * Prints mean µs per quote and quotes per second. Run with `npm run bench:pricing`;
 * `QUOTES=<n>` and `ROUNDS=<n>` change the amount of work.
 */
import { performance } from 'node:perf_hooks';
import { buildCatalog } from '../fixtures/monolith/src/catalog.js';
import { quotePrice, type PriceInput } from '../fixtures/monolith/src/pricing.js';

function readCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

const quotes = readCount('QUOTES', 2000);
const rounds = readCount('ROUNDS', 5);
const warmup = 500;

// Varied products: every price band and stock level the catalogue has, in catalogue order.
const inputs: PriceInput[] = buildCatalog().map((product) => ({
  productId: product.id,
  basePrice: product.basePrice,
  stock: product.initialStock,
}));

function runQuotes(count: number, offset: number): number {
  let checksum = 0;
  for (let i = 0; i < count; i++) {
    const input = inputs[(offset + i) % inputs.length];
    if (input === undefined) {
      throw new Error('no pricing input');
    }
    checksum += quotePrice(input).finalPrice;
  }
  return checksum;
}

runQuotes(warmup, 0);

const perQuoteMicros: number[] = [];
let checksum = 0;
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  checksum += runQuotes(quotes, warmup + round * quotes);
  const elapsedMs = performance.now() - started;
  perQuoteMicros.push((elapsedMs * 1000) / quotes);
}

const sorted = [...perQuoteMicros].sort((a, b) => a - b);
const mean = perQuoteMicros.reduce((sum, value) => sum + value, 0) / perQuoteMicros.length;
const median = sorted[Math.floor(sorted.length / 2)] ?? mean;

console.log(`pricing: ${rounds} rounds × ${quotes} quotes (after ${warmup} warm-up quotes), node ${process.version}`);
console.log(`  mean   ${mean.toFixed(1)} µs/quote  (${Math.round(1e6 / mean)} quotes/s)`);
console.log(`  median ${median.toFixed(1)} µs/quote, best ${sorted[0]?.toFixed(1)}, worst ${sorted[sorted.length - 1]?.toFixed(1)}`);
console.log(`  checksum ${checksum.toFixed(2)}`);
