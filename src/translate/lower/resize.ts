import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Expr, Param, Stmt } from '../ir.js';
import { calleeKey, moduleCallables } from './callables.js';
import type { ModuleTables } from './context.js';
import { stmtBodies, stmtExprs, walkExpr, walkStmts } from '../ir-walk.js';

/**
 * Which array bindings change length (push, pop, shift, unshift), directly or by being passed to
 * a parameter that does (a fixpoint over the module's calls). JavaScript arrays are shared, so
 * the array the caller holds changes too: `Param.resized` and `ForOfStmt.resized` tell the
 * printers (Go passes `*[]T`, and walks such for-of bindings through element pointers). A
 * callback parameter that changes length is refused (PIV1410): no printer can hand a closure
 * the caller's array.
 */
export function analyseResizing(tables: ModuleTables, report: (d: Diagnostic) => void): void {
  const callables = moduleCallables(tables);
  const byKey = new Map(callables.map((c) => [c.key, c.params]));
  const calleeParams = (e: Expr): Param[] | undefined => {
    const key = calleeKey(e);
    return key === undefined ? undefined : byKey.get(key);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const { params, body } of callables) {
      for (const p of params) {
        if (p.resized || p.type.kind !== 'array' || !resizes(body, p.name, calleeParams)) continue;
        p.resized = true;
        changed = true;
      }
    }
  }
  for (const { body } of callables) {
    walkStmts(body, {
      stmt: (s) => {
        if (s.kind !== 'forOf') return;
        const resized = s.bindings.filter((b) => resizes(s.body, b, calleeParams));
        if (resized.length > 0 && s.elementType.kind === 'array') s.resized = resized;
      },
      expr: (e) => {
        if (e.kind !== 'closure') return;
        for (const p of e.params) {
          if (p.type.kind === 'array' && resizes(e.body, p.name, calleeParams)) report(diag.callbackResizesArray(p.origin, `parameter ${p.name}`));
        }
      },
    });
  }
}

const RESIZING = new Set(['array.push', 'array.pop', 'array.shift', 'array.unshift']);

/** Whether `body` changes the length of the array bound to `name` (until something shadows it). */
function resizes(body: readonly Stmt[], name: string, calleeParams: (e: Expr) => Param[] | undefined): boolean {
  const isIt = (e: Expr | undefined): boolean => e?.kind === 'ident' && e.name === name && e.binding !== 'const' && e.binding !== 'function';
  let found = false;
  const visitExpr = (expr: Expr): void =>
    walkExpr(expr, {
      expr: (e) => {
        if (found) return false;
        if (e.kind === 'builtin' && RESIZING.has(e.name) && isIt(e.receiver)) found = true;
        if (e.kind === 'call' || e.kind === 'methodCall' || e.kind === 'new') {
          const params = calleeParams(e);
          if (params && e.args.some((a, i) => isIt(a) && params[i]?.resized)) found = true;
        }
        if (e.kind === 'closure' && e.params.some((p) => p.name === name)) return false;
        return undefined;
      },
    });
  const visitStmts = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (found) return;
      stmtExprs(s).forEach(visitExpr);
      if (s.kind === 'var' && s.name === name) return;
      const shadows = (s.kind === 'forOf' && s.bindings.includes(name)) || (s.kind === 'forRange' && s.variable === name);
      if (!shadows) stmtBodies(s).forEach(visitStmts);
    }
  };
  visitStmts(body);
  return found;
}
