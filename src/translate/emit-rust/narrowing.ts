/**
 * Optionals narrowed by a guard print as pattern matches, not `is_some()` + `unwrap()`
 * (which clippy rejects): `if (x !== undefined) { …x… }` → `if let Some(x) = &x { … }`,
 * `if (x === undefined) { return …; }` → `let Some(x) = x else { return …; };`.
 */
import type { Expr, Stmt } from '../ir.js';
import type { Binding, EmitCtx } from './context.js';
import { snakeCase } from './names.js';
import { isCopy } from './types.js';
import { placeRoot, visitExpr, visitStmts } from './walk.js';
import { writesOf } from './analysis.js';

/** A stable key for a side-effect-free place (`x`, `this.cache`, `user.email`). */
export function placeKey(e: Expr): string | undefined {
  if (e.kind === 'ident' && (e.binding === 'local' || e.binding === 'param')) return e.name;
  if (e.kind === 'this') return 'this';
  if (e.kind === 'field') {
    // A field of a shared object is read through its lock each time: never matched into a binding.
    if (e.object.type.kind === 'class' && e.object.type.shared) return undefined;
    const base = placeKey(e.object);
    return base === undefined ? undefined : `${base}.${e.field}`;
  }
  return undefined;
}

/** The binding a narrowed field place was matched into, if any. */
export function narrowedPlace(ctx: EmitCtx, e: Expr): Binding | undefined {
  if (e.kind !== 'field') return undefined;
  const key = placeKey(e);
  return key === undefined ? undefined : ctx.lookup(`#${key}`);
}

export interface Narrowing {
  place: Expr;
  key: string;
  /** True when the value is present in the `then` part (`x !== undefined`). */
  presentInThen: boolean;
}

export function unwrapsIn(parts: { stmts?: readonly Stmt[]; expr?: Expr }, key: string): boolean {
  let found = false;
  const check = (e: Expr): void => {
    if (e.kind === 'unwrap' && placeKey(e.value) === key) found = true;
  };
  if (parts.stmts) visitStmts(parts.stmts, { expr: check });
  if (parts.expr) visitExpr(parts.expr, { expr: check });
  return found;
}

export function writesPlace(stmts: readonly Stmt[], place: Expr, ctx: EmitCtx): boolean {
  const root = placeRoot(place);
  if (!root) return true;
  const w = writesOf(stmts, ctx.facts);
  return w.mutated.has(root.name) || w.reassigned.has(root.name);
}

/** A guard on an optional place whose present branch unwraps it. */
export function narrowingOf(
  ctx: EmitCtx,
  cond: Expr,
  present: { then: { stmts?: readonly Stmt[]; expr?: Expr }; else?: { stmts?: readonly Stmt[]; expr?: Expr } },
): Narrowing | undefined {
  if (cond.kind !== 'isNone') return undefined;
  const key = placeKey(cond.value);
  if (key === undefined || cond.value.type.kind !== 'optional') return undefined;
  const part = cond.negated ? present.then : present.else;
  if (!part || !unwrapsIn(part, key)) return undefined;
  if (part.stmts && writesPlace(part.stmts, cond.value, ctx)) return undefined;
  return { place: cond.value, key, presentInThen: cond.negated };
}

/**
 * Declares the matched binding in the current scope and returns `Some(<pattern>)` and the
 * scrutinee text (`&x` for non-Copy values, so the match borrows).
 */
export function bindNarrowed(ctx: EmitCtx, n: Narrowing, scrutinee: string, byValue: boolean): { pattern: string; scrutinee: string } {
  const inner = n.place.type.kind === 'optional' ? n.place.type.inner : n.place.type;
  const copy = isCopy(inner) || byValue;
  let rust: string;
  if (n.place.kind === 'ident') {
    rust = ctx.lookup(n.place.name)?.rust ?? snakeCase(n.place.name);
    ctx.declare(n.place.name, { rust, kind: copy ? 'owned' : 'ref', type: inner, narrowed: true });
  } else {
    const field = n.place.kind === 'field' ? n.place.field : 'value';
    rust = snakeCase(field);
    if (ctx.lookup(field) || rust === 'self') rust = `${rust}_value`;
    ctx.declare(`#${n.key}`, { rust, kind: copy ? 'owned' : 'ref', type: inner });
  }
  return { pattern: `Some(${rust})`, scrutinee: copy ? scrutinee : `&${scrutinee}` };
}
