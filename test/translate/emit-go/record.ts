/** Record vector files from the JS reference implementations of the hand-built modules. */
import {
  DEFAULT_TOLERANCE,
  type CallSequence,
  type ClassVectorFile,
  type FunctionVector,
  type FunctionVectorFile,
} from '../../../src/translate/vectors-format.js';

export const CLOCK_MS = 1_700_000_000_123;

/** The vectors-format value encoding: non-finite numbers as {"$num": …}, Map as pairs, undefined omitted. */
export function encodeValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v instanceof Map) return [...v].map(([k, x]) => [encodeValue(k), encodeValue(x)]);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeValue(x);
    return out;
  }
  return v;
}

function outcome(run: () => unknown): { result?: unknown; error?: string } {
  try {
    return { result: encodeValue(run()) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function functionFile(unit: string, name: string, fn: (...args: never[]) => unknown, inputs: unknown[][]): FunctionVectorFile {
  const vectors: FunctionVector[] = inputs.map((args) => ({ args: args.map(encodeValue), ...outcome(() => (fn as (...a: unknown[]) => unknown)(...args)) }));
  return { schema: 1, kind: 'function', unit, function: name, tolerance: DEFAULT_TOLERANCE, seed: 1, clockMs: CLOCK_MS, randomSeed: 7, vectors };
}

export type Script = { ctor: unknown[]; calls: [string, ...unknown[]][] };

export function classFile<T extends object>(unit: string, name: string, make: (...args: unknown[]) => T, scripts: Script[]): ClassVectorFile {
  const sequences: CallSequence[] = scripts.map(({ ctor, calls }) => {
    const obj = make(...ctor) as Record<string, unknown>;
    return {
      constructorArgs: ctor.map(encodeValue),
      calls: calls.map(([method, ...args]) => ({
        method,
        args: args.map(encodeValue),
        ...outcome(() => {
          const member = obj[method];
          return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).apply(obj, args) : member;
        }),
      })),
    };
  });
  return { schema: 1, kind: 'class', unit, class: name, tolerance: DEFAULT_TOLERANCE, seed: 1, clockMs: CLOCK_MS, randomSeed: 7, sequences };
}
