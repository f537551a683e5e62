/**
 * Drives HTTP load at a running server with autocannon, shaped by a workload: weights become
 * an interleaved request sequence, path placeholders are filled per request, bodies go as JSON,
 * the workload's headers (and the cookies of its login, sent first) go with every request.
 * Shared by the profile pass (load while 0x samples) and bench (same load on both systems).
 */
import autocannon from 'autocannon';
import { UserError } from '../errors.js';
import type { LoadSummary, Workload, WorkloadRequest } from '../analyze/types.js';
import { headersOf, logIn } from './login.js';
import { bodyHasPlaceholders, expandBody, expandPath, seededRng } from './workload.js';

/** Turns a path template such as `/api/product/{id:1-1000}` into a concrete path. */
export type PathFiller = (template: string) => string;

export interface LoadOptions {
  durationSeconds: number;
  /** Concurrent connections; default 10. */
  connections?: number;
  /** Fills path placeholders per request; default `expandPath` with a seeded generator. */
  fillPath?: PathFiller;
  /** Seed of the default filler, so the same load repeats exactly; default 1. */
  seed?: number;
  /** Per-request timeout in seconds; default 10. */
  timeoutSeconds?: number;
  /** Stops the load early (e.g. the server died); the summary covers what ran. */
  signal?: AbortSignal;
}

/** Longest request sequence built from weights; weights are scaled down to fit. */
const MAX_SEQUENCE = 100;

/**
 * Spreads requests by weight into one interleaved sequence (smooth weighted round-robin), so
 * every connection sees the mix rather than long runs of one request.
 */
export function weightedSequence(requests: readonly WorkloadRequest[]): WorkloadRequest[] {
  const usable = requests.filter((request) => request.weight > 0);
  if (usable.length === 0) return [];
  const counts = scaledCounts(usable.map((request) => request.weight));
  const total = counts.reduce((sum, count) => sum + count, 0);
  const current = counts.map(() => 0);
  const sequence: WorkloadRequest[] = [];
  for (let step = 0; step < total; step++) {
    let pick = 0;
    for (let i = 0; i < counts.length; i++) {
      current[i] = (current[i] ?? 0) + (counts[i] ?? 0);
      if ((current[i] ?? 0) > (current[pick] ?? 0)) pick = i;
    }
    current[pick] = (current[pick] ?? 0) - total;
    sequence.push(usable[pick] as WorkloadRequest);
  }
  return sequence;
}

/** Integer counts proportional to the weights, at least 1 each, summing to at most MAX_SEQUENCE where possible. */
function scaledCounts(weights: number[]): number[] {
  const min = Math.min(...weights);
  let counts = weights.map((weight) => Math.max(1, Math.round(weight / min)));
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum > MAX_SEQUENCE) {
    const scale = MAX_SEQUENCE / sum;
    counts = counts.map((count) => Math.max(1, Math.round(count * scale)));
  }
  const divisor = counts.reduce(gcd);
  return counts.map((count) => count / divisor);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

type AutocannonRequest = NonNullable<autocannon.Options['requests']>[number];

/** The autocannon request list for a workload: one entry per slot of the weighted sequence. */
export function autocannonRequests(workload: Workload, fillPath: PathFiller = seededFiller(1), bodySeed = 2): AutocannonRequest[] {
  const bodyRng = seededRng(bodySeed);
  return weightedSequence(workload.requests).map((request): AutocannonRequest => {
    const entry: AutocannonRequest = { method: request.method, path: fillPath(request.path) };
    const headers = headersOf(workload, request);
    if (Object.keys(headers).length > 0) entry.headers = headers;
    if (request.body !== undefined) entry.body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const bodyTemplate = typeof entry.body === 'string' && bodyHasPlaceholders(entry.body) ? entry.body : undefined;
    if (request.path.includes('{') || bodyTemplate) {
      const template = request.path;
      entry.setupRequest = (built) => ({
        ...built,
        path: fillPath(template),
        ...(bodyTemplate ? { body: expandBody(bodyTemplate, bodyRng) } : {}),
      });
    }
    return entry;
  });
}

/** `expandPath` driven by one seeded generator: a different value per request, the same run to run. */
export function seededFiller(seed: number): PathFiller {
  const rng = seededRng(seed);
  return (template) => expandPath(template, rng);
}

/** Runs the workload against `baseUrl` (e.g. `http://127.0.0.1:3000`) and summarises what happened. */
export async function driveLoad(baseUrl: string, workload: Workload, options: LoadOptions): Promise<LoadSummary> {
  const requests = autocannonRequests(await logIn(baseUrl, workload, options.timeoutSeconds), options.fillPath ?? seededFiller(options.seed ?? 1));
  if (requests.length === 0) {
    throw new UserError('the workload has no requests to send', 'give at least one request a positive weight in the workload file');
  }
  let stop = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: options.connections ?? 10,
        duration: options.durationSeconds,
        timeout: options.timeoutSeconds ?? 10,
        requests,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    stop = () => instance.stop();
  });
  const abort = () => stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    return summarise(await finished, options.durationSeconds);
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

function summarise(result: autocannon.Result, plannedSeconds: number): LoadSummary {
  const seconds = result.duration > 0 ? result.duration : plannedSeconds;
  return {
    durationSeconds: round(seconds, 2),
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / seconds, 1),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    latencyP50Ms: round(result.latency.p50, 2),
    latencyP99Ms: round(result.latency.p99, 2),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round((Number.isFinite(value) ? value : 0) * factor) / factor;
}
