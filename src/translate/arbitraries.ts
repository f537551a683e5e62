/**
 * Inputs for golden vectors: seeded fast-check arbitraries built from IR types, plus the
 * boundary values that break translations (0, -1, huge numbers, NaN, empty strings/arrays).
 *
 * Two flavours: `function` inputs roam wide; `sequence` inputs (class call sequences) stay in
 * small ranges so that ids repeat and calls hit keys that earlier calls created.
 */
import fc from 'fast-check';
import type { IrType } from './ir.js';
import type { SizeHint } from './size-params.js';
import type { TypeTable } from './vector-codec.js';

/** `typical`: plain, valid-looking values (the base that boundary variants start from). */
export type InputFlavour = 'function' | 'sequence' | 'typical';

export const F64_BOUNDARIES: readonly number[] = [
  0, -1, 1, 0.5, -0.5, 2.5, -2.5, 0.1, 1e-7, 1e9, 2 ** 31, -(2 ** 31), 1e21, Number.MAX_SAFE_INTEGER, NaN, Infinity,
  -Infinity,
];
export const I64_BOUNDARIES: readonly number[] = [0, -1, 1, 2, 1e9, 2 ** 31 - 1, 2 ** 31, -(2 ** 31)];
export const STRING_BOUNDARIES: readonly string[] = ['', 'a', ' ', 'hello world', ' padded ', 'A-1', 'é', '😀'];
const SMALL_STRINGS = ['a', 'b', 'c', 'x', 'id-1', 'id-2', ''];
/** For inputs that bound loops or allocations (see size-params.ts): no 2^31-step searches. */
export const SIZE_BOUNDARIES: readonly number[] = [0, -1, 1, 2, 0.5, 2.5, 10, 1000, NaN, -Infinity];
const INTEGER_SIZE_BOUNDARIES: readonly number[] = [0, -1, 1, 2, 10, 1000];

function sizeArbitrary(integral: boolean): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 100 }) },
    { weight: 3, arbitrary: fc.integer({ min: 100, max: 5000 }) },
    { weight: 1, arbitrary: fc.constantFrom(...(integral ? INTEGER_SIZE_BOUNDARIES : SIZE_BOUNDARIES)) },
  );
}

/** Boundary values of a leaf type; empty for composite types (see boundaryVariants). */
export function boundaryValues(type: IrType, table: TypeTable, size = false): unknown[] {
  if (size && (type.kind === 'f64' || type.kind === 'i64')) {
    return [...(type.kind === 'i64' ? INTEGER_SIZE_BOUNDARIES : SIZE_BOUNDARIES)];
  }
  switch (type.kind) {
    case 'f64':
      return [...F64_BOUNDARIES];
    case 'i64':
      return [...I64_BOUNDARIES];
    case 'string':
      return [...STRING_BOUNDARIES];
    case 'bool':
      return [true, false];
    case 'enum':
      return [...(table.enums[type.name] ?? [])];
    default:
      return [];
  }
}

function f64Arbitrary(flavour: InputFlavour): fc.Arbitrary<number> {
  const boundaries = fc.constantFrom(...F64_BOUNDARIES);
  const cents = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100);
  if (flavour === 'typical') {
    return fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100));
  }
  if (flavour === 'sequence') {
    return fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 0, max: 10 }) },
      { weight: 2, arbitrary: fc.integer({ min: -2, max: 100 }) },
      { weight: 1, arbitrary: fc.integer({ min: -10_000, max: 10_000 }).map((n) => n / 100) },
      { weight: 1, arbitrary: boundaries },
    );
  }
  // Mostly positive values of everyday size, with a steady trickle of negatives, zeros and extremes.
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 1000 }) },
    { weight: 4, arbitrary: fc.double({ min: 0.01, max: 1e4, noNaN: true }) },
    { weight: 3, arbitrary: cents },
    { weight: 1, arbitrary: fc.integer({ min: -100, max: 0 }) },
    { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 1, arbitrary: boundaries },
    { weight: 1, arbitrary: fc.double() },
  );
}

function i64Arbitrary(flavour: InputFlavour): fc.Arbitrary<number> {
  const boundaries = fc.constantFrom(...I64_BOUNDARIES);
  if (flavour === 'typical') return fc.integer({ min: 1, max: 20 });
  if (flavour === 'sequence') {
    return fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 10 }) },
      { weight: 2, arbitrary: fc.integer({ min: -2, max: 100 }) },
      { weight: 1, arbitrary: boundaries },
    );
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 100 }) },
    { weight: 2, arbitrary: fc.integer({ min: -1000, max: 100_000 }) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: boundaries },
  );
}

function stringArbitrary(flavour: InputFlavour): fc.Arbitrary<string> {
  if (flavour === 'typical') return fc.constantFrom('a', 'abc', 'hello world', 'item-1', 'Mixed Case');
  if (flavour === 'sequence') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...SMALL_STRINGS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constantFrom(...STRING_BOUNDARIES) },
  );
}

/**
 * An arbitrary of JS values of `type` (Maps are Maps, absent optionals are undefined). `hint`
 * marks a top-level input (or fields of it) that bounds loops: those stay modest.
 */
export function arbitraryFor(type: IrType, table: TypeTable, flavour: InputFlavour, hint?: SizeHint): fc.Arbitrary<unknown> {
  const small = flavour !== 'function';
  if (hint?.whole && (type.kind === 'f64' || type.kind === 'i64') && flavour !== 'typical') {
    return sizeArbitrary(type.kind === 'i64');
  }
  switch (type.kind) {
    case 'f64':
      return f64Arbitrary(flavour);
    case 'i64':
      return i64Arbitrary(flavour);
    case 'bool':
      return fc.boolean();
    case 'string':
      return stringArbitrary(flavour);
    case 'enum': {
      const variants = table.enums[type.name] ?? [];
      return fc.constantFrom(...variants);
    }
    case 'void':
      return fc.constant(undefined);
    case 'optional':
      if (flavour === 'typical') return arbitraryFor(type.inner, table, flavour);
      return fc.option(arbitraryFor(type.inner, table, flavour), { nil: undefined, freq: 4 });
    case 'array':
      return fc.array(arbitraryFor(type.element, table, flavour), {
        minLength: flavour === 'typical' ? 1 : 0,
        maxLength: small ? 6 : 10,
      });
    case 'tuple':
      return fc.tuple(...type.elements.map((t) => arbitraryFor(t, table, flavour)));
    case 'map':
      return fc
        .array(fc.tuple(arbitraryFor(type.key, table, flavour), arbitraryFor(type.value, table, flavour)), {
          maxLength: small ? 6 : 8,
        })
        .map((pairs) => new Map(pairs));
    case 'set':
      return fc
        .array(arbitraryFor(type.element, table, flavour), { maxLength: small ? 6 : 8 })
        .map((values) => new Set(values));
    case 'struct': {
      const fields = table.structs[type.name] ?? [];
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const field of fields) {
        const inner = field.optional && field.type.kind === 'optional' ? field.type.inner : field.type;
        const fieldHint = hint?.fields.has(field.name) ? { whole: true, fields: new Set<string>() } : undefined;
        shape[field.name] = arbitraryFor(inner, table, flavour, fieldHint);
      }
      const requiredKeys = fields.filter((f) => !f.optional || flavour === 'typical').map((f) => f.name);
      return fc.record(shape, { requiredKeys });
    }
    default:
      throw new TypeError(`no inputs can be generated for a ${type.kind} value`);
  }
}

/**
 * Values of `type` that equal `base` except in one leaf, which takes a boundary value; for
 * arrays, maps and sets also the empty collection, for optionals also absence.
 */
export function boundaryVariants(type: IrType, base: unknown, table: TypeTable, hint?: SizeHint): unknown[] {
  switch (type.kind) {
    case 'optional':
      return [undefined, ...boundaryVariants(type.inner, base ?? undefined, table)];
    case 'array': {
      const items = Array.isArray(base) ? base : [];
      const variants: unknown[] = [[]];
      const template = items[0];
      for (const b of boundaryVariants(type.element, template, table)) variants.push([b]);
      if (items.length > 1) variants.push([...items].reverse());
      return variants;
    }
    case 'map':
      return [new Map()];
    case 'set':
      return [new Set()];
    case 'tuple': {
      const items = Array.isArray(base) ? base : [];
      const variants: unknown[] = [];
      type.elements.forEach((t, i) => {
        for (const b of boundaryVariants(t, items[i], table)) {
          const copy = [...items];
          copy[i] = b;
          variants.push(copy);
        }
      });
      return variants;
    }
    case 'struct': {
      if (typeof base !== 'object' || base === null) return [];
      const record = base as Record<string, unknown>;
      const perField = (table.structs[type.name] ?? []).map((field) => {
        const variants: unknown[] = [];
        if (field.optional && field.name in record) {
          const { [field.name]: _dropped, ...rest } = record;
          variants.push(rest);
        }
        const inner = field.optional && field.type.kind === 'optional' ? field.type.inner : field.type;
        const size = hint?.fields.has(field.name) === true;
        const values = size ? boundaryValues(inner, table, true) : boundaryVariants(inner, record[field.name], table);
        for (const b of values) variants.push({ ...record, [field.name]: b });
        return variants;
      });
      return interleave(perField);
    }
    default:
      return boundaryValues(type, table, hint?.whole === true);
  }
}

/** First items of every list, then second items, …: every list gets its turn when a cap bites. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let k = 0; lists.some((list) => k < list.length); k++) {
    for (const list of lists) if (k < list.length) out.push(list[k]!);
  }
  return out;
}

/** Deterministic sample: the same seed always yields the same values. */
export function sampleSeeded<T>(arbitrary: fc.Arbitrary<T>, count: number, seed: number): T[] {
  if (count <= 0) return [];
  return fc.sample(arbitrary, { seed, numRuns: count });
}

/**
 * Argument lists for a function: boundary variants around one typical input first (at most a
 * quarter of `count`), then random ones, `count` in all.
 */
export function functionInputs(
  params: IrType[],
  table: TypeTable,
  count: number,
  seed: number,
  hints: (SizeHint | undefined)[] = [],
): unknown[][] {
  const arbitrary = fc.tuple(...params.map((p, i) => arbitraryFor(p, table, 'function', hints[i])));
  const random = sampleSeeded(arbitrary, count, seed) as unknown[][];
  const typical = fc.tuple(...params.map((p) => arbitraryFor(p, table, 'typical')));
  const base = sampleSeeded(typical, 1, seed)[0];
  if (base === undefined || random.length === 0) return [];
  const boundary = interleave(
    params.map((param, i) =>
      boundaryVariants(param, base[i], table, hints[i]).map((b) => {
        const args = [...base];
        args[i] = b;
        return args;
      }),
    ),
  );
  const kept = boundary.slice(0, Math.floor(count / 4));
  return [...kept, ...random.slice(0, count - kept.length)];
}
