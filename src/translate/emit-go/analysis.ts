/**
 * Small read-only analyses of IR bodies that Go needs and JS does not: which locals are ever read
 * (Go rejects unused variables), which labels are used, and where a statement list ends in a
 * terminating statement (Go rejects a missing return; `go vet` rejects unreachable code).
 */
import type { Expr, Stmt } from '../ir.js';

/** Visit every object node under `root` (statements, expressions, nested closures). */
function walk(root: unknown, visit: (node: { kind?: string } & Record<string, unknown>) => boolean | void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const n = node as { kind?: string } & Record<string, unknown>;
    if (visit(n) === false) continue;
    for (const [key, value] of Object.entries(n)) {
      if (key !== 'type' && key !== 'origin' && typeof value === 'object') stack.push(value);
    }
  }
}

/** TS names of locals and parameters that are read (an assignment target is not a read). */
export function readNames(body: unknown): Set<string> {
  const reads = new Set<string>();
  walk(body, (n) => {
    if (n.kind === 'assign') {
      const target = n.target as Expr;
      if (target.kind !== 'ident') walk(target, countIdent);
      walk(n.value, countIdent);
      return false;
    }
    countIdent(n);
  });
  function countIdent(n: { kind?: string } & Record<string, unknown>): void {
    if (n.kind === 'ident' && (n.binding === 'local' || n.binding === 'param')) reads.add(n.name as string);
  }
  return reads;
}

/** Whether a break/continue inside `body` names `label`. */
export function labelUsed(body: Stmt[], label: string | undefined): boolean {
  if (!label) return false;
  let used = false;
  walk(body, (n) => {
    if ((n.kind === 'break' || n.kind === 'continue') && n.label === label) used = true;
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
