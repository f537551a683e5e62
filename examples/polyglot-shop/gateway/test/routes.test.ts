import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, parseProductId } from '../src/app.js';
import { buildCatalog } from '../src/catalog.js';

const products = buildCatalog();
const wellStocked = products.find((product) => product.initialStock >= 50);
const lowStock = products.find((product) => product.initialStock < 10);
if (wellStocked === undefined || lowStock === undefined) {
  throw new Error('catalogue lacks the products these tests need');
}

let app: FastifyInstance;

beforeAll(async () => {
  app = buildApp();
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

async function order(body: unknown) {
  return app.inject({ method: 'POST', url: '/api/order', payload: body as object });
}

describe('GET /health', () => {
  it('answers ok', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /api/product/:id', () => {
  it('aggregates inventory and pricing', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/product/${wellStocked.id}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      product_id: wellStocked.id,
      inventory: { available: wellStocked.initialStock, warehouse: wellStocked.warehouse, last_updated: expect.any(String) },
      pricing: {
        base_price: wellStocked.basePrice,
        final_price: expect.any(Number),
        discount_percent: expect.any(Number),
        price_tier: expect.stringMatching(/^(premium|standard|basic|economy)$/),
      },
      processing_time_ms: expect.any(Number),
    });
    expect(body.processing_time_ms).toBeGreaterThanOrEqual(0);
  });

  it.each(['abc', '1.5', '12abc', '1e3'])('rejects the id %s with 400', async (id) => {
    const response = await app.inject({ method: 'GET', url: `/api/product/${id}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining(id) });
  });

  it.each(['0', '10001', '-4'])('answers 404 for the unknown id %s', async (id) => {
    const response = await app.inject({ method: 'GET', url: `/api/product/${id}` });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: `unknown product ${id}` });
  });
});

describe('POST /api/order', () => {
  it('confirms an order and takes the stock', async () => {
    const before = (await app.inject({ method: 'GET', url: `/api/product/${wellStocked.id}` })).json();
    const response = await order({ product_id: wellStocked.id, quantity: 2 });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      order_id: expect.stringMatching(/^ORD-\d{6}$/),
      product_id: wellStocked.id,
      quantity: 2,
      unit_price: expect.any(Number),
      total_price: expect.any(Number),
      reservation_id: expect.stringMatching(new RegExp(`^RES-${wellStocked.id}-\\d+$`)),
      status: 'confirmed',
      processing_time_ms: expect.any(Number),
    });
    expect(body.total_price).toBe(Math.round(body.unit_price * 2 * 100) / 100);
    const after = (await app.inject({ method: 'GET', url: `/api/product/${wellStocked.id}` })).json();
    expect(after.inventory.available).toBe(before.inventory.available - 2);
  });

  it('answers 409 when the stock is short', async () => {
    const response = await order({ product_id: lowStock.id, quantity: lowStock.initialStock + 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: 'insufficient_stock',
      message: `insufficient stock for product ${lowStock.id}: requested ${lowStock.initialStock + 1}, available ${lowStock.initialStock}`,
    });
  });

  it('answers 404 for an unknown product', async () => {
    const response = await order({ product_id: 424242, quantity: 1 });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'unknown product 424242' });
  });

  it.each([
    ['a missing quantity', { product_id: 1 }],
    ['a zero quantity', { product_id: 1, quantity: 0 }],
    ['a fractional quantity', { product_id: 1, quantity: 1.5 }],
    ['a string product id', { product_id: '1', quantity: 1 }],
    ['an extra property', { product_id: 1, quantity: 1, coupon: 'FREE' }],
    ['an array', [1, 2]],
  ])('answers 400 for %s', async (_what, body) => {
    const response = await order(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/order',
      headers: { 'content-type': 'application/json' },
      payload: '{"product_id": 1,',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
  });
});

describe('GET /api/stats', () => {
  it('counts products, stock, reservations, orders and requests', async () => {
    const fresh = buildApp({ defaultMetrics: false });
    try {
      await fresh.inject({ method: 'GET', url: '/health' });
      await fresh.inject({ method: 'POST', url: '/api/order', payload: { product_id: 1, quantity: 3 } });
      const response = await fresh.inject({ method: 'GET', url: '/api/stats' });
      expect(response.statusCode).toBe(200);
      const totalStock = products.reduce((sum, product) => sum + product.initialStock, 0);
      expect(response.json()).toEqual({
        products: 10000,
        units_available: totalStock - 3,
        units_reserved: 0,
        units_sold: 3,
        reservations: 1,
        active_reservations: 0,
        orders: 1,
        requests_served: 2,
      });
    } finally {
      await fresh.close();
    }
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with request counts and latencies by route and status', async () => {
    await app.inject({ method: 'GET', url: '/api/product/abc' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('# TYPE shop_http_requests_total counter');
    expect(response.body).toMatch(/shop_http_requests_total\{method="GET",route="\/api\/product\/:id",status_code="400"[^}]*\} \d+/);
    expect(response.body).toContain('# TYPE shop_http_request_duration_seconds histogram');
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });
});

describe('unknown routes', () => {
  it('answer 404 in the same error shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no route GET /api/nothing' });
  });
});

describe('parseProductId', () => {
  it('accepts whole numbers only', () => {
    expect(parseProductId('42')).toBe(42);
    expect(parseProductId('-3')).toBe(-3);
    expect(parseProductId('')).toBeUndefined();
    expect(parseProductId('99999999999999999999')).toBeUndefined();
  });
});
