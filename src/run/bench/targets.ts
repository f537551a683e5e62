/** The systems bench knows how to start. */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
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

/** pivot's node:cluster launcher: forks the entry once per worker, workers share the port. */
export const CLUSTER_LAUNCHER = fileURLToPath(new URL('../../../preload/cluster.cjs', import.meta.url));

export interface ClusterTargetInput extends MonolithTargetInput {
  /** Workers; default one per core. */
  workers?: number;
}

/**
 * The monolith on every core, as a user would run it instead of rewriting it: its own entry
 * under node:cluster, one worker per core, same env and PORT. Every worker keeps its own
 * in-memory state, which `statePerProcess` says, so a state-changing mix is marked.
 */
export function monolithClusterTarget(input: ClusterTargetInput): BenchTarget {
  const workers = input.workers ?? availableParallelism();
  const base = monolithTarget({ ...input, name: input.name ?? 'monolith-cluster', role: input.role ?? 'alternative' });
  const [service] = base.services;
  return {
    ...base,
    services: [{ ...service!, args: [CLUSTER_LAUNCHER, input.entryFile], env: { ...service!.env, PIVOT_CLUSTER_WORKERS: String(workers) } }],
    statePerProcess: `each of the ${workers} cluster workers keeps its own in-memory state (its own stock), so its answers to state-changing requests are not the single monolith's`,
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
