/**
 * What the gateway generator needs to know about the extracted units — a plain model, so tests
 * build it by hand and the CLI fills it from the translator's IR (`gatewayUnitsFromIr`).
 */
import type { ClassDecl, FunctionDecl, IrModule } from '../../translate/ir.js';
import { resolveHolds, type HoldPlan, type ResolvedHold } from '../services/holds.js';

export interface GatewayPlan {
  /** Absolute path of the monolith root (its package.json and tsconfig.json). */
  root: string;
  services: ExtractedService[];
  /** Runtime folder inside the gateway, relative to root; default `<tsconfig rootDir or src>/pivot`. */
  runtimeDir?: string;
  /** The monolith's liveness route, which the gateway extends with dependency status. */
  healthPath?: string;
}

export interface ExtractedService {
  /** Service name: `pricing`. Also the name of its client in `<runtimeDir>/clients.ts`. */
  name: string;
  /** Environment variable holding its base URL: `PRICING_URL`. */
  envVar: string;
  /** URL used when the variable is unset; `http://127.0.0.1:<port>`. */
  defaultUrl: string;
  /** The TS module the units came from, relative to root: `src/pricing.ts`. */
  module: string;
  /** What serves it now, for the README. */
  language?: 'rust' | 'go' | 'typescript';
  units: ExtractedUnit[];
}

export type ExtractedUnit = ExtractedFunction | ExtractedClass;

export interface ExtractedFunction {
  kind: 'function';
  name: string;
  /** Parameter names in order; the request body has one property per name. */
  params: string[];
  /** Safe to send twice: retried on connection failures, timeouts and 5xx. */
  idempotent: boolean;
  /** Same arguments, same result (a pure, deterministic function): cached in Redis. */
  cacheable: boolean;
  throws: boolean;
}

export interface ExtractedMethod {
  name: string;
  params: string[];
  /** Does not mutate the instance (`mutates: false` in the IR). */
  idempotent: boolean;
  throws: boolean;
  /** A `get name()` accessor: `GET /api/<name>`. */
  getter: boolean;
}

export interface ExtractedClass {
  kind: 'class';
  name: string;
  constructorParams: string[];
  /** The public methods and getters; private ones stay inside the service. */
  methods: ExtractedMethod[];
  /** Tentative methods and what completes / compensates them (declared in the plan, or inferred; services/holds.ts). */
  holds?: ResolvedHold[];
}

/**
 * `quotePrice` → `quote-price`, `getHTTPStatus` → `get-http-status`, `load_all$` → `load-all`:
 * the one spelling of a name in URL paths and generated directory names.
 */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** The contract's path of a unit (docs/service-contract.md, "Endpoints"). */
export function contractPath(service: ExtractedService, unit: ExtractedUnit, method?: ExtractedMethod): string {
  if (unit.kind === 'function' || method === undefined) return `/api/${kebabCase(unit.name)}`;
  const classes = service.units.filter((u) => u.kind === 'class').length;
  return classes > 1 ? `/api/${kebabCase(unit.name)}/${kebabCase(method.name)}` : `/api/${kebabCase(method.name)}`;
}

/**
 * The units named in `names` (all entry points of the module when empty), read from the IR:
 * functions are pure by construction (the translator refuses shared-state writes), so they are
 * idempotent, and cacheable unless they read the clock or Math.random; methods are idempotent
 * when they do not mutate the instance.
 */
export function gatewayUnitsFromIr(module: IrModule, names: string[] = module.entryPoints, declaredHolds?: HoldPlan[]): ExtractedUnit[] {
  const units: ExtractedUnit[] = [];
  for (const name of names) {
    const fn = module.functions.find((f) => f.name === name);
    if (fn) units.push(functionUnit(fn));
    const cls = module.classes.find((c) => c.name === name);
    if (cls) units.push(classUnit(module, cls, declaredHolds));
  }
  return units;
}

function functionUnit(fn: FunctionDecl): ExtractedFunction {
  return {
    kind: 'function',
    name: fn.name,
    params: fn.params.map((p) => p.name),
    idempotent: true,
    cacheable: !fn.nondeterministic,
    throws: fn.throws,
  };
}

function classUnit(module: IrModule, cls: ClassDecl, declaredHolds: HoldPlan[] | undefined): ExtractedClass {
  return {
    holds: resolveHolds(module, cls, declaredHolds, cls.name),
    kind: 'class',
    name: cls.name,
    constructorParams: cls.constructorParams.map((p) => p.name),
    methods: cls.methods
      .filter((m) => m.visibility === 'public')
      .map((m) => ({ name: m.name, params: m.params.map((p) => p.name), idempotent: !m.mutates, throws: m.throws, getter: m.isGetter })),
  };
}
