/**
 * One measured run (closed loop or fixed rate) with /proc sampling around it, and the summary
 * of a point's runs: median, min–max spread, merged percentile curve, validity.
 */
import type { Workload } from '../../analyze/types.js';
import { runClosedLoop } from './closed.js';
import { withCpuPerRequest } from './cpu.js';
import { DRAIN_SECONDS, levelLabel } from './plan.js';
import { httpSender, runOpenLoop } from './rate.js';
import { logIn } from '../../workload/login.js';
import { ResourceSampler } from './resources.js';
import { LatencyHistogram, round, spreadOf } from './stats.js';
import type { BenchSettings, PointKind, PointResult, ResourceUsage, RunResult } from './types.js';

/** A run with more failed requests than this share is invalid. */
export const MAX_ERROR_RATE = 0.01;
/** A fixed-rate run that completes less than this share of its schedule could not keep up. */
const KEPT_UP = 0.95;

export interface Sampled {
  /** Leader pids to sample, read at each sample (a restarted service has a new pid). */
  pids(): number[];
  nameOf(pid: number): string | undefined;
}

export interface MeasureInput {
  url: string;
  workload: Workload;
  settings: BenchSettings;
  sampled: Sampled;
  run: number;
  /** Fixed rate in requests per second; absent for the closed loop. */
  rate?: number;
  signal?: AbortSignal;
}

/** A run's result plus its histogram, kept in memory to merge the point's curve. */
export interface Measured {
  result: RunResult;
  histogram: LatencyHistogram;
}

type RawRun = Omit<RunResult, 'resources' | 'cpuSecondsPer1kRequests' | 'loadGeneratorCpuSeconds' | 'valid' | 'problems' | 'notes' | 'curve'> & {
  histogram: LatencyHistogram;
  /** Requests that went out: the denominator of the error rate. */
  attempted: number;
  firstError?: string;
};

async function closedRun(input: MeasureInput): Promise<RawRun> {
  const { settings } = input;
  const r = await runClosedLoop(input.url, input.workload, {
    durationSeconds: settings.durationSeconds, connections: settings.connections, timeoutSeconds: settings.timeoutSeconds, seed: input.run, signal: input.signal,
  });
  return {
    run: input.run, durationSeconds: round(r.durationSeconds, 3), requests: r.completed, requestsPerSecond: round(r.completed / r.durationSeconds, 1),
    errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, status5xx: r.status5xx, latency: r.latency.summary(), histogram: r.latency,
    attempted: r.completed + r.errors - r.status5xx, ...(r.firstError === undefined ? {} : { firstError: r.firstError }),
  };
}

async function rateRun(input: MeasureInput, rate: number): Promise<RawRun> {
  const { settings } = input;
  const sender = httpSender(input.url, input.workload, { connections: settings.maxOutstanding, timeoutSeconds: settings.timeoutSeconds, seed: input.run });
  try {
    const r = await runOpenLoop(sender.send, {
      ratePerSecond: rate, durationSeconds: settings.durationSeconds, maxOutstanding: settings.maxOutstanding,
      drainMs: Math.min(settings.timeoutSeconds, DRAIN_SECONDS) * 1000, signal: input.signal,
    });
    return {
      run: input.run, durationSeconds: round(r.durationSeconds, 3), requests: r.completed, requestsPerSecond: round(r.completed / Math.max(r.durationSeconds, 1e-3), 1),
      errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, status5xx: r.status5xx, offeredRps: rate, unsent: r.unsent,
      latency: r.corrected.summary(), uncorrected: r.uncorrected.summary(), sendLagP99Ms: round(r.sendLag.percentile(99), 3),
      histogram: r.corrected, attempted: r.sent, ...(r.firstError === undefined ? {} : { firstError: r.firstError }),
    };
  } finally {
    await sender.close();
  }
}

export async function measureRun(input: MeasureInput): Promise<Measured> {
  const { settings } = input;
  const sampler = new ResourceSampler(() => input.sampled.pids(), (pid) => input.sampled.nameOf(pid), settings.sampleIntervalMs);
  const cpuBefore = process.cpuUsage();
  sampler.start();
  let measured: RawRun;
  let resources: ResourceUsage;
  try {
    const loggedIn = { ...input, workload: await logIn(input.url, input.workload, settings.timeoutSeconds) };
    measured = input.rate === undefined ? await closedRun(loggedIn) : await rateRun(loggedIn, input.rate);
  } finally {
    resources = sampler.stop();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const { histogram, attempted, firstError, ...figures } = measured;
  const problems: string[] = [];
  const notes: string[] = [];
  const failed = attempted > 0 ? figures.errors / attempted : 1;
  if (figures.requests === 0) problems.push(`no request was answered${firstError ? ` (${firstError})` : ''}`);
  else if (failed > MAX_ERROR_RATE) {
    problems.push(`${(failed * 100).toFixed(1)} % of requests failed (${figures.errors} of ${attempted}: ${figures.timeouts} timeouts, ${figures.status5xx} answered 5xx)${firstError ? `; first: ${firstError}` : ''}`);
  }
  const clientErrors = figures.non2xx - figures.status5xx;
  if (figures.requests > 0 && clientErrors / figures.requests > MAX_ERROR_RATE) {
    notes.push(`${((clientErrors / figures.requests) * 100).toFixed(1)} % of answers were not 2xx (${clientErrors}); the mix may ask for what the system refuses (e.g. out of stock)`);
  }
  const overloaded = input.rate !== undefined && ((figures.unsent ?? 0) > 0 || figures.requests < KEPT_UP * input.rate * settings.durationSeconds);
  if (overloaded) {
    notes.push(`could not keep up with ${input.rate} req/s: ${figures.requests} answered, ${figures.unsent} never sent (over ${settings.maxOutstanding} in flight)`);
  }
  return {
    histogram,
    result: {
      ...figures,
      ...(input.rate === undefined ? {} : { overloaded }),
      resources: { ...resources, processes: withCpuPerRequest(resources.processes, figures.requests, figures.durationSeconds) },
      cpuSecondsPer1kRequests: figures.requests > 0 ? round((resources.cpuSeconds / figures.requests) * 1000, 4) : 0,
      loadGeneratorCpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
      curve: histogram.curve(),
      valid: problems.length === 0,
      problems,
      notes,
    },
  };
}

/** Pure: a point from its runs. */
export function summarisePoint(kind: PointKind, level: number | null, offeredRps: number | null, runs: Measured[]): PointResult {
  const results = runs.map((r) => r.result);
  const pick = (f: (r: RunResult) => number, digits = 3) => spreadOf(results.map(f), digits);
  const summary = {
    rps: pick((r) => r.requestsPerSecond, 1),
    p50: pick((r) => r.latency.p50),
    p95: pick((r) => r.latency.p95),
    p99: pick((r) => r.latency.p99),
    p999: pick((r) => r.latency.p999),
    cpuSeconds: pick((r) => r.resources.cpuSeconds, 2),
    cpuSecondsPer1kRequests: pick((r) => r.cpuSecondsPer1kRequests, 4),
    rssPeakMb: pick((r) => r.resources.rssPeakMb, 1),
    rssMeanMb: pick((r) => r.resources.rssMeanMb, 1),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
  const watched: [string, keyof typeof summary][] = [['throughput', 'rps'], ['p50', 'p50'], ['p99', 'p99'], ['CPU per 1k requests', 'cpuSecondsPer1kRequests'], ['peak RSS', 'rssPeakMb']];
  const merged = new LatencyHistogram();
  for (const r of runs) merged.merge(r.histogram);
  return {
    kind,
    label: level === null ? 'max' : levelLabel(level),
    level,
    offeredRps,
    runs: results,
    summary,
    curve: merged.curve(),
    wideSpread: watched.filter(([, key]) => (summary[key] as { wide?: boolean }).wide === true).map(([name, key]) => `${name} ±${(summary[key] as { spreadPct: number }).spreadPct} %`),
    saturated: results.some((r) => r.overloaded === true),
    valid: results.length > 0 && results.every((r) => r.valid),
  };
}
