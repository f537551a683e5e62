import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { objectLiteralKeys } from '../analyze/properties.js';
import { runStaticPass } from '../analyze/static.js';
import { UserError } from '../errors.js';
import { smokeRequestsFromRoutes } from '../run/smoke.js';
import type { SystemFile } from '../run/local-system.js';
import type { FileTree } from '../translate/api.js';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../translate/diagnostics.js';
import { evolveUnit, type EvolveResult } from '../translate/evolve.js';
import { formatTree } from '../translate/format.js';
import { defineService, envName, REDIS_NAME, renderDeployTree, type ServiceModel, type StateKind, type SystemModel } from './deploy/index.js';
import { gatewayUnitsFromIr, loadMonolithProject, renderGatewayTree } from './gateway/index.js';
import { volatileFieldNames, type Plan, type ServicePlan } from './plan.js';
import { renderServiceReadme, renderTreeReadme } from './readme.js';
import { isStatefulClass, stateKindOf, type StateStore } from './services/holds.js';
import { renderServiceTree, serviceClass } from './services/index.js';

/**
 * Apply a plan: translate each service's units (with their golden vectors), wrap them in their
 * service templates, derive the gateway from the monolith, and describe the whole system for
 * deploy files and local runs. Returns the complete tree; writing it is the writer's job.
 */
export interface ApplyInput {
  monolithRoot: string;
  /** Where the tree will be written (pivot.system.json points back at the monolith from there). */
  outputDir: string;
  plan: Plan;
  systemName: string;
  seed: number;
  vectorCount?: number;
  /** The analysis.json the plan came from, recorded in pivot.system.json relative to the tree. */
  analysisFile?: string;
  step?: <T>(label: string, work: () => Promise<T>) => Promise<T>;
  onOutput?: (line: string) => void;
}

export interface ApplyResult {
  tree: FileTree;
  diagnostics: Diagnostic[];
  system: SystemFile;
}

const GATEWAY_NAME = 'gateway';

const direct = <T>(_label: string, work: () => Promise<T>) => work();

function prefix(tree: Map<string, string>, dir: string): [string, string][] {
  return [...tree].map(([path, text]) => [`${dir}/${path}`, text]);
}

/** The gateway's executable, from the monolith's package.json `main` (`dist/server.js` → `server`). */
function gatewayBinary(monolithRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(monolithRoot, 'package.json'), 'utf8')) as { main?: string };
  return basename(pkg.main ?? 'dist/server.js').replace(/\.[cm]?js$/, '');
}

/**
 * Pure: the system model of a plan (gateway + one service per plan entry + Redis). `states` is
 * what was generated for each unit's state (service name → kind); a name it lacks is stateless.
 */
export function systemModelFor(plan: Plan, name: string, gatewayBinaryName: string, states: ReadonlyMap<string, StateKind> = new Map()): SystemModel {
  const state = (service: string): StateKind => states.get(service) ?? 'stateless';
  const services: ServiceModel[] = plan.services.map((s) =>
    defineService({ name: s.name, language: s.language, port: s.port, dir: `services/${s.name}`, binary: s.name, state: state(s.name) }),
  );
  const gateway = defineService({
    name: GATEWAY_NAME,
    state: state(GATEWAY_NAME),
    language: 'typescript',
    port: plan.gatewayPort,
    dir: 'gateway',
    component: 'gateway',
    binary: gatewayBinaryName,
    dependsOn: [...plan.services.map((s) => s.name), REDIS_NAME],
  });
  return { name, version: '0.1.0', services: [gateway, ...services], redis: { port: plan.redisPort }, monitoring: { prometheusPort: 9090, grafanaPort: 3000 } };
}

async function translateService(input: ApplyInput, service: ServicePlan, step: NonNullable<ApplyInput['step']>): Promise<EvolveResult> {
  const file = join(input.monolithRoot, service.module);
  if (!existsSync(file)) throw new UserError(`the plan names ${service.module}, which is not in ${input.monolithRoot}`, 'run pivot analyze again, then evolve --plan');
  return evolveUnit({
    root: input.monolithRoot,
    file,
    units: service.units,
    target: service.language,
    profile: input.plan.profile,
    seed: input.seed,
    vectorCount: input.vectorCount,
    packageName: `${service.name}-core`,
    step: (label, work) => step(`${service.name}: ${label}`, work),
    onOutput: input.onOutput,
  });
}

const STORES: readonly string[] = ['embedded', 'postgres'] satisfies StateStore[];

/** A store the plan names must be one pivot generates; a typo must not quietly mean "embedded". */
export function assertPlanStores(plan: Plan): void {
  const named = [...plan.services.map((s, i) => [`services[${i}].store (${s.name})`, s.store] as const), ['gatewayStore', plan.gatewayStore] as const];
  const problems = named.filter(([, store]) => store !== undefined && !STORES.includes(store)).map(([where, store]) => `plan.${where}: "${store}" is not a store pivot knows`);
  if (problems.length > 0) {
    throw new UserError(problems[0]!, 'use "embedded" (a journal on the unit\'s own disk, one replica) or "postgres" (STATE_URL, may scale), or leave it out; docs/deploy.md', problems.slice(1));
  }
}

export async function renderSystemTree(input: ApplyInput): Promise<ApplyResult> {
  assertPlanStores(input.plan);
  const step = input.step ?? direct;
  const tree = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const translated = new Map<string, EvolveResult>();
  for (const service of input.plan.services) {
    const result = await translateService(input, service, step);
    diagnostics.push(...result.diagnostics);
    if (!result.complete) continue;
    translated.set(service.name, result);
    const rendered = await step(`${service.name}: render the ${service.language} service`, async () =>
      formatTree(renderServiceTree({ service, module: result.module, library: result.tree, profile: input.plan.profile }), service.language),
    );
    for (const [path, text] of rendered) tree.set(path, text);
  }
  if (hasErrors(diagnostics)) {
    throw new UserError(
      'the plan cannot be translated without errors',
      'fix or work around what the diagnostics say (docs/translate.md), or take the unit out of the plan',
      diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic),
    );
  }

  const gateway = await step('gateway: rewrite the monolith around the extracted units', async () =>
    renderGatewayTree({
      project: loadMonolithProject(input.monolithRoot),
      plan: {
        root: input.monolithRoot,
        services: input.plan.services.map((s) => ({
          name: s.name,
          envVar: `${envName(s.name)}_URL`,
          defaultUrl: `http://127.0.0.1:${s.port}`,
          module: s.module,
          language: s.language,
          units: gatewayUnitsFromIr(translated.get(s.name)!.module, s.units, s.holds),
        })),
      },
    }),
  );
  diagnostics.push(...gateway.diagnostics);
  if (hasErrors(gateway.diagnostics)) {
    throw new UserError('the gateway cannot be generated', 'the diagnostics name each call site; see docs/service-contract.md', gateway.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
  }
  for (const [path, text] of prefix(gateway.files, 'gateway')) tree.set(path, text);

  const states = new Map<string, StateKind>(
    input.plan.services.map((s) => [s.name, stateKindOf(isStatefulClass(serviceClass(s, translated.get(s.name)!.module)), s.store)]),
  );
  states.set(GATEWAY_NAME, stateKindOf(gateway.durable.length > 0, input.plan.gatewayStore));
  const system = systemModelFor(input.plan, input.systemName, gatewayBinary(input.monolithRoot), states);
  for (const [path, text] of renderDeployTree(system)) tree.set(path, text);

  const staticAnalysis = runStaticPass(input.monolithRoot);
  const systemFile: SystemFile = {
    schema: 1,
    system,
    entry: 'gateway',
    smoke: smokeRequestsFromRoutes(staticAnalysis.routes),
    monolith: relative(input.outputDir, input.monolithRoot).split('\\').join('/'),
    ...(input.analysisFile === undefined ? {} : { analysis: relative(input.outputDir, input.analysisFile).split('\\').join('/') }),
    // `dependencies` is what the gateway adds to the health answer (Redis and service status).
    parity: { volatile: [...volatileFieldNames(objectLiteralKeys(staticAnalysis.files.map((f) => join(input.monolithRoot, f)))), 'dependencies'] },
    plan: input.plan,
    generator: { seed: input.seed, ...(input.vectorCount === undefined ? {} : { vectors: input.vectorCount }) },
  };
  tree.set('pivot.system.json', `${JSON.stringify(systemFile, null, 2)}\n`);
  tree.set('README.md', renderTreeReadme(systemFile, diagnostics));
  for (const service of input.plan.services) {
    const path = `services/${service.name}/README.md`;
    if (!tree.has(path)) tree.set(path, renderServiceReadme(service));
  }
  return { tree: new Map([...tree].sort(([a], [b]) => a.localeCompare(b))), diagnostics, system: systemFile };
}
