/**
 * Statement pairs that read better (and satisfy clippy) as one Rust statement:
 * - `const x = f(); if (x === undefined) return …;` → `let Some(x) = f() else { return …; };`
 *   (`let x = f()?;` when the guard returns None from an Option function);
 * - `let x; if (c) x = a; else x = b;` → `let x = if c { a } else { b };` (needless_late_init);
 * - `const v = []; v.push(a); v.push(b);` → `let mut v = vec![a, b];` (vec_init_then_push);
 * - `const x = e; return x;` at the end of a block → the tail `e` (let_and_return).
 */
import type { Expr, IfStmt, Stmt, SwitchStmt, VarStmt } from '../ir.js';
import { writesOf } from './analysis.js';
import { indentText } from './closures.js';
import type { EmitCtx } from './context.js';
import { needsAnnotation } from './bindings.js';
import { expr } from './expressions.js';
import { snakeCase } from './names.js';
import { blockValues, printStmt, printStmts, type Tail } from './statements.js';
import { printSwitchValue } from './switch.js';
import { isCopy, rustType } from './types.js';
import { countMentions, countMentionsInExpr, terminates } from './walk.js';

export interface PeepholeResult {
  lines: string[];
  next: number;
}

function withFuture<T>(ctx: EmitCtx, stmts: readonly Stmt[], from: number, current: Stmt, body: () => T): T {
  ctx.future.push(stmts.slice(from));
  ctx.current = current;
  try {
    return body();
  } finally {
    ctx.future.pop();
  }
}

function isGuard(s: Stmt | undefined, name: string): s is IfStmt {
  return (
    s?.kind === 'if' &&
    !s.else &&
    s.cond.kind === 'isNone' &&
    !s.cond.negated &&
    s.cond.value.kind === 'ident' &&
    s.cond.value.name === name &&
    terminates(s.then)
  );
}

function guardElse(ctx: EmitCtx, guard: IfStmt): string {
  const lines = ctx.scoped(() => printStmts(ctx, guard.then, 'none'));
  return `{\n${lines.map(indentText).join('\n')}\n}`;
}

/** `if (x === undefined) return undefined;` in a function returning an optional: clippy wants `?`. */
function returnsNone(ctx: EmitCtx, guard: IfStmt): boolean {
  const only = guard.then.length === 1 ? guard.then[0] : undefined;
  return !ctx.fn.throws && ctx.fn.result.kind === 'optional' && only?.kind === 'return' && only.value?.kind === 'none';
}

function letElse(ctx: EmitCtx, stmts: readonly Stmt[], i: number): PeepholeResult | undefined {
  const s = stmts[i]!;
  if (s.kind === 'var' && s.init && s.type.kind === 'optional' && isGuard(stmts[i + 1], s.name)) {
    const guard = stmts[i + 1] as IfStmt;
    const later = writesOf(stmts.slice(i + 2), ctx.facts);
    if (later.reassigned.has(s.name)) return undefined;
    const inner = s.type.inner;
    const rust = snakeCase(s.name);
    const mutable = later.mutated.has(s.name);
    return withFuture(ctx, stmts, i + 2, s, () => {
      const init = s.init!;
      const byRef = !isCopy(inner) && !mutable && init.kind === 'builtin' && init.name === 'map.get';
      const value = byRef ? expr(ctx, init, 'read').text.replace(/\.cloned\(\)$/, '') : expr(ctx, init, 'owned').text;
      const lines = returnsNone(ctx, guard)
        ? [`let ${mutable ? 'mut ' : ''}${rust} = ${value}?;`]
        : [`let Some(${mutable ? 'mut ' : ''}${rust}) = ${value} else ${guardElse(ctx, guard)};`];
      ctx.declare(s.name, { rust, kind: byRef ? 'ref' : 'owned', type: inner, narrowed: true });
      return { lines, next: i + 2 };
    });
  }
  if (s.kind === 'if' && s.cond.kind === 'isNone' && s.cond.value.kind === 'ident' && isGuard(s, s.cond.value.name)) {
    const name = s.cond.value.name;
    const b = ctx.lookup(name);
    const later = writesOf(stmts.slice(i + 1), ctx.facts);
    if (!b || b.kind !== 'owned' || b.narrowed || later.reassigned.has(name) || b.type.kind !== 'optional') return undefined;
    const inner = b.type.inner;
    const mutable = later.mutated.has(name);
    return withFuture(ctx, stmts, i + 1, s, () => {
      const lines = returnsNone(ctx, s)
        ? [`let ${mutable ? 'mut ' : ''}${b.rust} = ${b.rust}?;`]
        : [`let Some(${mutable ? 'mut ' : ''}${b.rust}) = ${b.rust} else ${guardElse(ctx, s)};`];
      ctx.declare(name, { rust: b.rust, kind: 'owned', type: inner, narrowed: true });
      return { lines, next: i + 1 };
    });
  }
  return undefined;
}

/** The value every branch assigns to `name` last, or undefined when a branch does not. */
function assignsLast(stmts: readonly Stmt[], name: string): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (last.kind === 'assign') return last.op === '=' && last.target.kind === 'ident' && last.target.name === name;
  if (last.kind === 'if') return ifAssigns(last, name);
  return false;
}

function ifAssigns(s: IfStmt, name: string): boolean {
  return s.else !== undefined && assignsLast(s.then, name) && assignsLast(s.else, name) && countMentionsInExpr(s.cond, name) === 0;
}

function stripBreak(stmts: readonly Stmt[]): readonly Stmt[] {
  const last = stmts[stmts.length - 1];
  return last?.kind === 'break' && !last.label ? stmts.slice(0, -1) : stmts;
}

function switchAssigns(ctx: EmitCtx, s: SwitchStmt, name: string): boolean {
  const bodies = [...s.cases.map((c) => c.body), ...(s.default ? [s.default] : [])];
  const exhaustive = s.default !== undefined || enumCovered(ctx, s);
  return exhaustive && bodies.every((b) => assignsLast(stripBreak(b), name));
}

export function enumCovered(ctx: EmitCtx, s: SwitchStmt): boolean {
  const values = s.cases.flatMap((c) => c.values);
  const optional = s.subject.type.kind === 'optional';
  const type = s.subject.type.kind === 'optional' ? s.subject.type.inner : s.subject.type;
  // An optional enum also needs its `case undefined`.
  if (type.kind !== 'enum' || (optional && !values.some((v) => v.kind === 'none'))) return false;
  const name = type.name;
  const decl = ctx.module.enums.find((e) => e.name === name);
  const present = values.map((v) => (v.kind === 'some' ? v.value : v));
  const covered = new Set(present.map((v) => (v.kind === 'enumLit' ? v.variant : v.kind === 'string' ? v.value : '')));
  return decl !== undefined && decl.variants.every((v) => covered.has(v));
}

/** Rewrites the branches so their final `name = v` becomes a `return v` (printed as the tail `v`). */
function assignToValue(stmts: readonly Stmt[], name: string): Stmt[] {
  const body = [...stripBreak(stmts)];
  const last = body[body.length - 1]!;
  if (last.kind === 'assign') {
    const value: Stmt = { kind: 'return', value: last.value, origin: last.origin };
    blockValues.add(value);
    body[body.length - 1] = value;
  }
  else if (last.kind === 'if') body[body.length - 1] = { ...last, then: assignToValue(last.then, name), else: assignToValue(last.else!, name) };
  return body;
}

function lateInit(ctx: EmitCtx, stmts: readonly Stmt[], i: number): PeepholeResult | undefined {
  const s = stmts[i]!;
  const next = stmts[i + 1];
  if (s.kind !== 'var' || s.init || !next) return undefined;
  const assign = next.kind === 'assign' && next.op === '=' && next.target.kind === 'ident' && next.target.name === s.name && countMentionsInExpr(next.value, s.name) === 0;
  const viaIf = next.kind === 'if' && ifAssigns(next, s.name);
  const viaSwitch = next.kind === 'switch' && switchAssigns(ctx, next, s.name) && countMentionsInExpr(next.subject, s.name) === 0;
  if (!assign && !viaIf && !viaSwitch) return undefined;
  const rest = stmts.slice(i + 2);
  const w = writesOf(rest, ctx.facts);
  const mut = w.reassigned.has(s.name) || w.mutated.has(s.name) ? 'mut ' : '';
  const used = countMentions(rest, s.name) > 0;
  const rust = used ? snakeCase(s.name) : `_${snakeCase(s.name).replace(/^r#/, '')}`;
  const type = rustType(s.type, ctx.needs);
  return withFuture(ctx, stmts, i + 2, next, () => {
    let value: string;
    if (next.kind === 'assign') value = expr(ctx, next.value, 'owned').text;
    else if (next.kind === 'if') {
      const ifValue: IfStmt = { ...next, then: assignToValue(next.then, s.name), else: assignToValue(next.else!, s.name) };
      value = printStmts(ctx, [ifValue], 'value').join('\n');
    } else value = printSwitchValue(ctx, next as SwitchStmt, (b) => assignToValue(b, s.name));
    ctx.declare(s.name, { rust, kind: 'owned', type: s.type });
    const annotation = next.kind === 'assign' && !needsAnnotation(next.value) ? '' : `: ${type}`;
    return { lines: [`let ${mut}${rust}${annotation} = ${value};`], next: i + 2 };
  });
}

function pushedInto(s: Stmt | undefined, name: string): Expr | undefined {
  if (s?.kind !== 'expr' || s.expr.kind !== 'builtin' || s.expr.name !== 'array.push') return undefined;
  const r = s.expr.receiver;
  if (r?.kind !== 'ident' || r.name !== name || s.expr.args.length !== 1) return undefined;
  const arg = s.expr.args[0]!;
  return countMentionsInExpr(arg, name) === 0 ? arg : undefined;
}

function vecPushes(ctx: EmitCtx, stmts: readonly Stmt[], i: number): PeepholeResult | undefined {
  const s = stmts[i]!;
  if (s.kind !== 'var' || s.init?.kind !== 'array') return undefined;
  const pushed: Expr[] = [];
  for (let j = i + 1; pushedInto(stmts[j], s.name); j++) pushed.push(pushedInto(stmts[j], s.name)!);
  if (pushed.length === 0) return undefined;
  const merged: VarStmt = { ...s, init: { ...s.init, elements: [...s.init.elements, ...pushed] } };
  const next = i + 1 + pushed.length;
  return printOne(ctx, stmts, merged, next);
}

function printOne(ctx: EmitCtx, stmts: readonly Stmt[], s: Stmt, next: number): PeepholeResult {
  return withFuture(ctx, stmts, next, s, () => ({ lines: printStmt(ctx, s, 'none'), next }));
}

function letReturn(ctx: EmitCtx, stmts: readonly Stmt[], i: number, tail: Tail): PeepholeResult | undefined {
  const s = stmts[i]!;
  const ret = stmts[i + 1];
  if (tail !== 'value' || i + 2 !== stmts.length || ctx.fn.throws || s.kind !== 'var' || !s.init) return undefined;
  if (ret?.kind !== 'return' || ret.value?.kind !== 'ident' || ret.value.name !== s.name) return undefined;
  return withFuture(ctx, stmts, i + 2, ret, () => ({ lines: [expr(ctx, s.init!, 'owned').text], next: i + 2 }));
}

export function peephole(ctx: EmitCtx, stmts: readonly Stmt[], i: number, tail: Tail): PeepholeResult | undefined {
  return letReturn(ctx, stmts, i, tail) ?? letElse(ctx, stmts, i) ?? lateInit(ctx, stmts, i) ?? vecPushes(ctx, stmts, i);
}
