/**
 * The data service_test.go needs from the IR and the golden vectors: how each unit of the vector
 * files is called over HTTP, a valid call with one ill-typed value (and the 400 message it must
 * get), and a construct body for when no vectors have one. Pure.
 */
import type { IrModule, IrType, Param } from '../../translate/ir.js';
import type { VectorFile } from '../../translate/vectors-format.js';
import { CONSTRUCT_PATH, wireTypeName, type Endpoint, type ServiceShape } from '../openapi.js';

/** A Go string literal: raw when it can be, interpreted otherwise. */
export function goString(s: string): string {
  if (!/[`\r\0]/.test(s)) return `\`${s}\``;
  // JSON escapes are Go escapes too, except lone surrogates, which Go rejects.
  return JSON.stringify(s).replace(/\\ud[89a-f][0-9a-f]{2}/gi, '\\ufffd');
}

/** A valid JSON value of type `t` (zero-ish), or undefined past `depth` (recursive types). */
export function sampleValue(t: IrType, module: IrModule, depth = 0): unknown {
  if (depth > 6) return undefined;
  switch (t.kind) {
    case 'f64':
    case 'i64':
      return 1;
    case 'bool':
      return false;
    case 'string':
      return 'x';
    case 'enum':
      return module.enums.find((e) => e.name === t.name)?.variants[0] ?? '';
    case 'optional':
      return null;
    case 'array':
    case 'set':
    case 'map':
      return [];
    case 'tuple':
      return t.elements.map((e) => sampleValue(e, module, depth + 1));
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const f of module.structs.find((s) => s.name === t.name)?.fields ?? []) {
        if (f.optional || f.type.kind === 'optional') continue;
        const v = sampleValue(f.type, module, depth + 1);
        if (v === undefined) return undefined;
        out[f.name] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

interface Corruption {
  value: unknown;
  path: string;
  expected: string;
}

/** `value` (of type `t`) with one leaf replaced by a value of the wrong type, and where. */
export function corrupt(value: unknown, t: IrType, path: string, module: IrModule): Corruption | undefined {
  const here = (wrong: unknown): Corruption => ({ value: wrong, path, expected: wireTypeName(t, module) });
  switch (t.kind) {
    case 'f64':
    case 'i64':
      return here('not a number');
    case 'string':
    case 'enum':
      return here(12);
    case 'bool':
      return here('yes');
    case 'optional': {
      const inner = corrupt(value ?? sampleValue(t.inner, module), t.inner, path, module);
      return inner && inner.path === path ? { ...inner, expected: wireTypeName(t, module) } : inner;
    }
    case 'struct': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return here(12);
      const object = value as Record<string, unknown>;
      for (const f of module.structs.find((s) => s.name === t.name)?.fields ?? []) {
        if (!(f.name in object)) continue;
        const inner = corrupt(object[f.name], f.type, `${path}.${f.name}`, module);
        if (inner) return { ...inner, value: { ...object, [f.name]: inner.value } };
      }
      return here(12);
    }
    case 'array':
    case 'set': {
      if (Array.isArray(value) && value.length > 0) {
        const inner = corrupt(value[0], t.element, `${path}[0]`, module);
        if (inner) return { ...inner, value: [inner.value, ...value.slice(1)] };
      }
      return here('x');
    }
    case 'map':
    case 'tuple':
      return here('x');
    default:
      return undefined;
  }
}

export interface BadRequestCase {
  path: string;
  body: string;
  message: string;
}

const sendable = (args: unknown[]): boolean => !JSON.stringify(args).includes('"$num"');

/** Recorded arguments of a successful call of `e` (function vector or method call), if any. */
function recordedArgs(e: Endpoint, vectors: VectorFile[]): unknown[] | undefined {
  for (const file of vectors) {
    if (file.kind === 'function' && e.kind === 'function' && file.function === e.name) {
      const v = file.vectors.find((x) => x.error === undefined && sendable(x.args));
      if (v) return v.args;
    }
    if (file.kind === 'class' && file.class === e.className) {
      for (const seq of file.sequences) {
        const call = seq.calls.find((c) => c.method === e.name && c.error === undefined && sendable(c.args));
        if (call) return call.args;
      }
    }
  }
  return undefined;
}

function recordedConstructorArgs(className: string, vectors: VectorFile[]): unknown[] | undefined {
  for (const file of vectors) {
    if (file.kind !== 'class' || file.class !== className) continue;
    const seq = file.sequences.find((s) => s.constructorError === undefined && sendable(s.constructorArgs));
    if (seq) return seq.constructorArgs;
  }
  return undefined;
}

function sampleArgs(params: Param[], module: IrModule): unknown[] {
  return params.map((p) => sampleValue(p.type, module) ?? null);
}

/** The first parameter of `params` that can be made ill-typed, and the args with it so. */
function corruptArgs(params: Param[], args: unknown[], module: IrModule): { args: unknown[]; corruption: Corruption } | undefined {
  for (const [i, p] of params.entries()) {
    const corruption = corrupt(args[i] ?? null, p.type, p.name, module);
    if (corruption) return { args: args.map((a, j) => (j === i ? corruption.value : a)), corruption };
  }
  return undefined;
}

/** A POST with one ill-typed value: an endpoint's body, or else the constructor's args. */
export function badRequestCase(shape: ServiceShape, module: IrModule, vectors: VectorFile[]): BadRequestCase | undefined {
  const candidates = shape.endpoints.filter((e) => e.httpMethod === 'POST' && e.params.length > 0);
  candidates.sort((a, b) => Number(a.kind !== 'function') - Number(b.kind !== 'function'));
  for (const e of candidates) {
    const args = recordedArgs(e, vectors) ?? sampleArgs(e.params, module);
    const bad = corruptArgs(e.params, args, module);
    if (!bad) continue;
    const body = Object.fromEntries(e.params.map((p, i) => [p.name, bad.args[i] ?? null]));
    return { path: e.path, body: JSON.stringify(body), message: `${bad.corruption.path}: expected ${bad.corruption.expected}` };
  }
  const cls = shape.stateful;
  if (cls && cls.constructorParams.length > 0) {
    const args = recordedConstructorArgs(cls.name, vectors) ?? sampleArgs(cls.constructorParams, module);
    const bad = corruptArgs(cls.constructorParams, args, module);
    if (bad) return { path: CONSTRUCT_PATH, body: JSON.stringify({ args: bad.args }), message: `${bad.corruption.path}: expected ${bad.corruption.expected}` };
  }
  return undefined;
}

/** `{"args": [...]}` from the constructor's parameter types. */
export function fallbackConstructBody(shape: ServiceShape, module: IrModule): string {
  return JSON.stringify({ args: shape.stateful ? sampleArgs(shape.stateful.constructorParams, module) : [] });
}

/** The Go map rows of service_test.go's `routes`: vector unit key → how to call it. */
export function routeRows(shape: ServiceShape): string {
  return shape.endpoints
    .map((e) => {
      const key = e.className ? `${e.className}.${e.name}` : e.name;
      const params = e.params.map((p) => JSON.stringify(p.name)).join(', ');
      return `\t${JSON.stringify(key)}: {method: ${JSON.stringify(e.httpMethod)}, path: ${JSON.stringify(e.path)}, params: []string{${params}}, void: ${e.result.kind === 'void'}},`;
    })
    .join('\n');
}

/** An endpoint that reads a body (one with parameters first), for the 400 and 413 tests. */
export function postPath(shape: ServiceShape): string | undefined {
  const posts = shape.endpoints.filter((e) => e.httpMethod === 'POST');
  return (posts.find((e) => e.params.length > 0) ?? posts[0])?.path;
}
