/**
 * Loops. A counted range is a native `for i in a..b`; a C-style `for` and a `do … while`
 * become `while` / `loop`, and a `continue` of theirs first runs the update (or the test) it
 * would skip. `for … of` borrows the collection (`iter()`, `iter_mut()` when the body writes
 * the element) and destructures map entries and tuples in the pattern.
 */
import type { BreakStmt, ContinueStmt, DoWhileStmt, Expr, ForOfStmt, ForRangeStmt, ForStmt, IrType, Stmt, WhileStmt } from '../ir.js';
import { usedNames, writesOf } from './analysis.js';
import { indentText } from './closures.js';
import { EmitCtx, P, paren, type BindingKind, type LoopFrame } from './context.js';
import { expr, isPlaceLike, numeric } from './expressions.js';
import { numberLiteral } from './literals.js';
import { negate } from './operators.js';
import { snakeCase } from './names.js';
import { printStmts } from './statements.js';
import { printLaneLoop } from './lanes.js';
import { isCopy } from './types.js';
import { terminates, visitStmts } from './walk.js';

function labelUsed(body: readonly Stmt[], label: string | undefined): boolean {
  if (!label) return false;
  let used = false;
  visitStmts(body, {
    stmt: (s) => {
      if ((s.kind === 'break' || s.kind === 'continue') && s.label === label) used = true;
    },
  });
  return used;
}

function rustLabel(label: string | undefined): string | undefined {
  return label ? `'${snakeCase(label).replace(/^r#/, '')}` : undefined;
}

/** Prints a loop body in its own frame; `declare` binds the loop variables (and returns prelude lines). */
function loopBody(ctx: EmitCtx, frame: LoopFrame, body: readonly Stmt[], declare: () => string[] | void, after: string[] = []): string {
  ctx.loops.push(frame);
  ctx.loopDepth++;
  try {
    const lines = ctx.scoped(() => {
      const prelude = declare() ?? [];
      return [...prelude, ...printStmts(ctx, body, 'none')];
    });
    const all = [...lines, ...(terminates(body) ? [] : after)];
    return all.length === 0 ? '{}' : `{\n${all.map(indentText).join('\n')}\n}`;
  } finally {
    ctx.loopDepth--;
    ctx.loops.pop();
  }
}

function head(label: string | undefined, body: readonly Stmt[]): string {
  return labelUsed(body, label) ? `${rustLabel(label)}: ` : '';
}

function isTrue(e: Expr | undefined): boolean {
  return e === undefined || (e.kind === 'bool' && e.value);
}

export function printWhile(ctx: EmitCtx, s: WhileStmt): string[] {
  const frame: LoopFrame = { label: s.label, rustLabel: rustLabel(s.label) };
  const keyword = isTrue(s.cond) ? 'loop' : `while ${expr(ctx, s.cond, 'owned').text}`;
  return [`${head(s.label, s.body)}${keyword} ${loopBody(ctx, frame, s.body, () => undefined)}`];
}

function negated(ctx: EmitCtx, cond: Expr): string {
  return negate(ctx, cond).text;
}

export function printDoWhile(ctx: EmitCtx, s: DoWhileStmt): string[] {
  const label = rustLabel(s.label);
  const frame: LoopFrame = { label: s.label, rustLabel: label };
  if (isTrue(s.cond)) return [`${head(s.label, s.body)}loop ${loopBody(ctx, frame, s.body, () => undefined)}`];
  ctx.loopDepth++;
  const test = `if ${negated(ctx, s.cond)} {\n    break${labelUsed(s.body, s.label) ? ` ${label}` : ''};\n}`;
  ctx.loopDepth--;
  frame.beforeContinue = [test];
  return [`${head(s.label, s.body)}loop ${loopBody(ctx, frame, s.body, () => undefined, [test])}`];
}

export function printFor(ctx: EmitCtx, s: ForStmt): string[] {
  const loopStmts: Stmt[] = [...(s.cond ? [{ kind: 'expr' as const, expr: s.cond, origin: s.origin }] : []), ...s.body, ...s.update];
  const init = printStmts(ctx, s.init, 'none', loopStmts);
  const frame: LoopFrame = { label: s.label, rustLabel: rustLabel(s.label) };
  ctx.loopDepth++;
  const update = ctx.scoped(() => printStmts(ctx, s.update, 'none'));
  const keyword = isTrue(s.cond) ? 'loop' : `while ${expr(ctx, s.cond!, 'owned').text}`;
  ctx.loopDepth--;
  frame.beforeContinue = update;
  return [...init, `${head(s.label, s.body)}${keyword} ${loopBody(ctx, frame, s.body, () => undefined, update)}`];
}

function rangeBound(o: { text: string; prec: number }): string {
  return paren(o, P.range + 1);
}

export function printForRange(ctx: EmitCtx, s: ForRangeStmt): string[] {
  const asForOf = ctx.lanes.ranges.get(s);
  if (asForOf) return printForOf(ctx, asForOf);
  if (s.type.kind !== 'i64') return printFor(ctx, desugarRange(s));
  const name = usedNames(s.body).has(s.variable) ? snakeCase(s.variable) : '_';
  const start = numeric(ctx, s.start, s.type);
  const end = numeric(ctx, s.end, s.type);
  let range: string;
  if (s.step > 0) {
    range = `${rangeBound(start)}..${s.inclusive ? '=' : ''}${rangeBound(end)}`;
    if (s.step !== 1) range = `(${range}).step_by(${s.step})`;
  } else {
    const low = s.inclusive
      ? rangeBound(end)
      : s.end.kind === 'number'
        ? numberLiteral(s.end.value + 1, s.type).text
        : `${paren(end, P.add)} + 1`;
    range = `(${low}..=${rangeBound(start)}).rev()`;
    if (s.step !== -1) range += `.step_by(${-s.step})`;
  }
  const frame: LoopFrame = { label: s.label, rustLabel: rustLabel(s.label) };
  const body = loopBody(ctx, frame, s.body, () => {
    if (name !== '_') ctx.declare(s.variable, { rust: name, kind: 'owned', type: s.type });
  });
  return [`${head(s.label, s.body)}for ${name} in ${range} ${body}`];
}

/** A float-counted range has no native Rust form: it runs as the C-style loop it came from. */
function desugarRange(s: ForRangeStmt): ForStmt {
  const v: Expr = { kind: 'ident', name: s.variable, binding: 'local', type: s.type, origin: s.origin };
  const op = s.step > 0 ? (s.inclusive ? '<=' : '<') : s.inclusive ? '>=' : '>';
  return {
    kind: 'for',
    init: [{ kind: 'var', name: s.variable, type: s.type, init: s.start, mutable: true, origin: s.origin }],
    cond: { kind: 'binary', op, left: v, right: s.end, type: { kind: 'bool' }, origin: s.origin },
    update: [{ kind: 'assign', target: v, op: '+=', value: { kind: 'number', value: s.step, type: s.type, origin: s.origin }, origin: s.origin }],
    body: s.body,
    label: s.label,
    origin: s.origin,
  };
}

interface IterSource {
  text: string;
  /** How many `&` wrap each item (0 owned, 1 `&T`). */
  level: 0 | 1;
  /** Items are `(&K, &V)` pairs of a map. */
  pairs: boolean;
  /** Items (or the keys of pairs) are number keys wrapped in `NumKey`. */
  numKeys?: boolean;
}

function keyIsNumber(t: IrType | undefined): boolean {
  return t?.kind === 'map' ? t.key.kind === 'f64' : t?.kind === 'set' ? t.element.kind === 'f64' : false;
}

function iterSource(ctx: EmitCtx, iterable: Expr, mutable: boolean): IterSource {
  const iter = mutable ? 'iter_mut' : 'iter';
  if (iterable.kind === 'builtin' && iterable.receiver) {
    const recv = paren(expr(ctx, iterable.receiver, 'read'), P.postfix);
    switch (iterable.name) {
      case 'map.keys':
        return { text: `${recv}.keys()`, level: 1, pairs: false, numKeys: keyIsNumber(iterable.receiver.type) };
      case 'map.values':
        return { text: `${recv}.${mutable ? 'values_mut' : 'values'}()`, level: 1, pairs: false };
      case 'map.entries':
        return { text: `${recv}.${iter}()`, level: 1, pairs: true, numKeys: keyIsNumber(iterable.receiver.type) };
      case 'set.values':
        return { text: `${recv}.iter()`, level: 1, pairs: false, numKeys: keyIsNumber(iterable.receiver.type) };
    }
  }
  const t = iterable.type;
  if (t.kind === 'string') return { text: `${paren(expr(ctx, iterable, 'read'), P.postfix)}.chars().map(String::from)`, level: 0, pairs: false };
  const placeLike = isPlaceLike(iterable) || iterable.kind === 'unwrap';
  if (t.kind === 'map') return { text: `${paren(expr(ctx, iterable, 'read'), P.postfix)}.${iter}()`, level: 1, pairs: true, numKeys: keyIsNumber(t) };
  if (placeLike || t.kind === 'set') return { text: `${paren(expr(ctx, iterable, 'read'), P.postfix)}.${iter}()`, level: 1, pairs: false, numKeys: keyIsNumber(t) };
  return { text: expr(ctx, iterable, 'owned').text, level: 0, pairs: false };
}

function bindItem(ctx: EmitCtx, name: string, type: IrType, level: 0 | 1, mutable: boolean, used: Set<string>, inPattern: boolean, numKey = false): string {
  const rust = used.has(name) ? snakeCase(name) : `_${snakeCase(name).replace(/^r#/, '')}`;
  if (numKey) {
    // A number key is a `NumKey` in the map: the pattern unwraps it.
    ctx.declare(name, { rust, kind: 'owned', type });
    return level === 1 ? `&NumKey(${rust})` : `NumKey(${rust})`;
  }
  let kind: BindingKind = 'owned';
  let pattern = rust;
  if (mutable && level === 1 && !isCopy(type)) kind = 'mutref';
  else if (level === 1 && isCopy(type)) pattern = inPattern ? rust : `&${rust}`;
  else if (level === 1) {
    kind = 'ref';
    if (inPattern) pattern = `ref ${rust}`;
  }
  ctx.declare(name, { rust, kind, type });
  return pattern;
}

/** `source` replaces the iterable (the lane printer's remainder of a chunked loop). */
export function printForOf(ctx: EmitCtx, s: ForOfStmt, source?: IterSource): string[] {
  const lanes = source ? undefined : ctx.lanes.loops.get(s);
  if (lanes) return printLaneLoop(ctx, lanes, s, (iter) => printForOf(ctx, s, { text: iter, level: 1, pairs: false }));
  const inner = writesOf(s.body, ctx.facts);
  const mutable = s.bindings.some((b) => inner.mutated.has(b));
  const src = source ?? iterSource(ctx, s.iterable, mutable);
  const used = usedNames(s.body);
  const frame: LoopFrame = { label: s.label, rustLabel: rustLabel(s.label) };
  let pattern = '';
  const elements = s.elementType.kind === 'tuple' ? s.elementType.elements : [s.elementType];
  const body = loopBody(ctx, frame, s.body, () => {
    if (s.bindings.length === 1 && !src.pairs) {
      pattern = bindItem(ctx, s.bindings[0]!, s.elementType, src.level, mutable, used, false, src.numKeys);
    } else if (src.pairs) {
      // Map entries arrive as `(&K, &V)`: each side is its own reference.
      pattern = `(${s.bindings.map((b, i) => bindItem(ctx, b, elements[i] ?? s.elementType, 1, mutable && i === 1, used, false, i === 0 && src.numKeys)).join(', ')})`;
    } else {
      const parts = s.bindings.map((b, i) => bindItem(ctx, b, elements[i] ?? s.elementType, src.level, false, used, src.level === 1));
      pattern = src.level === 1 ? `&(${parts.join(', ')})` : `(${parts.join(', ')})`;
    }
    // A binding the body reassigns is rebound mutable (JS's loop variable is a fresh copy per turn).
    return s.bindings.filter((b) => inner.reassigned.has(b)).map((b) => {
      const bound = ctx.lookup(b)!;
      ctx.declare(b, { ...bound, kind: 'owned' });
      return `let mut ${bound.rust} = ${bound.kind === 'owned' ? bound.rust : `${bound.rust}.clone()`};`;
    });
  });
  return [`${head(s.label, s.body)}for ${pattern} in ${src.text} ${body}`];
}

function findLoop(ctx: EmitCtx, label: string | undefined, forContinue: boolean): LoopFrame | undefined {
  for (let i = ctx.loops.length - 1; i >= 0; i--) {
    const f = ctx.loops[i]!;
    if (label ? f.label === label : !(forContinue && f.isSwitch)) return f;
  }
  return undefined;
}

export function printBreak(ctx: EmitCtx, s: BreakStmt): string[] {
  const target = findLoop(ctx, s.label, false);
  if (target?.isSwitch && !s.label) {
    target.rustLabel ??= ctx.freshLabel('switch');
    return [`break ${target.rustLabel};`];
  }
  return [s.label ? `break ${rustLabel(s.label)};` : 'break;'];
}

export function printContinue(ctx: EmitCtx, s: ContinueStmt): string[] {
  const target = findLoop(ctx, s.label, true);
  return [...(target?.beforeContinue ?? []), s.label ? `continue ${rustLabel(s.label)};` : 'continue;'];
}
