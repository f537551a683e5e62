/**
 * IR types → Rust types, and the value-category questions the printers ask about them
 * (is it `Copy`, how is it borrowed, what is its placeholder default).
 */
import type { IrType } from '../ir.js';
import { typeName } from './names.js';

/** Runtime items (src/jsrt.rs) a printed module uses; see runtime.ts for the names. */
export type RuntimeNeeds = Set<string>;

/** Types whose Rust values are `Copy`: they are passed and returned by value, never cloned. */
export function isCopy(type: IrType): boolean {
  switch (type.kind) {
    case 'f64':
    case 'i64':
    case 'bool':
    case 'enum':
    case 'void':
      return true;
    case 'optional':
      return isCopy(type.inner);
    case 'tuple':
      return type.elements.every(isCopy);
    default:
      return false;
  }
}

/** Types a read-only parameter takes by reference (`&str`, `&[T]`, `&T`). */
export function isBorrowable(type: IrType): boolean {
  return ['string', 'array', 'struct', 'map', 'set', 'class'].includes(type.kind);
}

/** Borrowed forms that are unsized views (`&str`, `&[T]`) rather than `&T`. */
export function borrowsAsView(type: IrType): boolean {
  return type.kind === 'string' || type.kind === 'array';
}

/** Map keys and set elements of type number are wrapped so they hash like JS SameValueZero. */
export function keyType(type: IrType, needs: RuntimeNeeds): string {
  if (type.kind === 'f64') {
    needs.add('NumKey');
    return 'NumKey';
  }
  return rustType(type, needs);
}

export function rustType(type: IrType, needs: RuntimeNeeds): string {
  switch (type.kind) {
    case 'f64':
      return 'f64';
    case 'i64':
      return 'i64';
    case 'bool':
      return 'bool';
    case 'string':
      return 'String';
    case 'void':
      return '()';
    case 'array':
      return `Vec<${rustType(type.element, needs)}>`;
    case 'tuple':
      return type.elements.length === 1
        ? `(${rustType(type.elements[0]!, needs)},)`
        : `(${type.elements.map((t) => rustType(t, needs)).join(', ')})`;
    case 'map':
      needs.add('JsMap');
      return `JsMap<${keyType(type.key, needs)}, ${rustType(type.value, needs)}>`;
    case 'set':
      needs.add('JsSet');
      return `JsSet<${keyType(type.element, needs)}>`;
    case 'optional':
      return `Option<${rustType(type.inner, needs)}>`;
    case 'struct':
    case 'enum':
      return typeName(type.name);
    case 'class':
      return type.args ? `${typeName(type.name)}<${type.args.map((t) => rustType(t, needs)).join(', ')}>` : typeName(type.name);
    case 'typeParam':
      return type.name;
    case 'function':
      return `impl Fn(${type.params.map((p) => rustType(p, needs)).join(', ')}) -> ${rustType(type.result, needs)}`;
    case 'unknown':
      return '()';
  }
}

/** The parameter type of a read-only borrowed parameter. */
export function borrowedType(type: IrType, needs: RuntimeNeeds): string {
  if (type.kind === 'string') return '&str';
  if (type.kind === 'array') return `&[${rustType(type.element, needs)}]`;
  return `&${rustType(type, needs)}`;
}

/** A value of the type used only as a placeholder before a constructor assigns the field. */
export function defaultValue(type: IrType, needs: RuntimeNeeds): string {
  switch (type.kind) {
    case 'f64':
      return '0.0';
    case 'i64':
      return '0';
    case 'bool':
      return 'false';
    case 'string':
      return 'String::new()';
    case 'array':
      return 'Vec::new()';
    case 'optional':
      return 'None';
    case 'map':
    case 'set':
      return `${rustType(type, needs).replace(/<.*$/, '')}::new()`;
    default:
      return 'Default::default()';
  }
}

/** The element type of something `for-of` can walk, or undefined. */
export function elementOf(type: IrType): IrType | undefined {
  switch (type.kind) {
    case 'array':
    case 'set':
      return type.element;
    case 'map':
      return { kind: 'tuple', elements: [type.key, type.value] };
    case 'string':
      return type;
    default:
      return undefined;
  }
}
