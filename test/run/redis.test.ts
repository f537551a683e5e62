import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkPort, freePort } from '../../src/run/ports.js';
import { processAlive } from '../../src/run/process-group.js';
import { redisArgs, redisSpec } from '../../src/run/redis.js';
import { startSystem } from '../../src/run/supervisor.js';

/** A raw RESP round trip: send `PING\r\n`, read the first reply line. */
function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(3_000, () => socket.destroy(new Error('no reply from redis')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.split('\r\n')[0]!);
      }
    });
    socket.once('error', reject);
  });
}

const installed = (await redisSpec(6379)).spec !== null;
// CI installs redis-server (.ci/run), so there a missing binary is a failure, not a skip.
const runReal = installed || Boolean(process.env.CI);

describe('redisSpec', () => {
  it('runs a throwaway redis on loopback, in the foreground, writing nothing', () => {
    const args = redisArgs(7001, '/tmp/x');
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('--port')).toBe('7001');
    expect(flag('--bind')).toBe('127.0.0.1');
    expect(flag('--save')).toBe('');
    expect(flag('--appendonly')).toBe('no');
    expect(flag('--daemonize')).toBe('no');
  });

  it('returns null and a reason when redis-server is missing', async () => {
    const result = await redisSpec(7001, { command: 'redis-server-not-installed' });
    expect(result.spec).toBeNull();
    if (result.spec === null) expect(result.reason).toContain('not installed');
  });

  it.skipIf(!runReal)('starts a real redis-server that answers PING, and frees its port on stop', async () => {
    const port = await freePort();
    const result = await redisSpec(port);
    if (result.spec === null) throw new Error(result.reason);
    const logs: string[] = [];
    const system = await startSystem([result.spec], { onLog: (_s, _stream, line) => logs.push(line) });
    const redis = system.services.get('redis')!;
    const pid = redis.pid;
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${port}`);
      expect(await ping(port)).toBe('+PONG');
    } finally {
      await system.stop();
    }
    expect(processAlive(pid)).toBe(false);
    expect(await checkPort(port)).toBe('free');
    expect(logs.join('\n')).toMatch(/ready to accept connections/i);
  });
});
