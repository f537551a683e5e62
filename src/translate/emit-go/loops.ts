/**
 * Loops and switch → Go `for` / `switch`. Go's `for` clause takes one simple statement per slot,
 * so multi-variable inits and updates become parallel assignments where that is equivalent, and a
 * block (init) or a func-literal call (update) where it is not.
 */
import type { Expr, Stmt } from '../ir.js';
import { labelUsed, readNames, withoutTrailingBreak } from './analysis.js';
import type { FnContext } from './context.js';
import { comparedOptional, isPlace, optionalMatch } from './equality.js';
import { coerce, indent, printExpr, typedExpr } from './expressions.js';
import { placeRoot, walkStmts } from '../ir-walk.js';
import { foldNumber } from './literals.js';
import { isAddressable } from './places.js';
import { not, printBlock, printStmt } from './statements.js';
import { atom, binary, call, type GoExpr, LABEL_MARK, render, selector } from './syntax.js';

type ForStmt = Extract<Stmt, { kind: 'for' }>;
type ForRangeStmt = Extract<Stmt, { kind: 'forRange' }>;
type ForOfStmt = Extract<Stmt, { kind: 'forOf' }>;
type SwitchStmt = Extract<Stmt, { kind: 'switch' }>;

function labelLines(body: Stmt[], label: string | undefined): string[] {
  return labelUsed(body, label) ? [`${LABEL_MARK}${label}:`] : [];
}

/** One simple statement for a `for` clause, or undefined when `stmts` need more than that. */
function simpleClause(ctx: FnContext, stmts: Stmt[], isInit: boolean): string | undefined {
  if (stmts.length === 0) return '';
  if (stmts.length === 1) {
    const { pre, value } = ctx.capture(() => printStmt(ctx, stmts[0]!));
    if (pre.length === 0 && value.length === 1 && !value[0]!.startsWith('var ') && !value[0]!.includes('\n')) return value[0];
    return undefined;
  }
  // Several independent `let` declarations or assignments to plain variables: one parallel assignment.
  const names: string[] = [];
  const values: GoExpr[] = [];
  const assigned = new Set<string>();
  for (const s of stmts) {
    let tsName: string;
    let value: Expr;
    if (isInit && s.kind === 'var' && s.init) {
      tsName = s.name;
      value = s.init;
    } else if (!isInit && s.kind === 'assign' && s.target.kind === 'ident') {
      tsName = s.target.name;
      value = s.op === '=' ? s.value : { kind: 'binary', op: s.op.slice(0, 1) as '+', left: s.target, right: s.value, type: s.target.type, origin: s.origin };
      if (s.op === '%=' && s.target.type.kind === 'f64') return undefined;
    } else {
      return undefined;
    }
    if ([...readNames([], [value])].some((n) => assigned.has(n))) return undefined;
    assigned.add(tsName);
    const { pre, value: printed } = ctx.capture(() => (s.kind === 'var' ? typedExpr(ctx, value, s.type) : coerce(ctx, value, s.kind === 'assign' ? s.target.type : value.type)));
    if (pre.length > 0) return undefined;
    names.push(ctx.local(tsName));
    values.push(printed);
  }
  return `${names.join(', ')} ${isInit ? ':=' : '='} ${values.map((v) => render(v, 2)).join(', ')}`;
}

export function printForStmt(ctx: FnContext, s: ForStmt): string[] {
  const label = labelLines(s.body, s.label);
  let init = simpleClause(ctx, s.init, true);
  const outer: string[] = [];
  if (init === undefined) {
    outer.push(...printBlock(ctx, s.init));
    init = '';
  }
  let post = simpleClause(ctx, s.update, false);
  if (post === undefined) {
    post = `func() {\n${indent(printBlock(ctx, s.update)).join('\n')}\n}()`;
  }
  const bodyPrefix: string[] = [];
  let cond = '';
  if (s.cond) {
    const { pre, value } = ctx.capture(() => printExpr(ctx, s.cond!));
    if (pre.length === 0) cond = render(value);
    else bodyPrefix.push(...pre, `if ${render(not(value))} {`, '\tbreak', '}');
  }
  const head = init === '' && post === '' ? (cond === '' ? 'for {' : `for ${cond} {`) : `for ${init}; ${cond}; ${post} {`;
  const loop = [...label, head, ...indent([...bodyPrefix, ...printBlock(ctx, s.body)]), '}'];
  return outer.length > 0 ? ['{', ...indent([...outer, ...loop]), '}'] : loop;
}

export function printForRange(ctx: FnContext, s: ForRangeStmt): string[] {
  const label = labelLines(s.body, s.label);
  const v = ctx.local(s.variable);
  // Read in this loop's body (the function-wide set also counts other loops reusing the name).
  const used = readNames(s.body).has(s.variable);
  const body = indent(printBlock(ctx, s.body));
  const startValue = foldNumber(s.start);
  if (startValue === 0 && s.step === 1 && !s.inclusive && s.type.kind === 'i64' && s.end.type.kind === 'i64' && (s.end.kind === 'ident' || s.end.kind === 'builtin')) {
    const { pre, value } = ctx.capture(() => printExpr(ctx, s.end));
    if (pre.length === 0) return [...label, used ? `for ${v} := range ${render(value)} {` : `for range ${render(value)} {`, ...body, '}'];
  }
  const { pre: startPre, value: start } = ctx.capture(() => typedExpr(ctx, s.start, s.type));
  const { pre: endPre, value: end } = ctx.capture(() => coerce(ctx, s.end, s.end.type));
  const varType = s.type.kind === 'i64' ? 'i64' : 'f64';
  const left: GoExpr = s.end.type.kind === 'f64' && varType === 'i64' ? call('float64', atom(v)) : atom(v);
  const right: GoExpr = s.end.type.kind === 'i64' && varType === 'f64' ? call('float64', end) : end;
  const op = s.step > 0 ? (s.inclusive ? '<=' : '<') : s.inclusive ? '>=' : '>';
  const post = s.step === 1 ? `${v}++` : s.step === -1 ? `${v}--` : s.step > 0 ? `${v} += ${s.step}` : `${v} -= ${-s.step}`;
  if (endPre.length > 0) {
    const check = [...endPre, `if !(${render(binary(op, left, right))}) {`, '\tbreak', '}'];
    return [...startPre, ...label, `for ${v} := ${render(start)}; ; ${post} {`, ...indent(check), ...body, '}'];
  }
  return [...startPre, ...label, `for ${v} := ${render(start)}; ${render(binary(op, left, right))}; ${post} {`, ...body, '}'];
}

export function printForOf(ctx: FnContext, s: ForOfStmt): string[] {
  const label = labelLines(s.body, s.label);
  const { pre, value: iterable } = ctx.capture(() => printExpr(ctx, s.iterable));
  const source = s.iterable.type.kind === 'optional' ? s.iterable.type.inner : s.iterable.type;
  let rangeOver: GoExpr = iterable;
  if (source.kind === 'map') rangeOver = call(selector(iterable, 'Entries'));
  else if (source.kind === 'set') rangeOver = call(selector(iterable, 'Values'));
  if (source.kind === 'array' && s.resized?.length === 1 && s.bindings.length === 1 && (iterable.k === 'star' || isAddressable(s.iterable))) {
    return [...pre, ...label, ...printForOfElementRefs(ctx, s, iterable)];
  }
  const values = s.iterable.kind === 'builtin' && s.iterable.name === 'map.values' ? s.iterable.receiver : undefined;
  if (values && s.resized?.length === 1 && s.bindings.length === 1 && !mentionsRoot(s.body, values)) {
    // The arrays the map holds change length: walk pointers to them (the body leaves the map's
    // keys alone, which keeps the pointers valid).
    const { pre: mapPre, value: map } = ctx.capture(() => printExpr(ctx, values));
    const binding = s.bindings[0]!;
    const body = bodyWithElementRef(ctx, s);
    return [...mapPre, ...label, `for _, ${ctx.local(binding)} := range ${render(call(selector(map, 'ValueRefs')))} {`, ...indent(body), '}'];
  }
  const bodyReads = readNames(s.body);
  const used = s.bindings.map((b) => bodyReads.has(b));
  const names = s.bindings.map((b, i) => (used[i] ? ctx.local(b) : '_'));
  const prologue: string[] = [];
  let loopVar: string;
  if (source.kind === 'string') {
    loopVar = used[0] ? ctx.temp() : '_';
    if (used[0]) prologue.push(`${names[0]} := string(${loopVar})`);
  } else if (s.bindings.length === 1) {
    loopVar = names[0]!;
  } else if (used.some(Boolean)) {
    loopVar = ctx.temp();
    const last = used.lastIndexOf(true);
    const lhs = names.slice(0, last + 1);
    prologue.push(`${lhs.join(', ')} := ${lhs.map((_, i) => `${loopVar}.V${i}`).join(', ')}`);
  } else {
    loopVar = '_';
  }
  const head = loopVar === '_' ? `for range ${render(rangeOver)} {` : `for _, ${loopVar} := range ${render(rangeOver)} {`;
  return [...pre, ...label, head, ...indent([...prologue, ...printBlock(ctx, s.body)]), '}'];
}

/** Whether `body` mentions the variable (or `this`) at the root of `place` (true when it has none). */
function mentionsRoot(body: readonly Stmt[], place: Expr): boolean {
  const root = placeRoot(place);
  if (root === undefined) return true;
  let found = false;
  walkStmts(body, {
    expr: (e) => {
      if (root === 'this' ? e.kind === 'this' : e.kind === 'ident' && e.name === root) found = true;
    },
  });
  return found;
}

/** The loop body with its one binding held as a `*[]T` (the element's length changes in place). */
function bodyWithElementRef(ctx: FnContext, s: ForOfStmt): string[] {
  const binding = s.bindings[0]!;
  const wasRef = ctx.isSliceRef(binding);
  ctx.setSliceRef(binding, true);
  try {
    return printBlock(ctx, s.body);
  } finally {
    ctx.setSliceRef(binding, wasRef);
  }
}

/** `for i := range xs { row := &xs[i]; … }`: the body changes the length of the element in the array. */
function printForOfElementRefs(ctx: FnContext, s: ForOfStmt, iterable: GoExpr): string[] {
  const binding = s.bindings[0]!;
  const i = ctx.temp();
  const body = bodyWithElementRef(ctx, s);
  const element = render({ k: 'index', x: iterable, index: atom(i) });
  return [`for ${i} := range ${render(iterable)} {`, ...indent([`${ctx.local(binding)} := &${element}`, ...body]), '}'];
}

export function printSwitch(ctx: FnContext, s: SwitchStmt): string[] {
  const { pre, value: subject } = ctx.capture(() => printExpr(ctx, s.subject));
  const tagless = s.subject.kind === 'bool' && s.subject.value;
  let header = tagless ? 'switch {' : `switch ${render(subject)} {`;
  let caseValue = (v: Expr): string => render(coerce(ctx, v, s.subject.type));
  const optional = comparedOptional(s.subject.type);
  if (optional && !tagless) {
    // Cases compare presence and value, not the pointers: a tagless switch on the subject.
    const place = isPlace(s.subject) ? subject : atom(ctx.temp());
    header = place === subject ? 'switch {' : `switch ${render(place)} := ${render(subject)}; {`;
    caseValue = (v) => render(optionalMatch(ctx, place, v, optional));
  }
  const lines = [...pre, header];
  for (const c of s.cases) {
    const values = c.values.map(caseValue);
    lines.push(`case ${values.join(', ')}:`, ...indent(printBlock(ctx, withoutTrailingBreak(c.body))));
  }
  if (s.default) lines.push('default:', ...indent(printBlock(ctx, withoutTrailingBreak(s.default))));
  lines.push('}');
  return lines;
}
