import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { envName, REDIS_NAME, type ServiceModel, type SystemModel } from '../scaffold/deploy/model.js';
import type { Plan } from '../scaffold/plan.js';
import type { ServiceSpec } from './spec.js';

/**
 * The generated tree's description of itself (`pivot.system.json`): the system model every
 * deploy file came from, plus what pivot needs to run it as local processes and test it.
 */
export const SYSTEM_FILE = 'pivot.system.json';

export interface SmokeRequest {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Expected status; 200 unless said otherwise. */
  status?: number;
}

export interface SystemFile {
  schema: 1;
  system: SystemModel;
  /** The entry service users and tests talk to (the gateway). */
  entry: string;
  /** Requests `pivot smoke` sends through the entry service. */
  smoke: SmokeRequest[];
  /** Where the monolith this was generated from lives, relative to the tree (for parity and bench). */
  monolith?: string;
  /** The analysis.json the plan came from, relative to the tree (bench reads its predicted gain). */
  analysis?: string;
  /** Fields parity does not compare, declared here so they are visible and editable. */
  parity?: { volatile: string[]; tolerance?: number };
  /** The plan the tree was generated from: `pivot check` regenerates from it to detect drift. */
  plan?: Plan;
  /** Seed and counts of the golden vectors, so a regeneration is identical. */
  generator?: { seed: number; vectors?: number };
}

export function readSystemFile(root: string): SystemFile {
  const file = join(root, SYSTEM_FILE);
  if (!existsSync(file)) {
    throw new UserError(`${root} has no ${SYSTEM_FILE}: it is not a tree pivot generated`, 'run pivot example, or pivot evolve --plan .pivot/analysis.json, then point this command at its output');
  }
  let parsed: SystemFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as SystemFile;
  } catch (err) {
    throw new UserError(`${file} is not valid JSON: ${(err as Error).message}`, 'regenerate the tree with pivot example or pivot evolve --plan (with --force if you edited it)');
  }
  if (parsed.schema !== 1 || !parsed.system || !Array.isArray(parsed.system.services)) {
    throw new UserError(`${file} is not a pivot system description (schema 1)`, 'regenerate the tree with a matching pivot version');
  }
  return parsed;
}

/** Where a service's build puts its executable, and how to start it. */
export interface LocalCommand {
  command: string;
  args: string[];
}

export interface BuildStep {
  service: string;
  language: ServiceModel['language'];
  cwd: string;
  /** Commands in order (e.g. npm install, then npm run build). */
  commands: LocalCommand[];
  /** What must exist after the build; missing → the build runs even when inputs are unchanged. */
  artefact: string;
  /**
   * Where the commands leave the artefact when that is not `artefact` itself: it is copied there.
   * A shared CARGO_TARGET_DIR holds one `release/<binary>` for every crate of that name, so each
   * service keeps its own copy in `bin/` (another project's build cannot replace it).
   */
  builtAt?: string;
  /** The tool that must be installed. */
  tool: 'cargo' | 'go' | 'npm';
}

export interface LocalOptions {
  /** CARGO_TARGET_DIR when set: one shared target dir for every crate. */
  cargoTargetDir?: string;
}

/** The Rust build's output, and where the service's binary is kept when the target dir is shared. */
function rustBinary(root: string, service: ServiceModel, options: LocalOptions): { artefact: string; builtAt?: string } {
  if (!options.cargoTargetDir) return { artefact: join(root, service.dir, 'target', 'release', service.binary) };
  return { artefact: join(root, service.dir, 'bin', service.binary), builtAt: join(resolve(options.cargoTargetDir), 'release', service.binary) };
}

/** Pure: how to build each service of the system with its own toolchain. */
export function buildSteps(root: string, system: SystemModel, options: LocalOptions = {}): BuildStep[] {
  return system.services.map((service): BuildStep => {
    const cwd = join(root, service.dir);
    switch (service.language) {
      case 'rust':
        return { service: service.name, language: 'rust', cwd, tool: 'cargo', ...rustBinary(root, service, options), commands: [{ command: 'cargo', args: ['build', '--release', '--quiet'] }] };
      case 'go':
        return { service: service.name, language: 'go', cwd, tool: 'go', artefact: join(cwd, 'bin', service.binary), commands: [{ command: 'go', args: ['build', '-trimpath', '-o', join('bin', service.binary), '.'] }] };
      case 'typescript':
        return { service: service.name, language: 'typescript', cwd, tool: 'npm', artefact: join(cwd, 'dist', `${service.binary}.js`), commands: [{ command: 'npm', args: ['run', 'build', '--silent'] }] };
    }
  });
}

/** Where `pivot up` keeps the services' durable state: `<tree>/.pivot/state/<service>` (STATE_DIR). */
export function stateRoot(root: string): string {
  return join(root, '.pivot', 'state');
}

/** Pure: the processes `pivot up` starts for a system, in the supervisor's terms. */
export function localServiceSpecs(root: string, system: SystemModel, redis: ServiceSpec | null, options: LocalOptions = {}): ServiceSpec[] {
  const steps = new Map(buildSteps(root, system, options).map((s) => [s.service, s]));
  const specs: ServiceSpec[] = [];
  if (redis) specs.push(redis);
  for (const service of system.services) {
    const step = steps.get(service.name)!;
    const env: Record<string, string> = { PORT: String(service.port), BIND: '127.0.0.1', STATE_DIR: join(stateRoot(root), service.name), ...service.env };
    const dependsOn: string[] = [];
    for (const dep of service.dependsOn) {
      if (dep === REDIS_NAME) {
        if (redis) {
          env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;
          dependsOn.push(redis.name);
        }
        continue;
      }
      const target = system.services.find((s) => s.name === dep);
      if (target) env[`${envName(dep)}_URL`] = `http://127.0.0.1:${target.port}`;
      dependsOn.push(dep);
    }
    const run: LocalCommand =
      service.language === 'typescript' ? { command: process.execPath, args: [step.artefact] } : { command: step.artefact, args: [] };
    specs.push({
      name: service.name,
      ...run,
      cwd: step.cwd,
      env,
      port: service.port,
      // Liveness, not readiness: a class service is ready only once the gateway constructed it.
      health: { path: service.healthPath, timeoutMs: 30_000 },
      dependsOn,
      restart: { maxRestarts: 3 },
    });
  }
  return specs;
}
