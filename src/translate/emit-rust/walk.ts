/**
 * The Rust printer's read-only questions about IR bodies: name mentions, the root variable of a
 * place, whether a body always leaves. The traversal itself is ir-walk.ts, shared with lowering
 * and the Go printer.
 */
import type { Expr, Stmt } from '../ir.js';
import { exprChildren, stmtBodies, stmtExprs, walkExpr, walkStmt } from '../ir-walk.js';

export { exprChildren, stmtBodies, stmtExprs };

export interface Visitor {
  expr?: (e: Expr) => void;
  stmt?: (s: Stmt) => void;
}

/** Deep visits in source order, closure bodies included (ir-walk.ts without the early exit). */
export function visitExpr(e: Expr, v: Visitor): void {
  walkExpr(e, { expr: (x) => void v.expr?.(x), stmt: (s) => void v.stmt?.(s) });
}

export function visitStmt(s: Stmt, v: Visitor): void {
  walkStmt(s, { expr: (x) => void v.expr?.(x), stmt: (t) => void v.stmt?.(t) });
}

export function visitStmts(stmts: readonly Stmt[], v: Visitor): void {
  for (const s of stmts) visitStmt(s, v);
}

/** A read of the local or parameter `name` (a call of a local closure counts). */
function isNamed(e: Expr, name: string): boolean {
  if (e.kind === 'call') return e.callee === name;
  return e.kind === 'ident' && e.name === name && (e.binding === 'local' || e.binding === 'param');
}

/** How often a local or parameter is read or written in the statements. */
export function countMentions(stmts: readonly Stmt[], name: string): number {
  let n = 0;
  visitStmts(stmts, { expr: (e) => (isNamed(e, name) ? n++ : undefined), stmt: (s) => (declares(s, name) ? n++ : undefined) });
  return n;
}

export function countMentionsInExpr(e: Expr, name: string): number {
  let n = 0;
  visitExpr(e, { expr: (x) => (isNamed(x, name) ? n++ : undefined) });
  return n;
}

function declares(s: Stmt, name: string): boolean {
  return (s.kind === 'forOf' && s.bindings.includes(name)) || (s.kind === 'forRange' && s.variable === name);
}

/**
 * Mentions that count for moving a value out of `name` in the statement: those under the
 * condition of a ternary are evaluated before its branches, so they do not block a move.
 */
export function mentionsOutsideConditions(e: Expr, name: string): number {
  if (isNamed(e, name)) return 1;
  if (e.kind === 'conditional') return mentionsOutsideConditions(e.then, name) + mentionsOutsideConditions(e.else, name);
  if (e.kind === 'closure') return countMentions(e.body, name);
  return exprChildren(e).reduce((n, c) => n + mentionsOutsideConditions(c, name), 0);
}

export interface PlaceRoot {
  /** Variable name, or `this`. */
  name: string;
  /** Field / index steps between the variable and the place (0 for the variable itself). */
  steps: number;
}

/**
 * The variable a place expression (`a.b[i].c`, `x!`) starts from. A place inside a shared
 * object (`node.next`) has none: changing it changes the object, not the variable's value.
 */
export function placeRoot(e: Expr): PlaceRoot | undefined {
  let steps = 0;
  let cur = e;
  for (;;) {
    if (cur.kind === 'field' || cur.kind === 'index') {
      if (cur.object.type.kind === 'class' && cur.object.type.shared) return undefined;
      steps++;
      cur = cur.object;
    } else if (cur.kind === 'unwrap') {
      cur = cur.value;
    } else if (cur.kind === 'builtin' && cur.name === 'map.get' && cur.receiver) {
      steps++;
      cur = cur.receiver;
    } else break;
  }
  if (cur.kind === 'ident') return { name: cur.name, steps };
  if (cur.kind === 'this') return { name: 'this', steps };
  return undefined;
}

/** True when every path through the statements ends in return / throw / break / continue. */
export function terminates(stmts: readonly Stmt[]): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  switch (last.kind) {
    case 'return':
    case 'throw':
    case 'break':
    case 'continue':
      return true;
    case 'if':
      return last.else !== undefined && terminates(last.then) && terminates(last.else);
    case 'block':
      return terminates(last.body);
    default:
      return false;
  }
}
