import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runStaticPass } from '../../../src/analyze/static.js';
import { declaresStatus, fuzzRequests, operationsFromOpenApi, operationsFromRoutes, serialise, type FuzzOperation } from '../../../src/run/fuzz/requests.js';
import { judge, splitRequests } from '../../../src/run/fuzz/runner.js';

const REPO = join(import.meta.dirname, '../../..');
const LIMIT = 1_048_576;
const inventoryDoc = JSON.parse(readFileSync(join(REPO, 'examples/polyglot-shop/services/inventory/openapi.json'), 'utf8')) as unknown;
const pricingDoc = JSON.parse(readFileSync(join(REPO, 'examples/polyglot-shop/services/pricing/openapi.json'), 'utf8')) as unknown;
const monolithOps = operationsFromRoutes(runStaticPass(join(REPO, 'fixtures/monolith')).routes);

/** A validator of an operation's body schema, `$ref`s resolved in its own document. */
function bodyValidator(op: FuzzOperation) {
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ ...(op.document as object), $id: 'doc' });
  return ajv.compile({ $ref: `doc#/paths/${op.path.replace(/\//g, '~1')}/${op.method.toLowerCase()}/requestBody/content/application~1json/schema` });
}

describe('operations from the contracts', () => {
  it('reads every operation of an OpenAPI document with its body schema and declared statuses', () => {
    const ops = operationsFromOpenApi(inventoryDoc);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/reserve');
    expect(ops.map((o) => `${o.method} ${o.path}`)).toContain('GET /health');
    const reserve = ops.find((o) => o.path === '/api/reserve')!;
    expect(reserve.body).toMatchObject({ required: ['productId', 'quantity'] });
    expect(declaresStatus(reserve, 409)).toBe(true); // 4XX
    expect(declaresStatus(reserve, 502)).toBe(false);
  });

  it("reads the monolith's routes, :id as a path parameter and the order route's fastify schema", () => {
    expect(monolithOps.map((o) => `${o.method} ${o.path}`).sort()).toEqual(['GET /api/product/{id}', 'GET /api/stats', 'GET /health', 'GET /metrics', 'POST /api/order']);
    expect(monolithOps.find((o) => o.method === 'POST')!.body).toMatchObject({ required: ['product_id', 'quantity'], additionalProperties: false });
  });
});

describe('fuzz requests', () => {
  it('are the same list for the same seed, another for another seed', () => {
    const ops = operationsFromOpenApi(pricingDoc);
    const a = fuzzRequests('pricing', ops, 200, 5, { bodyLimitBytes: LIMIT });
    expect(fuzzRequests('pricing', ops, 200, 5, { bodyLimitBytes: LIMIT })).toEqual(a);
    expect(fuzzRequests('pricing', ops, 200, 6, { bodyLimitBytes: LIMIT })).not.toEqual(a);
    expect(a).toHaveLength(200);
  });

  it('start with one body over the limit per operation that takes a body', () => {
    const reqs = fuzzRequests('gateway', monolithOps, 50, 1, { bodyLimitBytes: LIMIT });
    expect(reqs.slice(0, 2)).toMatchObject([
      { method: 'POST', path: '/api/order', kind: 'over the body limit', oversizeBytes: LIMIT + 1, chunked: false },
      { method: 'POST', path: '/api/order', kind: 'over the body limit, chunked', oversizeBytes: LIMIT + 1, chunked: true },
    ]);
  });

  it('valid bodies pass the schema; missing, ill-typed and extra fields do not (the monolith order schema)', () => {
    const order = monolithOps.find((o) => o.method === 'POST')!;
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(order.body as object);
    const reqs = fuzzRequests('gateway', [order], 3000, 2, { bodyLimitBytes: LIMIT });
    const kinds = new Set(reqs.map((r) => r.kind.replace(/^(product_id|quantity) /, '')));
    for (const k of ['valid', 'missing', 'of the wrong type', 'extra field', 'edge number', 'huge literal', 'negative id', 'empty body', 'malformed JSON', 'not an object', 'deep nesting', 'over the body limit', 'content-type text/plain']) {
      expect([...kinds].some((x) => x.startsWith(k)), k).toBe(true);
    }
    for (const r of reqs.filter((x) => x.method === 'POST' && x.body !== undefined && x.contentType === 'application/json')) {
      if (r.kind === 'valid') expect(validate(JSON.parse(r.body!)), r.body).toBe(true);
      if (/^(missing|extra field|.* of the wrong type)/.test(r.kind)) expect(validate(JSON.parse(r.body!)), `${r.kind}: ${r.body}`).toBe(false);
    }
  });

  it('valid bodies of every OpenAPI operation pass its schema ($refs, prefixItems); missing fields do not', () => {
    for (const doc of [inventoryDoc, pricingDoc]) {
      for (const op of operationsFromOpenApi(doc).filter((o) => o.body !== undefined)) {
        const validate = bodyValidator(op);
        const reqs = fuzzRequests('svc', [op], 300, 3, { bodyLimitBytes: LIMIT }).filter((r) => r.method === op.method && r.body !== undefined);
        expect(reqs.length).toBeGreaterThan(100);
        for (const r of reqs) {
          if (r.kind === 'valid') expect(validate(JSON.parse(r.body!)), `${op.path} ${r.body}`).toBe(true);
          if (r.kind.startsWith('missing')) expect(validate(JSON.parse(r.body!)), `${op.path} ${r.kind}`).toBe(false);
        }
      }
    }
  });

  it('writes huge number literals into the JSON text as they are', () => {
    expect(serialise({ a: '\u0000raw:1e400', b: 'x' })).toBe('{"a":1e400,"b":"x"}');
  });
});

describe('judging an answer', () => {
  const req = { target: 'gateway', method: 'POST' as const, path: '/api/order', kind: 'valid', operation: 'POST /api/order' };
  it('a 5xx, a missing answer, another status than the monolith, an undeclared status, an oversize not 413 JSON', () => {
    expect(judge(req, { status: 200, jsonError: false }, undefined, { status: 200, jsonError: false })).toEqual([]);
    expect(judge(req, { status: 503, jsonError: true }, undefined)).toEqual(['5xx']);
    expect(judge(req, { status: 0, error: 'ECONNRESET', jsonError: false }, undefined)).toEqual(['no answer']);
    expect(judge(req, { status: 400, jsonError: true }, undefined, { status: 409, jsonError: true })).toEqual(['status mismatch']);
    expect(judge(req, { status: 418, jsonError: true }, { responses: ['200', '400'] })).toEqual(['undeclared status']);
    expect(judge({ ...req, oversizeBytes: LIMIT + 1 }, { status: 413, jsonError: false }, undefined)).toEqual(['oversize not 413 JSON']);
    expect(judge({ ...req, oversizeBytes: LIMIT + 1 }, { status: 413, jsonError: true }, undefined)).toEqual([]);
  });

  it('splits N requests: half to the gateway, the rest evenly over the services', () => {
    expect(splitRequests(10_000, 2)).toEqual([5000, 2500, 2500]);
    expect(splitRequests(501, 2)).toEqual([251, 125, 125]);
  });
});
