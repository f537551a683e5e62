import type { Expr, Stmt } from './ir.js';

/**
 * Read-only traversal of IR statements and expressions (closure bodies included), and the
 * children of each node: the one walker lowering and both printers use.
 */
export interface IrVisitor {
  /** Return false to skip the statement's children. */
  stmt?(stmt: Stmt): void | boolean;
  expr?(expr: Expr): void | boolean;
}

export function walkStmts(stmts: readonly Stmt[], visitor: IrVisitor): void {
  for (const stmt of stmts) walkStmt(stmt, visitor);
}

export function walkStmt(stmt: Stmt, visitor: IrVisitor): void {
  if (visitor.stmt?.(stmt) === false) return;
  for (const expr of stmtExprs(stmt)) walkExpr(expr, visitor);
  for (const body of stmtBodies(stmt)) walkStmts(body, visitor);
}

export function walkExpr(expr: Expr, visitor: IrVisitor): void {
  if (visitor.expr?.(expr) === false) return;
  for (const child of exprChildren(expr)) walkExpr(child, visitor);
  if (expr.kind === 'closure') {
    for (const param of expr.params) if (param.defaultValue) walkExpr(param.defaultValue, visitor);
    walkStmts(expr.body, visitor);
  }
}

/** The expressions a statement holds directly (not those of nested statements). */
export function stmtExprs(stmt: Stmt): Expr[] {
  switch (stmt.kind) {
    case 'var':
      return stmt.init ? [stmt.init] : [];
    case 'assign':
      return [stmt.target, stmt.value];
    case 'expr':
      return [stmt.expr];
    case 'if':
    case 'while':
    case 'doWhile':
      return [stmt.cond];
    case 'for':
      return stmt.cond ? [stmt.cond] : [];
    case 'forRange':
      return [stmt.start, stmt.end];
    case 'forOf':
      return [stmt.iterable];
    case 'switch':
      return [stmt.subject, ...stmt.cases.flatMap((c) => c.values)];
    case 'return':
      return stmt.value ? [stmt.value] : [];
    case 'throw':
      return [stmt.message];
    case 'swap':
      return [stmt.left, stmt.right];
    default:
      return [];
  }
}

/** Nested statement lists, in evaluation order. */
export function stmtBodies(stmt: Stmt): Stmt[][] {
  switch (stmt.kind) {
    case 'if':
      return stmt.else ? [stmt.then, stmt.else] : [stmt.then];
    case 'while':
    case 'doWhile':
    case 'forRange':
    case 'forOf':
    case 'block':
      return [stmt.body];
    case 'for':
      return [stmt.init, stmt.body, stmt.update];
    case 'switch':
      return [...stmt.cases.map((c) => c.body), ...(stmt.default ? [stmt.default] : [])];
    default:
      return [];
  }
}

export function exprChildren(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'unary':
      return [expr.operand];
    case 'binary':
    case 'logical':
      return [expr.left, expr.right];
    case 'conditional':
      return [expr.cond, expr.then, expr.else];
    case 'convert':
    case 'some':
    case 'unwrap':
    case 'isNone':
      return [expr.value];
    case 'call':
    case 'new':
      return expr.args;
    case 'methodCall':
      return [expr.receiver, ...expr.args];
    case 'builtin':
      return expr.receiver ? [expr.receiver, ...expr.args] : expr.args;
    case 'field':
      return [expr.object];
    case 'index':
      return [expr.object, expr.index];
    case 'array':
    case 'tuple':
      return expr.elements;
    case 'structLit':
      return expr.fields.map((f) => f.value);
    case 'template':
      return expr.parts.filter((p): p is Expr => typeof p !== 'string');
    default:
      return [];
  }
}

/**
 * A copy of `expr` with the subexpressions `replace` returns a value for replaced (outermost
 * first; what it replaces is not entered). Closure bodies are statements and are not entered:
 * a closure comes back as it is.
 */
export function mapExpr(expr: Expr, replace: (e: Expr) => Expr | undefined): Expr {
  const replaced = replace(expr);
  if (replaced) return replaced;
  const m = (e: Expr): Expr => mapExpr(e, replace);
  switch (expr.kind) {
    case 'unary':
      return { ...expr, operand: m(expr.operand) };
    case 'binary':
    case 'logical':
      return { ...expr, left: m(expr.left), right: m(expr.right) };
    case 'conditional':
      return { ...expr, cond: m(expr.cond), then: m(expr.then), else: m(expr.else) };
    case 'convert':
    case 'some':
    case 'unwrap':
    case 'isNone':
      return { ...expr, value: m(expr.value) };
    case 'call':
    case 'new':
      return { ...expr, args: expr.args.map(m) };
    case 'methodCall':
      return { ...expr, receiver: m(expr.receiver), args: expr.args.map(m) };
    case 'builtin':
      return { ...expr, ...(expr.receiver ? { receiver: m(expr.receiver) } : {}), args: expr.args.map(m) };
    case 'field':
      return { ...expr, object: m(expr.object) };
    case 'index':
      return { ...expr, object: m(expr.object), index: m(expr.index) };
    case 'array':
    case 'tuple':
      return { ...expr, elements: expr.elements.map(m) };
    case 'structLit':
      return { ...expr, fields: expr.fields.map((f) => ({ ...f, value: m(f.value) })) };
    case 'template':
      return { ...expr, parts: expr.parts.map((p) => (typeof p === 'string' ? p : m(p))) };
    default:
      return expr;
  }
}

/**
 * The dotted path of an ident/field chain (`r.productId`), or undefined for other shapes; an
 * index or `!` adds nothing (`p.items[0].x` is `p.items.x`).
 */
export function pathOf(e: Expr): string | undefined {
  if (e.kind === 'ident') return e.name;
  if (e.kind === 'this') return 'this';
  if (e.kind === 'field') {
    const base = pathOf(e.object);
    return base === undefined ? undefined : `${base}.${e.field}`;
  }
  if (e.kind === 'index' || e.kind === 'unwrap') return pathOf(e.kind === 'index' ? e.object : e.value);
  return undefined;
}

/** The variable (or `this`) at the root of a place (`xs`, `xs[i]`, `p.items[0].x`). */
export function placeRoot(e: Expr): string | undefined {
  return pathOf(e)?.split('.')[0];
}
