/**
 * Fixed-rate (open-loop) load with coordinated-omission correction.
 *
 * Request i is due at start + i / rate, whatever happened to the requests before it. Its
 * latency is measured from that intended time, not from when it actually left: when the
 * server stalls, requests queue up behind the stall (in this driver, because at most
 * `maxOutstanding` are in flight) and their wait counts, as it would for real users arriving
 * at that rate. The latency from the actual send is kept too, as the uncorrected figure a
 * closed-loop tool would report. This is wrk2's method; autocannon's own `overallRate` sends
 * each connection's per-second budget in a burst and back-fills with an expected interval of
 * ceil(1 / rate) ms (seconds taken for milliseconds), so it is not used for these runs.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { HttpMethod, Workload } from '../../analyze/types.js';
import { weightedSequence } from '../../workload/load.js';
import { headersOf } from '../../workload/login.js';
import { bodyHasPlaceholders, expandBody, expandPath, seededRng } from '../../workload/workload.js';
import { LatencyHistogram } from './stats.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export type SendResult = { status: number } | { error: 'timeout' | 'transport'; message: string };

/** Sends request number `index`; resolves when the whole response has been read. */
export type Sender = (index: number, signal: AbortSignal) => Promise<SendResult>;

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationSeconds: number;
  /** In-flight bound: beyond it, due requests wait (and their wait is counted). */
  maxOutstanding: number;
  /** How long requests still in flight when the schedule ends get before they count as timeouts. */
  drainMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

export interface OpenLoopResult {
  /** Requests the schedule called for. */
  scheduled: number;
  sent: number;
  completed: number;
  /** Due but never sent: the in-flight bound was reached until the schedule ended. */
  unsent: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  status5xx: number;
  /** Intended send time → response read. */
  corrected: LatencyHistogram;
  /** Actual send time → response read. */
  uncorrected: LatencyHistogram;
  /** Actual send time − intended send time. */
  sendLag: LatencyHistogram;
  durationSeconds: number;
  firstError?: string;
}

/** Requests due by `elapsedMs` into the schedule (request i is due at i / rate). */
export function dueBy(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerSecond) / 1000) + 1);
}

export async function runOpenLoop(send: Sender, options: OpenLoopOptions): Promise<OpenLoopResult> {
  const clock = options.clock ?? realClock;
  const rate = options.ratePerSecond;
  const durationMs = options.durationSeconds * 1000;
  const total = Math.max(1, Math.round(rate * options.durationSeconds));
  const intervalMs = 1000 / rate;
  const inFlight = new AbortController();
  // Every in-flight request listens on it; hundreds at once are expected, not a leak.
  setMaxListeners(0, inFlight.signal);
  const result: OpenLoopResult = {
    scheduled: total, sent: 0, completed: 0, unsent: 0, errors: 0, timeouts: 0, non2xx: 0, status5xx: 0,
    corrected: new LatencyHistogram(), uncorrected: new LatencyHistogram(), sendLag: new LatencyHistogram(), durationSeconds: 0,
  };
  let outstanding = 0;
  let draining = true;
  let lastDoneAt = 0;
  let wake: () => void = () => undefined;
  const woken = () => new Promise<void>((resolve) => (wake = resolve));

  const start = clock.now();
  const dispatch = (index: number) => {
    const intended = start + index * intervalMs;
    const sentAt = clock.now();
    outstanding++;
    result.sent++;
    result.sendLag.record(sentAt - intended);
    void send(index, inFlight.signal).then(
      (outcome) => finish(outcome, intended, sentAt),
      (error: unknown) => finish({ error: 'transport', message: String(error) }, intended, sentAt),
    );
  };
  const finish = (outcome: SendResult, intended: number, sentAt: number) => {
    if (!draining) return;
    outstanding--;
    const doneAt = clock.now();
    lastDoneAt = Math.max(lastDoneAt, doneAt);
    if ('error' in outcome) {
      result.errors++;
      if (outcome.error === 'timeout') result.timeouts++;
      result.firstError ??= outcome.message;
    } else {
      result.completed++;
      if (outcome.status < 200 || outcome.status > 299) result.non2xx++;
      if (outcome.status >= 500) {
        result.status5xx++;
        result.errors++;
      }
      result.corrected.record(doneAt - intended);
      result.uncorrected.record(doneAt - sentAt);
    }
    wake();
  };

  let next = 0;
  while (next < total && !options.signal?.aborted) {
    const elapsed = clock.now() - start;
    const due = dueBy(elapsed, rate, total);
    while (next < due && outstanding < options.maxOutstanding) dispatch(next++);
    if (next >= total || elapsed >= durationMs) break;
    const untilEnd = durationMs - (clock.now() - start);
    if (next < due) {
      // Blocked by the in-flight bound: wait for a response (or the end of the schedule).
      await Promise.race([woken(), clock.sleep(untilEnd)]);
    } else {
      await clock.sleep(Math.min(untilEnd, start + next * intervalMs - clock.now()));
    }
  }
  result.unsent = total - next;
  const scheduleEnd = clock.now();

  const drainDeadline = scheduleEnd + (options.drainMs ?? 5_000);
  while (outstanding > 0 && clock.now() < drainDeadline && !options.signal?.aborted) {
    await Promise.race([woken(), clock.sleep(drainDeadline - clock.now())]);
  }
  draining = false;
  if (outstanding > 0) {
    result.errors += outstanding;
    result.timeouts += outstanding;
    result.firstError ??= `${outstanding} request(s) still unanswered ${options.drainMs ?? 5_000} ms after the schedule ended`;
  }
  inFlight.abort();
  result.durationSeconds = (Math.max(scheduleEnd, lastDoneAt) - start) / 1000;
  return result;
}

export interface PreparedRequest {
  method: HttpMethod;
  path: string;
  body?: string;
  headers: Record<string, string>;
}

/** Request number i of a workload: the weighted sequence in turn, placeholders filled from seeded generators. */
export function requestMaker(workload: Workload, seed = 1): (index: number) => PreparedRequest {
  const sequence = weightedSequence(workload.requests);
  if (sequence.length === 0) throw new Error('the workload has no request with a positive weight');
  const pathRng = seededRng(seed);
  const bodyRng = seededRng(seed + 1);
  return (index) => {
    const request = sequence[index % sequence.length]!;
    const prepared: PreparedRequest = { method: request.method, path: expandPath(request.path, pathRng), headers: headersOf(workload, request) };
    if (request.body !== undefined) {
      const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      prepared.body = bodyHasPlaceholders(text) ? expandBody(text, bodyRng) : text;
    }
    return prepared;
  };
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** A Sender over an undici pool: one connection per in-flight request, no pipelining. */
export function httpSender(baseUrl: string, workload: Workload, options: { connections: number; timeoutSeconds: number; seed?: number }) {
  const pool = new Pool(baseUrl, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: options.timeoutSeconds * 1000,
    bodyTimeout: options.timeoutSeconds * 1000,
    connectTimeout: options.timeoutSeconds * 1000,
  });
  const make = requestMaker(workload, options.seed);
  const send: Sender = async (index, signal) => {
    const request = make(index);
    try {
      const response = await pool.request({
        method: request.method,
        path: request.path,
        signal,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      // Read the whole answer (dump destroys the socket past its limit, 128 KiB by default).
      await response.body.dump({ limit: 64 * 1024 * 1024 });
      return { status: response.statusCode };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      return { error: TIMEOUT_CODES.has(code) ? 'timeout' : 'transport', message: (error as Error).message };
    }
  };
  return { send, close: () => pool.destroy().catch(() => undefined) };
}
