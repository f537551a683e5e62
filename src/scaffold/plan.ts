import { basename } from 'node:path';
import type { Analysis, AnalysisUnit, StaticAnalysis } from '../analyze/types.js';
import { UserError } from '../errors.js';
import type { BuildProfile } from '../translate/api.js';
import type { HoldPlan, StateStore } from './services/holds.js';

/**
 * The plan (pure): which units of an analysis become which services. Planning is data in,
 * data out and tested in memory; applying it (translate, render, write) is a separate layer.
 */
export interface ServicePlan {
  /** Service name from the module's file name: `src/pricing.ts` → `pricing`. */
  name: string;
  language: 'rust' | 'go';
  port: number;
  /** The TS module, relative to the monolith root. */
  module: string;
  /** The units it serves: kernel entry functions, or one class. */
  units: string[];
  kind: 'function' | 'class';
  /** Unit ids, for messages. */
  ids: string[];
  /**
   * Where a stateful class keeps its log, which decides its deployment: 'embedded' (default) — a
   * journal on the service's own disk, one replica (StatefulSet + PVC); 'postgres' — STATE_URL
   * from a Secret, so it may scale (Deployment + HPA). Ignored for a stateless service.
   */
  store?: StateStore;
  /** Tentative calls of the class with their completion and compensation; inferred when absent. */
  holds?: HoldPlan[];
}

export interface Plan {
  services: ServicePlan[];
  gatewayPort: number;
  redisPort: number;
  profile: BuildProfile;
  /** Where the gateway keeps the state of the classes that stay in it; as `store` of a service. */
  gatewayStore?: StateStore;
}

export const GATEWAY_PORT = 8000;
export const FIRST_SERVICE_PORT = 8001;
export const REDIS_PORT = 6379;

/** Units a service must serve: the entries of each Rust kernel (not its inner functions), each class. */
export function entryUnits(units: AnalysisUnit[]): AnalysisUnit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const inner = new Set<string>();
  for (const u of units) {
    if (u.target === 'typescript') continue;
    for (const callee of u.calls) {
      const c = byId.get(callee);
      if (c && c.target === u.target && c.file === u.file) inner.add(callee);
    }
  }
  return units.filter((u) => u.target !== 'typescript' && u.kind !== 'method' && !inner.has(u.id));
}

/** Pure: group the recommendations by module into services with ports 8001, 8002, … (Rust first). */
export function planFromAnalysis(analysis: Analysis, options: { profile?: BuildProfile; only?: string[]; store?: StateStore } = {}): Plan {
  const entries = entryUnits(analysis.units).filter((u) => !options.only || options.only.includes(u.id));
  const groups = new Map<string, AnalysisUnit[]>();
  for (const u of entries) groups.set(`${u.target} ${u.file}`, [...(groups.get(`${u.target} ${u.file}`) ?? []), u]);
  const order = { rust: 0, go: 1 } as const;
  const services = [...groups.values()]
    .map((units): Omit<ServicePlan, 'port'> => {
      const first = units[0]!;
      const language = first.target as 'rust' | 'go';
      const classes = units.filter((u) => u.kind === 'class');
      if (classes.length > 1) {
        throw new UserError(
          `${first.file} has ${classes.length} classes recommended for ${language} (${classes.map((c) => c.name).join(', ')}); a service holds one stateful class`,
          'edit analysis.json so only one of them targets ' + language + ', or move the others to their own modules',
        );
      }
      return {
        name: basename(first.file).replace(/\.[cm]?[jt]sx?$/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase(),
        language,
        module: first.file,
        units: units.map((u) => u.name),
        ids: units.map((u) => u.id),
        kind: classes.length === 1 ? 'class' : 'function',
        // Only a class can hold state; the default (embedded) is left out of the plan.
        ...(classes.length === 1 && options.store === 'postgres' ? { store: options.store } : {}),
      };
    })
    .sort((a, b) => order[a.language] - order[b.language] || a.name.localeCompare(b.name));
  const names = new Set<string>();
  for (const s of services) {
    if (names.has(s.name)) s.name = `${s.name}-${s.language}`;
    names.add(s.name);
  }
  return {
    services: services.map((s, i) => ({ ...s, port: FIRST_SERVICE_PORT + i })),
    gatewayPort: GATEWAY_PORT,
    redisPort: REDIS_PORT,
    profile: options.profile ?? 'balanced',
    ...(options.store === 'postgres' ? { gatewayStore: options.store } : {}),
  };
}

/** A plan is only as good as the code it names: every unit must still exist where analysis saw it. */
export function assertPlanMatchesCode(plan: Plan, current: StaticAnalysis, analysisFile: string): void {
  const ids = new Set(current.units.map((u) => u.id));
  const missing = plan.services.flatMap((s) => s.ids).filter((id) => !ids.has(id));
  if (missing.length > 0) {
    throw new UserError(
      `${analysisFile} names ${missing.join(', ')}, which no longer exist${missing.length === 1 ? 's' : ''} in ${current.root}`,
      `the code changed since the analysis: run pivot analyze ${current.root} again, then evolve --plan`,
    );
  }
}

/** Response fields whose values depend on time or on the run, by the names people give them. */
const VOLATILE_NAME = /(?:^|_)(?:ms|millis|time|timestamp|duration|elapsed|uptime|served)$|(?:^|_)(?:created|updated|last_updated)(?:_at)?$|(?:At|Ms|Time|Timestamp|Updated|Served)$/;

/** Pure: the volatile fields parity should declare, found among the property names the monolith writes. */
export function volatileFieldNames(propertyNames: Iterable<string>): string[] {
  return [...new Set([...propertyNames].filter((n) => VOLATILE_NAME.test(n)))].sort();
}
