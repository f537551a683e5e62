import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { UserError } from '../errors.js';
import type { DiscoveredRoute, HttpMethod, Workload, WorkloadRequest } from '../analyze/types.js';

/**
 * Workloads: generated from discovered routes, or read from `pivot.workload.json`.
 *
 * Path placeholders: a path may hold `{name:min-max}` (e.g. `/api/product/{id:1-1000}`); the
 * load driver replaces each with an integer drawn uniformly from [min, max] per request, via
 * `expandPath`. `{name}` alone means [1, 1000]. Route parameters (`:id`) become `{id:1-1000}`.
 * In a JSON body, a string value that is exactly a placeholder (`"product_id": "{id:1-1000}"`)
 * is replaced by the integer itself (`expandBody`), so orders spread over many products.
 */

/** A source of uniform numbers in [0, 1), like Math.random. */
export type Rng = () => number;

const DEFAULT_RANGE: [number, number] = [1, 1000];
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::(-?\d+)-(-?\d+))?\}/g;
const WEIGHT: Partial<Record<HttpMethod, number>> = { GET: 3, POST: 1, PUT: 1, PATCH: 1 };
/** Probes and scrape endpoints say nothing about the application's hot paths. */
const NOT_WORKLOAD = /(?:^|\/)(?:health|healthz|healthcheck|_health|ready|readyz|readiness|live|livez|liveness|ping|metrics)\/?$/i;
const MAX_SCHEMA_DEPTH = 8;

/** Chooses the value of one placeholder from its range (`{name}` alone is [1, 1000]). */
export type PlaceholderPick = (min: number, max: number) => number | string;

/** Fills every `{name:min-max}` / `{name}` placeholder of a template with `pick`'s value. */
export function fillPlaceholders(template: string, pick: PlaceholderPick): string {
  return template.replace(PLACEHOLDER, (_match, _name: string, min?: string, max?: string) =>
    String(pick(min === undefined ? DEFAULT_RANGE[0] : Number(min), max === undefined ? DEFAULT_RANGE[1] : Number(max))),
  );
}

const BODY_PLACEHOLDER = /"\{([A-Za-z_][A-Za-z0-9_]*)(?::(-?\d+)-(-?\d+))?\}"/g;

/** The same for a JSON text: a string value that is exactly a placeholder becomes the bare value. */
export function fillBodyPlaceholders(json: string, pick: PlaceholderPick): string {
  return json.replace(BODY_PLACEHOLDER, (match) => fillPlaceholders(match.slice(1, -1), pick));
}

/** An integer from `rng`, uniform in [min, max]. */
const uniform = (rng: Rng): PlaceholderPick => (low, high) => Math.min(high, Math.max(low, low + Math.floor(rng() * (high - low + 1))));

/** Fills every `{name:min-max}` / `{name}` placeholder of a path with an integer from `rng`. */
export function expandPath(path: string, rng: Rng): string {
  return fillPlaceholders(path, uniform(rng));
}

/** Fills every whole-string placeholder of a JSON body text with an integer (unquoted). */
export function expandBody(json: string, rng: Rng): string {
  return fillBodyPlaceholders(json, uniform(rng));
}

/** True when a JSON body text holds placeholders to fill per request. */
export function bodyHasPlaceholders(json: string): boolean {
  BODY_PLACEHOLDER.lastIndex = 0;
  return BODY_PLACEHOLDER.test(json);
}

/** An id-like integer property: sampled as a placeholder so the load spreads over many ids. */
const ID_KEY = /(?:^id|_id|Id)$/;

/** A small deterministic Rng (mulberry32), for loads that should repeat exactly. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `/api/product/:id` → `/api/product/{id:1-1000}`; wildcards become `1`. */
export function templateOfRoute(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      const param = /^:([A-Za-z_][A-Za-z0-9_]*)(?:\(.*\))?\??$/.exec(segment);
      if (param !== null) return `{${param[1]}:${DEFAULT_RANGE[0]}-${DEFAULT_RANGE[1]}}`;
      return segment === '*' ? '1' : segment;
    })
    .join('/');
}

/**
 * A workload that exercises every route: GET weight 3, POST/PUT/PATCH weight 1 with a body
 * generated from the route's schema when it has one. Health/readiness probes and `/metrics`
 * are left out, and so are DELETE routes (a load that deletes would empty what it measures).
 */
export function workloadFromRoutes(routes: DiscoveredRoute[]): Workload {
  const requests: WorkloadRequest[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    const weight = WEIGHT[route.method];
    if (weight === undefined || NOT_WORKLOAD.test(route.path)) continue;
    const path = templateOfRoute(route.path);
    const key = `${route.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const request: WorkloadRequest = { method: route.method, path, weight };
    if (route.method !== 'GET' && route.bodySchema !== undefined) request.body = sampleFromSchema(route.bodySchema);
    requests.push(request);
  }
  return { source: 'routes', requests };
}

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A deterministic value that satisfies a JSON schema's common keywords: the lowest allowed
 * number (1 when unbounded), the first enum value, required properties only (all of them when
 * the schema lists none, since a handler usually reads what it declares), one array item.
 */
export function sampleFromSchema(schema: unknown, depth = 0): unknown {
  if (!isSchema(schema) || depth > MAX_SCHEMA_DEPTH) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return sampleFromSchema(options[0], depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Record<string, unknown> = {};
    for (const part of schema.allOf) {
      const value = sampleFromSchema(part, depth + 1);
      if (isSchema(value)) Object.assign(merged, value);
    }
    return merged;
  }
  const declared = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const type = declared ?? (isSchema(schema.properties) ? 'object' : schema.items !== undefined ? 'array' : undefined);
  switch (type) {
    case 'integer':
    case 'number':
      return sampleNumber(schema, type === 'integer');
    case 'string':
      return sampleString(schema);
    case 'boolean':
      return true;
    case 'array': {
      const count = Math.min(Math.max(numberOr(schema.minItems) ?? 1, 1), numberOr(schema.maxItems) ?? Infinity);
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, depth + 1));
    }
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const keys = Array.isArray(schema.required)
        ? schema.required.filter((key): key is string => typeof key === 'string')
        : Object.keys(properties);
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const property = properties[key];
        if (ID_KEY.test(key) && isSchema(property) && property.type === 'integer') {
          const low = Math.max(numberOr(property.minimum) ?? 1, DEFAULT_RANGE[0]);
          const high = Math.max(low, Math.min(numberOr(property.maximum) ?? DEFAULT_RANGE[1], DEFAULT_RANGE[1]));
          out[key] = `{${key}:${low}-${high}}`;
        } else {
          out[key] = key in properties ? sampleFromSchema(property, depth + 1) : 'sample';
        }
      }
      return out;
    }
    default:
      return null;
  }
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const exclusiveLow = numberOr(schema.exclusiveMinimum);
  const exclusiveHigh = numberOr(schema.exclusiveMaximum);
  const step = integer ? 1 : 0.5;
  const low = numberOr(schema.minimum) ?? (exclusiveLow === undefined ? undefined : exclusiveLow + step);
  const high = numberOr(schema.maximum) ?? (exclusiveHigh === undefined ? undefined : exclusiveHigh - step);
  let value = low ?? Math.min(1, high ?? 1);
  if (integer) value = Math.ceil(value);
  const multiple = numberOr(schema.multipleOf);
  if (multiple !== undefined && multiple > 0) value = Math.ceil(value / multiple) * multiple;
  return high !== undefined && value > high ? high : value;
}

const FORMAT_SAMPLES: Record<string, string> = {
  email: 'user@example.com',
  'date-time': '2024-01-01T00:00:00.000Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  uuid: '00000000-0000-4000-8000-000000000001',
  uri: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
};

function sampleString(schema: Schema): string {
  const format = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined;
  if (format !== undefined) return format;
  const min = numberOr(schema.minLength) ?? 0;
  const max = numberOr(schema.maxLength) ?? Infinity;
  return 'sample'.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, 6)));
}

let validator: ReturnType<Ajv['compile']> | undefined;

function workloadValidator(): ReturnType<Ajv['compile']> {
  if (validator === undefined) {
    // The same relative path works from src/workload (tsx) and dist/workload (built).
    const schemaFile = fileURLToPath(new URL('../../schemas/workload.schema.json', import.meta.url));
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

function describeError(error: ErrorObject): { pointer: string; message: string } {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  if (error.keyword === 'required' && params.missingProperty !== undefined) {
    return { pointer: `${error.instancePath}/${params.missingProperty}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    return { pointer: `${error.instancePath}/${params.additionalProperty}`, message: 'is not a known property' };
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return { pointer: error.instancePath, message: `must be one of ${params.allowedValues.join(', ')}` };
  }
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/path')) {
    return { pointer: error.instancePath, message: 'must start with / and use placeholders like {id:1-1000}' };
  }
  return { pointer: error.instancePath, message: error.message ?? 'is invalid' };
}

const HINT = 'A workload file looks like { "requests": [ { "method": "GET", "path": "/api/product/{id:1-1000}", "weight": 3 } ] }; '
  + 'its schema is schemas/workload.schema.json in the pivot package.';

/** Reads and validates a workload file; every problem is a UserError naming the file and the JSON pointer. */
export function loadWorkloadFile(path: string): Workload {
  if (!existsSync(path)) throw new UserError(`Workload file not found: ${path}`, 'Check the path passed to --workload.');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`${path} is not valid JSON: ${(error as Error).message}`, HINT);
  }
  const validate = workloadValidator();
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map(describeError);
    const first = problems[0] ?? { pointer: '', message: 'is invalid' };
    throw new UserError(
      `${path}: ${first.pointer || '/'} ${first.message}`,
      HINT,
      problems.slice(1).map((problem) => `${path}: ${problem.pointer || '/'} ${problem.message}`),
    );
  }
  const file = data as Pick<Workload, 'headers' | 'login'> & { requests: (Omit<WorkloadRequest, 'weight'> & { weight?: number })[] };
  const requests = file.requests.map((request, index): WorkloadRequest => {
    for (const match of request.path.matchAll(PLACEHOLDER)) {
      if (match[2] !== undefined && Number(match[2]) > Number(match[3])) {
        throw new UserError(`${path}: /requests/${index}/path placeholder ${match[0]} has min above max`, HINT);
      }
    }
    return { method: request.method, path: request.path, ...('body' in request ? { body: request.body } : {}),
      weight: request.weight ?? 1, ...(request.headers ? { headers: request.headers } : {}) };
  });
  return { source: 'file', requests, ...(file.headers ? { headers: file.headers } : {}), ...(file.login ? { login: file.login } : {}) };
}
