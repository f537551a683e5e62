import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { LOOPBACK } from './ports.js';

/** How to tell that a service is ready: an HTTP GET answering 2xx, or a TCP connect. */
export type HealthCheck =
  | { path: string; timeoutMs?: number; intervalMs?: number }
  | { tcp: true; timeoutMs?: number; intervalMs?: number };

export const DEFAULT_HEALTH_TIMEOUT_MS = 30_000;
const DEFAULT_INTERVAL_MS = 100;
/** One probe never waits longer than this, so a hung service does not eat the whole timeout. */
const PROBE_TIMEOUT_MS = 2_000;

export type HealthResult = { healthy: true; afterMs: number } | { healthy: false; reason: string };

/** What a check looks like in a message: `GET http://127.0.0.1:8001/health` or `TCP 127.0.0.1:6379`. */
export function describeCheck(port: number, check: HealthCheck): string {
  return 'path' in check ? `GET ${healthUrl(port, check.path)}` : `TCP ${LOOPBACK}:${port}`;
}

function healthUrl(port: number, path: string): string {
  return `http://${LOOPBACK}:${port}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Probe until the service answers, the check's timeout passes, or `signal` aborts (e.g. the
 * process exited). Never throws; the reason of the last failed probe goes into the result.
 */
export async function waitForHealthy(port: number, check: HealthCheck, signal?: AbortSignal): Promise<HealthResult> {
  const started = Date.now();
  const timeoutMs = check.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const intervalMs = check.intervalMs ?? DEFAULT_INTERVAL_MS;
  const deadline = started + timeoutMs;
  const agent = 'path' in check ? new Agent({ keepAliveTimeout: 10, connections: 1 }) : undefined;
  try {
    for (;;) {
      if (signal?.aborted) return { healthy: false, reason: abortReason(signal) };
      const probeMs = Math.max(50, Math.min(PROBE_TIMEOUT_MS, deadline - Date.now()));
      const failure =
        'path' in check && agent ? await probeHttp(agent, healthUrl(port, check.path), probeMs, signal) : await probeTcp(port, probeMs, signal);
      if (failure === null) return { healthy: true, afterMs: Date.now() - started };
      if (Date.now() + intervalMs >= deadline) return { healthy: false, reason: `not healthy within ${timeoutMs} ms (last probe: ${failure})` };
      try {
        await sleep(intervalMs, undefined, { signal });
      } catch {
        return { healthy: false, reason: abortReason(signal) };
      }
    }
  } finally {
    await agent?.destroy().catch(() => undefined);
  }
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return typeof reason === 'string' ? reason : 'aborted';
}

/** null when healthy, else why not. */
async function probeHttp(agent: Agent, url: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  try {
    const res = await request(url, {
      method: 'GET',
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal,
    });
    await res.body.dump();
    if (res.statusCode >= 200 && res.statusCode < 300) return null;
    return `answered ${res.statusCode}`;
  } catch (err) {
    return errorReason(err);
  }
}

function probeTcp(port: number, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: LOOPBACK });
    const done = (result: string | null) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => done('aborted');
    const timer = setTimeout(() => done(`no connection within ${timeoutMs} ms`), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(null));
    socket.once('error', (err) => done(errorReason(err)));
  });
}

function errorReason(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; cause?: unknown };
    if (e.code === 'ECONNREFUSED') return 'connection refused';
    if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return 'no answer in time';
    if (typeof e.code === 'string') return e.code;
    if (e.cause) return errorReason(e.cause);
    if (typeof e.message === 'string') return e.message;
  }
  return String(err);
}
