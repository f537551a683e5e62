/**
 * Contracts between the analyze stages: static pass → profile pass → classify → report.
 * Paths in these objects are POSIX paths relative to the analysed project's root.
 */

export type UnitKind = 'function' | 'class' | 'method';

export interface UnitFeatures {
  /** Deepest nesting of for/while/do/for-of/for-in loops (and array iteration callbacks). */
  loopDepth: number;
  loops: number;
  /** Arithmetic, comparison-free numeric operators (+ - * / % ** and compound forms, ++/--). */
  numericOps: number;
  /** Calls to Math.* functions. */
  mathCalls: number;
  /** Object/array literals, `new` expressions, closures, spreads. */
  allocations: number;
  isAsync: boolean;
  awaits: number;
  /** Promise constructions, .then/.catch chains, Promise.all/race/allSettled. */
  promiseOps: number;
  /** I/O APIs called, by name: e.g. `fs.readFile`, `fetch`, `http.request`, `redis.get`. */
  ioCalls: string[];
  /** Reads and writes of module-level `let`/`var` bindings or mutable containers, and `this.*` fields. */
  sharedStateReads: number;
  sharedStateWrites: number;
  /** Call expressions of any kind. */
  calls: number;
  statements: number;
  lines: number;
}

export interface StaticUnit {
  /** `file#name`; methods are `file#Class.method`. */
  id: string;
  file: string;
  name: string;
  kind: UnitKind;
  line: number;
  column: number;
  endLine: number;
  exported: boolean;
  /** For a method: the id of its class. */
  parent?: string;
  features: UnitFeatures;
  /** Call-graph edges: ids of project units this unit calls directly. */
  calls: string[];
  /** True when the unit is (or is passed as) an HTTP route handler. */
  isRouteHandler: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The framework a route was declared with (`tinyhttp` is @tinyhttp/app, `koa` includes @koa/router, `nest` NestJS). */
export type RouteFramework = 'fastify' | 'express' | 'koa' | 'tinyhttp' | 'polka' | 'hono' | 'nest' | 'node:http';

export interface DiscoveredRoute {
  method: HttpMethod;
  /** Path as registered, e.g. `/api/product/:id`. */
  path: string;
  framework: RouteFramework;
  file: string;
  line: number;
  /** Unit id of the handler when it is a named unit. */
  handler?: string;
  /** fastify `schema.body`, when declared as a literal the static pass could evaluate. */
  bodySchema?: unknown;
}

export interface SourceProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface StaticAnalysis {
  /** Absolute path of the project root. */
  root: string;
  files: string[];
  lines: number;
  units: StaticUnit[];
  routes: DiscoveredRoute[];
  /** The web frameworks the project's files import (node:http when it serves requests with it). */
  frameworks: RouteFramework[];
  /** Syntax errors; the static pass refuses to go on when there are any. */
  problems: SourceProblem[];
}

/** One request shape of a workload, from a workload file or generated from routes. */
export interface WorkloadRequest {
  method: HttpMethod;
  /** Concrete path, e.g. `/api/product/123`; `{id}` placeholders are filled per request. */
  path: string;
  body?: unknown;
  /** Relative weight; the load is split by weight. */
  weight: number;
  /** Sent with this request, over the workload's own headers. */
  headers?: Record<string, string>;
}

/** A request sent once before the load; the cookies it sets go with every load request. */
export interface WorkloadLogin {
  method: HttpMethod;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Workload {
  source: 'routes' | 'file';
  requests: WorkloadRequest[];
  /** Sent with every request (e.g. `authorization`). */
  headers?: Record<string, string>;
  login?: WorkloadLogin;
}

export interface LoadSummary {
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface UnitProfile {
  /** Samples whose innermost project frame is this unit (builtins it calls count as its own). */
  selfSamples: number;
  /** Samples with this unit anywhere on the stack (counted once per sample). */
  totalSamples: number;
}

/** A profiled project function at its (source-mapped) position. */
export interface ProfiledFunction {
  name: string;
  file: string;
  line: number;
  column: number;
  /** Id of the innermost unit that contains the function, if any. */
  unit?: string;
  selfSamples: number;
  totalSamples: number;
}

/** A node_modules package that ran innermost in project samples, and the units that called it. */
export interface PackageProfile {
  /** npm name, `@scope/name` for scoped packages. */
  name: string;
  samples: number;
  /** The innermost project unit under each of those samples (`(outside every unit)` when none), most first. */
  callers: { unit: string; samples: number }[];
}

/** A native library a service would use in place of a JS package (data/native-equivalents.json). */
export interface NativeEquivalent {
  /** What the package does, in a few words. */
  what: string;
  /** Rust crate on crates.io. */
  rust: string;
  /** Go module or standard-library package. */
  go: string;
  note?: string;
}

/** A hot dependency in analysis.json: its share of project samples and the native equivalent, if pivot knows one. */
export interface HotDependency extends PackageProfile {
  /** Of project samples. */
  share: number;
  /** null: pivot's table has no entry for it. */
  native: NativeEquivalent | null;
}

/** Which profiler ran, and why it was chosen. */
export interface CollectorInfo {
  name: '0x' | 'cpu-prof';
  reason: string;
}

/** A node process or thread the cpu-prof collector saw. */
export interface ProfiledProcess {
  pid: number;
  threadId: number;
  role: 'process' | 'cluster-worker' | 'worker-thread';
  /** Its argv, shortened: `node dist/main.js`. */
  command: string;
  samples: number;
  /** Workload samples (not module loading) with a project frame. */
  projectSamples: number;
  /** merged: its samples are in the profile; not-project: it ran none of the project's code (npm, a CLI wrapper); lost: it wrote no profile (killed, or crashed). */
  state: 'merged' | 'not-project' | 'lost';
  /** File name of its .cpuprofile in the profile folder. */
  profile?: string;
  note?: string;
}

/** Where project samples could not be given to a unit. */
export interface UnattributedSpot {
  /** POSIX path relative to the root: the TS file when the frame was mapped, else the JS file. */
  file: string;
  name: string;
  line: number;
  samples: number;
}

/** How well the profile could be attributed to the project's units. */
export interface AttributionSummary {
  /** Workload samples whose innermost JS frame (not builtin, not node:internal) is the project's, not node_modules. */
  ownSamples: number;
  /** Of those, the ones no unit contains. */
  ownUnattributed: number;
  /** Project samples by how their innermost project frame was located. */
  via: { sourceMap: number; name: number; position: number };
  /** The innermost project functions of most unattributed project samples, highest first (at most 5). */
  unattributedTop: UnattributedSpot[];
}

export interface ProfileResult {
  /** Samples taken while the process ran user code or idle, as 0x reported them. */
  totalSamples: number;
  /** Samples whose stack contains at least one project frame. */
  projectSamples: number;
  byUnit: Record<string, UnitProfile>;
  /** Project frames that source maps resolved to a TS position but no unit contained. */
  unattributedSamples: number;
  /** Which profiler ran (profileProject always says; absent means 0x). */
  collector?: CollectorInfo;
  /** 0x's flamegraph (absolute path); absent when the cpu-prof collector ran. */
  flamegraphHtml?: string;
  /** 0x's ticks.json (absolute path). */
  ticksFile?: string;
  /** The cpu-prof collector's .cpuprofile files (absolute paths), one per process or thread merged. */
  cpuProfiles?: string[];
  /** The cpu-prof collector's processes and threads, merged or not. */
  processes?: ProfiledProcess[];
  load: LoadSummary;
  /** What ran: the entry relative to the root, or the start command. */
  entry: string;
  /** True when frames were mapped back through source maps. */
  sourceMapped: boolean;
  attribution?: AttributionSummary;
  /** Samples taken while the monolith loaded its modules: in totalSamples, attributed to nothing. */
  startupSamples?: number;
  /** Samples under load that ran JavaScript or builtins (not idle): the base of a store's share of the process's work. */
  busySamples?: number;
  /** Project samples whose running function V8 had inlined into its caller (recovered from the program counter). */
  inlinedSamples?: number;
  /** The hottest project functions by self samples (at most 50). */
  functions?: ProfiledFunction[];
  /** node_modules packages that ran innermost in project samples, most first. */
  packages?: PackageProfile[];
}

export type WorkloadClass = 'compute-bound' | 'concurrency-bound' | 'io-bound' | 'orchestration';
export type Target = 'rust' | 'go' | 'typescript';

/** recommended: a profile shows the work outweighs the hop; candidate: no profile to show it; stays: in TypeScript, with the reason. */
export type Advice = 'recommended' | 'candidate' | 'stays';

/** What a recommendation (or a refusal) rests on: measured work per call against the hop it would add. */
export interface Evidence {
  /** Requests the workload completed while profiling. */
  requests: number;
  sampleIntervalUs: number;
  /** Self samples × interval / calls. */
  selfUsPerCall: number;
  /** Total samples (the unit and what it calls, which moves with it) × interval / calls. */
  totalUsPerCall: number;
  callsPerRequest: number;
  /** A sampling profile counts no calls, so pivot assumes them. */
  callsPerRequestSource: 'assumed';
  hopCostUs: number;
  hopCostSource: string;
  /** Calls per request × hop cost. */
  hopUsPerRequest: number;
  /** True when the work per request is more than the hop per request. */
  outweighs: boolean;
  /** state: a stateful store recommended for its state although the hop outweighs its work. */
  basis?: 'state';
  /** With basis state: the store's total samples over the busy samples under load (idle and start-up excluded). */
  workloadShare?: number;
}

export interface Recommendation {
  workloadClass: WorkloadClass;
  target: Target;
  advice: Advice;
  /** Present with a profile, for the units that were weighed (see evidence.ts). */
  evidence?: Evidence;
  reason: string;
  confidence: number;
  /** Expected per-call speed-up of the unit in its target language (an assumption, stated). */
  assumedSpeedup: number;
  /** Predicted end-to-end throughput factor for extracting the unit (Amdahl), 1 = no gain. */
  predictedGain: number;
}

export interface AnalysisUnit extends Recommendation {
  id: string;
  file: string;
  name: string;
  kind: UnitKind;
  line: number;
  column: number;
  endLine: number;
  exported: boolean;
  parent?: string;
  selfShare: number;
  totalShare: number;
  selfSamples: number;
  totalSamples: number;
  features: UnitFeatures;
  calls: string[];
  isRouteHandler: boolean;
}

export interface Verdict {
  given: boolean;
  /** Why not, with the numbers. */
  reason?: string;
  /** How to get one. */
  hint?: string;
}

export interface Analysis {
  schema: 1;
  tool: { name: 'pivot'; version: string };
  createdAt: string;
  project: { root: string; files: number; lines: number };
  profile: null | {
    entry: string;
    totalSamples: number;
    projectSamples: number;
    unattributedSamples: number;
    sourceMapped: boolean;
    collector?: CollectorInfo;
    /** 0x's flamegraph, relative to analysis.json; absent with the cpu-prof collector. */
    flamegraph?: string;
    /** The merged .cpuprofile files, relative to analysis.json (cpu-prof collector). */
    cpuProfiles?: string[];
    processes?: ProfiledProcess[];
    attribution?: AttributionSummary;
    /** Packages with at least HOT_DEPENDENCY_SHARE of project samples, hottest first. */
    dependencies?: HotDependency[];
    /** Withheld when too many project samples could not be attributed: the units' targets are then not advice. */
    verdict?: Verdict;
    load: LoadSummary;
    workload: Workload;
  };
  routes: DiscoveredRoute[];
  units: AnalysisUnit[];
}
