/**
 * `switch` → `match` on enums, string literals and integer literals, or an `Option` of one
 * with `case undefined` as `None` (an if-chain otherwise, and for a single case, which clippy
 * prefers as `if`; an optional's chain binds the value with `if let`). A trailing `break` of a
 * case is dropped; a `break` elsewhere in a case leaves a labelled block around the match.
 */
import type { Expr, IrType, Stmt, SwitchStmt } from '../ir.js';
import { indentText } from './closures.js';
import { EmitCtx, P, paren, type LoopFrame } from './context.js';
import { enumVariant, expr, isPlaceLike } from './expressions.js';
import { stringLiteral } from './literals.js';
import { bindNarrowed, placeKey, unwrapsIn, writesPlace } from './narrowing.js';
import { enumCovered } from './peephole.js';
import { block, printIf, printStmts, type Tail } from './statements.js';
import { terminates } from './walk.js';

type MatchKind = 'enum' | 'string' | 'int';

/** How a switch becomes a `match`: on what kind of value, and whether it is an `Option` of it. */
interface MatchShape {
  kind: MatchKind;
  /** The subject is optional: `case undefined` is `None`, every other value `Some(…)`. */
  optional: boolean;
  /** The type the case values are patterns of (the subject's, or its `Option`'s inner type). */
  inner: IrType;
}

function valueKind(t: IrType, values: readonly Expr[]): MatchKind | undefined {
  if (t.kind === 'enum' && values.every((v) => v.kind === 'enumLit' || v.kind === 'string')) return 'enum';
  if (t.kind === 'string' && values.every((v) => v.kind === 'string')) return 'string';
  if (t.kind === 'i64' && values.every((v) => v.kind === 'number' && Number.isInteger(v.value))) return 'int';
  return undefined;
}

function matchShape(s: SwitchStmt): MatchShape | undefined {
  const values = s.cases.flatMap((c) => c.values);
  const t = s.subject.type;
  if (t.kind !== 'optional') {
    const kind = valueKind(t, values);
    return kind && { kind, optional: false, inner: t };
  }
  const inner = values.filter((v) => v.kind !== 'none').map((v) => (v.kind === 'some' ? v.value : v));
  const kind = valueKind(t.inner, inner);
  return kind && { kind, optional: true, inner: t.inner };
}

function valuePattern(ctx: EmitCtx, inner: IrType, v: Expr): string {
  if (v.kind === 'enumLit') return enumVariant(ctx, v.enumName, v.variant);
  if (v.kind === 'string' && inner.kind === 'enum') return enumVariant(ctx, inner.name, v.value);
  if (v.kind === 'string') return stringLiteral(v.value);
  return expr(ctx, v, 'owned').text;
}

/** The pattern of one case's values: `A | B`, or for an optional subject `None | Some(A | B)`. */
function casePattern(ctx: EmitCtx, shape: MatchShape, values: readonly Expr[]): string {
  if (!shape.optional) return values.map((v) => valuePattern(ctx, shape.inner, v)).join(' | ');
  const present = values.filter((v) => v.kind !== 'none').map((v) => valuePattern(ctx, shape.inner, v.kind === 'some' ? v.value : v));
  const parts = values.some((v) => v.kind === 'none') ? ['None'] : [];
  if (present.length > 0) parts.push(`Some(${present.join(' | ')})`);
  return parts.join(' | ');
}

function stripBreak(stmts: readonly Stmt[]): readonly Stmt[] {
  const last = stmts[stmts.length - 1];
  return last?.kind === 'break' && !last.label ? stmts.slice(0, -1) : stmts;
}

function subjectText(ctx: EmitCtx, s: SwitchStmt, shape: MatchShape): string {
  // `Option<String>` matches string patterns through `as_deref()`; enums and integers are Copy.
  if (shape.optional) return shape.kind === 'string' ? `${paren(expr(ctx, s.subject, 'read'), P.postfix)}.as_deref()` : expr(ctx, s.subject, 'owned').text;
  if (shape.kind !== 'string') return expr(ctx, s.subject, 'owned').text;
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

function printMatch(ctx: EmitCtx, s: SwitchStmt, shape: MatchShape, tail: Tail): string {
  const arms = s.cases.map((c) => `${casePattern(ctx, shape, c.values)} => ${armBody(ctx, c.body, tail)}`);
  if (s.default) arms.push(`_ => ${armBody(ctx, s.default, tail)}`);
  else if (!(shape.kind === 'enum' && enumCovered(ctx, s))) arms.push('_ => {}');
  return `match ${subjectText(ctx, s, shape)} {\n${arms.map(indentText).join('\n')}\n}`;
}

function printChain(ctx: EmitCtx, s: SwitchStmt, tail: Tail): string {
  const narrowed = s.subject.kind === 'unwrap' && s.subject.value.kind === 'ident' && ctx.lookup(s.subject.value.name)?.narrowed === true;
  const subject = isPlaceLike(s.subject) || narrowed ? s.subject : undefined;
  const subjectOut = subject ? undefined : expr(ctx, s.subject, 'owned');
  const test = (v: Expr): string => {
    const left = subject ? expr(ctx, subject, 'read') : { text: 'value', prec: P.atom };
    // clippy::partialeq_to_none: `x == None` is `x.is_none()`.
    if (v.kind === 'none') return `${paren(left, P.postfix)}.is_none()`;
    if (v.kind === 'some' && v.value.kind === 'string' && s.subject.type.kind === 'optional' && s.subject.type.inner.kind === 'string') {
      return `${paren(left, P.postfix)}.as_deref() == Some(${stringLiteral(v.value.value)})`;
    }
    const right = expr(ctx, v, 'read');
    return `${paren(left, P.cmp + 1)} == ${paren(right, P.cmp + 1)}`;
  };
  const parts = s.cases.map((c) => `if ${c.values.map(test).join(' || ')} ${block(ctx, stripBreak(c.body), tail)}`);
  let text = parts.join(' else ');
  if (s.default && stripBreak(s.default).length > 0) text += ` else ${block(ctx, stripBreak(s.default), tail)}`;
  if (subjectOut) text = `{\n${indentText(`let value = ${subjectOut.text};\n${text}`)}\n}`;
  return text;
}

/**
 * A chain on an optional local with a case of its own for `undefined`:
 * `if let Some(x) = x { …the other cases on x… } else { …undefined… }`, so no branch unwraps
 * what an `is_none()` test checked (clippy::unnecessary_unwrap). Undefined for other shapes.
 */
function printOptionalChain(ctx: EmitCtx, s: SwitchStmt, tail: Tail): string | undefined {
  const subject = s.subject;
  const key = placeKey(subject);
  if (subject.type.kind !== 'optional' || subject.kind !== 'ident' || key === undefined) return undefined;
  const absent = s.cases.filter((c) => c.values.some((v) => v.kind === 'none'));
  if (absent.length !== 1 || !absent[0]!.values.every((v) => v.kind === 'none')) return undefined;
  const rest = s.cases.filter((c) => c !== absent[0]);
  if (!rest.every((c) => c.values.every((v) => v.kind === 'some'))) return undefined;
  const present = [...rest.flatMap((c) => c.body), ...(s.default ?? [])];
  if (writesPlace(present, subject, ctx) || (rest.length === 0 && !unwrapsIn({ stmts: present }, key))) return undefined;
  const inner: SwitchStmt = {
    ...s,
    subject: { kind: 'unwrap', value: subject, type: subject.type.inner, origin: subject.origin },
    cases: rest.map((c) => ({ ...c, values: c.values.map((v) => (v.kind === 'some' ? v.value : v)) })),
  };
  const scrutinee = paren(expr(ctx, subject, 'read'), P.unary);
  const head = ctx.scoped(() => {
    const m = bindNarrowed(ctx, { place: subject, key, presentInThen: true }, scrutinee, false);
    const body = rest.length === 0 ? block(ctx, stripBreak(s.default ?? []), tail) : `{\n${indentText(printSwitch(ctx, inner, tail).join('\n'))}\n}`;
    return `if let ${m.pattern} = ${m.scrutinee} ${body}`;
  });
  const none = stripBreak(absent[0]!.body);
  // A lone `if` continues the chain (`else if`), as clippy::collapsible_else_if wants.
  if (none.length === 1 && none[0]!.kind === 'if') return `${head} else ${printIf(ctx, none[0]!, tail).join('\n')}`;
  return none.length > 0 || tail === 'value' ? `${head} else ${block(ctx, none, tail)}` : head;
}

function singleCase(ctx: EmitCtx, s: SwitchStmt, shape: MatchShape | undefined): boolean {
  if (shape?.kind === 'enum' && enumCovered(ctx, s)) return false;
  return s.cases.length === 1 && (!s.default || stripBreak(s.default).length === 0);
}

export function printSwitch(ctx: EmitCtx, s: SwitchStmt, tail: Tail): string[] {
  const frame: LoopFrame = { isSwitch: true };
  const t: Tail = tail === 'void' ? 'void' : tail === 'value' && allTerminate(ctx, s) ? 'value' : 'none';
  ctx.loops.push(frame);
  let text: string;
  try {
    const shape = matchShape(s);
    text = shape && !singleCase(ctx, s, shape) ? printMatch(ctx, s, shape, t) : printOptionalChain(ctx, s, t) ?? printChain(ctx, s, t);
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
