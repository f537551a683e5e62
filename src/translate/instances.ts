/**
 * Instantiations of generic units for golden vectors: a generic class or function cannot run
 * without type arguments, so the recorder runs the TS original — and the generated tests and
 * services the translation — at chosen ones. Every type parameter is tried as `number` and as
 * `string` (two instantiations: parameters alternate, `[number, string, …]` and the swap, so
 * `LRUCache<K, V>` runs as `<number, string>` and `<string, number>`). `number` is `f64`, or
 * `i64` for a parameter used as a Map key or Set element (a Rust `Hash + Eq` key; the vectors
 * then hold whole numbers).
 */
import {
  F64,
  I64,
  STRING,
  substituteType,
  type ClassDecl,
  type FunctionDecl,
  type IrType,
  type Param,
  type TypeParamDecl,
} from './ir.js';

export type TypeArgLabel = 'number' | 'string';

export interface Instantiation {
  /** The TS type arguments, as the vector file records them. */
  labels: TypeArgLabel[];
  types: IrType[];
}

function typeOfLabel(label: TypeArgLabel, param: TypeParamDecl): IrType {
  if (label === 'string') return STRING;
  return param.bounds.includes('key') ? I64 : F64;
}

/** The instantiations vectors are recorded at (none for a unit without type parameters). */
export function vectorInstantiations(params: readonly TypeParamDecl[] | undefined): Instantiation[] {
  if (!params || params.length === 0) return [];
  const first: TypeArgLabel[] = params.map((_, i) => (i % 2 === 0 ? 'number' : 'string'));
  const second: TypeArgLabel[] = first.map((l) => (l === 'number' ? 'string' : 'number'));
  return [first, second].map((labels) => instantiationOf(params, labels));
}

/** The instantiation a vector file names (its `typeArgs`). */
export function instantiationOf(params: readonly TypeParamDecl[], labels: readonly TypeArgLabel[]): Instantiation {
  return { labels: [...labels], types: params.map((p, i) => typeOfLabel(labels[i] ?? 'number', p)) };
}

export function bindingOf(params: readonly TypeParamDecl[] | undefined, types: readonly IrType[]): Map<string, IrType> {
  return new Map((params ?? []).map((p, i) => [p.name, types[i]!]));
}

const substituteParams = (params: Param[], binding: Map<string, IrType>): Param[] =>
  params.map((p) => ({ ...p, type: substituteType(p.type, binding) }));

/**
 * The class as callers of one instantiation see it: member types with the arguments in place
 * (bodies are left as they are; tests and services only read signatures).
 */
export function instantiateClass(cls: ClassDecl, types: readonly IrType[]): ClassDecl {
  const binding = bindingOf(cls.typeParams, types);
  const { typeParams: _generic, ...rest } = cls;
  return {
    ...rest,
    fields: cls.fields.map((f) => ({ ...f, type: substituteType(f.type, binding) })),
    constructorParams: substituteParams(cls.constructorParams, binding),
    methods: cls.methods.map((m) => ({ ...m, params: substituteParams(m.params, binding), result: substituteType(m.result, binding) })),
  };
}

export function instantiateFunction(fn: FunctionDecl, types: readonly IrType[]): FunctionDecl {
  const binding = bindingOf(fn.typeParams, types);
  const { typeParams: _generic, ...rest } = fn;
  return { ...rest, params: substituteParams(fn.params, binding), result: substituteType(fn.result, binding) };
}

/** `Stack<number>`: how dispatchers and reports name one instantiation of a unit. */
export function instanceKey(unit: string, labels?: readonly string[]): string {
  return labels && labels.length > 0 ? `${unit}<${labels.join(',')}>` : unit;
}

/** `Stack.number.json`: the vector file of one instantiation. */
export function instanceFileName(unit: string, labels?: readonly string[]): string {
  return labels && labels.length > 0 ? `${unit}.${labels.join('.')}.json` : `${unit}.json`;
}
