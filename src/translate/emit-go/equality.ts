/**
 * `==` / `!=` (and switch cases) where a side is optional: JavaScript compares presence and
 * value, never the pointers Go uses for optionals. `opt == Some(v)` on a plain place reads
 * `x != nil && *x == v`; anything else goes through jsOptEq.
 */
import type { Expr, IrType } from '../ir.js';
import type { FnContext } from './context.js';
import { coerce, printExpr } from './expressions.js';
import { atom, binaryOp, call, star, unary, type GoExpr } from './syntax.js';
import { isNilable } from './types.js';

type Binary = Extract<Expr, { kind: 'binary' }>;
type Optional = Extract<IrType, { kind: 'optional' }>;

/** `type` when it is an optional of a non-pointer value (optionals of objects are refused by lowering). */
export function comparedOptional(type: IrType): Optional | undefined {
  return type.kind === 'optional' && !isNilable(type.inner) ? type : undefined;
}

/** A side-effect-free place, safe to print twice. */
export function isPlace(e: Expr): boolean {
  return e.kind === 'ident' || e.kind === 'this' || (e.kind === 'field' && isPlace(e.object));
}

/** `place === value` where `place` is a printed optional: `undefined`, `Some(v)` or another optional. */
export function optionalMatch(ctx: FnContext, place: GoExpr, value: Expr, optional: Optional): GoExpr {
  if (value.kind === 'none') return binaryOp('==', place, atom('nil'));
  if (value.kind === 'some') return binaryOp('&&', binaryOp('!=', place, atom('nil')), binaryOp('==', star(place), coerce(ctx, value.value, optional.inner)));
  return call('jsOptEq', place, coerce(ctx, value, optional));
}

export function printOptionalEquality(ctx: FnContext, e: Binary): GoExpr | undefined {
  if (e.op !== '==' && e.op !== '!=') return undefined;
  const optional = comparedOptional(e.left.type) ?? comparedOptional(e.right.type);
  if (!optional) return undefined;
  const [value, other] = e.left.kind === 'some' || e.left.kind === 'none' ? [e.left, e.right] : [e.right, e.left];
  if (other.type.kind !== 'optional') return undefined;
  const test = isPlace(other)
    ? optionalMatch(ctx, printExpr(ctx, other), value, optional)
    : call('jsOptEq', coerce(ctx, e.left, optional), coerce(ctx, e.right, optional));
  return e.op === '==' ? test : negate(test);
}

/** `!test`, pushing the negation into the comparisons optionalMatch builds. */
function negate(test: GoExpr): GoExpr {
  if (test.k !== 'binary') return unary('!', test);
  const inverse: Record<string, string> = { '==': '!=', '!=': '==', '&&': '||' };
  const op = inverse[test.op];
  if (!op) return unary('!', { k: 'paren', x: test });
  return op === '||' ? binaryOp('||', negate(test.x), negate(test.y)) : binaryOp(op, test.x, test.y);
}
