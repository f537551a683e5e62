/**
 * IR statements → Rust statements. A block is printed in a tail mode: `value` when its last
 * statement yields the function's value (a final `return x` becomes the tail `x`, an if/else
 * whose branches all return becomes an `if` expression — clippy's needless_return), `void`
 * when trailing `return;` is dropped, `none` otherwise.
 */
import type { Expr, IfStmt, Stmt } from '../ir.js';
import { writesOf } from './analysis.js';
import { indentText } from './closures.js';
import { EmitCtx, P, paren } from './context.js';
import { expr, mapKeyArg, usizeIndex } from './expressions.js';
import { printBreak, printContinue, printDoWhile, printFor, printForOf, printForRange, printWhile } from './loops.js';
import { stringLiteral } from './literals.js';
import { bindNarrowed, narrowingOf, placeKey } from './narrowing.js';
import { printAssign, printExprStmt, printVar } from './bindings.js';
import { printSwitch } from './switch.js';
import { peephole } from './peephole.js';
import { isCopy } from './types.js';
import { terminates, visitExpr } from './walk.js';

export type Tail = 'none' | 'value' | 'void';

/** Synthesised `return`s that stand for the value of an `if`/`match` expression, not the function's. */
export const blockValues = new WeakSet<Stmt>();

/** `{`, the statements indented, `}` — in a new scope. */
export function block(ctx: EmitCtx, stmts: readonly Stmt[], tail: Tail): string {
  const lines = ctx.scoped(() => printStmts(ctx, stmts, tail));
  if (lines.length === 0) return '{}';
  return `{\n${lines.map(indentText).join('\n')}\n}`;
}

/** A function or closure body: a void function that can throw ends in `Ok(())`. */
export function printBody(ctx: EmitCtx, stmts: readonly Stmt[], tail: Tail): string[] {
  const lines = printStmts(ctx, stmts, tail);
  if (ctx.fn.throws && ctx.fn.result.kind === 'void' && !terminates(stmts)) lines.push('Ok(())');
  return lines;
}

/** The statements of a block, in the current scope; `after` runs after them (a loop's test and update). */
export function printStmts(ctx: EmitCtx, stmts: readonly Stmt[], tail: Tail, after: readonly Stmt[] = []): string[] {
  const lines: string[] = [];
  for (let i = 0; i < stmts.length; ) {
    const special = peephole(ctx, stmts, i, tail);
    if (special) {
      lines.push(...special.lines);
      i = special.next;
      continue;
    }
    const s = stmts[i]!;
    const isLast = i === stmts.length - 1;
    ctx.future.push([...stmts.slice(i + 1), ...after]);
    ctx.current = s;
    try {
      lines.push(...printStmt(ctx, s, isLast ? tail : 'none'));
      lines.push(...writeBacks(ctx, s, stmts[i + 1]));
    } finally {
      ctx.future.pop();
    }
    i++;
  }
  return lines;
}

/** The value a `return` hands back: `Ok(v)` in a throwing function, a throwing call as is. */
export function returnValue(ctx: EmitCtx, value: Expr | undefined): string {
  if (!value) return ctx.fn.throws ? 'Ok(())' : '';
  if (ctx.fn.returnsSelf && value.kind === 'this') return ctx.fn.throws ? 'Ok(self)' : 'self';
  if (ctx.fn.throws) {
    if ((value.kind === 'call' || value.kind === 'methodCall' || value.kind === 'new') && value.throws) {
      return expr(ctx, { ...value, throws: false }, 'owned').text;
    }
    return `Ok(${expr(ctx, value, 'owned').text})`;
  }
  return expr(ctx, value, 'owned').text;
}

function printReturn(ctx: EmitCtx, s: Stmt & { kind: 'return' }, tail: Tail): string[] {
  if (tail === 'void' && !s.value) return [];
  if (blockValues.has(s) && s.value) return [expr(ctx, s.value, 'owned').text];
  const v = returnValue(ctx, s.value);
  if (tail === 'value') return [v === '' ? '()' : v];
  return [v === '' ? 'return;' : `return ${v};`];
}

function printThrow(ctx: EmitCtx, s: Stmt & { kind: 'throw' }, tail: Tail): string[] {
  const msg = expr(ctx, s.message, 'owned').text;
  if (!ctx.fn.throws) return [`panic!("{}", ${msg});`];
  return [tail === 'value' ? `Err(${msg})` : `return Err(${msg});`];
}

/** `if a { if b { … } }` with no else on either is `if a && b { … }` (clippy's collapsible_if). */
function collapse(s: IfStmt): IfStmt {
  const inner = s.then.length === 1 ? s.then[0] : undefined;
  if (s.else || inner?.kind !== 'if' || inner.else || inner.cond.kind === 'isNone' || s.cond.kind === 'isNone') return s;
  const cond: Expr = { kind: 'logical', op: '&&', left: s.cond, right: inner.cond, type: { kind: 'bool' }, origin: s.origin };
  return collapse({ ...s, cond, then: inner.then });
}

function branchTail(s: IfStmt, tail: Tail): Tail {
  if (tail === 'void') return 'void';
  if (tail === 'value' && s.else && terminates(s.then) && terminates(s.else)) return 'value';
  return 'none';
}

export function printIf(ctx: EmitCtx, original: IfStmt, tail: Tail): string[] {
  const s = collapse(original);
  const t = branchTail(s, tail);
  let head: string;
  let thenText: string;
  const n = narrowingOf(ctx, s.cond, { then: { stmts: s.then }, else: s.else ? { stmts: s.else } : undefined });
  let elseStmts = s.else;
  if (n) {
    const scrutinee = paren(expr(ctx, n.place, 'read'), P.unary);
    const absent = n.presentInThen ? s.else : s.then;
    ({ head, thenText } = ctx.scoped(() => {
      const m = bindNarrowed(ctx, n, scrutinee, false);
      return { head: `if let ${m.pattern} = ${m.scrutinee}`, thenText: block(ctx, n.presentInThen ? s.then : s.else!, t) };
    }));
    elseStmts = absent;
  } else {
    head = `if ${expr(ctx, s.cond, 'owned').text}`;
    thenText = block(ctx, s.then, t);
  }
  let text = `${head} ${thenText}`;
  if (elseStmts && elseStmts.length > 0) {
    const only = elseStmts.length === 1 ? elseStmts[0] : undefined;
    if (only?.kind === 'if') text += ` else ${printIf(ctx, only, t === 'value' ? 'value' : t).join('\n')}`;
    else text += ` else ${block(ctx, elseStmts, t)}`;
  }
  return [text];
}

function printSwap(ctx: EmitCtx, s: Stmt & { kind: 'swap' }): string[] {
  const { left, right } = s;
  if (left.kind === 'index' && right.kind === 'index') {
    const a = placeKey(left.object);
    if (a !== undefined && a === placeKey(right.object)) {
      const v = paren(expr(ctx, left.object, 'read'), P.postfix);
      return [`${v}.swap(${usizeIndex(ctx, left.index)}, ${usizeIndex(ctx, right.index)});`];
    }
  }
  const mutRef = (e: Expr): string => (isCopy(e.type) ? `&mut ${paren(expr(ctx, e, 'read'), P.unary)}` : expr(ctx, e, 'mut').text);
  return [`std::mem::swap(${mutRef(left)}, ${mutRef(right)});`];
}

export function printStmt(ctx: EmitCtx, s: Stmt, tail: Tail): string[] {
  switch (s.kind) {
    case 'var':
      return printVar(ctx, s);
    case 'assign':
      return printAssign(ctx, s);
    case 'expr':
      return printExprStmt(ctx, s.expr);
    case 'if':
      return printIf(ctx, s, tail);
    case 'while':
      return printWhile(ctx, s);
    case 'doWhile':
      return printDoWhile(ctx, s);
    case 'for':
      return printFor(ctx, s);
    case 'forRange':
      return printForRange(ctx, s);
    case 'forOf':
      return printForOf(ctx, s);
    case 'switch':
      return printSwitch(ctx, s, tail);
    case 'break':
      return printBreak(ctx, s);
    case 'continue':
      return printContinue(ctx, s);
    case 'return':
      return printReturn(ctx, s, tail);
    case 'throw':
      return printThrow(ctx, s, tail);
    case 'swap':
      return printSwap(ctx, s);
    case 'block':
      return [block(ctx, s.body, tail)];
    case 'placeholderStmt':
      return [`todo!(${stringLiteral(`${s.diagnostic}: ${s.text}`)});`];
  }
}

/** Whether the statements after the current one (in its block) write `name`. */
export function writtenLater(ctx: EmitCtx, name: string): { mutated: boolean; reassigned: boolean } {
  const rest = ctx.future[ctx.future.length - 1] ?? [];
  const w = writesOf(rest, ctx.facts);
  return { mutated: w.mutated.has(name), reassigned: w.reassigned.has(name) };
}

const WRITE_BACK_STMTS = new Set<Stmt['kind']>(['assign', 'expr', 'swap', 'var']);

/**
 * After a statement changes a local that copies `self.<field>[key]` (VarStmt.writeBack), store
 * the copy back so the instance sees the change, as JavaScript's shared reference would.
 */
function writeBacks(ctx: EmitCtx, s: Stmt, next: Stmt | undefined): string[] {
  if (!WRITE_BACK_STMTS.has(s.kind)) return [];
  const lines: string[] = [];
  for (const name of writesOf([s], ctx.facts).mutated) {
    const binding = ctx.lookup(name);
    const back = binding?.writeBack;
    if (!binding || !back || changedNextWithoutSelf(next, name)) continue;
    const cls = [...ctx.classes.values()].find((c) => c.fields.some((f) => f.name === back.field));
    const fieldType = cls?.fields.find((f) => f.name === back.field)?.type;
    if (!cls || fieldType?.kind !== 'map') continue;
    const self: Expr = { kind: 'this', type: { kind: 'class', name: cls.name }, origin: back.key.origin };
    const field: Expr = { kind: 'field', object: self, field: back.field, type: fieldType, origin: back.key.origin };
    const recv = paren(expr(ctx, field, 'read'), P.postfix);
    lines.push(`if let Some(slot) = ${recv}.get_mut(${mapKeyArg(ctx, back.key, fieldType)}) {`, `    *slot = ${binding.rust}.clone();`, '}');
  }
  return lines;
}

/** The next statement only changes the same copy from values that do not read `self`: write back after it. */
function changedNextWithoutSelf(next: Stmt | undefined, name: string): boolean {
  if (next?.kind !== 'assign') return false;
  let root: Expr = next.target;
  while (root.kind === 'field' || root.kind === 'index') root = root.object;
  if (root.kind !== 'ident' || root.name !== name || next.target.kind === 'ident') return false;
  let readsSelf = false;
  for (const e of [next.value, next.target]) {
    visitExpr(e, {
      expr: (inner) => {
        if (inner.kind === 'this' || inner.kind === 'methodCall' || inner.kind === 'call' || inner.kind === 'closure') readsSelf = true;
      },
    });
  }
  return !readsSelf;
}
