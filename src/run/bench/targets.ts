/** The systems bench knows how to start. */
import { LOOPBACK } from '../ports.js';
import type { RunningSystem } from '../supervisor.js';
import type { BenchTarget } from './types.js';

export interface MonolithTargetInput {
  /** The monolith's project folder (its working directory). */
  root: string;
  /** The compiled JS entry, e.g. <root>/dist/server.js. */
  entryFile: string;
  port: number;
  name?: string;
  role?: BenchTarget['role'];
  /** Seconds to wait for it to listen. */
  startTimeoutSeconds?: number;
}

/** The monolith as one process: `node <entry>` with PORT and HOST set, ready once its port accepts connections. */
export function monolithTarget(input: MonolithTargetInput): BenchTarget {
  const name = input.name ?? 'monolith';
  return {
    name,
    role: input.role ?? 'baseline',
    url: `http://${LOOPBACK}:${input.port}`,
    services: [
      {
        name,
        command: process.execPath,
        args: [input.entryFile],
        cwd: input.root,
        env: { PORT: String(input.port), HOST: LOOPBACK, NODE_ENV: 'production' },
        port: input.port,
        health: { tcp: true, timeoutMs: (input.startTimeoutSeconds ?? 20) * 1000 },
      },
    ],
  };
}

/** Leader pids to sample: the target's choice, else every service's current pid. */
export function sampledPids(target: BenchTarget, system: RunningSystem): number[] {
  if (target.processesToSample) return target.processesToSample(system);
  return [...system.services.values()].map((s) => s.pid).filter((pid) => pid > 0);
}

/** The service a leader pid belongs to. */
export function serviceOfPid(system: RunningSystem, pid: number): string | undefined {
  for (const service of system.services.values()) if (service.pid === pid) return service.name;
  return undefined;
}

/** Turns `--polyglot <dir>` into a target. */
export type PolyglotResolver = (dir: string) => Promise<BenchTarget>;
