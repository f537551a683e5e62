/**
 * Small read-only analyses of IR bodies that Go needs and JS does not: which locals are ever read
 * (Go rejects unused variables), which labels are used, and where a statement list ends in a
 * terminating statement (Go rejects a missing return; `go vet` rejects unreachable code).
 */
import type { Expr, Param, Stmt } from '../ir.js';
import { type IrVisitor, walkExpr, walkStmts } from '../ir-walk.js';

/** TS names of locals and parameters read in `stmts` and `exprs` (an assignment target is not a read). */
export function readNames(stmts: readonly Stmt[], exprs: readonly Expr[] = []): Set<string> {
  const reads = new Set<string>();
  const targets = new Set<Expr>();
  const visitor: IrVisitor = {
    stmt: (s) => {
      if (s.kind === 'assign' && s.target.kind === 'ident') targets.add(s.target);
    },
    expr: (e) => {
      if (e.kind === 'ident' && !targets.has(e) && (e.binding === 'local' || e.binding === 'param')) reads.add(e.name);
    },
  };
  walkStmts(stmts, visitor);
  for (const e of exprs) walkExpr(e, visitor);
  return reads;
}

/** The default values of parameters (what they read counts as read by the function). */
export function defaultValues(params: readonly Param[]): Expr[] {
  return params.flatMap((p) => (p.defaultValue ? [p.defaultValue] : []));
}

/** Whether a break/continue inside `body` names `label`. */
export function labelUsed(body: Stmt[], label: string | undefined): boolean {
  if (!label) return false;
  let used = false;
  walkStmts(body, {
    stmt: (s) => {
      if ((s.kind === 'break' || s.kind === 'continue') && s.label === label) used = true;
    },
  });
  return used;
}

/** An unlabeled `break` that leaves the enclosing loop/switch, or a labeled one naming `label`. */
function hasBreakOf(body: Stmt[], label: string | undefined): boolean {
  let found = false;
  const visit = (stmts: Stmt[], nested: boolean): void => {
    for (const s of stmts) {
      if (found) return;
      switch (s.kind) {
        case 'break':
          if ((!s.label && !nested) || (label && s.label === label)) found = true;
          break;
        case 'if':
          visit(s.then, nested);
          if (s.else) visit(s.else, nested);
          break;
        case 'block':
          visit(s.body, nested);
          break;
        case 'while': case 'doWhile': case 'for': case 'forRange': case 'forOf':
          visit(s.body, true);
          break;
        case 'switch':
          for (const c of s.cases) visit(c.body, true);
          if (s.default) visit(s.default, true);
          break;
        default:
          break;
      }
    }
  };
  visit(body, false);
  return found;
}

/** Drop a switch case's trailing `break` (Go cases do not fall through). */
export function withoutTrailingBreak(body: Stmt[]): Stmt[] {
  const last = body[body.length - 1];
  return last?.kind === 'break' && !last.label ? body.slice(0, -1) : body;
}

export function isTrueLiteral(e: Expr | undefined): boolean {
  return e?.kind === 'bool' && e.value;
}

/** Go's "terminating statement", for the Go this package prints from `s`. */
export function isTerminating(s: Stmt): boolean {
  switch (s.kind) {
    case 'return':
    case 'throw':
      return true;
    case 'block':
      return endsTerminating(s.body);
    case 'if':
      return s.else !== undefined && endsTerminating(s.then) && endsTerminating(s.else);
    case 'while':
      return isTrueLiteral(s.cond) && !hasBreakOf(s.body, s.label);
    case 'for':
      return s.cond === undefined && !hasBreakOf(s.body, s.label);
    case 'switch':
      return (
        s.default !== undefined &&
        [...s.cases.map((c) => withoutTrailingBreak(c.body)), withoutTrailingBreak(s.default)].every(
          (b) => endsTerminating(b) && !hasBreakOf(b, undefined),
        )
      );
    default:
      return false;
  }
}

export function endsTerminating(stmts: Stmt[]): boolean {
  const last = stmts[stmts.length - 1];
  return last !== undefined && isTerminating(last);
}

/** Statements after which nothing in the same list can run. */
export function endsFlow(s: Stmt): boolean {
  return s.kind === 'break' || s.kind === 'continue' || isTerminating(s);
}
