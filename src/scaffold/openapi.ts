/**
 * The HTTP face of a service, from the IR: which endpoints it has (docs/service-contract.md) and
 * the OpenAPI 3.1 description of them. Pure. The Rust and Go service renderers both read
 * `serviceEndpoints` for their routes and `openApiFor` for `openapi.json`, so the two services,
 * and the wire-type names in their 400 messages (`wireTypeName`), cannot drift apart.
 */
import { UserError } from '../errors.js';
import type { ClassDecl, FunctionDecl, IrModule, IrType, MethodDecl, Param } from '../translate/ir.js';
import { kebabCase } from './gateway/plan.js';

export { kebabCase };

export interface Endpoint {
  /** The function or class this endpoint belongs to. */
  unit: string;
  kind: 'function' | 'method' | 'getter';
  /** Set for methods and getters. */
  className?: string;
  /** The TS name of the function, method or getter. */
  name: string;
  httpMethod: 'GET' | 'POST';
  path: string;
  /** `quotePrice`, `InventoryStore.reserve`. */
  operationId: string;
  params: Param[];
  result: IrType;
  throws: boolean;
  /** Writes the instance (`mutates` in the IR; methods only): not idempotent, so never retried. */
  mutates: boolean;
  /** The result may differ between identical calls (clock, Math.random). */
  nondeterministic: boolean;
  decl: FunctionDecl | MethodDecl;
}

export interface ServiceShape {
  endpoints: Endpoint[];
  /** The class the service holds (the contract has one construct endpoint per service). */
  stateful?: ClassDecl;
}

export const CONSTRUCT_PATH = '/_pivot/construct';

/** Types that cannot cross the wire (a class instance, a closure, a placeholder). */
function unwireable(type: IrType): IrType | undefined {
  switch (type.kind) {
    case 'class':
    case 'function':
    case 'unknown':
      return type;
    case 'array':
    case 'set':
      return unwireable(type.element);
    case 'optional':
      return unwireable(type.inner);
    case 'map':
      return unwireable(type.key) ?? unwireable(type.value);
    case 'tuple':
      return type.elements.map(unwireable).find((t) => t !== undefined);
    default:
      return undefined;
  }
}

function checkWire(where: string, type: IrType): void {
  const bad = unwireable(type);
  if (bad) {
    throw new UserError(
      `${where} has type ${bad.kind === 'class' ? `class ${bad.name}` : bad.kind}, which cannot be sent over HTTP as JSON`,
      'serve the unit that uses it instead, or pass plain data (interfaces, arrays, maps) across the service boundary',
    );
  }
}

function endpointOf(unit: string, decl: FunctionDecl | MethodDecl, cls: ClassDecl | undefined): Endpoint {
  const isMethod = decl.kind === 'method';
  const getter = isMethod && decl.isGetter;
  const who = cls ? `${cls.name}.${decl.name}` : decl.name;
  for (const p of decl.params) checkWire(`parameter ${p.name} of ${who}`, p.type);
  checkWire(`the result of ${who}`, decl.result);
  return {
    unit,
    kind: getter ? 'getter' : isMethod ? 'method' : 'function',
    className: cls?.name,
    name: decl.name,
    httpMethod: getter ? 'GET' : 'POST',
    path: `/api/${kebabCase(decl.name)}`,
    operationId: who,
    params: decl.params,
    result: decl.result,
    throws: decl.throws,
    mutates: isMethod ? decl.mutates : false,
    nondeterministic: decl.nondeterministic,
    decl,
  };
}

/**
 * The endpoints of a service serving `units` (functions and at most one class) of `module`:
 * one per function, one per public method or getter of the class.
 */
export function serviceEndpoints(module: IrModule, units: string[]): ServiceShape {
  if (units.length === 0) throw new UserError(`no units to serve from ${module.sourceFile}`, 'name a function or class: pivot evolve <file>#<name>');
  const endpoints: Endpoint[] = [];
  const classes: ClassDecl[] = [];
  for (const unit of units) {
    const fn = module.functions.find((f) => f.name === unit);
    const cls = module.classes.find((c) => c.name === unit);
    if (fn) endpoints.push(endpointOf(unit, fn, undefined));
    else if (cls) {
      classes.push(cls);
      for (const p of cls.constructorParams) checkWire(`constructor parameter ${p.name} of ${cls.name}`, p.type);
      for (const m of cls.methods) if (m.visibility === 'public') endpoints.push(endpointOf(unit, m, cls));
    } else {
      throw new UserError(`${module.sourceFile} has no function or class ${unit} to serve`, `check the unit name after # in pivot evolve ${module.sourceFile}#<name>`);
    }
  }
  if (classes.length > 1) {
    throw new UserError(
      `a service holds one class, but ${classes.map((c) => c.name).join(' and ')} were given to one service`,
      'the contract has one construct endpoint per service: evolve each class into its own service',
    );
  }
  const seen = new Map<string, string>();
  for (const e of endpoints) {
    const key = `${e.httpMethod} ${e.path}`;
    const other = seen.get(key);
    if (other) throw new UserError(`${other} and ${e.operationId} would both be served at ${key}`, 'rename one of them in the TypeScript source');
    seen.set(key, e.operationId);
  }
  return { endpoints, stateful: classes[0] };
}

/** The type named in a 400 message: `<path>: expected <wireTypeName>`. */
export function wireTypeName(type: IrType, module: IrModule): string {
  const simple: Partial<Record<IrType['kind'], string>> = {
    f64: 'number', i64: 'integer', bool: 'boolean', string: 'string', void: 'null', array: 'array', set: 'array', struct: 'object', map: 'array of [key, value] pairs',
  };
  if (type.kind === 'tuple') return `array of ${type.elements.length}`;
  if (type.kind === 'optional') return `${wireTypeName(type.inner, module)} or null`;
  if (type.kind === 'enum') {
    const decl = module.enums.find((e) => e.name === type.name);
    return `one of ${(decl?.variants ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return simple[type.kind] ?? type.kind;
}

/**
 * How an error the original threw maps to a status, from its message (docs/service-contract.md,
 * "Errors"), checked in order; anything else is 422. `contains` covers messages such as
 * `reservation not held: …` that carry the phrase after a subject.
 */
export const UNIT_ERROR_RULES: readonly { status: number; prefixes: string[]; contains: string[] }[] = [
  { status: 404, prefixes: ['unknown ', 'not found'], contains: [] },
  { status: 409, prefixes: ['insufficient ', 'conflict', 'already '], contains: ['not held'] },
  { status: 400, prefixes: ['invalid '], contains: [] },
];
export const UNIT_ERROR_DEFAULT_STATUS = 422;

export function unitErrorStatus(message: string): number {
  const rule = UNIT_ERROR_RULES.find((r) => r.prefixes.some((p) => message.startsWith(p)) || r.contains.some((c) => message.includes(c)));
  return rule?.status ?? UNIT_ERROR_DEFAULT_STATUS;
}

type Schema = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a wire value; structs and enums by `$ref`. */
export function schemaOf(type: IrType): Schema {
  switch (type.kind) {
    case 'f64':
      return { type: 'number' };
    case 'i64':
      return { type: 'integer', format: 'int64' };
    case 'bool':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'void':
      return { type: 'null' };
    case 'array':
      return { type: 'array', items: schemaOf(type.element) };
    case 'set':
      return { type: 'array', items: schemaOf(type.element), uniqueItems: true, description: 'a Set, in insertion order' };
    case 'tuple':
      return { type: 'array', prefixItems: type.elements.map(schemaOf), minItems: type.elements.length, maxItems: type.elements.length };
    case 'map':
      return {
        type: 'array',
        description: 'a Map, as [key, value] pairs in insertion order',
        items: { type: 'array', prefixItems: [schemaOf(type.key), schemaOf(type.value)], minItems: 2, maxItems: 2 },
      };
    case 'optional':
      return { anyOf: [schemaOf(type.inner), { type: 'null' }] };
    case 'struct':
    case 'enum':
      return { $ref: `#/components/schemas/${type.name}` };
    default:
      return {};
  }
}

/** Names of the structs and enums reachable from `roots` (through struct fields). */
export function reachableDecls(module: IrModule, roots: IrType[]): Set<string> {
  const names = new Set<string>();
  const visit = (t: IrType): void => {
    switch (t.kind) {
      case 'array':
      case 'set':
        return visit(t.element);
      case 'optional':
        return visit(t.inner);
      case 'map':
        visit(t.key);
        return visit(t.value);
      case 'tuple':
        return t.elements.forEach(visit);
      case 'enum':
        names.add(t.name);
        return;
      case 'struct':
        if (names.has(t.name)) return;
        names.add(t.name);
        for (const f of module.structs.find((s) => s.name === t.name)?.fields ?? []) visit(f.type);
        return;
      default:
        return;
    }
  };
  roots.forEach(visit);
  return names;
}

function componentSchemas(module: IrModule, names: Set<string>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const e of module.enums) {
    if (names.has(e.name)) out[e.name] = { type: 'string', enum: e.variants, ...(e.doc ? { description: e.doc } : {}) };
  }
  for (const s of module.structs) {
    if (!names.has(s.name)) continue;
    out[s.name] = {
      type: 'object',
      ...(s.doc ? { description: s.doc } : {}),
      properties: Object.fromEntries(s.fields.map((f) => [f.name, schemaOf(f.type)])),
      required: s.fields.filter((f) => !f.optional).map((f) => f.name),
    };
  }
  out.Error = {
    type: 'object',
    properties: {
      error: { type: 'string', enum: ['bad_request', 'unit_error', 'not_ready', 'too_large', 'not_found', 'method_not_allowed', 'internal'] },
      message: { type: 'string' },
    },
    required: ['error', 'message'],
  };
  return out;
}

const errorResponse = (description: string): Schema => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const paramRequired = (p: Param): boolean => p.type.kind !== 'optional' && p.defaultValue === undefined;

function operationOf(e: Endpoint, stateful: boolean): Schema {
  const responses: Record<string, Schema> =
    e.result.kind === 'void'
      ? { '204': { description: 'done; no body' } }
      : { '200': { description: 'the result', content: { 'application/json': { schema: schemaOf(e.result) } } } };
  if (e.httpMethod === 'POST') {
    responses['400'] = errorResponse('bad_request: the body is not JSON or a parameter is missing or ill-typed ("<path>: expected <type>"); unit_error: the original threw "invalid …"');
    responses['413'] = errorResponse('too_large: the body is over BODY_LIMIT_BYTES');
  }
  if (e.throws) {
    responses['4XX'] = errorResponse('unit_error: the original threw; 404 for "unknown …"/"not found", 409 for "insufficient …"/"conflict"/"already …"/"not held", 400 for "invalid …", otherwise 422');
  }
  if (stateful) responses['503'] = errorResponse('not_ready: the instance has not been constructed yet');
  responses['500'] = errorResponse('internal: a bug in the translation (a panic)');
  const op: Schema = {
    operationId: e.operationId,
    summary: e.decl.doc?.split('\n')[0] ?? `${e.operationId}`,
    ...(e.decl.doc ? { description: e.decl.doc } : {}),
    'x-pivot-idempotent': !e.mutates,
    'x-pivot-throws': e.throws,
    responses,
  };
  if (e.httpMethod === 'POST') {
    op.requestBody = {
      required: e.params.some(paramRequired),
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: Object.fromEntries(e.params.map((p) => [p.name, schemaOf(p.type)])),
            required: e.params.filter(paramRequired).map((p) => p.name),
          },
        },
      },
    };
  }
  return op;
}

function operationalPaths(stateful: boolean): Record<string, Schema> {
  const text = (description: string): Schema => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
  const status = (description: string): Schema => ({
    description,
    content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } } },
  });
  const ready = { '200': status('ready to serve'), ...(stateful ? { '503': status('{"status":"waiting for construct"}') } : {}) };
  const metrics = 'Prometheus text: http_requests_total and http_request_duration_seconds by route, method, status';
  return {
    '/health': { get: { operationId: 'health', summary: 'liveness', responses: { '200': status('alive: {"status":"ok"}') } } },
    '/ready': { get: { operationId: 'ready', summary: 'readiness', responses: ready } },
    '/metrics': { get: { operationId: 'metrics', summary: metrics, responses: { '200': text('Prometheus text exposition format 0.0.4') } } },
  };
}

function constructPath(cls: ClassDecl): Schema {
  return {
    post: {
      operationId: `${cls.name}.constructor`,
      summary: `construct the ${cls.name} instance; the first call wins and later calls keep the state`,
      'x-pivot-idempotent': true,
      'x-pivot-throws': cls.constructorThrows,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                args: {
                  type: 'array',
                  description: `constructor arguments in order: ${cls.constructorParams.map((p) => p.name).join(', ') || 'none'}`,
                  prefixItems: cls.constructorParams.map((p) => schemaOf(p.type)),
                  minItems: cls.constructorParams.filter(paramRequired).length,
                  maxItems: cls.constructorParams.length,
                },
              },
              required: ['args'],
            },
          },
        },
      },
      responses: {
        '201': { description: 'constructed' },
        '200': { description: 'already constructed; the state is kept' },
        '400': errorResponse('bad_request: ill-typed arguments, or unit_error: the constructor threw "invalid …"'),
        ...(cls.constructorThrows ? { '4XX': errorResponse('unit_error: the constructor threw') } : {}),
        '413': errorResponse('too_large'),
        '500': errorResponse('internal'),
      },
    },
  };
}

export interface OpenApiInfo {
  title: string;
  version: string;
  serviceName: string;
}

/** The OpenAPI 3.1 document of a service serving `units` of `module`. */
export function openApiFor(module: IrModule, units: string[], info: OpenApiInfo): Record<string, unknown> {
  const { endpoints, stateful } = serviceEndpoints(module, units);
  const paths: Record<string, Schema> = {};
  for (const e of endpoints) {
    paths[e.path] = { ...(paths[e.path] ?? {}), [e.httpMethod.toLowerCase()]: operationOf(e, stateful !== undefined) };
  }
  if (stateful) paths[CONSTRUCT_PATH] = constructPath(stateful);
  Object.assign(paths, operationalPaths(stateful !== undefined));
  const roots = [
    ...endpoints.flatMap((e) => [...e.params.map((p) => p.type), e.result]),
    ...(stateful?.constructorParams.map((p) => p.type) ?? []),
  ];
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: `The ${info.serviceName} service: ${units.join(', ')} from ${module.sourceFile}, translated and served by pivot (see docs/service-contract.md).`,
    },
    paths,
    components: { schemas: componentSchemas(module, reachableDecls(module, roots)) },
  };
}
