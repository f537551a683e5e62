/**
 * Generic declarations in Go: type parameter lists with the constraints their bodies need
 * (`TypeParamDecl.bounds`): `ord` is `cmp.Ordered`, `eq` and `key` (jsMap / jsSet keys)
 * `comparable`, anything else `any`; `text` needs no constraint (jsStringOf switches on the
 * dynamic type). Go infers no type arguments from a result or an empty argument list, so
 * constructors and calls always spell them out.
 */
import type { IrType, TypeParamDecl } from '../ir.js';
import type { GoNames } from './names.js';
import { goType } from './types.js';

function constraintOf(p: TypeParamDecl, use: (pkg: string) => void): string {
  if (p.bounds.includes('ord')) {
    use('cmp');
    return 'cmp.Ordered';
  }
  return p.bounds.includes('eq') || p.bounds.includes('key') ? 'comparable' : 'any';
}

/** `[T cmp.Ordered, U any]` after a generic declaration's name; '' when not generic. */
export function typeParamList(params: readonly TypeParamDecl[] | undefined, use: (pkg: string) => void): string {
  if (!params || params.length === 0) return '';
  return `[${params.map((p) => `${p.name} ${constraintOf(p, use)}`).join(', ')}]`;
}

/** `[T, U]` after a generic type's name where it is used. */
export function typeParamNames(params: readonly TypeParamDecl[] | undefined): string {
  return params && params.length > 0 ? `[${params.map((p) => p.name).join(', ')}]` : '';
}

/** `[float64, string]`: explicit type arguments of a constructor or function call. */
export function typeArgList(args: readonly IrType[] | undefined, names: GoNames): string {
  return args && args.length > 0 ? `[${args.map((a) => goType(a, names)).join(', ')}]` : '';
}
