import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { I64, VOID, type Expr, type IrType, type Origin, type Param, type Stmt, type VarStmt } from '../ir.js';
import { MUTATING_BUILTINS } from './builtins.js';
import { calleeKey, moduleCallables } from './callables.js';
import type { ModuleTables } from './context.js';
import { placeRoot, stmtBodies, stmtExprs, walkExpr } from '../ir-walk.js';

/**
 * JavaScript arrays, Maps, Sets and objects are shared references; the translations give every
 * name its own value (Rust clones, Go copies slice headers and structs). Two shapes where that
 * shows are refused instead of silently computing something else:
 * - PIV1411: a local bound or assigned to another variable or to a part of one (`const ys = xs`,
 *   `const items = order.items`, `const row = grid[i]`, `const list = this.items`), where
 *   afterwards one of the names is changed in place and the other is still used - or is a
 *   parameter or `this`, which the caller sees after the call;
 * - PIV1412: a parameter that is both changed in place (the caller must see it) and reassigned.
 * Fresh values (`xs.slice()`, `[...xs]`, literals, call results) are not aliases, and neither is
 * `map.get(k) ?? []` (its changes are stored back with `set`, the group-by idiom).
 * Runs after `markLocals` (it reads `Param.reassigned`).
 */
export function analyseAliasing(tables: ModuleTables, report: (d: Diagnostic) => void): void {
  const callables = moduleCallables(tables);
  const changedParams = paramsChangedInPlace(tables);
  const changes = (e: Expr): Expr[] => changedArgs(e, tables, changedParams);
  for (const { params, body } of callables) {
    for (const p of params) {
      if (p.reassigned && isShared(p.type) && changesName(body, p.name, changes)) {
        report(diag.parameterChangedAndRebound(p.origin, `parameter ${p.name}`));
      }
    }
    checkAliases(params, body, changes, report);
    checkCopiedElements(body, changes, report);
  }
}

/** Builtins whose result is a new array holding the receiver's (and arguments') elements themselves. */
const ELEMENT_SHARING = new Set(['array.slice', 'array.concat', 'array.filter']);

/** The variables whose elements a new array shares (`rows.slice()`, `[...rows]`, `a.concat(b)`, `xs.filter(f)`). */
function elementSources(e: Expr): string[] {
  if (e.kind !== 'builtin' || !e.receiver || !ELEMENT_SHARING.has(e.name)) return [];
  const args = e.name === 'array.concat' ? e.args.flatMap((a) => [...aliasedNames(a), ...elementSources(a)]) : [];
  return [...aliasedNames(e.receiver), ...elementSources(e.receiver), ...args];
}

/**
 * A for-of over a copied array (`for (const row of rows.slice())`), or a callback given its
 * elements, whose body changes the element in place: the copy holds the very same arrays or
 * objects in JavaScript, so the change reaches `rows`; the translations copy the elements too
 * (PIV1411).
 */
function checkCopiedElements(body: readonly Stmt[], changes: (e: Expr) => Expr[], report: (d: Diagnostic) => void): void {
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'forOf' && s.bindings.length === 1 && isShared(s.elementType)) {
        const sources = [...new Set(elementSources(s.iterable))];
        if (sources.length > 0 && changesName(s.body, s.bindings[0]!, changes)) {
          report(diag.sharedReference(s.origin, `${s.bindings[0]} (an element of a copy of ${sources.join(', ')}, shared with it)`));
        }
      }
      for (const e of stmtExprs(s)) walkExpr(e, { expr: (inner) => void checkCallback(inner) });
      stmtBodies(s).forEach(visit);
    }
  };
  // `rows.slice().forEach((row) => row.pop())`: the callback's element is shared the same way.
  const checkCallback = (e: Expr): void => {
    if (e.kind !== 'builtin' || !e.receiver) return;
    const sources = [...new Set(elementSources(e.receiver))];
    const callback = e.args.find((a) => a.kind === 'closure');
    const element = callback?.kind === 'closure' ? callback.params[0] : undefined;
    if (sources.length === 0 || !element || !isShared(element.type) || callback?.kind !== 'closure') return;
    if (changesName(callback.body, element.name, changes)) {
      report(diag.sharedReference(callback.origin, `${element.name} (an element of a copy of ${sources.join(', ')}, shared with it)`));
    }
  };
  visit(body);
}

function isShared(type: IrType): boolean {
  const plain = type.kind === 'optional' ? type.inner : type;
  return ['array', 'map', 'set', 'struct', 'tuple'].includes(plain.kind);
}

interface AliasSource {
  name: string;
  /** The expression holds a part of the variable's value (`order.items`, `grid[i]`), not all of it. */
  part: boolean;
}

/**
 * The variables whose value (or a part of it) an expression stands for: `xs`, `xs!`,
 * `c ? xs : ys`, and for a part `order.items`, `grid[i]`, `this.items` (the root).
 */
function aliasSources(e: Expr, part = false): AliasSource[] {
  switch (e.kind) {
    case 'ident':
      return e.binding === 'local' || e.binding === 'param' ? [{ name: e.name, part }] : [];
    case 'this':
      return [{ name: THIS, part }];
    case 'field':
    case 'index':
      return aliasSources(e.object, true);
    case 'unwrap':
    case 'some':
      return aliasSources(e.value, part);
    case 'conditional':
      return [...aliasSources(e.then, part), ...aliasSources(e.else, part)];
    case 'logical':
      return e.op === '??' ? [...aliasSources(e.left, part), ...aliasSources(e.right, part)] : [];
    default:
      return [];
  }
}

const aliasedNames = (e: Expr): string[] => aliasSources(e).map((s) => s.name);

type ChangedParams = Map<string, Set<number>>;

/** The places an expression changes in place: mutating builtin receivers and arguments of changing params. */
function changedArgs(e: Expr, tables: ModuleTables, changed: ChangedParams): Expr[] {
  if (e.kind === 'builtin' && e.receiver && MUTATING_BUILTINS.has(e.name)) return [e.receiver];
  const out: Expr[] = [];
  if (e.kind === 'methodCall' && e.receiver.kind !== 'this') {
    const method = tables.classes.get(e.className)?.methods.find((m) => m.name === e.method);
    if (method?.mutates) out.push(e.receiver);
  }
  const key = calleeKey(e);
  const indices = key === undefined ? undefined : changed.get(key);
  if (indices && (e.kind === 'call' || e.kind === 'methodCall' || e.kind === 'new')) e.args.forEach((a, i) => indices.has(i) && out.push(a));
  return out;
}

/** Whether `body` changes the value bound to `name` in place (not by reassigning the name). */
function changesName(body: readonly Stmt[], name: string, changes: (e: Expr) => Expr[]): boolean {
  let found = false;
  const onPlace = (place: Expr, whole: boolean): void => {
    if (placeRoot(place) === name && !(whole && place.kind === 'ident')) found = true;
  };
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'assign') onPlace(s.target, true);
      if (s.kind === 'swap') [s.left, s.right].forEach((p) => onPlace(p, true));
      for (const e of stmtExprs(s)) walkExpr(e, { expr: (inner) => changes(inner).forEach((p) => onPlace(p, false)) });
      stmtBodies(s).forEach(visit);
    }
  };
  visit(body);
  return found;
}

/** Parameters (per callee, by index) whose argument the callee changes in place: a fixpoint over calls. */
function paramsChangedInPlace(tables: ModuleTables): ChangedParams {
  const changed: ChangedParams = new Map();
  const callables = moduleCallables(tables);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { key, params, body } of callables) {
      params.forEach((p, i) => {
        const set = changed.get(key) ?? new Set<number>();
        if (set.has(i) || !isShared(p.type) || !changesName(body, p.name, (e) => changedArgs(e, tables, changed))) return;
        set.add(i);
        changed.set(key, set);
        grew = true;
      });
    }
  }
  return changed;
}

type Binding = VarStmt | Param;

/** `this` as a binding of its own: a name bound to a part of it aliases the instance. */
const THIS = 'this';

/** The variables a loop header binds, as bindings of their own (an element of one for-of binding may alias). */
function loopBindings(s: Stmt): VarStmt[] {
  const binding = (name: string, type: IrType): VarStmt => ({ kind: 'var', name, type, mutable: false, origin: s.origin });
  if (s.kind === 'forRange') return [binding(s.variable, I64)];
  if (s.kind !== 'forOf') return [];
  return s.bindings.map((b) => binding(b, s.bindings.length === 1 ? s.elementType : VOID));
}
interface Frame {
  names: Map<string, Binding>;
}
interface Event {
  binding: Binding;
  changed: boolean;
}
interface Alias {
  target: Binding;
  source: Binding;
  /** The target holds a part of the source (`order.items`, `grid[i]`), not all of it. */
  part: boolean;
  origin: Origin;
  start: number;
  end: number;
  scope: Frame;
}

/** Records uses and in-place changes in source order, then checks each alias over the region where it is live. */
function checkAliases(params: Param[], body: Stmt[], changes: (e: Expr) => Expr[], report: (d: Diagnostic) => void): void {
  // Parameters, the instance and for-of elements outlive the names: a change made through an
  // alias of (a part of) them is seen by the caller, or stays in the array, even when the
  // function never reads them again.
  const self: Param = { name: THIS, type: VOID, reassigned: false, origin: body[0]?.origin ?? { file: '', line: 0, column: 0 } };
  const frames: Frame[] = [{ names: new Map<string, Binding>([[THIS, self], ...params.map((p): [string, Binding] => [p.name, p])]) }];
  const outlives = new Set<Binding>([self, ...params.filter((p) => isShared(p.type))]);
  const loops: { start: number; depth: number }[] = [];
  const events: Event[] = [];
  const aliases: Alias[] = [];
  const lookup = (name: string): { binding: Binding; depth: number } | undefined => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const binding = frames[i]!.names.get(name);
      if (binding) return { binding, depth: i };
    }
    return undefined;
  };
  const push = (names: Map<string, Binding> = new Map()): void => void frames.push({ names });
  const pop = (): void => {
    const frame = frames.pop()!;
    for (const a of aliases) if (a.scope === frame) a.end = events.length;
  };
  const onExpr = (expr: Expr): void =>
    walkExpr(expr, {
      expr: (e) => {
        if (e.kind === 'ident' || e.kind === 'this') {
          const found = lookup(e.kind === 'this' ? THIS : e.name);
          if (found) events.push({ binding: found.binding, changed: false });
        }
        changes(e).forEach(onChange);
        if (e.kind === 'closure') {
          push(new Map(e.params.map((p) => [p.name, p])));
          visitStmts(e.body, false);
          pop();
          return false;
        }
        return undefined;
      },
    });
  const alias = (targetName: string, value: Expr, origin: Origin): void => {
    const target = lookup(targetName);
    if (!target || !isShared(target.binding.type)) return;
    for (const { name, part } of aliasSources(value)) {
      const source = lookup(name);
      if (!source || source.binding === target.binding) continue;
      const depth = Math.max(target.depth, source.depth);
      const loop = loops.find((l) => l.depth > depth);
      const start = loop?.start ?? events.length;
      aliases.push({ target: target.binding, source: source.binding, part, origin, start, end: events.length, scope: frames[depth]! });
    }
  };
  const visitStmt = (s: Stmt): void => {
    if (s.kind === 'for') {
      push();
      s.init.forEach(visitStmt);
      loops.push({ start: events.length, depth: frames.length });
      if (s.cond) onExpr(s.cond);
      visitStmts(s.body);
      visitStmts(s.update);
      loops.pop();
      pop();
      return;
    }
    const loop = s.kind === 'while' || s.kind === 'doWhile' || s.kind === 'forOf' || s.kind === 'forRange';
    if (loop && s.kind !== 'forOf') loops.push({ start: events.length, depth: frames.length });
    stmtExprs(s).forEach(onExpr);
    if (s.kind === 'assign' && s.target.kind === 'ident') alias(s.target.name, s.value, s.origin);
    if (s.kind === 'assign' && s.target.kind !== 'ident') onChange(s.target);
    if (s.kind === 'swap') [s.left, s.right].forEach(onChange);
    if (s.kind === 'var') {
      frames[frames.length - 1]!.names.set(s.name, s);
      if (s.init) alias(s.name, s.init, s.origin);
    }
    if (s.kind === 'forOf') loops.push({ start: events.length, depth: frames.length });
    const bound = loopBindings(s);
    // A for-of element is a part of the iterable: what an alias changes in it stays there.
    if (s.kind === 'forOf') bound.filter((b) => isShared(b.type)).forEach((b) => outlives.add(b));
    push(new Map(bound.map((b) => [b.name, b])));
    for (const nested of stmtBodies(s)) visitStmts(nested);
    pop();
    if (loop) loops.pop();
  };
  const onChange = (place: Expr): void => {
    const name = placeRoot(place);
    const found = name === undefined ? undefined : lookup(name);
    if (found) events.push({ binding: found.binding, changed: true });
  };
  const visitStmts = (stmts: readonly Stmt[], scoped = true): void => {
    if (scoped) push();
    stmts.forEach(visitStmt);
    if (scoped) pop();
  };
  visitStmts(body, false);
  pop();
  for (const a of aliases) {
    const region = events.slice(a.start, a.end);
    const changed = (b: Binding): boolean => region.some((e) => e.binding === b && e.changed);
    const used = (b: Binding): boolean => region.some((e) => e.binding === b);
    if ((changed(a.target) && (used(a.source) || outlives.has(a.source))) || (changed(a.source) && used(a.target))) {
      report(diag.sharedReference(a.origin, `${a.target.name} (${a.part ? 'part of' : 'the same value as'} ${a.source.name})`));
    }
  }
}
