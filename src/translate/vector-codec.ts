/**
 * Value encoding of golden vectors (see vectors-format.ts), driven by IR types: JS values of
 * the TS original ⇄ JSON. Used by the recorder in pivot's process (to encode generated inputs)
 * and in the child that runs the original (to decode inputs and encode results).
 */
import type { IrModule, IrType, StructField } from './ir.js';
import type { VectorValue } from './vectors-format.js';

/** The part of an IR module the codec needs; plain data so it can travel to the child. */
export interface TypeTable {
  structs: Record<string, Pick<StructField, 'name' | 'type' | 'optional'>[]>;
  enums: Record<string, string[]>;
}

export function typeTableOf(module: Pick<IrModule, 'structs' | 'enums'>): TypeTable {
  const structs: TypeTable['structs'] = {};
  for (const s of module.structs) {
    structs[s.name] = s.fields.map((f) => ({ name: f.name, type: f.type, optional: f.optional }));
  }
  const enums: TypeTable['enums'] = {};
  for (const e of module.enums) enums[e.name] = [...e.variants];
  return { structs, enums };
}

function encodeNumber(n: unknown): VectorValue {
  if (typeof n !== 'number') return encodeLoose(n);
  if (Number.isNaN(n)) return { $num: 'NaN' };
  if (n === Infinity) return { $num: 'Infinity' };
  if (n === -Infinity) return { $num: '-Infinity' };
  return n;
}

/** A value whose runtime shape does not match its IR type: kept as close to JSON as it goes, so the replay reports it. */
function encodeLoose(value: unknown): VectorValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(encodeLoose);
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [encodeLoose(k), encodeLoose(v)]);
  if (value instanceof Set) return [...value].map(encodeLoose);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeLoose(v)]));
  }
  return String(value);
}

export function encodeValue(value: unknown, type: IrType, table: TypeTable): VectorValue {
  switch (type.kind) {
    case 'f64':
    case 'i64':
      return encodeNumber(value);
    case 'bool':
    case 'string':
    case 'enum':
      return typeof value === 'boolean' || typeof value === 'string' ? value : encodeLoose(value);
    case 'void':
      return null;
    case 'optional':
      return value === undefined || value === null ? null : encodeValue(value, type.inner, table);
    case 'array':
      return Array.isArray(value) ? value.map((v) => encodeValue(v, type.element, table)) : encodeLoose(value);
    case 'tuple':
      return Array.isArray(value)
        ? type.elements.map((t, i) => encodeValue(value[i], t, table))
        : encodeLoose(value);
    case 'map':
      return value instanceof Map
        ? [...value.entries()].map(([k, v]) => [encodeValue(k, type.key, table), encodeValue(v, type.value, table)])
        : encodeLoose(value);
    case 'set':
      return value instanceof Set ? [...value].map((v) => encodeValue(v, type.element, table)) : encodeLoose(value);
    case 'struct': {
      const fields = table.structs[type.name];
      if (!fields || typeof value !== 'object' || value === null) return encodeLoose(value);
      const record = value as Record<string, unknown>;
      const out: Record<string, VectorValue> = {};
      for (const field of fields) {
        const v = record[field.name];
        if (v === undefined && field.optional) continue;
        out[field.name] = encodeValue(v, field.type, table);
      }
      return out;
    }
    default:
      return encodeLoose(value);
  }
}

function decodeNumber(value: VectorValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && '$num' in value) {
    const n = (value as { $num: string }).$num;
    return n === 'NaN' ? NaN : n === 'Infinity' ? Infinity : n === '-Infinity' ? -Infinity : Number(n);
  }
  throw new TypeError(`expected an encoded number, got ${JSON.stringify(value)}`);
}

export function decodeValue(value: VectorValue, type: IrType, table: TypeTable): unknown {
  switch (type.kind) {
    case 'f64':
    case 'i64':
      return decodeNumber(value);
    case 'bool':
    case 'string':
    case 'enum':
      return value;
    case 'void':
      return undefined;
    case 'optional':
      return value === null || value === undefined ? undefined : decodeValue(value, type.inner, table);
    case 'array':
      return (value as VectorValue[]).map((v) => decodeValue(v, type.element, table));
    case 'tuple':
      return type.elements.map((t, i) => decodeValue((value as VectorValue[])[i], t, table));
    case 'map':
      return new Map(
        (value as [VectorValue, VectorValue][]).map(([k, v]) => [
          decodeValue(k, type.key, table),
          decodeValue(v, type.value, table),
        ]),
      );
    case 'set':
      return new Set((value as VectorValue[]).map((v) => decodeValue(v, type.element, table)));
    case 'struct': {
      const fields = table.structs[type.name] ?? [];
      const record = value as Record<string, VectorValue>;
      const out: Record<string, unknown> = {};
      for (const field of fields) {
        if (!(field.name in record)) continue;
        out[field.name] = decodeValue(record[field.name], field.type, table);
      }
      return out;
    }
    default:
      return value;
  }
}

/** Why a type cannot be generated or carried in a vector, or undefined when it can. */
export function unrecordableReason(type: IrType, table: TypeTable, seen = new Set<string>()): string | undefined {
  switch (type.kind) {
    case 'class':
      return `an instance of class ${type.name}`;
    case 'function':
      return 'a function value';
    case 'unknown':
      return 'a value of a type lowering could not translate';
    case 'optional':
      return unrecordableReason(type.inner, table, seen);
    case 'array':
    case 'set':
      return unrecordableReason(type.element, table, seen);
    case 'tuple':
      return type.elements.map((t) => unrecordableReason(t, table, seen)).find((r) => r !== undefined);
    case 'map':
      return unrecordableReason(type.key, table, seen) ?? unrecordableReason(type.value, table, seen);
    case 'struct': {
      if (seen.has(type.name)) return `the recursive type ${type.name}`;
      const fields = table.structs[type.name];
      if (!fields) return `the undeclared struct ${type.name}`;
      const inner = new Set(seen).add(type.name);
      return fields.map((f) => unrecordableReason(f.type, table, inner)).find((r) => r !== undefined);
    }
    case 'enum':
      return table.enums[type.name] ? undefined : `the undeclared enum ${type.name}`;
    default:
      return undefined;
  }
}
