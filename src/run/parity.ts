import { request } from 'undici';
import type { ParityRequest } from './parity-requests.js';

/**
 * Parity: the same requests, in the same order, to the monolith and to the polyglot system;
 * responses compared as JSON with numbers by value. Volatile fields (timings, timestamps) are
 * declared in pivot.system.json and reported as ignored, never skipped silently.
 */
export interface ParityConfig {
  /** A bare key (`processing_time_ms`) matches at any depth; a dotted path (`inventory.last_updated`) from the root. */
  volatile: string[];
  /** Relative tolerance for numbers (floating-point formatting differs by the last bit across languages). */
  tolerance: number;
}

export const DEFAULT_PARITY: ParityConfig = { volatile: [], tolerance: 1e-9 };

export interface Answer {
  status: number;
  body: unknown;
  /** The raw text when it is not JSON. */
  text?: string;
}

export interface Difference {
  path: string;
  monolith: unknown;
  polyglot: unknown;
}

export interface ParityResult {
  request: ParityRequest;
  monolith: Answer;
  polyglot: Answer;
  differences: Difference[];
  /** Volatile fields present in the answers and not compared. */
  ignored: string[];
}

function isVolatile(path: string[], config: ParityConfig): boolean {
  const dotted = path.join('.');
  const key = path[path.length - 1];
  return config.volatile.some((v) => (v.includes('.') ? v === dotted : v === key));
}

function numbersEqual(a: number, b: number, tolerance: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** Pure: every difference between two JSON values, by path; volatile fields go to `ignored`. */
export function compareJson(a: unknown, b: unknown, config: ParityConfig, path: string[] = [], ignored: Set<string> = new Set()): { differences: Difference[]; ignored: string[] } {
  const differences: Difference[] = [];
  const walk = (x: unknown, y: unknown, at: string[]) => {
    if (at.length > 0 && isVolatile(at, config)) {
      ignored.add(at.map((p) => (/^\d+$/.test(p) ? '*' : p)).join('.'));
      return;
    }
    const where = at.join('.') || '(root)';
    if (typeof x === 'number' && typeof y === 'number') {
      if (!numbersEqual(x, y, config.tolerance)) differences.push({ path: where, monolith: x, polyglot: y });
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) differences.push({ path: `${where}.length`, monolith: x.length, polyglot: y.length });
      for (let i = 0; i < Math.min(x.length, y.length); i++) walk(x[i], y[i], [...at, String(i)]);
      return;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of [...keys].sort()) {
        const xo = x as Record<string, unknown>;
        const yo = y as Record<string, unknown>;
        if (!(k in xo) || !(k in yo)) {
          if (isVolatile([...at, k], config)) ignored.add([...at, k].join('.'));
          else differences.push({ path: [...at, k].join('.'), monolith: xo[k], polyglot: yo[k] });
        } else walk(xo[k], yo[k], [...at, k]);
      }
      return;
    }
    if (x !== y) differences.push({ path: where, monolith: x, polyglot: y });
  };
  walk(a, b, path);
  return { differences, ignored: [...ignored].sort() };
}

/** Pure: compare two answers to the same request: status first, then the JSON bodies. */
export function compareAnswers(req: ParityRequest, monolith: Answer, polyglot: Answer, config: ParityConfig): ParityResult {
  const status: Difference[] = monolith.status === polyglot.status ? [] : [{ path: 'status', monolith: monolith.status, polyglot: polyglot.status }];
  const body = compareJson(monolith.text ?? monolith.body, polyglot.text ?? polyglot.body, config);
  return { request: req, monolith, polyglot, differences: [...status, ...body.differences], ignored: body.ignored };
}

async function send(base: string, req: ParityRequest): Promise<Answer> {
  const hasBody = req.body !== undefined;
  const res = await request(`${base}${req.path}`, {
    method: req.method,
    headers: hasBody ? { 'content-type': 'application/json' } : {},
    body: hasBody ? (typeof req.body === 'string' ? req.body : JSON.stringify(req.body)) : undefined,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await res.body.text();
  try {
    return { status: res.statusCode, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.statusCode, body: null, text };
  }
}

/** Sends every request to both systems, one at a time, so both see the same sequence of writes. */
export async function runParity(monolithUrl: string, polyglotUrl: string, requests: ParityRequest[], config: ParityConfig): Promise<ParityResult[]> {
  const results: ParityResult[] = [];
  for (const req of requests) {
    const [m, p] = await Promise.all([send(monolithUrl, req), send(polyglotUrl, req)]);
    results.push(compareAnswers(req, m, p, config));
  }
  return results;
}
