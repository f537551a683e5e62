/**
 * Generic declarations in Rust: type parameter lists with the bounds their bodies need
 * (`TypeParamDecl.bounds`). Every type parameter is `Clone` (translated bodies copy values as
 * JavaScript shares them); `eq` is `PartialEq`, `ord` `PartialOrd`, `key` `Hash + Eq` (JsMap /
 * JsSet keys), `text` `jsrt::JsString` (JS `String(v)`, implemented for the types a TS value of
 * a type parameter can be here: numbers, strings, booleans).
 */
import type { TypeParamDecl } from '../ir.js';
import type { RuntimeNeeds } from './types.js';

function boundsOf(p: TypeParamDecl, needs: RuntimeNeeds): string[] {
  const bounds = ['Clone'];
  if (p.bounds.includes('eq') && !p.bounds.includes('ord')) bounds.push('PartialEq');
  if (p.bounds.includes('ord')) bounds.push('PartialOrd');
  if (p.bounds.includes('key')) bounds.push('std::hash::Hash', 'Eq');
  if (p.bounds.includes('text')) {
    needs.add('JsString');
    bounds.push('jsrt::JsString');
  }
  return bounds;
}

/** `<T: Clone + PartialOrd, U: Clone>` for an `impl` or `fn`; `<T, U>` for a struct; '' when not generic. */
export function typeParamList(params: readonly TypeParamDecl[] | undefined, needs: RuntimeNeeds, bounded: boolean): string {
  if (!params || params.length === 0) return '';
  return `<${params.map((p) => (bounded ? `${p.name}: ${boundsOf(p, needs).join(' + ')}` : p.name)).join(', ')}>`;
}

/** `<T, U>` after a type's name where it is used as a type. */
export function typeArgList(params: readonly TypeParamDecl[] | undefined): string {
  return params && params.length > 0 ? `<${params.map((p) => p.name).join(', ')}>` : '';
}
