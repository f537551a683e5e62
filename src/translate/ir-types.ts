/** IR types and source origins: the part of the IR every other part refers to (see ir.ts). */

export interface Origin {
  /** POSIX path relative to the project root. */
  file: string;
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------------------------
// Types

export type IrType =
  | { kind: 'f64' }
  | { kind: 'i64' }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'void' }
  | { kind: 'array'; element: IrType }
  | { kind: 'tuple'; elements: IrType[] }
  | { kind: 'map'; key: IrType; value: IrType }
  | { kind: 'set'; element: IrType }
  /** `T | undefined`, `T | null`, optional fields and parameters. */
  | { kind: 'optional'; inner: IrType }
  /** A plain-object interface or type alias, declared in `IrModule.structs`. */
  | { kind: 'struct'; name: string }
  /** A union of string literals, declared in `IrModule.enums`. */
  | { kind: 'enum'; name: string }
  /** A class of the module, declared in `IrModule.classes` (generics are monomorphised). */
  | { kind: 'class'; name: string }
  /** A closure value (only as an argument of array methods or a local const). */
  | { kind: 'function'; params: IrType[]; result: IrType }
  /** What a `Placeholder` has; never reaches a printer in a module without errors. */
  | { kind: 'unknown' };

export const F64: IrType = { kind: 'f64' };
export const I64: IrType = { kind: 'i64' };
export const BOOL: IrType = { kind: 'bool' };
export const STRING: IrType = { kind: 'string' };
export const VOID: IrType = { kind: 'void' };
export const UNKNOWN: IrType = { kind: 'unknown' };
export const arrayOf = (element: IrType): IrType => ({ kind: 'array', element });
export const optionalOf = (inner: IrType): IrType => ({ kind: 'optional', inner });
export const mapOf = (key: IrType, value: IrType): IrType => ({ kind: 'map', key, value });
export const setOf = (element: IrType): IrType => ({ kind: 'set', element });
export const structType = (name: string): IrType => ({ kind: 'struct', name });
export const enumType = (name: string): IrType => ({ kind: 'enum', name });
export const classType = (name: string): IrType => ({ kind: 'class', name });

export function isNumeric(type: IrType): boolean {
  return type.kind === 'f64' || type.kind === 'i64';
}

export function sameType(a: IrType, b: IrType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
