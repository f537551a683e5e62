/**
 * The bench data model: what a system under test is (BenchTarget), what one measured run
 * holds, and bench.json (BenchReport). Latencies are milliseconds, memory MiB, CPU seconds.
 */
import type { Workload } from '../../analyze/types.js';
import type { RunningSystem } from '../supervisor.js';
import type { ServiceSpec } from '../spec.js';
import type { MachineInfo } from './machine.js';

/**
 * One service answering on its own, next to the gateway request that reaches it: the pair
 * is loaded at the same fixed rate, and the difference in latency is the gateway hop.
 */
export interface DirectEndpoint {
  /** The service's name, e.g. 'pricing'. */
  service: string;
  /** Its own base URL, e.g. http://127.0.0.1:8001. */
  url: string;
  /** Requests the service answers itself, e.g. GET /price/{id:1-1000}. */
  direct: Workload;
  /** The requests through the entry URL that reach it, e.g. GET /api/product/{id:1-1000}. */
  viaGateway: Workload;
}

/** A system under test: processes the supervisor starts, and the URL the load goes to. */
export interface BenchTarget {
  /** 'monolith', 'monolith-cluster' or 'polyglot' in reports. */
  name: string;
  /** baseline: what gains are against; candidate: the polyglot system; alternative: what a user would pick instead. */
  role: 'baseline' | 'candidate' | 'alternative';
  services: ServiceSpec[];
  /** Entry URL the mix is sent to, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Leaders whose process trees are sampled from /proc; default every service's pid. */
  processesToSample?(system: RunningSystem): number[];
  /** Services a bench may also hit directly; none (the monolith) makes those figures n/a. */
  direct?: DirectEndpoint[];
  /**
   * Set when each process keeps its own copy of the in-memory state (a cluster's workers): with
   * a mix that changes state, its answers are not those of the single monolith. Says why.
   */
  statePerProcess?: string;
}

/** Latency percentiles of one run (or a merged histogram), milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** A point of a percentile curve: percentile (e.g. 99.9) and latency in ms. */
export type CurvePoint = [percentile: number, ms: number];

export interface ProcessUsage {
  pid: number;
  /** The service it belongs to, or the command name for a child it started. */
  name: string;
  cpuSeconds: number;
  rssPeakMb: number;
  rssMeanMb: number;
  /** CPU seconds over the run's wall time: 1 is one core kept busy. */
  cores?: number;
  /** This process's CPU milliseconds per request answered by the system. */
  cpuMsPerRequest?: number;
}

export interface ResourceUsage {
  samples: number;
  intervalMs: number;
  processes: ProcessUsage[];
  cpuSeconds: number;
  /** Peak and mean of the summed RSS of every sampled process. */
  rssPeakMb: number;
  rssMeanMb: number;
}

export type PointKind = 'closed' | 'rate';

export interface RunResult {
  run: number;
  durationSeconds: number;
  /** Responses received (any status). */
  requests: number;
  requestsPerSecond: number;
  /** Transport errors plus timeouts plus 5xx answers: what makes a run invalid above 1 %. */
  errors: number;
  timeouts: number;
  non2xx: number;
  status5xx: number;
  /** Fixed rate: the offered load, and requests never sent because too many were outstanding. */
  offeredRps?: number;
  unsent?: number;
  /** Fixed rate only: the system did not keep up with the offered rate. */
  overloaded?: boolean;
  /** Fixed rate: latency from the intended send time (corrected); closed loop: from the actual send. */
  latency: LatencyPercentiles;
  /** Fixed rate only: latency from the actual send, what an uncorrected tool would report. */
  uncorrected?: LatencyPercentiles;
  /** Fixed rate only: p99 of how late requests left against their schedule (driver lag plus back-pressure). */
  sendLagP99Ms?: number;
  resources: ResourceUsage;
  cpuSecondsPer1kRequests: number;
  /** CPU the load generator itself used (shares the machine with the system). */
  loadGeneratorCpuSeconds: number;
  curve: CurvePoint[];
  valid: boolean;
  /** What makes the run invalid (errors above 1 %, nothing answered). */
  problems: string[];
  /** Worth knowing, not invalidating (4xx answers, could not keep up with the rate). */
  notes: string[];
}

/** Median of the runs with their min–max spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, in percent; 0 with one run. */
  spreadPct: number;
  wide: boolean;
}

export interface PointSummary {
  rps: Spread;
  p50: Spread;
  p95: Spread;
  p99: Spread;
  p999: Spread;
  cpuSeconds: Spread;
  cpuSecondsPer1kRequests: Spread;
  rssPeakMb: Spread;
  rssMeanMb: Spread;
  errors: number;
  non2xx: number;
}

export interface PointResult {
  kind: PointKind;
  /** 'max' for the closed loop, '75%' for a fixed rate at 75 % of the baseline's max. */
  label: string;
  /** Fraction of the baseline's max throughput; null for the closed loop. */
  level: number | null;
  offeredRps: number | null;
  runs: RunResult[];
  summary: PointSummary;
  /** Percentile curve of every run's latencies merged. */
  curve: CurvePoint[];
  /** Figures whose spread over the runs is wide (> 15 %). */
  wideSpread: string[];
  /** True when the system could not keep up with the offered rate. */
  saturated: boolean;
  valid: boolean;
}

export interface DirectResult {
  service: string;
  offeredRps: number;
  direct: PointResult;
  viaGateway: PointResult;
  /** Median p50 / p99 through the gateway minus the same figure hitting the service directly. */
  addedP50Ms: number;
  addedP99Ms: number;
}

/** The process that limits a system's maximum throughput, judged from its CPU at max load. */
export interface Bottleneck {
  /** The busiest process, e.g. 'monolith' or 'polyglot/gateway'. */
  process: string | null;
  pid: number | null;
  /** Its CPU at max load, in cores (CPU seconds / run seconds). */
  cores: number;
  /** Its share of the system's CPU at max load, 0–1. */
  share: number;
  /** Every process of the system together, in cores, and the load generator's own. */
  systemCores: number;
  loadGeneratorCores: number;
  /** 'process': one process near a full core; 'machine': the cores are used up; 'not-cpu': neither. */
  kind: 'process' | 'machine' | 'not-cpu';
  verdict: string;
}

export interface SystemResult {
  name: string;
  role: BenchTarget['role'];
  url: string;
  services: { name: string; command: string; pid: number }[];
  points: PointResult[];
  /** null: the target declares no direct endpoints, so the figures are n/a. */
  direct: DirectResult[] | null;
  /** From the closed-loop run with the median throughput; null when there is none. */
  bottleneck: Bottleneck | null;
  /** Set when the mix changes state and the system keeps it per process: why its answers differ. */
  notEquivalent?: string;
  /** Set when the system failed to start or died during the bench. */
  failure?: string;
  /** The failing service's last lines, the hint. */
  failureDetails?: string[];
  valid: boolean;
}

export interface GainComparison {
  /** How the per-unit gains of analysis.json were combined. */
  rule: string;
  predicted: number | null;
  units: { id: string; target: string; share: number; speedup: number; gain: number }[];
  measured: number | null;
  /** (predicted − measured) / measured × 100. */
  errorPct: number | null;
  /** CPU per request, candidate / baseline at max load: predicted 1 / predicted gain (Amdahl on CPU time). */
  predictedCpuPerRequest: number | null;
  measuredCpuPerRequest: number | null;
  cpuErrorPct: number | null;
  source: string | null;
  note?: string;
}

export interface BenchSettings {
  mix: string;
  workload: Workload;
  /** The mix changes state (orders reserve stock): answers depend on where the state lives. */
  changesState: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  runs: number;
  connections: number;
  levels: number[];
  maxOutstanding: number;
  timeoutSeconds: number;
  sampleIntervalMs: number;
}

export interface BenchReport {
  schema: 1;
  tool: { name: 'pivot'; version: string };
  createdAt: string;
  machine: MachineInfo;
  settings: BenchSettings;
  /** How fixed-rate latencies are corrected for coordinated omission. */
  method: string;
  /** Median closed-loop throughput of the baseline: what the rate levels are fractions of. */
  baselineMaxRps: number | null;
  systems: SystemResult[];
  comparison: GainComparison;
  valid: boolean;
  problems: string[];
  notes: string[];
}
