/**
 * Prometheus metrics. Each app gets its own registry, so tests can build many apps in one
 * process without "metric already registered" errors.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerPivotMetrics } from './pivot/metrics.js';

export interface ShopMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status_code'>;
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
}

export interface MetricsOptions {
  /** Process and Node runtime metrics (CPU, memory, event loop lag, GC). */
  defaultMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): ShopMetrics {
  const registry = registerPivotMetrics(new Registry());
  registry.setDefaultLabels({ service: 'shop-monolith' });
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
  }
  const requests = new Counter({
    name: 'shop_http_requests_total',
    help: 'HTTP requests served, by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'shop_http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  return { registry, requests, requestDuration };
}

/** Records one finished request; `route` is the route pattern, never the raw URL. */
export function recordRequest(
  metrics: ShopMetrics,
  method: string,
  route: string,
  statusCode: number,
  seconds: number,
): void {
  const labels = { method, route, status_code: String(statusCode) };
  metrics.requests.inc(labels);
  metrics.requestDuration.observe(labels, seconds);
}
