/**
 * The HTTP surface of the shop. `buildApp` wires catalogue, inventory, orders and metrics into
 * a fastify instance without listening, so tests can `inject` or listen on port 0.
 *
 * Every error answers `{ error: "<short code>", message: "<text>" }`: shop errors are mapped by
 * their message prefix (see orders.ts), fastify's own (validation, bad JSON) by status code.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { performance } from 'node:perf_hooks';
import { buildCatalog, CATALOG_SEED, CATALOG_SIZE, indexCatalog } from './catalog.js';
import { InventoryStore } from './inventory.js';
import { createMetrics, recordRequest } from './metrics.js';
import { classifyShopError, OrderService, type ShopErrorKind } from './orders.js';
import { withPivot } from './pivot/fastify.js';

export interface AppOptions {
  logger?: boolean;
  catalogSeed?: number;
  catalogSize?: number;
  /** Collect process/runtime metrics too (default true). */
  defaultMetrics?: boolean;
}

export interface ErrorBody {
  error: string;
  message: string;
}

interface OrderBody {
  product_id: number;
  quantity: number;
}

const orderBodySchema = {
  type: 'object',
  required: ['product_id', 'quantity'],
  additionalProperties: false,
  properties: {
    product_id: { type: 'integer' },
    quantity: { type: 'integer', minimum: 1 },
  },
} as const;

const STATUS_BY_KIND: Record<ShopErrorKind, number> = {
  not_found: 404,
  insufficient_stock: 409,
  invalid_request: 400,
  conflict: 409,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

/** A path segment that is a whole number, or undefined ("1.5", "abc", "" are not). */
export function parseProductId(raw: string): number | undefined {
  if (!/^-?[0-9]+$/.test(raw)) {
    return undefined;
  }
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}

export function buildApp(options: AppOptions = {}): FastifyInstance {
  const app = withPivot(Fastify({
    logger: options.logger ?? false,
    // Strict bodies: extra properties are an error (not silently dropped), "5" is not an integer.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }));

  const products = buildCatalog(options.catalogSeed ?? CATALOG_SEED, options.catalogSize ?? CATALOG_SIZE);
  const catalog = indexCatalog(products);
  const inventory = new InventoryStore(
    products.map((product) => ({ productId: product.id, stock: product.initialStock, warehouse: product.warehouse })),
  );
  const orders = new OrderService(catalog, inventory);
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  let requestsServed = 0;

  app.addHook('onResponse', async (request, reply) => {
    requestsServed += 1;
    const route = request.routeOptions.url ?? 'unmatched';
    recordRequest(metrics, request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const kind = classifyShopError(error);
    if (kind !== undefined) {
      const body: ErrorBody = { error: kind, message: error.message };
      return reply.code(STATUS_BY_KIND[kind]).send(body);
    }
    const status = error.statusCode ?? 500;
    if (error.validation !== undefined || (status >= 400 && status < 500)) {
      const code = error.validation !== undefined ? 400 : status;
      const body: ErrorBody = { error: CODE_BY_STATUS[code] ?? 'bad_request', message: error.message };
      return reply.code(code).send(body);
    }
    request.log.error({ err: error }, 'unhandled error');
    const body: ErrorBody = { error: 'internal', message: 'internal server error' };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: 'not_found', message: `no route ${request.method} ${request.url}` };
    return reply.code(404).send(body);
  });

  app.get('/health', async () => ({ status: 'ok' }));

  app.get<{ Params: { id: string } }>('/api/product/:id', async (request, reply) => {
    const started = performance.now();
    const productId = parseProductId(request.params.id);
    if (productId === undefined) {
      const body: ErrorBody = {
        error: 'invalid_request',
        message: `product id must be an integer, got "${request.params.id}"`,
      };
      return reply.code(400).send(body);
    }
    const view = await orders.viewProduct(productId);
    return {
      product_id: productId,
      inventory: {
        available: view.inventory.available,
        warehouse: view.inventory.warehouse,
        last_updated: view.inventory.lastUpdated,
      },
      pricing: {
        base_price: view.pricing.basePrice,
        final_price: view.pricing.finalPrice,
        discount_percent: view.pricing.discountPercent,
        price_tier: view.pricing.priceTier,
      },
      processing_time_ms: elapsedMs(started),
    };
  });

  app.post<{ Body: OrderBody }>('/api/order', { schema: { body: orderBodySchema } }, async (request) => {
    const started = performance.now();
    const order = await orders.placeOrder(request.body.product_id, request.body.quantity);
    return {
      order_id: order.orderId,
      product_id: order.productId,
      quantity: order.quantity,
      unit_price: order.unitPrice,
      total_price: order.totalPrice,
      reservation_id: order.reservationId,
      status: order.status,
      processing_time_ms: elapsedMs(started),
    };
  });

  app.get('/api/stats', async () => {
    const stock = await inventory.stats();
    return {
      products: stock.products,
      units_available: stock.unitsAvailable,
      units_reserved: stock.unitsReserved,
      units_sold: stock.unitsSold,
      reservations: stock.reservations,
      active_reservations: stock.activeReservations,
      orders: await orders.count(),
      requests_served: requestsServed,
    };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  return app;
}
