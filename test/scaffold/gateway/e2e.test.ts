/**
 * The generated gateway for real: stand-in pricing and inventory services (Node HTTP servers on
 * loopback calling the monolith's own modules, see standin.ts), a real redis-server, and the
 * gateway under tsx — answers compared with the monolith's, then Redis and pricing killed.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../fixtures/monolith/src/app.js';
import { waitForHealthy } from '../../../src/run/health.js';
import { freePort } from '../../../src/run/ports.js';
import { redisArgs, redisSpec } from '../../../src/run/redis.js';
import { fixturePlan, MONOLITH_ROOT } from './fixture-plan.js';
import { removeTree, renderFixtureGateway, start, stop, stopAll, TSX, waitForHttp, writeTree, type Child } from './harness.js';

const STANDIN = new URL('./standin.ts', import.meta.url).pathname;

// Redis is optional for users; CI installs it (.ci/run), so there a missing binary is a failure.
const found = await redisSpec(6379);
const redisMissing = found.spec === null && !process.env.CI ? found.reason : undefined;
if (redisMissing !== undefined) console.warn(`test/scaffold/gateway/e2e.test.ts skipped: ${redisMissing}`);

let dir: string | undefined;
let monolith: FastifyInstance;
let gatewayUrl = '';
let redisPort = 0;
const services = new Map<string, Child>();
let redis: Child;

async function gateway(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  const response = await fetch(gatewayUrl + url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
}

async function original(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await monolith.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
  return { status: response.statusCode, body: response.json() };
}

/** Everything but what differs from run to run. */
function stable(body: Record<string, unknown>): Record<string, unknown> {
  const { processing_time_ms: _time, requests_served: _served, ...rest } = body;
  const inventory = rest.inventory as Record<string, unknown> | undefined;
  if (inventory) rest.inventory = { ...inventory, last_updated: typeof inventory.last_updated };
  return rest;
}

describe.skipIf(redisMissing !== undefined)(`generated gateway against stand-in services, with Redis${redisMissing === undefined ? '' : ` (skipped: ${redisMissing})`}`, () => {
  beforeAll(async () => {
    monolith = buildApp({ defaultMetrics: false });
    await monolith.ready();
    const render = renderFixtureGateway(false);
    expect(render.diagnostics).toEqual([]);
    dir = writeTree(render.files);
    const [pricingPort, inventoryPort, port] = [await freePort(), await freePort(), await freePort()];
    redisPort = await freePort();
    redis = start('redis', 'redis-server', redisArgs(redisPort, dir), dir);
    // The gateway connects at start-up; a Redis not yet listening would leave it in reconnect backoff.
    expect(await waitForHealthy(redisPort, { tcp: true, timeoutMs: 10_000 })).toMatchObject({ healthy: true });
    const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', REDIS_URL: `redis://127.0.0.1:${redisPort}`, UPSTREAM_TIMEOUT_MS: '1000' };
    for (const [service, servicePort] of [
      [fixturePlan().services[0]!, pricingPort],
      [fixturePlan().services[1]!, inventoryPort],
    ] as const) {
      const child = start(service.name, process.execPath, [TSX, STANDIN, String(servicePort), JSON.stringify(service), `${MONOLITH_ROOT}/${service.module}`], dir);
      services.set(service.name, child);
      env[service.envVar] = `http://127.0.0.1:${servicePort}`;
    }
    for (const [name, child] of services) await waitForHttp(`${env[`${name.toUpperCase()}_URL`]}/health`, child);
    const gatewayChild = start('gateway', process.execPath, [TSX, 'src/server.ts'], dir, env);
    gatewayUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${gatewayUrl}/ready`, gatewayChild);
  }, 180_000);

  afterAll(async () => {
    await stopAll();
    await monolith?.close();
    removeTree(dir);
  });

  it('reports every dependency up on /health', async () => {
    const health = await gateway('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', dependencies: { redis: 'up', pricing: 'up', inventory: 'up' } } });
  });

  it('answers GET /api/product/123 and POST /api/order as the monolith does, and caches the quote', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/product/123'],
      ['POST', '/api/order', { product_id: 123, quantity: 2 }],
      ['POST', '/api/order', { product_id: 123, quantity: 100_000 }],
      ['GET', '/api/product/123'],
      ['GET', '/api/product/99999'],
      ['GET', '/api/stats'],
    ] as const) {
      const [expected, actual] = [await original(method, url, body), await gateway(method, url, body)];
      expect({ status: actual.status, body: stable(actual.body) }, `${method} ${url}`).toEqual({ status: expected.status, body: stable(expected.body) });
    }
    const client = new Redis(redisPort, '127.0.0.1', { lazyConnect: true });
    await client.connect();
    expect((await client.keys('pivot:pricing:quotePrice:*')).length).toBeGreaterThan(0);
    client.disconnect();
  });

  it('counts upstream calls on the gateway metrics', async () => {
    const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
    expect(text).toMatch(/pivot_upstream_requests_total\{[^}]*service="pricing"[^}]*outcome="ok"/);
    expect(text).toContain('pivot_upstream_breaker_state{service="inventory"');
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/api\/order"/);
  });

  it('keeps serving without Redis, and says so on /health', async () => {
    await stop(redis);
    const product = await gateway('GET', '/api/product/200');
    expect(product.status).toBe(200);
    expect(product.ms).toBeLessThan(2_000);
    expect((await gateway('GET', '/health')).body.dependencies).toEqual({ redis: 'down', pricing: 'up', inventory: 'up' });
  });

  it('answers 503 upstream_unavailable at once when pricing is gone', async () => {
    await stop(services.get('pricing')!, 0);
    const product = await gateway('GET', '/api/product/300');
    expect(product.status).toBe(503);
    expect(product.body).toEqual({ error: 'upstream_unavailable', message: 'pricing is unavailable' });
    expect(product.ms).toBeLessThan(2_000);
    expect((await gateway('GET', '/health')).body.dependencies).toMatchObject({ pricing: 'down', inventory: 'up' });
  });
});
