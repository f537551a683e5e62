import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { runStaticPass } from '../../analyze/static.js';
import { UserError } from '../../errors.js';
import type { Ui } from '../../ui.js';
import { readSystemFile } from '../local-system.js';
import { startMonolith } from '../monolith.js';
import type { RunningSystem } from '../supervisor.js';
import { startLocal } from '../up.js';
import { declaresStatus, fuzzRequests, operationsFromOpenApi, operationsFromRoutes, type FuzzOperation, type FuzzRequest } from './requests.js';

/**
 * The thin runner: contract fuzz requests against a running system, one at a time so every
 * run of a seed sees the same sequence of writes. Gateway requests also go to the monolith
 * and the statuses must match; every answer must be below 500 and arrive; a service's status
 * must be one its OpenAPI declares; a body over the limit must get a 413 JSON error; and no
 * process may have crashed or restarted by the end.
 */

export interface FuzzAnswer {
  /** 0 when no answer came (reset, closed, timed out). */
  status: number;
  /** The error code when no answer came. */
  error?: string;
  /** The body parsed as JSON with an `error` string. */
  jsonError: boolean;
}

export type FailureKind = '5xx' | 'no answer' | 'status mismatch' | 'undeclared status' | 'oversize not 413 JSON' | 'error not JSON';

export interface FuzzFailure {
  index: number;
  kind: FailureKind;
  request: FuzzRequest;
  answer: FuzzAnswer;
  monolith?: FuzzAnswer;
}

export interface TargetTally {
  target: string;
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  noAnswer: number;
  /** Gateway only: statuses different from the monolith's for the same request. */
  mismatches?: number;
  undeclared: number;
  /** 4xx/5xx answers whose body is not a JSON error object. */
  notJson: number;
  oversize: number;
  /** Oversized bodies answered 413 with a JSON error. */
  oversize413: number;
  /** Restarts of the target's process during the run, or 1 when it is not running at the end. */
  crashes: number;
}

export interface FuzzReport {
  seed: number;
  tallies: TargetTally[];
  failures: FuzzFailure[];
  /** Seconds the requests took. */
  seconds: number;
}

const oversizeBodies = new Map<number, string>();
/** A valid JSON object of exactly `bytes` bytes. */
function oversizeBody(bytes: number): string {
  let body = oversizeBodies.get(bytes);
  if (body === undefined) {
    body = `{"pad":"${'x'.repeat(Math.max(0, bytes - 10))}"}`;
    oversizeBodies.set(bytes, body);
  }
  return body;
}

/** The body as a stream of 64 KiB pieces: undici sends it chunked, without a Content-Length. */
function chunks(text: string): Readable {
  const size = 64 * 1024;
  return Readable.from(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size)));
}

export async function sendFuzz(base: string, req: FuzzRequest, timeoutMs = 10_000): Promise<FuzzAnswer> {
  const text = req.oversizeBytes !== undefined ? oversizeBody(req.oversizeBytes) : req.body;
  const body = req.chunked && text !== undefined ? chunks(text) : text;
  try {
    const res = await request(`${base}${req.path}`, {
      method: req.method,
      headers: req.contentType ? { 'content-type': req.contentType } : {},
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    let jsonError = false;
    try {
      const parsed = JSON.parse(text) as unknown;
      jsonError = typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string';
    } catch {
      jsonError = false;
    }
    return { status: res.statusCode, jsonError };
  } catch (err) {
    return { status: 0, error: (err as { code?: string }).code ?? (err as Error).message, jsonError: false };
  }
}

/** Pure: what is wrong with one answer (and the monolith's answer to the same request, for the gateway). */
export function judge(req: FuzzRequest, answer: FuzzAnswer, op: Pick<FuzzOperation, 'responses'> | undefined, monolith?: FuzzAnswer): FailureKind[] {
  const wrong: FailureKind[] = [];
  if (answer.status === 0) wrong.push('no answer');
  else if (answer.status >= 500) wrong.push('5xx');
  if (req.oversizeBytes !== undefined && !(answer.status === 413 && answer.jsonError)) wrong.push('oversize not 413 JSON');
  if (monolith !== undefined && monolith.status !== answer.status) wrong.push('status mismatch');
  if (op && answer.status !== 0 && !declaresStatus(op, answer.status)) wrong.push('undeclared status');
  // Every contract answers errors as {"error": "<code>", "message": …}, the monolith too.
  if (answer.status >= 400 && !answer.jsonError && !wrong.includes('oversize not 413 JSON')) wrong.push('error not JSON');
  return wrong;
}

function tally(target: string): TargetTally {
  return { target, requests: 0, byStatus: {}, serverErrors: 0, noAnswer: 0, undeclared: 0, notJson: 0, oversize: 0, oversize413: 0, crashes: 0 };
}

function count(t: TargetTally, req: FuzzRequest, answer: FuzzAnswer, wrong: FailureKind[]): void {
  t.requests++;
  const key = answer.status === 0 ? `no answer (${answer.error})` : String(answer.status);
  t.byStatus[key] = (t.byStatus[key] ?? 0) + 1;
  if (wrong.includes('5xx')) t.serverErrors++;
  if (wrong.includes('no answer')) t.noAnswer++;
  if (wrong.includes('undeclared status')) t.undeclared++;
  if (wrong.includes('error not JSON')) t.notJson++;
  if (wrong.includes('status mismatch')) t.mismatches = (t.mismatches ?? 0) + 1;
  if (req.oversizeBytes !== undefined) {
    t.oversize++;
    if (!wrong.includes('oversize not 413 JSON')) t.oversize413++;
  }
}

export interface FuzzTarget {
  name: string;
  url: string;
  operations: FuzzOperation[];
  /** Gateway targets: the monolith's URL; the same request goes there and the statuses must match. */
  monolithUrl?: string;
  requests: number;
}

export interface RunFuzzOptions {
  seed: number;
  bodyLimitBytes: number;
  timeoutMs?: number;
  onProgress?(done: number, total: number): void;
}

/** The restarts (and liveness) of every process, to tell afterwards which crashed. */
function restartsOf(systems: RunningSystem[]): Map<string, number> {
  return new Map(systems.flatMap((s) => [...s.services].map(([name, svc]): [string, number] => [name, svc.status === 'healthy' ? svc.restarts : Number.POSITIVE_INFINITY])));
}

/** Sends each target's requests in turn (the gateway's first, on fresh state) and tallies them. */
export async function runFuzz(targets: FuzzTarget[], systems: RunningSystem[], options: RunFuzzOptions): Promise<FuzzReport> {
  const before = restartsOf(systems);
  const started = Date.now();
  const failures: FuzzFailure[] = [];
  const tallies: TargetTally[] = [];
  const total = targets.reduce((n, t) => n + t.requests, 0);
  let done = 0;
  let index = 0;
  for (const [i, target] of targets.entries()) {
    const t = tally(target.name);
    tallies.push(t);
    const requests = fuzzRequests(target.name, target.operations, target.requests, options.seed + i, { bodyLimitBytes: options.bodyLimitBytes });
    const byOperation = new Map(target.operations.map((op) => [`${op.method} ${op.path}`, op]));
    for (const req of requests) {
      const [answer, monolith] = await Promise.all([sendFuzz(target.url, req, options.timeoutMs), target.monolithUrl ? sendFuzz(target.monolithUrl, req, options.timeoutMs) : undefined]);
      const op = req.method === byOperation.get(req.operation)?.method ? byOperation.get(req.operation) : undefined;
      const wrong = judge(req, answer, target.monolithUrl ? undefined : op, monolith);
      count(t, req, answer, wrong);
      for (const kind of wrong) failures.push({ index, kind, request: req, answer, monolith });
      index++;
      options.onProgress?.(++done, total);
    }
  }
  const after = restartsOf(systems);
  for (const t of tallies) {
    const name = t.target;
    const b = before.get(name) ?? 0;
    const a = after.get(name) ?? Number.POSITIVE_INFINITY;
    t.crashes = Number.isFinite(a) ? a - b : 1;
  }
  return { seed: options.seed, tallies, failures, seconds: (Date.now() - started) / 1000 };
}

export interface FuzzContractsOptions {
  requests: number;
  seed: number;
  ui: Ui;
  /** The limit every service and the gateway answer 413 over (BODY_LIMIT_BYTES, fastify's bodyLimit). */
  bodyLimitBytes?: number;
  onProgress?(done: number, total: number): void;
}

export const DEFAULT_BODY_LIMIT = 1_048_576;

/** Splits N requests: half to the gateway (each also sent to the monolith), the rest evenly over the services. */
export function splitRequests(total: number, services: number): number[] {
  const gateway = services === 0 ? total : Math.ceil(total / 2);
  const rest = total - gateway;
  return [gateway, ...Array.from({ length: services }, (_, i) => Math.floor(rest / services) + (i < rest % services ? 1 : 0))];
}

/**
 * Starts the monolith and the tree's system (fresh state, already built) with the machinery
 * `pivot parity` uses, fuzzes both, and stops everything again.
 */
export async function fuzzContracts(tree: string, options: FuzzContractsOptions): Promise<FuzzReport> {
  const file = readSystemFile(tree);
  if (!file.monolith) throw new UserError(`${tree}/pivot.system.json does not say where the monolith is`, 'add "monolith": "<path relative to the tree>" to it, or regenerate the tree');
  const monolithRoot = join(tree, file.monolith);
  const gatewayOps = operationsFromRoutes(runStaticPass(monolithRoot).routes);
  const services = file.system.services.filter((s) => s.name !== file.entry);
  const serviceOps = services.map((s) => {
    const path = join(tree, s.dir, 'openapi.json');
    try {
      return operationsFromOpenApi(JSON.parse(readFileSync(path, 'utf8')) as unknown);
    } catch (err) {
      throw new UserError(`${path}: ${(err as Error).message}`, 'regenerate the tree with pivot example --force');
    }
  });
  const counts = splitRequests(options.requests, services.length);
  const started: RunningSystem[] = [];
  try {
    const monolith = await startMonolith(monolithRoot, options.ui);
    started.push(monolith.system);
    const local = await startLocal(tree, { ui: options.ui, build: false, freshState: true });
    started.push(local.system);
    const targets: FuzzTarget[] = [
      { name: file.entry, url: local.entryUrl, operations: gatewayOps, monolithUrl: monolith.url, requests: counts[0]! },
      ...services.map((s, i): FuzzTarget => ({ name: s.name, url: local.system.services.get(s.name)?.url ?? `http://127.0.0.1:${s.port}`, operations: serviceOps[i]!, requests: counts[i + 1]! })),
    ];
    const report = await runFuzz(targets, started, { seed: options.seed, bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT, onProgress: options.onProgress });
    const monolithTally = restartsOf([monolith.system]).get('monolith');
    if (monolithTally === Number.POSITIVE_INFINITY || (monolithTally ?? 0) > 0) options.ui.warn('the monolith crashed during the run');
    return report;
  } finally {
    for (const s of started.reverse()) await s.stop();
  }
}

