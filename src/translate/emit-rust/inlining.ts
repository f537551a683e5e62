/**
 * Which module functions get `#[inline]`: straight-line ones (no loop, no callback, not
 * recursive) that are called from inside a loop or a callback somewhere in the module. LLVM
 * decides inlining by size; a hot kernel's per-element helper, once its math is inlined (e.g.
 * jsrt::exp / jsrt::log), can pass the default threshold and stay an out-of-line call whose
 * argument and result moves and lost scheduling cost more than its body. The hint raises the
 * threshold for exactly those helpers; LLVM still has the last word.
 */
import type { Expr, IrModule, Stmt } from '../ir.js';
import { exprChildren, stmtBodies, stmtExprs, visitStmts } from './walk.js';

const LOOPS = new Set<Stmt['kind']>(['while', 'doWhile', 'for', 'forRange', 'forOf']);

/** Callees of `call` expressions that run repeatedly: in loop bodies, loop tests and callbacks. */
function calledInLoops(stmts: readonly Stmt[], out: Set<string>): void {
  const walkExpr = (e: Expr, inLoop: boolean): void => {
    if (e.kind === 'call' && inLoop) out.add(e.callee);
    for (const c of exprChildren(e)) walkExpr(c, inLoop);
    if (e.kind === 'closure') for (const s of e.body) walkStmt(s, true);
  };
  const walkStmt = (s: Stmt, inLoop: boolean): void => {
    const loop = inLoop || LOOPS.has(s.kind);
    for (const e of stmtExprs(s)) walkExpr(e, loop);
    for (const block of stmtBodies(s)) for (const t of block) walkStmt(t, loop);
  };
  for (const s of stmts) walkStmt(s, false);
}

/** No loop, no closure, and no call of itself anywhere in the body. */
function straightLine(name: string, stmts: readonly Stmt[]): boolean {
  let ok = true;
  visitStmts(stmts, {
    stmt: (s) => (LOOPS.has(s.kind) ? (ok = false) : undefined),
    expr: (e) => (e.kind === 'closure' || (e.kind === 'call' && e.callee === name) ? (ok = false) : undefined),
  });
  return ok;
}

/** Names of the module functions to print with `#[inline]`. */
export function inlineHints(module: IrModule): Set<string> {
  const hot = new Set<string>();
  for (const f of module.functions) calledInLoops(f.body, hot);
  for (const c of module.classes) {
    calledInLoops(c.constructorBody, hot);
    for (const m of c.methods) calledInLoops(m.body, hot);
  }
  return new Set(module.functions.filter((f) => hot.has(f.name) && straightLine(f.name, f.body)).map((f) => f.name));
}
