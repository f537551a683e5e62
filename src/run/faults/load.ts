/**
 * Steady order load for fault runs: closed-loop clients, each with its own seeded choices,
 * recording every request as it saw it (ClientEvent). No retries: a client's history is what a
 * caller without retry logic would have seen.
 */
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { seededRng } from '../../workload/workload.js';
import type { ClientEvent } from './invariants.js';

export interface LoadOptions {
  /** Gateway base URLs; client i uses gateways[i % n]. */
  gateways: string[];
  clients: number;
  /** Products orders go to. */
  products: number[];
  /** Largest quantity per order (1..max). */
  maxQuantity: number;
  /** Share of requests that are product views instead of orders. */
  viewShare: number;
  /** No answer within this: a hang. */
  timeoutMs: number;
  seed: number;
  /** Stops the clients (each finishes its request in flight). */
  signal: AbortSignal;
  /** Each client sends this many orders and stops (instead of running until the signal). */
  ordersPerClient?: number;
}

export async function runClients(options: LoadOptions): Promise<ClientEvent[]> {
  const history: ClientEvent[] = [];
  const started = performance.now();
  const dispatcher = new Agent({ connections: options.clients, keepAliveTimeout: 5_000 });
  const client = async (index: number): Promise<void> => {
    const rng = seededRng(options.seed * 1_000 + index);
    const gateway = options.gateways[index % options.gateways.length]!;
    for (let sent = 0; !options.signal.aborted && (options.ordersPerClient === undefined || sent < options.ordersPerClient); sent++) {
      const view = options.ordersPerClient === undefined && rng() < options.viewShare;
      const productId = options.products[Math.floor(rng() * options.products.length)]!;
      const quantity = 1 + Math.floor(rng() * options.maxQuantity);
      const event: ClientEvent = { client: index, kind: view ? 'view' : 'order', productId, quantity, sentAt: performance.now() - started, ms: 0, timedOut: false };
      const t0 = performance.now();
      try {
        const response = await fetch(view ? `${gateway}/api/product/${productId}` : `${gateway}/api/order`, {
          method: view ? 'GET' : 'POST',
          headers: view ? {} : { 'content-type': 'application/json' },
          body: view ? undefined : JSON.stringify({ product_id: productId, quantity }),
          signal: AbortSignal.timeout(options.timeoutMs),
          // @ts-expect-error undici's dispatcher option on Node's fetch
          dispatcher,
        });
        event.status = response.status;
        const text = await response.text();
        try {
          event.body = JSON.parse(text) as unknown;
        } catch {
          event.body = text.slice(0, 200);
        }
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        event.timedOut = e.name === 'TimeoutError';
        event.error = e.cause?.code ?? e.message;
        // A refused connection (the gateway is down) is answered at once: do not spin.
        if (!event.timedOut) await new Promise((r) => setTimeout(r, 20));
      }
      event.ms = performance.now() - t0;
      history.push(event);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  } finally {
    await dispatcher.close();
  }
  return history;
}
