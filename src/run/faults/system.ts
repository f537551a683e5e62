/**
 * The system under fault: started as `pivot up` starts it (the tree's own local specs, fresh
 * state, Redis when installed), with what a fault run needs on top — more restarts allowed (it
 * kills on purpose), a short hold TTL, extra gateway replicas on their own ports, and a real
 * Postgres for the gateways' shared state when there is more than one.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { seededRng } from '../../workload/workload.js';
import { startProxy, type FaultProxy } from './proxy.js';
import { localServiceSpecs, readSystemFile, stateRoot, type SystemFile } from '../local-system.js';
import { postgresSpec } from '../postgres.js';
import { signalGroup } from '../process-group.js';
import { redisSpec } from '../redis.js';
import type { ServiceSpec } from '../spec.js';
import { startSystem, type RunningSystem, type StartOptions } from '../supervisor.js';
import { cargoTargetDir } from '../up.js';

export interface FaultSystemOptions {
  /** Gateway processes; the first on the tree's port, the others on port + 10, + 11, … */
  gatewayReplicas?: number;
  /** HOLD_TTL_SECONDS for every service. */
  holdTtlSeconds: number;
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Port of the Postgres started for the gateways' state when there are replicas. */
  postgresPort?: number;
  start?: StartOptions;
  /** Upstreams the gateways reach through a fault proxy (`<SERVICE>_URL` points at it). */
  proxied?: string[];
  /**
   * Stateful services scaled out with the gateways (when there are replicas): each on the same
   * Postgres (STATE_URL), one process per gateway replica, gateway i calling process i.
   */
  scaledOut?: string[];
  /** Seed of the proxies' random resets. */
  seed?: number;
}

export interface FaultSystem {
  file: SystemFile;
  system: RunningSystem;
  /** Base URLs of the gateway processes. */
  gateways: string[];
  /** Service name → base URL. */
  urls: Map<string, string>;
  /** SIGKILL the current process (group) of `service`; the supervisor restarts it. */
  kill(service: string): boolean;
  /** The fault proxy in front of each proxied upstream. */
  proxies: Map<string, FaultProxy>;
  stop(): Promise<void>;
}

const REPLICA_PORT_OFFSET = 10;

/** The gateway's variable for an upstream's base URL: `inventory` → INVENTORY_URL. */
const urlVariable = (service: string): string => `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;

export async function startFaultSystem(dir: string, options: FaultSystemOptions): Promise<FaultSystem> {
  const root = resolve(dir);
  const file = readSystemFile(root);
  rmSync(stateRoot(root), { recursive: true, force: true });
  mkdirSync(stateRoot(root), { recursive: true });
  const redis = file.system.redis ? (await redisSpec(file.system.redis.port)).spec : null;
  const specs = localServiceSpecs(root, file.system, redis, { cargoTargetDir: cargoTargetDir() });
  const replicas = options.gatewayReplicas ?? 1;
  let postgres: { spec: ServiceSpec; url: string; dir: string } | undefined;
  if (replicas > 1) {
    const dir = mkdtempSync(join(tmpdir(), 'pivot-faults-pg-'));
    chmodSync(dir, 0o755); // the postgres account (when pivot runs as root) must reach data/ inside
    const found = await postgresSpec(options.postgresPort ?? 5432, { dataDir: join(dir, 'data') });
    if (found.spec === null) throw new UserError(`several gateway replicas need Postgres for their state: ${found.reason}`, 'install PostgreSQL 15, or run with --replicas 1');
    postgres = { spec: found.spec, url: found.url, dir };
    specs.unshift(postgres.spec);
  }
  const entry = specs.find((s) => s.name === file.entry);
  if (!entry) throw new UserError(`${root}: the entry service ${file.entry} is not in the system`, 'regenerate the tree');
  for (const spec of specs) {
    if (spec.name === 'postgres') continue;
    spec.restart = { maxRestarts: 50, backoffMs: [200, 500, 1_000] }; // redis too: a kill target like the services
    if (spec.name === 'redis') continue;
    spec.env = { ...spec.env, HOLD_TTL_SECONDS: String(options.holdTtlSeconds), ...options.env };
  }
  const proxies = new Map<string, FaultProxy>();
  const rng = seededRng(options.seed ?? 1);
  for (const name of options.proxied ?? []) {
    const upstream = specs.find((s) => s.name === name);
    if (!upstream) throw new UserError(`no service ${name} to put a fault proxy in front of`, `one of: ${specs.map((s) => s.name).join(', ')}`);
    const proxy = await startProxy(upstream.port, { rng });
    proxies.set(name, proxy);
    entry.env = { ...entry.env, [urlVariable(name)]: `http://127.0.0.1:${proxy.port}` };
  }
  if (postgres) {
    entry.env = { ...entry.env, STATE_URL: postgres.url };
    entry.dependsOn = [...(entry.dependsOn ?? []), 'postgres'];
  }
  const gateways = [entry];
  for (let i = 1; i < replicas; i++) {
    const port = entry.port + REPLICA_PORT_OFFSET + i - 1;
    gateways.push({ ...entry, name: `${entry.name}-${i + 1}`, port, url: undefined, env: { ...entry.env, PORT: String(port), STATE_DIR: join(stateRoot(root), `${entry.name}-${i + 1}`) } });
  }
  specs.push(...gateways.slice(1));
  for (const name of postgres ? (options.scaledOut ?? []) : []) {
    const service = specs.find((s) => s.name === name);
    if (!service) throw new UserError(`no service ${name} to scale out`, `one of: ${specs.map((s) => s.name).join(', ')}`);
    service.env = { ...service.env, STATE_URL: postgres!.url };
    service.dependsOn = [...(service.dependsOn ?? []), 'postgres'];
    for (let i = 1; i < replicas; i++) {
      const port = service.port + REPLICA_PORT_OFFSET + i - 1;
      const replica = `${name}-${i + 1}`;
      specs.push({ ...service, name: replica, port, url: undefined, env: { ...service.env, PORT: String(port), STATE_DIR: join(stateRoot(root), replica) } });
      gateways[i]!.env = { ...gateways[i]!.env, [urlVariable(name)]: `http://127.0.0.1:${port}` };
      gateways[i]!.dependsOn = [...(gateways[i]!.dependsOn ?? []), replica];
    }
  }
  const closeProxies = async (): Promise<void> => {
    await Promise.all([...proxies.values()].map((p) => p.close()));
  };
  const system = await startSystem(specs, options.start).catch(async (error: unknown) => {
    await closeProxies();
    throw error;
  });
  const urls = new Map([...system.services].map(([name, s]) => [name, s.url]));
  return {
    file,
    system,
    gateways: gateways.map((g) => `http://127.0.0.1:${g.port}`),
    urls,
    kill: (service) => {
      const running = system.services.get(service);
      return running !== undefined && running.pid !== 0 && signalGroup(running.pid, 'SIGKILL');
    },
    proxies,
    stop: async () => {
      await system.stop();
      await closeProxies();
      if (postgres) rmSync(postgres.dir, { recursive: true, force: true });
    },
  };
}
