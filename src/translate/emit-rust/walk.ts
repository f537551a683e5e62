/**
 * Read-only traversals of IR bodies: children of a node, deep visits (closure bodies included),
 * name mentions and the root variable of a place expression.
 */
import type { Expr, Stmt } from '../ir.js';

export function exprChildren(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.operand];
    case 'binary':
    case 'logical':
      return [e.left, e.right];
    case 'conditional':
      return [e.cond, e.then, e.else];
    case 'convert':
    case 'some':
    case 'unwrap':
    case 'isNone':
      return [e.value];
    case 'call':
    case 'new':
      return e.args;
    case 'methodCall':
      return [e.receiver, ...e.args];
    case 'builtin':
      return e.receiver ? [e.receiver, ...e.args] : e.args;
    case 'field':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'array':
    case 'tuple':
      return e.elements;
    case 'structLit':
      return e.fields.map((f) => f.value);
    case 'template':
      return e.parts.filter((p): p is Expr => typeof p !== 'string');
    default:
      return [];
  }
}

/** Expressions directly held by a statement (not those of nested statements). */
export function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case 'var':
      return s.init ? [s.init] : [];
    case 'assign':
      return [s.target, s.value];
    case 'expr':
      return [s.expr];
    case 'if':
    case 'while':
    case 'doWhile':
      return [s.cond];
    case 'for':
      return s.cond ? [s.cond] : [];
    case 'forRange':
      return [s.start, s.end];
    case 'forOf':
      return [s.iterable];
    case 'switch':
      return [s.subject, ...s.cases.flatMap((c) => c.values)];
    case 'return':
      return s.value ? [s.value] : [];
    case 'throw':
      return [s.message];
    case 'swap':
      return [s.left, s.right];
    default:
      return [];
  }
}

/** Statement lists directly nested in a statement. */
export function stmtBlocks(s: Stmt): Stmt[][] {
  switch (s.kind) {
    case 'if':
      return s.else ? [s.then, s.else] : [s.then];
    case 'while':
    case 'doWhile':
    case 'forRange':
    case 'forOf':
    case 'block':
      return [s.body];
    case 'for':
      return [s.init, s.body, s.update];
    case 'switch':
      return [...s.cases.map((c) => c.body), ...(s.default ? [s.default] : [])];
    default:
      return [];
  }
}

export interface Visitor {
  expr?: (e: Expr) => void;
  stmt?: (s: Stmt) => void;
}

export function visitExpr(e: Expr, v: Visitor): void {
  v.expr?.(e);
  for (const c of exprChildren(e)) visitExpr(c, v);
  if (e.kind === 'closure') visitStmts(e.body, v);
}

export function visitStmt(s: Stmt, v: Visitor): void {
  v.stmt?.(s);
  for (const e of stmtExprs(s)) visitExpr(e, v);
  for (const b of stmtBlocks(s)) visitStmts(b, v);
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

/** The variable a place expression (`a.b[i].c`, `x!`) starts from. */
export function placeRoot(e: Expr): PlaceRoot | undefined {
  let steps = 0;
  let cur = e;
  for (;;) {
    if (cur.kind === 'field' || cur.kind === 'index') {
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
