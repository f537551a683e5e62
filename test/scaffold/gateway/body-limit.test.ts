/**
 * A body over the limit gets the app's 413 JSON from the generated gateway, not a reset: the
 * client sends its whole 2 MB body before it reads. fastify answers before the body is in and
 * closes the connection; with unread bytes in the socket the kernel resets it and the client
 * loses the answer (28 of 100 tries before the gateway drained such bodies). No service needed.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../src/run/ports.js';
import { removeTree, renderFixtureGateway, start, stopAll, TSX, waitForHttp, writeTree } from './harness.js';

let dir: string | undefined;
let port = 0;

beforeAll(async () => {
  dir = writeTree(renderFixtureGateway(false).files);
  port = await freePort();
  const closed = await freePort();
  const gateway = start('gateway', process.execPath, [TSX, 'src/server.ts'], dir, {
    PORT: String(port),
    HOST: '127.0.0.1',
    STATE_DIR: `${dir}/state`,
    PRICING_URL: `http://127.0.0.1:${closed}`,
    INVENTORY_URL: `http://127.0.0.1:${closed}`,
  });
  await waitForHttp(`http://127.0.0.1:${port}/health`, gateway);
}, 120_000);

afterAll(async () => {
  await stopAll();
  removeTree(dir);
});

/** Headers and the whole body at once, reading only afterwards; the status line or the socket error. */
function oversizedOrder(body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.pause();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`${error.code ?? error.message}`));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.write(`POST /api/order HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body);
    setTimeout(() => socket.resume(), 200);
  });
}

describe('a 2 MB order body', () => {
  it('gets 413 payload_too_large JSON every time', async () => {
    const body = Buffer.from(JSON.stringify({ product_id: 1, quantity: 1, pad: 'x'.repeat(2 * 1024 * 1024) }));
    const answers = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const answer = await oversizedOrder(body);
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
    }
    expect(Object.fromEntries(answers)).toEqual({ 'HTTP/1.1 413 Payload Too Large': 40 });
    const response = await fetch(`http://127.0.0.1:${port}/api/order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 413, body: { error: 'payload_too_large', message: 'Request body is too large' } });
  }, 60_000);
});
