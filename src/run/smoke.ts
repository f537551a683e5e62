import { request } from 'undici';
import type { DiscoveredRoute } from '../analyze/types.js';
import { fillBodyPlaceholders, fillPlaceholders, sampleFromSchema, templateOfRoute } from '../workload/workload.js';
import type { SmokeRequest, SystemFile } from './local-system.js';

export interface SmokeCheck {
  name: string;
  url: string;
  expected: number;
  status: number | null;
  ok: boolean;
  ms: number;
  detail: string;
}

const SAMPLE_ID = 123;

/** Fills placeholders with one fixed, in-range value, so smoke runs are repeatable. */
const fixedValue = (low: number, high: number): number => Math.min(high, Math.max(low, SAMPLE_ID));

/** Pure: one smoke request per discovered route (probes included), with fixed sample values. */
export function smokeRequestsFromRoutes(routes: DiscoveredRoute[]): SmokeRequest[] {
  const out: SmokeRequest[] = [];
  for (const route of routes) {
    if (route.method !== 'GET' && route.method !== 'POST') continue;
    const path = fillPlaceholders(templateOfRoute(route.path), fixedValue);
    const req: SmokeRequest = { name: `${route.method} ${route.path}`, method: route.method, path };
    if (route.method === 'POST' && route.bodySchema !== undefined) {
      const body = fillBodyPlaceholders(JSON.stringify(sampleFromSchema(route.bodySchema)), fixedValue);
      req.body = JSON.parse(body) as unknown;
    }
    out.push(req);
  }
  return out;
}

async function check(name: string, method: 'GET' | 'POST', url: string, expected: number, body?: unknown, contains?: string): Promise<SmokeCheck> {
  const started = performance.now();
  try {
    const res = await request(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const text = await res.body.text();
    const ms = performance.now() - started;
    let detail = text.replace(/\s+/g, ' ').slice(0, 80);
    let ok = res.statusCode === expected;
    if (ok && contains && !text.includes(contains)) {
      ok = false;
      detail = `response lacks ${contains}`;
    }
    return { name, url, expected, status: res.statusCode, ok, ms, detail };
  } catch (err) {
    return { name, url, expected, status: null, ok: false, ms: performance.now() - started, detail: (err as Error).message };
  }
}

/**
 * The smoke test: every service's /health and /metrics, then the tree's smoke requests through
 * the entry service. Without a system file, only the entry's /health and /metrics.
 */
export async function runSmoke(entryUrl: string, file?: SystemFile): Promise<SmokeCheck[]> {
  const base = entryUrl.replace(/\/$/, '');
  const checks: Promise<SmokeCheck>[] = [];
  if (file) {
    for (const s of file.system.services) {
      const url = s.name === file.entry ? base : `http://127.0.0.1:${s.port}`;
      checks.push(check(`${s.name} health`, 'GET', `${url}${s.healthPath}`, 200));
      const metric = s.language === 'typescript' ? undefined : 'http_requests_total';
      checks.push(check(`${s.name} metrics`, 'GET', `${url}${s.metricsPath}`, 200, undefined, metric));
    }
  } else {
    checks.push(check('health', 'GET', `${base}/health`, 200), check('metrics', 'GET', `${base}/metrics`, 200));
  }
  const results = await Promise.all(checks);
  // Requests through the entry go one by one: an order changes what a later read sees.
  for (const req of file?.smoke ?? []) {
    results.push(await check(req.name, req.method, `${base}${req.path}`, req.status ?? 200, req.body));
  }
  return results;
}
