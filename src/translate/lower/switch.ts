import { Node } from 'ts-morph';
import * as diag from '../diagnostics.js';
import type { Expr, Stmt, SwitchCase } from '../ir.js';
import type { LowerContext } from './context.js';

/**
 * `switch` → SwitchStmt: labels of empty cases merge into the next case, a trailing `break`
 * ends a case, and a case that would fall into the next one is refused.
 */
export function lowerSwitch(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isSwitchStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  const subject = ctx.lowerExpression(node.getExpression());
  const clauses = node.getCaseBlock().getClauses();
  const cases: SwitchCase[] = [];
  let defaultBody: Stmt[] | undefined;
  let pending: Expr[] = [];
  let pendingDefault = false;
  clauses.forEach((clause, index) => {
    const isLast = index === clauses.length - 1;
    if (Node.isDefaultClause(clause)) pendingDefault = true;
    else pending.push(ctx.lowerTo(clause.getExpression(), subject.type));
    let statements = clause.getStatements();
    const only = statements[0];
    if (statements.length === 1 && only && Node.isBlock(only)) statements = only.getStatements();
    if (statements.length === 0 && !isLast) return;
    let body = ctx.lowerStatements(statements);
    const last = body.at(-1);
    if (last?.kind === 'break' && !last.label) body = body.slice(0, -1);
    else if (!isLast && !exits(last)) ctx.reportAt(diag.switchFallthrough, clause, ctx.construct(clause).split(':')[0]);
    if (breaksOutOfSwitch(body)) ctx.reportAt(diag.breakOutOfSwitch, clause, ctx.construct(clause).split(':')[0]);
    if (pendingDefault) defaultBody = body;
    else cases.push({ values: pending, body });
    pending = [];
    pendingDefault = false;
  });
  return [{ kind: 'switch', subject, cases, default: defaultBody, origin: ctx.origin(node) }];
}

function exits(stmt: Stmt | undefined): boolean {
  if (!stmt) return false;
  switch (stmt.kind) {
    case 'return':
    case 'throw':
    case 'continue':
      return true;
    case 'break':
      return stmt.label !== undefined;
    case 'block':
      return exits(stmt.body.at(-1));
    case 'if':
      return stmt.else !== undefined && exits(stmt.then.at(-1)) && exits(stmt.else.at(-1));
    default:
      return false;
  }
}

/** An unlabelled break nested in if/blocks of a case would target the switch. */
function breaksOutOfSwitch(body: Stmt[]): boolean {
  return body.some((stmt) => {
    switch (stmt.kind) {
      case 'break':
        return stmt.label === undefined;
      case 'block':
        return breaksOutOfSwitch(stmt.body);
      case 'if':
        return breaksOutOfSwitch(stmt.then) || breaksOutOfSwitch(stmt.else ?? []);
      default:
        return false;
    }
  });
}
