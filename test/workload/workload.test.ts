import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiscoveredRoute } from '../../src/analyze/types.js';
import { UserError } from '../../src/errors.js';
import {
  expandBody,
  expandPath, loadWorkloadFile, sampleFromSchema, seededRng, templateOfRoute, workloadFromRoutes,
} from '../../src/workload/workload.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pivot-workload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function route(method: DiscoveredRoute['method'], routePath: string, bodySchema?: unknown): DiscoveredRoute {
  return { method, path: routePath, framework: 'fastify', file: 'src/app.ts', line: 1, ...(bodySchema ? { bodySchema } : {}) };
}

function writeWorkload(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('workloadFromRoutes', () => {
  it('weights GET 3 and POST 1, fills params with placeholders and skips probes, metrics and DELETE', () => {
    const workload = workloadFromRoutes([
      route('GET', '/health'),
      route('GET', '/api/product/:id'),
      route('POST', '/api/order', {
        type: 'object',
        required: ['productId', 'quantity'],
        properties: {
          productId: { type: 'integer', minimum: 1, maximum: 1000 },
          quantity: { type: 'integer', minimum: 2, maximum: 10 },
          note: { type: 'string' },
        },
      }),
      route('GET', '/api/stats'),
      route('GET', '/metrics'),
      route('GET', '/readyz'),
      route('DELETE', '/api/order/:id'),
      route('GET', '/api/product/:id'),
    ]);
    expect(workload).toEqual({
      source: 'routes',
      requests: [
        { method: 'GET', path: '/api/product/{id:1-1000}', weight: 3 },
        { method: 'POST', path: '/api/order', weight: 1, body: { productId: '{productId:1-1000}', quantity: 2 } },
        { method: 'GET', path: '/api/stats', weight: 3 },
      ],
    });
  });

  it('fills whole-string body placeholders with integers, leaving other strings alone', () => {
    const rng = seededRng(7);
    const text = expandBody(JSON.stringify({ productId: '{productId:5-5}', note: 'a {b} c', quantity: 2 }), rng);
    expect(JSON.parse(text)).toEqual({ productId: 5, note: 'a {b} c', quantity: 2 });
    const spread = new Set(Array.from({ length: 50 }, () => JSON.parse(expandBody('{"id":"{id:1-1000}"}', rng)).id));
    expect(spread.size).toBeGreaterThan(40);
  });

  it('turns route syntax into placeholders', () => {
    expect(templateOfRoute('/a/:id/b/:slug(^\\d+)/:opt?')).toBe('/a/{id:1-1000}/b/{slug:1-1000}/{opt:1-1000}');
    expect(templateOfRoute('/files/*')).toBe('/files/1');
  });
});

describe('sampleFromSchema', () => {
  it('is deterministic and respects bounds, enums, formats and nesting', () => {
    const schema = {
      type: 'object',
      required: ['n', 'price', 'tier', 'email', 'tags', 'nested', 'code', 'flag'],
      properties: {
        n: { type: 'integer', exclusiveMinimum: 4, maximum: 9, multipleOf: 3 },
        price: { type: 'number', maximum: 0.5 },
        tier: { enum: ['premium', 'basic'] },
        email: { type: 'string', format: 'email' },
        tags: { type: 'array', items: { type: 'string', minLength: 8 }, minItems: 2 },
        nested: { type: 'object', properties: { a: { type: 'boolean' } } },
        code: { type: ['string', 'null'], maxLength: 3 },
        flag: { const: 'on' },
        optional: { type: 'string' },
      },
    };
    const body = sampleFromSchema(schema);
    expect(body).toEqual({
      n: 6, price: 0.5, tier: 'premium', email: 'user@example.com', tags: ['samplexx', 'samplexx'], nested: { a: true },
      code: 'sam', flag: 'on',
    });
    expect(sampleFromSchema(schema)).toEqual(body);
  });
});

describe('expandPath', () => {
  it('fills every placeholder within its range', () => {
    const rng = seededRng(42);
    for (let i = 0; i < 200; i++) {
      const filled = expandPath('/api/product/{id:1-1000}/w/{w:3-5}/{n}', rng);
      const match = /^\/api\/product\/(\d+)\/w\/(\d+)\/(\d+)$/.exec(filled);
      expect(match).not.toBeNull();
      const [, id, w, n] = match!.map(Number);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(1000);
      expect(w).toBeGreaterThanOrEqual(3);
      expect(w).toBeLessThanOrEqual(5);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(1000);
    }
  });

  it('reaches both ends of a range and leaves plain paths alone', () => {
    expect(expandPath('/x/{id:7-9}', () => 0)).toBe('/x/7');
    expect(expandPath('/x/{id:7-9}', () => 0.999999)).toBe('/x/9');
    expect(expandPath('/x/{id:-3--1}', () => 0)).toBe('/x/-3');
    expect(expandPath('/api/stats', () => 0.5)).toBe('/api/stats');
  });

  it('repeats with the same seed', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    const paths = (rng: () => number) => Array.from({ length: 5 }, () => expandPath('/p/{id:1-1000}', rng));
    expect(paths(a)).toEqual(paths(b));
  });
});

describe('loadWorkloadFile', () => {
  it('reads a valid file, defaulting weights to 1', () => {
    const file = writeWorkload('ok.json', {
      requests: [
        { method: 'GET', path: '/api/product/{id:1-1000}', weight: 3 },
        { method: 'POST', path: '/api/order', body: { product_id: 1, quantity: 1 } },
      ],
    });
    expect(loadWorkloadFile(file)).toEqual({
      source: 'file',
      requests: [
        { method: 'GET', path: '/api/product/{id:1-1000}', weight: 3 },
        { method: 'POST', path: '/api/order', body: { product_id: 1, quantity: 1 }, weight: 1 },
      ],
    });
  });

  it('accepts a workload saved from analysis.json as it is', () => {
    const workload = workloadFromRoutes([route('GET', '/api/product/:id')]);
    expect(loadWorkloadFile(writeWorkload('saved.json', workload)).requests).toEqual(workload.requests);
  });

  it('names the file and the JSON pointer of the first problem, and lists the others', () => {
    const file = writeWorkload('bad.json', {
      requests: [
        { method: 'GET', path: '/ok' },
        { method: 'FETCH', path: '/x' },
        { method: 'GET', path: 'no-slash', weight: 0 },
        { path: '/y', wieght: 2 },
      ],
    });
    const error = userError(() => loadWorkloadFile(file));
    expect(error.message).toBe(`${file}: /requests/1/method must be one of GET, POST, PUT, PATCH, DELETE`);
    expect(error.hint).toContain('schemas/workload.schema.json');
    const details = (error.details ?? []).join('\n');
    expect(details).toContain('/requests/2/path must start with /');
    expect(details).toContain('/requests/2/weight must be > 0');
    expect(details).toContain('/requests/3/method is required');
    expect(details).toContain('/requests/3/wieght is not a known property');
  });

  it('rejects a missing request list, an empty one, and a placeholder whose range is reversed', () => {
    expect(userError(() => loadWorkloadFile(writeWorkload('empty.json', {}))).message).toContain('/requests is required');
    expect(userError(() => loadWorkloadFile(writeWorkload('none.json', { requests: [] }))).message)
      .toContain('/requests must NOT have fewer than 1 items');
    expect(userError(() => loadWorkloadFile(writeWorkload('range.json', { requests: [{ method: 'GET', path: '/p/{id:9-1}' }] })))
      .message).toContain('/requests/0/path placeholder {id:9-1} has min above max');
  });

  it('keeps headers (the workload\'s and a request\'s) and the login, and rejects a header name that is not a token', () => {
    const content = {
      headers: { authorization: 'Bearer t' },
      login: { method: 'POST', path: '/login', body: { user: 'a' } },
      requests: [{ method: 'GET', path: '/me', headers: { 'x-api-key': 'k' } }],
    };
    expect(loadWorkloadFile(writeWorkload('auth.json', content))).toEqual({
      source: 'file',
      headers: { authorization: 'Bearer t' },
      login: { method: 'POST', path: '/login', body: { user: 'a' } },
      requests: [{ method: 'GET', path: '/me', headers: { 'x-api-key': 'k' }, weight: 1 }],
    });
    const bad = writeWorkload('bad-header.json', { headers: { 'x api key': 'k' }, requests: [{ method: 'GET', path: '/' }] });
    expect(userError(() => loadWorkloadFile(bad)).message).toContain(`${bad}: /headers`);
  });

  it('reports broken JSON and a missing file as user errors naming the file', () => {
    const broken = writeWorkload('broken.json', '{ "requests": [ ');
    expect(userError(() => loadWorkloadFile(broken)).message).toContain(`${broken} is not valid JSON`);
    const missing = path.join(dir, 'missing.json');
    expect(userError(() => loadWorkloadFile(missing)).message).toContain(missing);
  });
});
