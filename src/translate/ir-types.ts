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
  /**
   * A class of the module, declared in `IrModule.classes`. Generic classes used with concrete
   * type arguments are monomorphised (`Stack<string>` → `StackString`); a generic class kept
   * generic (`ClassDecl.typeParams`) is referred to with `args`, one per type parameter.
   */
  | {
      kind: 'class';
      name: string;
      args?: IrType[];
      /** The class is shared (`ClassDecl.shared`): set on every type of it once lowering knows. */
      shared?: boolean;
    }
  /** A type parameter of the enclosing generic class or function (`T` of `Stack<T>`). */
  | { kind: 'typeParam'; name: string }
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
export const classType = (name: string, args?: IrType[]): IrType => (args && args.length > 0 ? { kind: 'class', name, args } : { kind: 'class', name });
export const typeParamType = (name: string): IrType => ({ kind: 'typeParam', name });

/** `type` with every type parameter named in `binding` replaced (all at once, so swaps work). */
export function substituteType(type: IrType, binding: ReadonlyMap<string, IrType>): IrType {
  if (binding.size === 0) return type;
  switch (type.kind) {
    case 'typeParam':
      return binding.get(type.name) ?? type;
    case 'array':
      return arrayOf(substituteType(type.element, binding));
    case 'set':
      return setOf(substituteType(type.element, binding));
    case 'optional':
      return optionalOf(substituteType(type.inner, binding));
    case 'map':
      return mapOf(substituteType(type.key, binding), substituteType(type.value, binding));
    case 'tuple':
      return { kind: 'tuple', elements: type.elements.map((t) => substituteType(t, binding)) };
    case 'class':
      return type.args ? { ...type, args: type.args.map((t) => substituteType(t, binding)) } : type;
    case 'function':
      return { kind: 'function', params: type.params.map((t) => substituteType(t, binding)), result: substituteType(type.result, binding) };
    default:
      return type;
  }
}

/** The types directly inside `type` (elements, key and value, type arguments, parameters and result). */
export function typeChildren(type: IrType): IrType[] {
  switch (type.kind) {
    case 'array':
    case 'set':
      return [type.element];
    case 'optional':
      return [type.inner];
    case 'map':
      return [type.key, type.value];
    case 'tuple':
      return type.elements;
    case 'class':
      return type.args ?? [];
    case 'function':
      return [...type.params, type.result];
    default:
      return [];
  }
}

/** Whether a type parameter occurs anywhere in `type`. */
export function mentionsTypeParam(type: IrType): boolean {
  return type.kind === 'typeParam' || typeChildren(type).some(mentionsTypeParam);
}

export function isNumeric(type: IrType): boolean {
  return type.kind === 'f64' || type.kind === 'i64';
}

export function sameType(a: IrType, b: IrType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
