import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runStaticPass } from '../../src/analyze/static.js';
import type { StaticAnalysis, StaticUnit } from '../../src/analyze/types.js';
import { UserError } from '../../src/errors.js';
import { throwawayProjects } from './throwaway-project.js';

/** Writes a throwaway project and returns its root. */
const project = throwawayProjects('pivot-static-');

function unit(analysis: StaticAnalysis, id: string): StaticUnit {
  const found = analysis.units.find((u) => u.id === id);
  if (found === undefined) throw new Error(`no unit ${id}; have ${analysis.units.map((u) => u.id).join(', ')}`);
  return found;
}

describe('runStaticPass: units and features', () => {
  const root = project({
    'src/pricing.ts': `
export function bestPrice(prices: number[], tiers: number): number {
  let best = 0;
  for (const p of prices) {
    for (let t = 0; t < tiers; t++) {
      best = Math.max(best, p * 1.5 - t / 2);
    }
  }
  const squares = prices.map((x) => x * x);
  const bump = (v: number): number => {
    let total = 0;
    for (let i = 0; i < v; i++) total += i;
    return total;
  };
  return bump(best) + squares.length;
}

export const discount = (price: number) => price * 0.9;

function label(n: number): string {
  return 'n=' + n;
}

export class Store {
  private items = new Map<number, number>();
  private updated = 0;
  constructor() {
    this.items.set(1, 5);
  }
  get(id: number): number {
    return this.items.get(id) ?? 0;
  }
  reserve(id: number, qty: number): void {
    this.items.set(id, this.get(id) - qty);
    this.updated = Date.now();
  }
  get size(): number {
    return this.items.size;
  }
}

export function restock(store: Store): string {
  store.reserve(1, -1);
  const fresh = new Store();
  return label(fresh.get(1) + discount(2));
}
`,
    'src/state.ts': `
let counter = 0;
const cache = new Map<string, number>();
const TABLE = [1, 2, 3];
const seeded = new Map<string, number>();
seeded.set('a', 1);

export function hit(key: string): number {
  counter++;
  cache.set(key, counter);
  return TABLE[0]! + (seeded.get(key) ?? 0);
}
export function peek(): number {
  return counter + cache.size;
}
`,
    'src/io.ts': `
import { readFile } from 'node:fs/promises';
import * as fs from 'fs';
import { exec } from 'node:child_process';
import Redis from 'ioredis';

const redis = new Redis();

export async function load(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const cached = await redis.get(file);
  const res = await fetch('http://example.com');
  fs.writeFileSync('/tmp/x', text);
  exec('ls');
  return Promise.all([cached, res.text()]).then(([a, b]) => String(a) + b);
}

export function sync(): boolean {
  return fs.existsSync('/tmp');
}
`,
    'src/skip.test.ts': 'export function skippedTest() {}',
    'src/types.d.ts': 'export declare function declared(): void;',
    'test/helper.ts': 'export function helper() {}',
    'node_modules/dep/index.ts': 'export function dep() {}',
    'dist/out.js': 'export function built() {}',
  });
  const analysis = runStaticPass(root);

  it('lists the project files, skipping tests, declarations, dependencies and build output', () => {
    expect(analysis.problems).toEqual([]);
    expect(analysis.files).toEqual(['src/io.ts', 'src/pricing.ts', 'src/state.ts']);
    expect(analysis.root).toBe(path.resolve(root));
    expect(analysis.lines).toBeGreaterThan(60);
  });

  it('finds functions, const-bound arrows, classes and methods with ids and ranges', () => {
    const ids = analysis.units.filter((u) => u.file === 'src/pricing.ts').map((u) => u.id);
    expect(ids).toEqual([
      'src/pricing.ts#bestPrice', 'src/pricing.ts#bump', 'src/pricing.ts#discount', 'src/pricing.ts#label',
      'src/pricing.ts#Store', 'src/pricing.ts#Store.constructor', 'src/pricing.ts#Store.get', 'src/pricing.ts#Store.reserve',
      'src/pricing.ts#Store.get size', 'src/pricing.ts#restock',
    ]);
    const best = unit(analysis, 'src/pricing.ts#bestPrice');
    expect(best).toMatchObject({ kind: 'function', line: 2, column: 1, endLine: 16, exported: true });
    expect(unit(analysis, 'src/pricing.ts#label').exported).toBe(false);
    const store = unit(analysis, 'src/pricing.ts#Store');
    for (const method of analysis.units.filter((u) => u.parent === store.id)) {
      expect(method.kind).toBe('method');
      expect(method.line).toBeGreaterThanOrEqual(store.line);
      expect(method.endLine).toBeLessThanOrEqual(store.endLine);
    }
    const bump = unit(analysis, 'src/pricing.ts#bump');
    expect(bump.line).toBeGreaterThan(best.line);
    expect(bump.endLine).toBeLessThan(best.endLine);
  });

  it('measures loops, numeric work and Math calls, without counting a nested named unit twice', () => {
    const best = unit(analysis, 'src/pricing.ts#bestPrice').features;
    // for-of > for, plus prices.map(callback) as a loop of its own; bump's loop is bump's.
    expect(best.loopDepth).toBe(2);
    expect(best.loops).toBe(3);
    expect(best.mathCalls).toBe(1);
    expect(best.numericOps).toBe(6);
    expect(unit(analysis, 'src/pricing.ts#bump').features).toMatchObject({ loopDepth: 1, loops: 1 });
    expect(unit(analysis, 'src/pricing.ts#label').features.numericOps).toBe(0);
    expect(unit(analysis, 'src/pricing.ts#bestPrice').calls).toEqual(['src/pricing.ts#bump']);
  });

  it('resolves call edges: functions, const arrows, `new X()` and methods through the receiver type', () => {
    expect(unit(analysis, 'src/pricing.ts#restock').calls).toEqual([
      'src/pricing.ts#Store', 'src/pricing.ts#Store.get', 'src/pricing.ts#Store.reserve', 'src/pricing.ts#discount',
      'src/pricing.ts#label',
    ]);
    expect(unit(analysis, 'src/pricing.ts#Store.reserve').calls).toEqual(['src/pricing.ts#Store.get']);
  });

  it('counts this.<field> reads and writes in methods and rolls methods up into the class', () => {
    expect(unit(analysis, 'src/pricing.ts#Store.get').features).toMatchObject({ sharedStateReads: 1, sharedStateWrites: 0 });
    expect(unit(analysis, 'src/pricing.ts#Store.reserve').features).toMatchObject({ sharedStateReads: 0, sharedStateWrites: 2 });
    expect(unit(analysis, 'src/pricing.ts#Store.constructor').features.sharedStateWrites).toBe(0);
    const store = unit(analysis, 'src/pricing.ts#Store');
    expect(store.features).toMatchObject({ sharedStateReads: 2, sharedStateWrites: 2 });
    expect(store.calls).toEqual([]);
  });

  it('counts module-level let bindings and mutated containers as shared state, not read-only ones', () => {
    // counter++ (write), cache.set (write), counter read as argument; TABLE is never mutated, seeded only at load.
    expect(unit(analysis, 'src/state.ts#hit').features).toMatchObject({ sharedStateReads: 1, sharedStateWrites: 2 });
    expect(unit(analysis, 'src/state.ts#peek').features).toMatchObject({ sharedStateReads: 2, sharedStateWrites: 0 });
  });

  it('names I/O calls by import source, client variables and fetch', () => {
    const load = unit(analysis, 'src/io.ts#load').features;
    expect(load.ioCalls).toEqual(['child_process.exec', 'fetch', 'fs.readFile', 'fs.writeFileSync', 'redis.get']);
    expect(load).toMatchObject({ isAsync: true, awaits: 3, promiseOps: 2 });
    expect(unit(analysis, 'src/io.ts#sync').features).toMatchObject({ isAsync: false, ioCalls: ['fs.existsSync'] });
  });

  it('limits the pass to `include` patterns', () => {
    const only = runStaticPass(root, { include: ['src/state.ts', 'src/io.*'] });
    expect(only.files).toEqual(['src/io.ts', 'src/state.ts']);
  });
});

describe('runStaticPass: anonymous functions at module level', () => {
  const root = project({
    'server/passport.js': `
const passport = require('passport');
const { Strategy: LocalStrategy } = require('passport-local');
const bcrypt = require('bcryptjs');
const users = require('./users');

passport.use(
  new LocalStrategy({ usernameField: 'email' }, async (email, password, done) => {
    const user = await users.find(email);
    return done(null, user && (await bcrypt.compare(password, user.password)) ? user : false);
  })
);
passport.serializeUser(function (user, done) { done(null, user.id); });
const handlers = { count: (items) => items.length };
module.exports = async function authenticate(req) { return handlers.count(req.items); };
(async () => { await users.warm(); })();
`,
    'server/users.js': 'module.exports = { find: async (email) => ({ email }), warm: async () => undefined };\n',
  });
  const analysis = runStaticPass(root);

  it('makes each a unit named by the call it is passed to, the key or the target it is assigned to', () => {
    const ids = analysis.units.filter((u) => u.file === 'server/passport.js').map((u) => u.id);
    expect(ids).toEqual([
      'server/passport.js#LocalStrategy callback',
      'server/passport.js#passport.serializeUser callback',
      'server/passport.js#handlers.count',
      'server/passport.js#authenticate',
      'server/passport.js#(module code)',
    ]);
    const strategy = unit(analysis, 'server/passport.js#LocalStrategy callback');
    expect(strategy).toMatchObject({ line: 8, endLine: 11, isRouteHandler: false });
    expect(strategy.features.awaits).toBe(2);
    expect(unit(analysis, 'server/users.js#find').kind).toBe('function');
  });
});

describe('runStaticPass: routes', () => {
  it('finds fastify routes, inline and named handlers, and the body schema from a const literal', () => {
    const root = project({
      'src/app.ts': `
import Fastify from 'fastify';
import { productRoutes } from './products.js';
const app = Fastify();
const orderSchema = {
  type: 'object',
  required: ['productId', 'quantity'],
  properties: { productId: { type: 'integer', minimum: 1, maximum: 1000 }, quantity: { type: 'integer', minimum: 1 } },
} as const;
app.get('/health', async () => ({ ok: true }));
app.post('/api/order', { schema: { body: orderSchema } }, placeOrder);
app.route({ method: ['GET', 'HEAD'], url: '/api/stats', handler: stats });
app.register(productRoutes, { prefix: '/api' });
async function placeOrder(request: { body: unknown }) { return request.body; }
function stats() { return {}; }
`,
      'src/products.ts': `
import type { FastifyInstance } from 'fastify';
export async function productRoutes(app: FastifyInstance) {
  app.get('/product/:id', async (request) => ({ id: (request.params as { id: string }).id }));
}
`,
    });
    const analysis = runStaticPass(root);
    expect(analysis.routes).toEqual([
      { method: 'GET', path: '/health', framework: 'fastify', file: 'src/app.ts', line: 10, handler: 'src/app.ts#GET /health' },
      {
        method: 'POST', path: '/api/order', framework: 'fastify', file: 'src/app.ts', line: 11, handler: 'src/app.ts#placeOrder',
        bodySchema: {
          type: 'object',
          required: ['productId', 'quantity'],
          properties: { productId: { type: 'integer', minimum: 1, maximum: 1000 }, quantity: { type: 'integer', minimum: 1 } },
        },
      },
      { method: 'GET', path: '/api/stats', framework: 'fastify', file: 'src/app.ts', line: 12, handler: 'src/app.ts#stats' },
      {
        method: 'GET', path: '/api/product/:id', framework: 'fastify', file: 'src/products.ts', line: 4,
        handler: 'src/products.ts#GET /api/product/:id',
      },
    ]);
    expect(unit(analysis, 'src/app.ts#placeOrder').isRouteHandler).toBe(true);
    expect(unit(analysis, 'src/products.ts#GET /api/product/:id').isRouteHandler).toBe(true);
    expect(unit(analysis, 'src/products.ts#productRoutes').isRouteHandler).toBe(false);
  });

  it('finds express routes with router prefixes and route() chains', () => {
    const root = project({
      'app.js': `
const express = require('express');
const app = express();
const router = express.Router();
router.get('/items/:id', (req, res) => res.json({ id: req.params.id }));
router.route('/things').get(listThings).post((req, res) => res.json(req.body));
function listThings(req, res) { res.json([]); }
app.use('/api', router);
app.delete('/api/items/:id', auth, (req, res) => res.end());
function auth(req, res, next) { next(); }
`,
    });
    const { routes } = runStaticPass(root);
    expect(routes.map((r) => `${r.method} ${r.path} ${r.framework} ${r.handler ?? '-'}`)).toEqual([
      'GET /api/items/:id express app.js#GET /api/items/:id',
      'GET /api/things express app.js#listThings',
      'POST /api/things express app.js#POST /api/things',
      'DELETE /api/items/:id express app.js#DELETE /api/items/:id',
    ]);
  });

  it('finds node:http routes from url and method comparisons, regex matches and switches', () => {
    const root = project({
      'server.ts': `
import http from 'node:http';
function productHandler(req: http.IncomingMessage, res: http.ServerResponse, id: number) { res.end(String(id)); }
async function orderHandler(req: http.IncomingMessage, res: http.ServerResponse) { res.end('ok'); }
export function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = url.pathname.match(/^\\/api\\/product\\/(\\d+)$/);
  if (url.pathname === '/health') return res.end('ok');
  if (match && req.method === 'GET') return productHandler(req, res, Number(match[1]));
  if (req.method === 'POST') {
    if (url.pathname === '/api/order') return orderHandler(req, res);
  }
  switch (url.pathname) {
    case '/metrics':
      return res.end('');
  }
  res.statusCode = 404;
  res.end();
}
http.createServer((req, res) => route(req, res)).listen(3000);
`,
    });
    const analysis = runStaticPass(root);
    expect(analysis.routes.map((r) => `${r.method} ${r.path} ${r.line} ${r.handler ?? '-'}`)).toEqual([
      'GET /health 8 -',
      'GET /api/product/:id 9 server.ts#productHandler',
      'POST /api/order 11 server.ts#orderHandler',
      'GET /metrics 14 -',
    ]);
    expect(analysis.routes.every((r) => r.framework === 'node:http')).toBe(true);
    expect(unit(analysis, 'server.ts#createServer handler').isRouteHandler).toBe(true);
    expect(unit(analysis, 'server.ts#route').isRouteHandler).toBe(true);
  });
});

describe('runStaticPass: problems', () => {
  it('reports the syntax errors of every file with line and column, and no units', () => {
    const root = project({
      'src/a.ts': 'export const ok = 1;\nexport const bad = (;\nexport const fine = 3;\n',
      'src/b.ts': 'const x = ;\n',
      'src/c.ts': 'export const fine = 2;\n',
    });
    const analysis = runStaticPass(root);
    expect(analysis.units).toEqual([]);
    expect([...new Set(analysis.problems.map((p) => p.file))].sort()).toEqual(['src/a.ts', 'src/b.ts']);
    expect(analysis.problems).toContainEqual(expect.objectContaining({ file: 'src/a.ts', line: 2, column: 21 }));
    expect(analysis.problems).toContainEqual(expect.objectContaining({ file: 'src/b.ts', line: 1, column: 11 }));
    for (const problem of analysis.problems) expect(problem.message).not.toBe('');
  });

  it('refuses a directory that does not exist, naming it', () => {
    const missing = path.join(tmpdir(), 'pivot-no-such-dir-for-static-pass');
    expect(() => runStaticPass(missing)).toThrow(UserError);
    expect(() => runStaticPass(missing)).toThrow(missing);
  });

  it('refuses a directory without sources', () => {
    const root = project({ 'README.md': '# nothing here' });
    expect(() => runStaticPass(root)).toThrow(/No TypeScript or JavaScript sources/);
  });

  it('uses the file list of tsconfig.json when there is one', () => {
    const root = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
      'src/inside.ts': 'export function inside() { return 1; }',
      'scripts/outside.ts': 'export function outside() { return 2; }',
    });
    expect(runStaticPass(root).files).toEqual(['src/inside.ts']);
  });
});

const monolith = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/monolith');

describe.skipIf(!existsSync(path.join(monolith, 'src')))('runStaticPass: the bundled monolith', () => {
  it('finds the pricing functions, the InventoryStore class and the shop routes', () => {
    const analysis = runStaticPass(monolith);
    expect(analysis.problems).toEqual([]);
    const pricing = analysis.units.filter((u) => u.file === 'src/pricing.ts').map((u) => u.name);
    expect(pricing).toEqual(expect.arrayContaining(['quotePrice', 'findRevenueMaximum', 'searchGrid', 'chooseTier']));
    expect(unit(analysis, 'src/pricing.ts#searchGrid').features.loopDepth).toBeGreaterThanOrEqual(1);

    const store = unit(analysis, 'src/inventory.ts#InventoryStore');
    expect(store.kind).toBe('class');
    const methods = analysis.units.filter((u) => u.parent === store.id).map((u) => u.name);
    expect(methods).toEqual(expect.arrayContaining(['InventoryStore.reserve', 'InventoryStore.get', 'InventoryStore.stats']));
    expect(store.features.sharedStateWrites).toBeGreaterThan(0);

    const routes = analysis.routes.map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(expect.arrayContaining(['GET /health', 'GET /api/product/:id', 'POST /api/order', 'GET /api/stats', 'GET /metrics']));
    const order = analysis.routes.find((r) => r.method === 'POST' && r.path === '/api/order');
    expect(order?.bodySchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['quantity']) });
    expect(order?.handler).toBeDefined();
  });
});
