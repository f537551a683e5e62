/**
 * A real TCP proxy between the gateway and one upstream service, with faults switched on and
 * off while traffic flows (keep-alive connections included: the mode is read on every chunk).
 *
 * - `latency`: every chunk of the answer is held back `latencyMs`.
 * - `reset`: each request chunk resets both connections (TCP RST) with probability `resetShare`.
 * - `blackhole`: requests are read and dropped: the call times out without any effect.
 * - `lost-answer`: requests reach the service, its answers are dropped: the call times out
 *   after it took effect (what idempotency keys exist for).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyFault = 'none' | 'latency' | 'reset' | 'blackhole' | 'lost-answer';
export const PROXY_FAULTS: readonly ProxyFault[] = ['latency', 'reset', 'blackhole', 'lost-answer'];

export interface FaultProxy {
  port: number;
  set(fault: ProxyFault): void;
  close(): Promise<void>;
}

export interface ProxyOptions {
  latencyMs?: number;
  resetShare?: number;
  /** Random source for resets (seeded by the caller). */
  rng?: () => number;
}

export async function startProxy(targetPort: number, options: ProxyOptions = {}): Promise<FaultProxy> {
  const latencyMs = options.latencyMs ?? 300;
  const resetShare = options.resetShare ?? 0.3;
  const rng = options.rng ?? Math.random;
  let fault: ProxyFault = 'none';
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client).add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      if (fault === 'blackhole') return;
      if (fault === 'reset' && rng() < resetShare) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (fault === 'lost-answer') return;
      if (fault === 'latency') setTimeout(() => client.writable && client.write(chunk), latencyMs);
      else client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', () => {
        open.delete(socket);
        end();
      });
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fault proxy has no TCP port');
  return {
    port: address.port,
    set: (next) => {
      fault = next;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => done());
      }),
  };
}
