import fc from 'fast-check';
import type { DiscoveredRoute } from '../../analyze/types.js';
import { deref, EDGE_NUMBERS, isSchema, validArbitrary, wrongTypeArbitrary, type Schema } from './schema.js';

/**
 * Pure: fuzz requests from a contract — each operation of a service's OpenAPI document, or
 * each route of the monolith (its fastify body schemas) for the gateway — valid ones and the
 * invalid variants a server must refuse with a 4xx: wrong types, missing and extra fields,
 * edge numbers, negative ids, unicode, empty and malformed bodies, the wrong content type,
 * deep nesting, bad path parameters, other methods, and bodies over the limit (413), with a
 * Content-Length and chunked.
 * Seeded through fast-check, so a seed and a count give the same list again.
 */

export type FuzzMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FuzzOperation {
  method: FuzzMethod;
  /** `/api/product/{id}`: each `{name}` filled per request. */
  path: string;
  /** Schema of each path parameter, by name. */
  pathParams: Record<string, Schema>;
  /** The JSON request body's schema, when the operation takes one. */
  body?: unknown;
  /** Statuses the contract declares (`200`, `4XX`), when it declares them. */
  responses?: string[];
  /** The document `$ref`s resolve against. */
  document: unknown;
}

export interface FuzzRequest {
  target: string;
  method: FuzzMethod;
  path: string;
  contentType?: string;
  body?: string;
  /** A JSON body of this many bytes, made when it is sent (it is over the body limit). */
  oversizeBytes?: number;
  /** Sent with Transfer-Encoding: chunked (no Content-Length), so the limit is found while reading. */
  chunked?: boolean;
  /** What the request tries: `valid`, `missing quantity`, `wrong content-type` … */
  kind: string;
  /** The operation it came from (`POST /api/order`), for the report. */
  operation: string;
}

const METHODS: FuzzMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const JSON_TYPE = 'application/json';
/** A number literal no double holds, written into the JSON text as is. */
const RAW_NUMBERS = ['1e400', '-1e400', '123456789012345678901234567890', '1.0000000000000000000000001'];
const BAD_PATH_VALUES = ['0', '-1', '-9223372036854775809', '99999999999999999999', '1.5', '1e3', '0x10', 'abc', ' 1', '%00', '%', '..', 'null', 'NaN', 'Infinity'];
/** Marks a raw number literal inside a value until the body is serialised. */
const RAW = '\u0000raw:';

/** Operations of an OpenAPI 3 document (path and query parameters, JSON request bodies, declared statuses). */
export function operationsFromOpenApi(document: unknown): FuzzOperation[] {
  const paths = isSchema(document) && isSchema(document.paths) ? document.paths : {};
  const out: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isSchema(item)) continue;
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (!isSchema(op)) continue;
      const pathParams: Record<string, Schema> = {};
      const params = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])];
      for (const p of params.map((x) => deref(x, document))) if (p.in === 'path' && typeof p.name === 'string') pathParams[p.name] = deref(p.schema, document);
      const content = isSchema(op.requestBody) ? deref(op.requestBody, document).content : undefined;
      const body = isSchema(content) && isSchema(content[JSON_TYPE]) ? content[JSON_TYPE].schema : undefined;
      out.push({ method, path, pathParams, body, responses: isSchema(op.responses) ? Object.keys(op.responses) : undefined, document });
    }
  }
  return out;
}

/** Operations of the monolith's routes as the static pass found them (`:id` → `{id}`). */
export function operationsFromRoutes(routes: DiscoveredRoute[]): FuzzOperation[] {
  const seen = new Set<string>();
  const out: FuzzOperation[] = [];
  for (const route of routes) {
    const pathParams: Record<string, Schema> = {};
    const path = route.path
      .split('/')
      .map((segment) => {
        const param = /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(segment);
        if (!param) return segment;
        pathParams[param[1]!] = { type: 'integer' };
        return `{${param[1]}}`;
      })
      .join('/');
    const key = `${route.method} ${path}`;
    if (seen.has(key) || !METHODS.includes(route.method as FuzzMethod)) continue;
    seen.add(key);
    out.push({ method: route.method as FuzzMethod, path, pathParams, body: route.bodySchema, document: {} });
  }
  return out;
}

/** True when `status` is one the operation declares (exactly, or by class such as `4XX`), or it declares none. */
export function declaresStatus(op: Pick<FuzzOperation, 'responses'>, status: number): boolean {
  if (!op.responses || op.responses.length === 0) return true;
  return op.responses.some((r) => r === String(status) || r.toUpperCase() === `${String(status)[0]}XX` || r === 'default');
}

interface Field {
  path: string[];
  schema: Schema;
  required: boolean;
}

/** Every property of an object body, nested ones too (a few levels deep). */
function fieldsOf(schema: unknown, document: unknown, at: string[] = [], depth = 0): Field[] {
  const s = deref(schema, document);
  if (!isSchema(s.properties) || depth > 3) return [];
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  return Object.entries(s.properties).flatMap(([name, sub]) => {
    const field = { path: [...at, name], schema: deref(sub, document), required: required.includes(name) };
    return [field, ...fieldsOf(sub, document, field.path, depth + 1)];
  });
}

const DELETE = Symbol('delete');

function setAt(value: unknown, path: string[], next: unknown | typeof DELETE): unknown {
  if (path.length === 0) return next;
  const copy: Record<string, unknown> = isSchema(value) ? { ...value } : {};
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0 && next === DELETE) delete copy[head];
  else copy[head] = setAt(copy[head], rest, next);
  return copy;
}

/** JSON text of a body, with raw number literals put in where they were marked. */
export function serialise(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:([^"]*)"/g, '$1');
}

const isNumeric = (s: Schema): boolean => s.type === 'integer' || s.type === 'number';
const isId = (name: string): boolean => /(?:^id|_id|Id)$/.test(name);

/** A path value: mostly a valid id, sometimes an invalid or hostile one (percent-encoded). */
function pathValue(schema: Schema): fc.Arbitrary<{ value: string; kind?: string }> {
  const valid = validArbitrary(schema, {}, 'id').map((v) => ({ value: encodeURIComponent(String(v)) }));
  const bad = fc.oneof(
    fc.constantFrom(...BAD_PATH_VALUES).map((v) => ({ value: v, kind: `path parameter ${v}` })),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((v) => ({ value: encodeURIComponent(v), kind: 'path parameter unicode' })),
  );
  return fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: bad, weight: 2 });
}

function fillPath(op: FuzzOperation): fc.Arbitrary<{ path: string; kind?: string }> {
  const names = Object.keys(op.pathParams);
  if (names.length === 0) return fc.constant({ path: op.path });
  return fc.tuple(...names.map((n) => pathValue(op.pathParams[n]!))).map((values) => {
    let path = op.path;
    names.forEach((n, i) => (path = path.replace(`{${n}}`, values[i]!.value)));
    return { path, kind: values.find((v) => v.kind)?.kind };
  });
}

const QUERY = fc.oneof(
  { arbitrary: fc.constant(''), weight: 8 },
  { arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 12 })).map(([k, v]) => `?${encodeURIComponent(k)}=${encodeURIComponent(v)}`), weight: 1 },
);

interface BodyVariant {
  body?: string;
  contentType?: string;
  oversizeBytes?: number;
  kind: string;
}

/** Valid bodies and every invalid variant of them. */
function bodyArbitrary(op: FuzzOperation, bodyLimitBytes: number): fc.Arbitrary<BodyVariant> {
  const valid = validArbitrary(op.body, op.document);
  const fields = fieldsOf(op.body, op.document);
  const json = (kind: string) => (v: unknown): BodyVariant => ({ body: serialise(v), contentType: JSON_TYPE, kind });
  const onField = (pick: (f: Field) => boolean, make: (f: Field) => fc.Arbitrary<{ value: unknown; kind: string }>): fc.Arbitrary<BodyVariant>[] => {
    const chosen = fields.filter(pick);
    if (chosen.length === 0) return [];
    return [
      fc
        .tuple(valid, fc.constantFrom(...chosen))
        .chain(([v, f]) => make(f).map((m) => ({ body: serialise(setAt(v, f.path, m.value)), contentType: JSON_TYPE, kind: m.kind })) as fc.Arbitrary<BodyVariant>),
    ];
  };
  const name = (f: Field) => f.path.join('.');
  const variants: { arbitrary: fc.Arbitrary<BodyVariant>; weight: number }[] = [
    { arbitrary: valid.map(json('valid')), weight: 12 },
    ...onField(() => true, (f) => wrongTypeArbitrary(f.schema, op.document).map((value) => ({ value, kind: `${name(f)} of the wrong type` }))).map((a) => ({ arbitrary: a, weight: 3 })),
    ...onField((f) => f.required, (f) => fc.constant({ value: DELETE, kind: `missing ${name(f)}` })).map((a) => ({ arbitrary: a, weight: 2 })),
    ...onField(isNumericField, (f) => fc.oneof(fc.constantFrom(...EDGE_NUMBERS).map((value) => ({ value, kind: `${name(f)} edge number` })), fc.constantFrom(...RAW_NUMBERS).map((raw) => ({ value: `${RAW}${raw}`, kind: `${name(f)} huge literal` })))).map((a) => ({ arbitrary: a, weight: 3 })),
    ...onField((f) => isNumeric(f.schema) && isId(f.path[f.path.length - 1]!), (f) => fc.integer({ min: -1_000_000, max: -1 }).map((value) => ({ value, kind: `${name(f)} negative id` }))).map((a) => ({ arbitrary: a, weight: 1 })),
    ...onField((f) => f.schema.type === 'string', (f) => fc.string({ unit: 'binary', maxLength: 64 }).map((value) => ({ value, kind: `${name(f)} unicode` }))).map((a) => ({ arbitrary: a, weight: 1 })),
    { arbitrary: fc.tuple(valid, fc.oneof(fc.string({ minLength: 1, maxLength: 10 }).map((k) => `x_${k}`), fc.constantFrom('__proto__', 'constructor'))).map(([v, k]) => json('extra field')(isSchema(v) ? { ...v, [k]: { polluted: 1 } } : v)), weight: 1 },
    { arbitrary: fc.constantFrom<BodyVariant>({ body: '', contentType: JSON_TYPE, kind: 'empty body' }, { kind: 'no body' }), weight: 1 },
    { arbitrary: valid.chain((v) => fc.nat({ max: Math.max(0, serialise(v).length - 1) }).map((n) => ({ body: serialise(v).slice(0, n), contentType: JSON_TYPE, kind: 'malformed JSON' }))), weight: 1 },
    { arbitrary: fc.oneof(fc.constant([]), fc.constant('text'), fc.integer(), fc.constant(null), fc.array(valid, { maxLength: 2 })).map(json('not an object')), weight: 1 },
    { arbitrary: fc.tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1')).map(([v, t]) => ({ body: serialise(v), contentType: t, kind: `content-type ${t.split(';')[0]}` })), weight: 1 },
    { arbitrary: fc.integer({ min: 200, max: 5000 }).map((depth) => ({ body: `${'['.repeat(depth)}${']'.repeat(depth)}`, contentType: JSON_TYPE, kind: 'deep nesting' })), weight: 1 },
    { arbitrary: fc.tuple(fc.integer({ min: 1, max: 64 * 1024 }), fc.boolean()).map(([extra, chunked]) => ({ oversizeBytes: bodyLimitBytes + extra, contentType: JSON_TYPE, chunked, kind: chunked ? 'over the body limit, chunked' : 'over the body limit' })), weight: 1 },
  ];
  return fc.oneof(...variants);
}

function isNumericField(f: Field): boolean {
  return isNumeric(f.schema);
}

const takesBody = (op: FuzzOperation): boolean => op.method !== 'GET' && op.method !== 'DELETE';

export interface GenerateOptions {
  /** Bodies over this many bytes must be answered 413. */
  bodyLimitBytes: number;
}

/** Requests of one operation: its path filled, a body or an invalid variant, now and then another method. */
export function operationArbitrary(target: string, op: FuzzOperation, options: GenerateOptions): fc.Arbitrary<FuzzRequest> {
  const operation = `${op.method} ${op.path}`;
  const body: fc.Arbitrary<BodyVariant> = takesBody(op) ? bodyArbitrary(op, options.bodyLimitBytes) : fc.constant({ kind: 'valid' });
  const request = fc.tuple(fillPath(op), QUERY, body).map(([p, query, b]): FuzzRequest => ({ target, method: op.method, path: `${p.path}${query}`, ...b, kind: p.kind ?? b.kind, operation }));
  const otherMethod = fc.tuple(fillPath(op), fc.constantFrom(...METHODS.filter((m) => m !== op.method))).map(([p, method]): FuzzRequest => ({ target, method, path: p.path, kind: `method ${method}`, operation }));
  return fc.oneof({ arbitrary: request, weight: 15 }, { arbitrary: otherMethod, weight: 1 });
}

/**
 * `count` requests spread over the operations, the same list for the same seed. The first are
 * one body over the limit per operation that takes a body, so every target's 413 is checked
 * however few requests a run sends.
 */
export function fuzzRequests(target: string, operations: FuzzOperation[], count: number, seed: number, options: GenerateOptions): FuzzRequest[] {
  if (operations.length === 0 || count <= 0) return [];
  const probes = operations
    .filter(takesBody)
    .flatMap((op) => [false, true].map((chunked): FuzzRequest => ({ target, method: op.method, path: op.path.replace(/\{[^}]+\}/g, '1'), contentType: JSON_TYPE, oversizeBytes: options.bodyLimitBytes + 1, chunked, kind: chunked ? 'over the body limit, chunked' : 'over the body limit', operation: `${op.method} ${op.path}` })))
    .slice(0, count);
  // Operations that take a body have many more ways to be wrong: three times the share.
  const arbitrary = fc.oneof(...operations.map((op) => ({ arbitrary: operationArbitrary(target, op, options), weight: takesBody(op) ? 3 : 1 })));
  return [...probes, ...(count > probes.length ? fc.sample(arbitrary, { seed, numRuns: count - probes.length }) : [])];
}

/** The request as a line to paste: method, URL path, content type and (the start of) the body. */
export function describeRequest(req: FuzzRequest): string {
  const body = req.oversizeBytes !== undefined ? ` <${req.oversizeBytes} bytes of JSON${req.chunked ? ', chunked' : ''}>` : req.body !== undefined ? ` ${req.body.length > 200 ? `${req.body.slice(0, 200)}… (${req.body.length} chars)` : req.body}` : '';
  return `${req.method} ${req.path}${req.contentType ? ` [${req.contentType}]` : ''}${body}  (${req.kind})`;
}
