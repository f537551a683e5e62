import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { buildCatalog } from '../src/catalog.js';

const ORDERS = 200;

const target = buildCatalog().find((product) => product.initialStock >= 10 && product.initialStock < 50);
if (target === undefined) {
  throw new Error('catalogue has no low-stock product');
}

let app: FastifyInstance;
let pool: Pool;

beforeAll(async () => {
  app = buildApp({ defaultMetrics: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  pool = new Pool(`http://127.0.0.1:${port}`, { connections: 50 });
});

afterAll(async () => {
  await pool.close();
  await app.close();
});

describe('concurrent orders', () => {
  it('never oversell a product', async () => {
    const responses = await Promise.all(
      Array.from({ length: ORDERS }, async (_unused, index) => {
        const response = await pool.request({
          path: '/api/order',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ product_id: target.id, quantity: (index % 3) + 1 }),
        });
        return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
      }),
    );

    let confirmed = 0;
    for (const { status, body } of responses) {
      if (status === 200) {
        expect(body.status).toBe('confirmed');
        confirmed += body.quantity as number;
      } else {
        expect(status).toBe(409);
        expect(body.error).toBe('insufficient_stock');
      }
    }
    expect(confirmed).toBeGreaterThan(0);
    expect(confirmed).toBeLessThanOrEqual(target.initialStock);

    const product = await pool.request({ path: `/api/product/${target.id}`, method: 'GET' });
    const view = (await product.body.json()) as { inventory: { available: number } };
    expect(view.inventory.available).toBe(target.initialStock - confirmed);

    const ids = responses.filter((r) => r.status === 200).map((r) => r.body.order_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
