/**
 * The gateway rendered for the bundled monolith (pricing.quotePrice and InventoryStore
 * extracted): what changed, what did not, and that the tree passes tsc --strict and its own
 * runtime test.
 */
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayUnitsFromIr, type GatewayRender } from '../../../src/scaffold/gateway/index.js';
import { lowerModule } from '../../../src/translate/lower/index.js';
import { fixturePlan, INVENTORY_STORE, MONOLITH_ROOT, REPO_ROOT } from './fixture-plan.js';
import { removeTree, renderFixtureGateway, writeTree } from './harness.js';

let render: GatewayRender;
let dir: string | undefined;
const file = (name: string) => render.files.get(name) ?? '';
const original = (name: string) => readFileSync(path.join(MONOLITH_ROOT, name), 'utf8');

beforeAll(() => {
  render = renderFixtureGateway(true);
}, 180_000);

afterAll(() => removeTree(dir));

describe('renderGatewayTree on the bundled monolith', () => {
  it('renders without diagnostics, type-checked in memory', () => {
    expect(render.diagnostics).toEqual([]);
  });

  it('awaits the remote calls in orders.ts and makes their callers async', () => {
    const orders = file('src/orders.ts');
    expect(orders).toContain('async viewProduct(productId: number): Promise<ProductView> {');
    expect(orders).toContain('async placeOrder(productId: number, quantity: number): Promise<Order> {');
    expect(orders).toContain('const quote = await quotePrice({ productId, basePrice: product.basePrice, stock: item.available });');
    expect(orders).toContain('const reservation = await this.inventory.reserve(productId, quantity);');
    expect(render.asyncified).toEqual(['src/orders.ts#OrderService.placeOrder', 'src/orders.ts#OrderService.count', 'src/orders.ts#OrderService.viewProduct']);
  });

  it("moves OrderService's map and counter onto the state store; the order id is the counter's own new value", () => {
    const orders = file('src/orders.ts');
    expect(orders).toContain("private readonly orders = durableMap<string, Order>('OrderService.orders');");
    expect(orders).toContain("private orderCounter = durableCell<number>('OrderService.orderCounter', 0);");
    expect(orders).toContain('const orderCounter = await this.orderCounter.add(1);');
    expect(orders).toContain("orderId: `ORD-${String(orderCounter).padStart(6, '0')}`,");
    expect(orders).toContain('await this.orders.set(order.orderId, order);');
    expect(orders).toContain('return await this.orders.size;');
    // The seeded generator that builds the catalogue at start-up is not gateway state.
    expect(file('src/catalog.ts')).toBe(original('src/catalog.ts'));
  });

  it('wraps placeOrder, which reserves and confirms, in a hold scope, and replaces the comment about running without an await', () => {
    const orders = file('src/orders.ts');
    expect(orders).toContain('async placeOrder(productId: number, quantity: number): Promise<Order> {\n    return withHolds(async () => {\n      const product = this.requireProduct(productId);');
    expect(orders).toContain('      return order;\n    });\n  }');
    expect(orders).not.toContain('without an await');
    expect(orders).toContain('* pivot: reserve and confirm are calls to the inventory service now, with awaits in between.');
    expect(orders).not.toMatch(/viewProduct[^\n]*\{\n\s*return withHolds/);
  });

  it('awaits in the route handlers and wires the app and its registry to the runtime', () => {
    const app = file('src/app.ts');
    expect(app).toContain("import { withPivot } from './pivot/fastify.js';");
    expect(app).toContain('const app = withPivot(Fastify({');
    expect(app).toContain('const view = await orders.viewProduct(productId);');
    expect(app).toContain("app.post<{ Body: OrderBody }>('/api/order', { schema: { body: orderBodySchema } }, async (request) => {");
    expect(app).toContain('const stock = await inventory.stats();');
    expect(file('src/metrics.ts')).toContain('const registry = registerPivotMetrics(new Registry());');
  });

  it('turns the extracted units into clients on the contract paths and keeps the rest', () => {
    const pricing = file('src/pricing.ts');
    expect(pricing).toContain('export async function quotePrice(input: PriceInput): Promise<PriceQuote> {');
    expect(pricing).toContain("pricingUpstream.call<PriceQuote>('quotePrice', '/api/quote-price', { input }, { idempotent: true, cacheable: true })");
    expect(pricing).toContain('export function roundToCents(amount: number): number {');
    expect(pricing).toContain('export interface PriceQuote {');
    const inventory = file('src/inventory.ts');
    expect(inventory).toContain('this.#remote = inventoryUpstream.instance([seeds]);');
    expect(inventory).toContain("async getReservation(reservationId: string): Promise<Reservation> {\n    return this.#remote.call<Reservation>('getReservation', '/api/get-reservation', { reservationId }, { idempotent: true });");
    expect(inventory).toContain(
      "{ productId, quantity }, { idempotent: false, hold: { idFrom: 'reservationId', compensate: { operation: 'release', path: '/api/release', param: 'reservationId' } } }",
    );
    expect(inventory).toContain("'/api/confirm', { reservationId }, { idempotent: false, closesHold: 'reservationId' }");
    expect(inventory).not.toContain('private items');
    expect(inventory).toContain("export type ReservationStatus = 'held' | 'confirmed' | 'released';");
  });

  it('leaves untouched modules and kept tests byte for byte, and drops tests of extracted units', () => {
    for (const name of ['src/server.ts', 'test/routes.test.ts', 'test/catalog.test.ts', 'tsconfig.json']) {
      expect(file(name), name).toBe(original(name));
    }
    expect(render.tests).toEqual({ kept: ['test/catalog.test.ts', 'test/concurrency.test.ts', 'test/routes.test.ts'], dropped: ['test/inventory.test.ts', 'test/pricing.test.ts'] });
    expect(render.files.has('test/pricing.test.ts')).toBe(false);
    expect(render.files.has('test/pivot-runtime.test.ts')).toBe(true);
  });

  it('writes a package.json for the gateway with the runtime dependencies', () => {
    const pkg = JSON.parse(file('package.json')) as { name: string; scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.name).toBe('shop-monolith-gateway');
    expect(pkg.scripts).toMatchObject({ build: 'tsc -p .', start: 'node dist/server.js', test: 'vitest run' });
    expect(Object.keys(pkg.dependencies)).toEqual(['fastify', 'ioredis', 'pg', 'prom-client', 'undici']);
    expect(file('README.md')).toContain('| pricing | `quotePrice` (retried, cached) | `src/pricing.ts` | rust | `PRICING_URL` (http://127.0.0.1:8001) |');
  });

  it('matches the plan read from the translator IR', () => {
    const plan = fixturePlan();
    const lowered = lowerModule({ root: MONOLITH_ROOT, file: path.join(MONOLITH_ROOT, 'src/inventory.ts'), units: ['InventoryStore'] });
    expect(gatewayUnitsFromIr(lowered.module)).toEqual([INVENTORY_STORE]);
    const pricing = lowerModule({ root: MONOLITH_ROOT, file: path.join(MONOLITH_ROOT, 'src/pricing.ts'), units: ['quotePrice'] });
    expect(gatewayUnitsFromIr(pricing.module)).toEqual(plan.services[0]!.units);
  });

  it('passes tsc --strict (sources and tests) and its own runtime test, on disk', async () => {
    dir = writeTree(render.files);
    const tsc = await execa(path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '-p', 'tsconfig.test.json'], { cwd: dir, reject: false });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const vitest = await execa(process.execPath, [path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, 'test/pivot-runtime.test.ts'], { cwd: dir, reject: false });
    expect(vitest.exitCode, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toContain('13 passed');
  }, 180_000);
});
