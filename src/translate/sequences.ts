/**
 * Call sequences for classes: constructor arguments and 5–30 method calls each, generated so
 * that interesting paths happen. Numbers stay small (ids repeat, keys collide), and string or
 * number arguments often refer to a value the instance produced earlier in the sequence
 * (a reservation id it returned, a product id it was seeded with): those arrive in the child as
 * `{"$ref": n, "$type": …, "$fallback": v}` and are resolved there against what it has seen.
 */
import fc from 'fast-check';
import { arbitraryFor, sampleSeeded } from './arbitraries.js';
import type { ClassDecl, MethodDecl, Param } from './ir.js';
import { SizeAnalysis, type SizeHint } from './size-params.js';
import { encodeValue, type TypeTable } from './vector-codec.js';
import type { VectorValue } from './vectors-format.js';

export interface EncodedRef {
  $ref: number;
  $type: 'string' | 'f64' | 'i64';
  /** The parameter's name: values seen under the same field name are preferred (productId ↔ productId). */
  $name: string;
  $fallback: VectorValue;
}

export interface PlannedCall {
  method: string;
  /** Encoded arguments; top-level ones may be `EncodedRef`s. */
  args: VectorValue[];
}

export interface PlannedSequence {
  constructorArgs: VectorValue[];
  calls: PlannedCall[];
}

export function isEncodedRef(value: unknown): value is EncodedRef {
  return typeof value === 'object' && value !== null && '$ref' in value && '$type' in value;
}

class ArgRef {
  constructor(
    readonly index: number,
    readonly fallback: unknown,
  ) {}
}

/** Parameters that name something (ids, keys, names) mostly refer to things the instance already has. */
const NAMES_A_THING = /(id|key|name|code|sku)$/i;

export const MIN_CALLS = 5;
export const MAX_CALLS = 30;

function argArbitrary(param: Param, table: TypeTable, hint: SizeHint | undefined): fc.Arbitrary<unknown> {
  const { type } = param;
  const plain = arbitraryFor(type, table, 'sequence', hint);
  if (type.kind !== 'string' && type.kind !== 'f64' && type.kind !== 'i64') return plain;
  const ref = fc.tuple(fc.nat(1000), plain).map(([n, fallback]) => new ArgRef(n, fallback));
  const refWeight = NAMES_A_THING.test(param.name) ? 4 : type.kind === 'string' ? 2 : 1;
  return fc.oneof({ weight: refWeight, arbitrary: ref }, { weight: 2, arbitrary: plain });
}

function encodeArg(value: unknown, param: Param | undefined, table: TypeTable): VectorValue {
  const type = param?.type ?? { kind: 'unknown' };
  if (value instanceof ArgRef) {
    const refType = type.kind === 'string' || type.kind === 'i64' ? type.kind : 'f64';
    const ref: EncodedRef = {
      $ref: value.index,
      $type: refType,
      $name: param?.name ?? '',
      $fallback: encodeValue(value.fallback, type, table),
    };
    return ref;
  }
  return encodeValue(value, type, table);
}

/** Public methods and getters that sequences call (the caller already removed unrecordable ones). */
export function sequenceMethods(cls: ClassDecl): MethodDecl[] {
  return cls.methods.filter((m) => m.visibility === 'public');
}

export function planSequences(
  cls: ClassDecl,
  methods: MethodDecl[],
  table: TypeTable,
  count: number,
  seed: number,
  sizes: SizeAnalysis = new SizeAnalysis({ functions: [] }),
): PlannedSequence[] {
  const ctorTypes = cls.constructorParams.map((p) => p.type);
  const ctorHints = sizes.hints(`${cls.name}.constructor`, cls.constructorParams, cls.constructorBody);
  const ctor = fc.tuple(...ctorTypes.map((t, i) => arbitraryFor(t, table, 'sequence', ctorHints[i])));
  const callArbs = methods.map((m) => {
    const hints = sizes.hints(`${cls.name}.${m.name}`, m.params, m.body);
    return fc.tuple(fc.constant(m), fc.tuple(...m.params.map((p, i) => argArbitrary(p, table, hints[i]))));
  });
  const calls =
    callArbs.length === 0
      ? fc.constant([] as [MethodDecl, unknown[]][])
      : fc.array(fc.oneof(...callArbs.map((arbitrary, i) => ({ arbitrary, weight: methods[i]!.mutates ? 2 : 1 }))), {
          minLength: MIN_CALLS,
          maxLength: MAX_CALLS,
        });
  const samples = sampleSeeded(fc.tuple(ctor, calls), count, seed);
  return samples.map(([ctorArgs, planned]) => ({
    constructorArgs: ctorArgs.map((v, i) => encodeValue(v, ctorTypes[i] ?? { kind: 'unknown' }, table)),
    calls: planned.map(([method, args]) => ({
      method: method.name,
      args: args.map((v, i) => encodeArg(v, method.params[i], table)),
    })),
  }));
}
