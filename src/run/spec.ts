import { UserError } from '../errors.js';
import type { HealthCheck } from './health.js';

/** What the supervisor runs: a service is just a process that listens on a port. */

export interface RestartPolicy {
  /** Crashes in a row after which the supervisor gives up (0: never restart). */
  maxRestarts: number;
  /** Delay before the n-th restart in a row; the last entry repeats. */
  backoffMs?: number[];
}

export const DEFAULT_BACKOFF_MS = [500, 1_000, 2_000, 4_000];

export interface ServiceSpec {
  /** 'pricing', 'inventory', 'gateway', 'redis'. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  /** Added to pivot's own environment. */
  env?: Record<string, string>;
  /** The port the service must listen on (loopback). */
  port: number;
  /** How clients reach it; http://127.0.0.1:<port> unless said otherwise. */
  url?: string;
  /** Default: a TCP connect to `port`. */
  health?: HealthCheck;
  /** Started only once these are healthy. */
  dependsOn?: string[];
  /** Without it, a crash after start-up ends the whole system. */
  restart?: RestartPolicy;
}

/** Pure: validate the specs and order them so every service comes after its dependencies. */
export function startOrder(specs: ServiceSpec[]): ServiceSpec[] {
  const byName = new Map<string, ServiceSpec>();
  const byPort = new Map<number, string>();
  for (const spec of specs) {
    if (byName.has(spec.name)) throw new UserError(`two services are named ${spec.name}`, 'give every service its own name');
    if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65_535) {
      throw new UserError(`port ${spec.port} of ${spec.name} is not a TCP port`, 'use a port between 1024 and 65535');
    }
    const other = byPort.get(spec.port);
    if (other) throw new UserError(`${other} and ${spec.name} both want port ${spec.port}`, 'give every service its own port');
    byName.set(spec.name, spec);
    byPort.set(spec.port, spec.name);
  }
  const order: ServiceSpec[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (spec: ServiceSpec) => {
    if (done.has(spec.name)) return;
    if (path.includes(spec.name)) {
      const cycle = [...path.slice(path.indexOf(spec.name)), spec.name].join(' → ');
      throw new UserError(`services depend on each other in a cycle: ${cycle}`, 'remove one of these dependsOn entries');
    }
    path.push(spec.name);
    for (const dep of spec.dependsOn ?? []) {
      const target = byName.get(dep);
      if (!target) {
        throw new UserError(`${spec.name} depends on ${dep}, which is not part of the system`, `add a ${dep} service or drop it from the dependsOn of ${spec.name}`);
      }
      visit(target);
    }
    path.pop();
    done.add(spec.name);
    order.push(spec);
  };
  specs.forEach(visit);
  return order;
}
