import { resolve } from 'node:path';
import { runStaticPass } from '../analyze/static.js';
import type { DiscoveredRoute } from '../analyze/types.js';
import type { SystemFile } from './local-system.js';
import { DEFAULT_PARITY, type ParityConfig } from './parity.js';
import { fillBodyPlaceholders, fillPlaceholders, sampleFromSchema, seededRng, templateOfRoute, type Rng } from '../workload/workload.js';

/** One request of the parity set; `body` is sent as is (a string is sent raw, to test bad JSON). */
export interface ParityRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Why this request is in the set: `valid`, `invalid id`, `missing field quantity` … */
  kind: string;
}

const INVALID_PARAMS = ['0', '-1', 'abc', '1.5', '99999999'];
const METRICS_ROUTE = /(?:^|\/)metrics\/?$/;


function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Bodies that a validating handler must refuse: each required field missing, each field of the wrong type, an extra field, not JSON. */
function invalidBodies(schema: unknown, valid: Record<string, unknown>): { body: unknown; kind: string }[] {
  const out: { body: unknown; kind: string }[] = [{ body: '{"not json', kind: 'malformed JSON' }, { body: [], kind: 'array instead of object' }];
  const required = (schema as { required?: unknown }).required;
  for (const key of Object.keys(valid)) {
    if (Array.isArray(required) && required.includes(key)) {
      const rest = { ...valid };
      delete rest[key];
      out.push({ body: rest, kind: `missing field ${key}` });
    }
    out.push({ body: { ...valid, [key]: 'x' }, kind: `${key} of the wrong type` });
    if (typeof valid[key] === 'number') out.push({ body: { ...valid, [key]: -5 }, kind: `${key} negative` });
  }
  out.push({ body: { ...valid, unexpected: true }, kind: 'extra field' });
  return out;
}

/**
 * Pure: the parity request set — valid requests over many ids, in a seeded order, interleaved
 * with invalid ones (bad ids, malformed and ill-typed bodies, out-of-range values).
 */
export function parityRequests(routes: DiscoveredRoute[], options: { count?: number; seed?: number } = {}): ParityRequest[] {
  const rng = seededRng(options.seed ?? 1);
  const count = options.count ?? 300;
  const valid: (() => ParityRequest)[] = [];
  const invalid: ParityRequest[] = [];
  for (const route of routes) {
    // Prometheus text is per-process bookkeeping, not an answer of the API.
    if (route.method === 'DELETE' || METRICS_ROUTE.test(route.path)) continue;
    const template = templateOfRoute(route.path);
    const hasParams = template.includes('{');
    if (route.method === 'GET') {
      valid.push(() => ({ method: 'GET', path: fillPlaceholders(template, (min, max) => String(randomInt(rng, min, max))), kind: 'valid' }));
      if (hasParams) for (const bad of INVALID_PARAMS) invalid.push({ method: 'GET', path: fillPlaceholders(template, () => bad), kind: `path parameter ${bad}` });
      continue;
    }
    const sample = route.bodySchema === undefined ? undefined : sampleFromSchema(route.bodySchema);
    const fillBody = () => (sample === undefined ? undefined : JSON.parse(fillBodyPlaceholders(JSON.stringify(sample), (min, max) => randomInt(rng, min, max))) as unknown);
    valid.push(() => ({ method: route.method, path: fillPlaceholders(template, (min, max) => String(randomInt(rng, min, max))), body: fillBody(), kind: 'valid' }));
    if (sample && typeof sample === 'object' && !Array.isArray(sample)) {
      const base = fillBody() as Record<string, unknown>;
      for (const { body, kind } of invalidBodies(route.bodySchema, base)) invalid.push({ method: route.method, path: fillPlaceholders(template, () => '1'), body, kind });
      // A large quantity-like value exhausts what there is: the 409 path.
      for (const key of Object.keys(base)) if (/quantity|count|amount/i.test(key)) invalid.push({ method: route.method, path: fillPlaceholders(template, () => '1'), body: { ...base, [key]: 1_000_000 }, kind: `${key} too large` });
    }
  }
  const requests: ParityRequest[] = [];
  if (valid.length === 0) return invalid;
  const every = Math.max(2, Math.floor(count / Math.max(1, invalid.length)));
  let next = 0;
  while (requests.length < count) {
    if (requests.length % every === every - 1 && next < invalid.length) requests.push(invalid[next++]!);
    else requests.push(valid[Math.floor(rng() * valid.length)]!());
  }
  return [...requests, ...invalid.slice(next)];
}

/** What a parity run of a generated tree compares: its monolith, its declared volatile fields, the request set. */
export interface ParitySetup {
  monolithRoot: string;
  config: ParityConfig;
  requests: ParityRequest[];
}

export function paritySetup(root: string, file: SystemFile & { monolith: string }, options: { count?: number; seed?: number } = {}): ParitySetup {
  const monolithRoot = resolve(root, file.monolith);
  return {
    monolithRoot,
    config: { ...DEFAULT_PARITY, ...file.parity },
    requests: parityRequests(runStaticPass(monolithRoot).routes, options),
  };
}
