/**
 * `switch` → `match` on enums, string literals and integer literals (an if-chain otherwise,
 * and for a single case, which clippy prefers as `if`). A trailing `break` of a case is
 * dropped; a `break` elsewhere in a case leaves a labelled block around the match.
 */
import type { Expr, Stmt, SwitchStmt } from '../ir.js';
import { indentText } from './closures.js';
import { EmitCtx, P, paren, type LoopFrame } from './context.js';
import { enumVariant, expr, isPlaceLike } from './expressions.js';
import { stringLiteral } from './literals.js';
import { enumCovered } from './peephole.js';
import { block, printStmts, type Tail } from './statements.js';
import { terminates } from './walk.js';

type MatchKind = 'enum' | 'string' | 'int';

function matchKind(s: SwitchStmt): MatchKind | undefined {
  const values = s.cases.flatMap((c) => c.values);
  if (s.subject.type.kind === 'enum' && values.every((v) => v.kind === 'enumLit' || v.kind === 'string')) return 'enum';
  if (s.subject.type.kind === 'string' && values.every((v) => v.kind === 'string')) return 'string';
  if (s.subject.type.kind === 'i64' && values.every((v) => v.kind === 'number' && Number.isInteger(v.value))) return 'int';
  return undefined;
}

function pattern(ctx: EmitCtx, s: SwitchStmt, v: Expr): string {
  if (v.kind === 'enumLit') return enumVariant(ctx, v.enumName, v.variant);
  if (v.kind === 'string' && s.subject.type.kind === 'enum') return enumVariant(ctx, s.subject.type.name, v.value);
  if (v.kind === 'string') return stringLiteral(v.value);
  return expr(ctx, v, 'owned').text;
}

function stripBreak(stmts: readonly Stmt[]): readonly Stmt[] {
  const last = stmts[stmts.length - 1];
  return last?.kind === 'break' && !last.label ? stmts.slice(0, -1) : stmts;
}

function subjectText(ctx: EmitCtx, s: SwitchStmt, kind: MatchKind): string {
  if (kind !== 'string') return expr(ctx, s.subject, 'owned').text;
  const b = s.subject.kind === 'ident' ? ctx.lookup(s.subject.name) : undefined;
  if (b?.kind === 'view' || (s.subject.kind === 'ident' && s.subject.binding === 'const')) return expr(ctx, s.subject, 'read').text;
  return `${paren(expr(ctx, s.subject, 'read'), P.postfix)}.as_str()`;
}

/** One arm body: a block, or `value,` when the arm only yields a value. */
function armBody(ctx: EmitCtx, stmts: readonly Stmt[], tail: Tail): string {
  const body = stripBreak(stmts);
  if (tail === 'value' && body.length === 1 && body[0]!.kind !== 'if' && body[0]!.kind !== 'switch') {
    const line = ctx.scoped(() => printStmts(ctx, body, 'value'));
    if (line.length === 1 && !line[0]!.includes('\n') && !line[0]!.endsWith(';')) return `${line[0]},`;
  }
  return block(ctx, body, tail);
}

function allTerminate(ctx: EmitCtx, s: SwitchStmt): boolean {
  const bodies = [...s.cases.map((c) => c.body), ...(s.default ? [s.default] : [])];
  return (s.default !== undefined || enumCovered(ctx, s)) && bodies.every(terminates);
}

function printMatch(ctx: EmitCtx, s: SwitchStmt, kind: MatchKind, tail: Tail): string {
  const arms = s.cases.map((c) => `${c.values.map((v) => pattern(ctx, s, v)).join(' | ')} => ${armBody(ctx, c.body, tail)}`);
  if (s.default) arms.push(`_ => ${armBody(ctx, s.default, tail)}`);
  else if (!(kind === 'enum' && enumCovered(ctx, s))) arms.push('_ => {}');
  return `match ${subjectText(ctx, s, kind)} {\n${arms.map(indentText).join('\n')}\n}`;
}

function printChain(ctx: EmitCtx, s: SwitchStmt, tail: Tail): string {
  const subject = isPlaceLike(s.subject) ? s.subject : undefined;
  const subjectOut = subject ? undefined : expr(ctx, s.subject, 'owned');
  const test = (v: Expr): string => {
    const left = subject ? expr(ctx, subject, 'read') : { text: 'value', prec: P.atom };
    const right = expr(ctx, v, 'read');
    return `${paren(left, P.cmp + 1)} == ${paren(right, P.cmp + 1)}`;
  };
  const parts = s.cases.map((c) => `if ${c.values.map(test).join(' || ')} ${block(ctx, stripBreak(c.body), tail)}`);
  let text = parts.join(' else ');
  if (s.default && stripBreak(s.default).length > 0) text += ` else ${block(ctx, stripBreak(s.default), tail)}`;
  if (subjectOut) text = `{\n${indentText(`let value = ${subjectOut.text};\n${text}`)}\n}`;
  return text;
}

function singleCase(ctx: EmitCtx, s: SwitchStmt, kind: MatchKind | undefined): boolean {
  if (kind === 'enum' && enumCovered(ctx, s)) return false;
  return s.cases.length === 1 && (!s.default || stripBreak(s.default).length === 0);
}

export function printSwitch(ctx: EmitCtx, s: SwitchStmt, tail: Tail): string[] {
  const frame: LoopFrame = { isSwitch: true };
  const t: Tail = tail === 'void' ? 'void' : tail === 'value' && allTerminate(ctx, s) ? 'value' : 'none';
  ctx.loops.push(frame);
  let text: string;
  try {
    const kind = matchKind(s);
    text = kind && !singleCase(ctx, s, kind) ? printMatch(ctx, s, kind, t) : printChain(ctx, s, t);
  } finally {
    ctx.loops.pop();
  }
  if (frame.rustLabel) text = `${frame.rustLabel}: {\n${indentText(text)}\n}`;
  return [text];
}

/** The switch as a value (`let x = match … { … };`), each case body rewritten by `toValue`. */
export function printSwitchValue(ctx: EmitCtx, s: SwitchStmt, toValue: (body: readonly Stmt[]) => Stmt[]): string {
  const rewritten: SwitchStmt = {
    ...s,
    cases: s.cases.map((c) => ({ ...c, body: toValue(c.body) })),
    default: s.default ? toValue(s.default) : undefined,
  };
  return printSwitch(ctx, rewritten, 'value').join('\n');
}
