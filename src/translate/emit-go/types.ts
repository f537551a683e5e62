/**
 * IR types → Go types.
 *
 * Representation choices (also stated in the generated file's header):
 * - JS objects are references, so structs and classes are handled through pointers (`*T`);
 *   an item taken out of a Map and mutated is the item in the Map, as in TS.
 * - `optional` of a pointer-like type (struct, class, Map, Set) is that same pointer, nil when
 *   absent; `optional` of any other type is `*T` (nil when absent, `jsPtr(v)` when present).
 * - Map and Set keep JS insertion order: `*jsMap[K, V]` / `*jsSet[T]` from jsrt.go.
 * - Tuples are `jsTuple2[A, B]` … `jsTuple4`.
 */
import type { IrType } from '../ir.js';
import type { GoNames } from './names.js';

export function goType(t: IrType, names: GoNames): string {
  switch (t.kind) {
    case 'f64':
      return 'float64';
    case 'i64':
      return 'int64';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'void':
      return '';
    case 'array':
      return `[]${goType(t.element, names)}`;
    case 'tuple': {
      const n = Math.min(Math.max(t.elements.length, 2), 4);
      return `jsTuple${n}[${t.elements.slice(0, 4).map((e) => goType(e, names)).join(', ')}]`;
    }
    case 'map':
      return `*jsMap[${goType(t.key, names)}, ${goType(t.value, names)}]`;
    case 'set':
      return `*jsSet[${goType(t.element, names)}]`;
    case 'optional':
      return isNilable(t.inner) ? goType(t.inner, names) : `*${goType(t.inner, names)}`;
    case 'struct':
      return `*${names.struct(t.name)}`;
    case 'enum':
      return names.enum(t.name);
    case 'class':
      return `*${names.class(t.name)}${t.args ? `[${t.args.map((a) => goType(a, names)).join(', ')}]` : ''}`;
    case 'typeParam':
      return t.name;
    case 'function': {
      const params = t.params.map((p) => goType(p, names)).join(', ');
      const result = goType(t.result, names);
      return `func(${params})${result ? ` ${result}` : ''}`;
    }
    case 'unknown':
      return 'any';
  }
}

/** Types whose Go form is already a pointer (or nil-able reference), so optional adds nothing. */
export function isNilable(t: IrType): boolean {
  return (
    t.kind === 'struct' || t.kind === 'class' || t.kind === 'map' || t.kind === 'set' || t.kind === 'optional' ||
    t.kind === 'function' || t.kind === 'unknown'
  );
}

/** The zero value Go code returns next to an error. */
export function zeroValue(t: IrType, names: GoNames): string {
  switch (t.kind) {
    case 'f64':
    case 'i64':
      return '0';
    case 'bool':
      return 'false';
    case 'string':
    case 'enum':
      return '""';
    case 'tuple':
      return `${goType(t, names)}{}`;
    case 'typeParam':
      return `*new(${t.name})`;
    default:
      return 'nil';
  }
}

export function unwrapOptional(t: IrType): IrType {
  return t.kind === 'optional' ? t.inner : t;
}

/** A stable identifier fragment for a type (names of generated decode/encode helpers). */
export function typeKey(t: IrType, names: GoNames): string {
  switch (t.kind) {
    case 'f64':
      return 'F64';
    case 'i64':
      return 'I64';
    case 'bool':
      return 'Bool';
    case 'string':
      return 'Str';
    case 'void':
      return 'Void';
    case 'array':
      return `Arr${typeKey(t.element, names)}`;
    case 'tuple':
      return `Tup${t.elements.map((e) => typeKey(e, names)).join('')}End`;
    case 'map':
      return `Map${typeKey(t.key, names)}${typeKey(t.value, names)}`;
    case 'set':
      return `Set${typeKey(t.element, names)}`;
    case 'optional':
      return `Opt${typeKey(t.inner, names)}`;
    case 'struct':
      return `S${capitalize(names.struct(t.name))}`;
    case 'enum':
      return `E${capitalize(names.enum(t.name))}`;
    case 'class':
      return `C${capitalize(names.class(t.name))}${(t.args ?? []).map((a) => typeKey(a, names)).join('')}`;
    case 'typeParam':
      return `P${t.name}`;
    case 'function':
      return 'Func';
    case 'unknown':
      return 'Any';
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
