import { createServer } from 'node:net';
import { UserError } from '../errors.js';

/** Services listen on loopback; a bind test there tells whether a port can be used. */
export const LOOPBACK = '127.0.0.1';

export type PortState = 'free' | 'in-use' | 'denied';

/** Try to bind `port` on `host` and release it at once. */
export function checkPort(port: number, host = LOOPBACK): Promise<PortState> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve('in-use');
      else if (err.code === 'EACCES') resolve('denied');
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** A port the kernel just handed out on loopback; free at the time of the call. */
export function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

export interface PortClaim {
  name: string;
  port: number;
}

/**
 * Every port must be free before anything starts, so a clash never leaves half a system up.
 * `hint` lets the caller name its own flag for changing a port.
 */
export async function assertPortsFree(
  claims: PortClaim[],
  hint: (claim: PortClaim) => string = defaultPortHint,
): Promise<void> {
  const states = await Promise.all(claims.map((c) => checkPort(c.port)));
  claims.forEach((claim, i) => {
    const state = states[i];
    if (state === 'in-use') {
      throw new UserError(`port ${claim.port} (${claim.name}) is already in use by another process`, hint(claim));
    }
    if (state === 'denied') {
      throw new UserError(`port ${claim.port} (${claim.name}) may not be bound by this user`, 'use a port above 1023');
    }
  });
}

function defaultPortHint(claim: PortClaim): string {
  return `stop it (find it with: ss -ltnp 'sport = :${claim.port}') or give ${claim.name} another port`;
}
