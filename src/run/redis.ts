import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { LOOPBACK } from './ports.js';
import type { ServiceSpec } from './spec.js';

export interface RedisOptions {
  /** Where redis-server runs; nothing is persisted, so any directory will do. */
  dataDir?: string;
  /** The binary; `redis-server` from PATH unless said otherwise. */
  command?: string;
  name?: string;
}

export type RedisSpecResult = { spec: ServiceSpec; version: string } | { spec: null; reason: string };

/**
 * A real redis-server for `pivot up`: loopback only, in the foreground, nothing written to
 * disk, ready once it accepts a TCP connection. `spec: null` with a reason when redis-server
 * is not installed — the caller decides (the gateway serves without its cache).
 */
export async function redisSpec(port: number, options: RedisOptions = {}): Promise<RedisSpecResult> {
  const command = options.command ?? 'redis-server';
  const probe = await execa(command, ['--version'], { reject: false, timeout: 10_000, stdin: 'ignore' });
  if (probe.failed || probe.exitCode !== 0) {
    return { spec: null, reason: `${command} is not installed (apt-get install redis-server, or brew install redis)` };
  }
  const version = /v=(\d+\.\d+\.\d+)/.exec(probe.stdout)?.[1] ?? probe.stdout.trim();
  const dir = options.dataDir ?? tmpdir();
  return {
    version,
    spec: {
      name: options.name ?? 'redis',
      command,
      args: redisArgs(port, dir),
      cwd: dir,
      port,
      url: `redis://${LOOPBACK}:${port}`,
      health: { tcp: true, timeoutMs: 10_000 },
    },
  };
}

/** Pure: the command line of a throwaway, loopback-only redis-server. */
export function redisArgs(port: number, dir: string): string[] {
  return [
    '--port', String(port),
    '--bind', LOOPBACK,
    '--save', '',
    '--appendonly', 'no',
    '--daemonize', 'no',
    '--dir', dir,
    '--logfile', '',
  ];
}
