/** The fault proxy on real sockets: a real HTTP server behind it, each fault switched on in turn. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type FaultProxy } from '../../../src/run/faults/proxy.js';

let server: Server;
let proxy: FaultProxy;
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  proxy = await startProxy(address.port, { latencyMs: 50, resetShare: 1 });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((done) => server.close(() => done()));
});

const call = async (): Promise<string> => {
  try {
    const response = await fetch(`http://127.0.0.1:${proxy.port}/`, { signal: AbortSignal.timeout(1_000) });
    return `${response.status} ${await response.text()}`;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error';
  }
};

describe('fault proxy', () => {
  it('forwards, delays, resets, drops requests and drops answers', async () => {
    proxy.set('none');
    expect(await call()).toBe('200 {"ok":true}');
    proxy.set('latency');
    expect(await call()).toBe('200 {"ok":true}');
    proxy.set('reset');
    expect(await call()).toBe('connection error');
    const before = hits;
    proxy.set('blackhole');
    expect(await call()).toBe('timeout');
    expect(hits, 'a blackholed call never reaches the service').toBe(before);
    proxy.set('lost-answer');
    expect(await call()).toBe('timeout');
    expect(hits, 'the lost answer took effect').toBe(before + 1);
    proxy.set('none');
    expect(await call()).toBe('200 {"ok":true}');
  });
});
