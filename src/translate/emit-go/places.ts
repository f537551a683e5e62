/**
 * Arrays whose length changes must change where the caller (or the Map, struct or outer array)
 * holds them: Go slices are headers passed by value, so push, pop, shift, unshift and calls to
 * resized parameters (`Param.resized`, a `*[]T`) get a pointer to the slice header itself.
 */
import type { Expr } from '../ir.js';
import type { FnContext } from './context.js';
import { coerce, printExpr } from './expressions.js';
import { atom, call, type GoExpr, render, selector, unary } from './syntax.js';

/** Whether Go can take the address of `e` as printed (a variable, a pointed-to field, a slice element). */
export function isAddressable(e: Expr): boolean {
  switch (e.kind) {
    case 'ident':
      return e.binding !== 'function';
    case 'this':
      return false;
    case 'index':
      return e.object.type.kind === 'array';
    case 'field': {
      const t = e.object.type.kind === 'optional' ? e.object.type.inner : e.object.type;
      if (t.kind === 'struct' || t.kind === 'class') return true;
      return t.kind === 'tuple' && isAddressable(e.object);
    }
    default:
      return false;
  }
}

/**
 * A `*[]T` for the array `e` denotes: `&xs`, `xs` for a slice pointer already, `m.Ref(k)` for
 * `m.get(k)!` (the array stored in the map), or `&tmp` for a fresh array no one else holds.
 */
export function slicePointer(ctx: FnContext, e: Expr): GoExpr {
  const stored = e.kind === 'unwrap' ? e.value : e;
  if (stored.kind === 'builtin' && stored.name === 'map.get' && stored.receiver?.type.kind === 'map' && stored.args[0]) {
    const key = coerce(ctx, stored.args[0], stored.receiver.type.key);
    return call(selector(printExpr(ctx, stored.receiver), 'Ref'), key);
  }
  const x = printExpr(ctx, e);
  if (x.k === 'star') return x.x;
  if (isAddressable(e) && x.k !== 'call') return unary('&', x);
  const tmp = ctx.temp();
  ctx.emit(`${tmp} := ${render(x)}`);
  return unary('&', atom(tmp));
}
