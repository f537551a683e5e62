import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { I64, VOID, type Expr, type IrType, type Origin, type Param, type Stmt, type VarStmt } from '../ir.js';
import { MUTATING_BUILTINS } from './builtins.js';
import { calleeKey, moduleCallables } from './callables.js';
import type { ModuleTables } from './context.js';
import { stmtBodies, stmtExprs, walkExpr } from './walk.js';
import { placeRoot } from './write-back.js';

/**
 * JavaScript arrays, Maps, Sets and objects are shared references; the translations give every
 * name its own value (Rust clones, Go copies slice headers and structs). Two shapes where that
 * shows are refused instead of silently computing something else:
 * - PIV1411: a local bound or assigned to another variable (`const ys = xs`), where afterwards
 *   one of the names is changed in place and the other is still used;
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
  }
}

function isShared(type: IrType): boolean {
  const plain = type.kind === 'optional' ? type.inner : type;
  return ['array', 'map', 'set', 'struct', 'tuple'].includes(plain.kind);
}

/** The variable an expression stands for as a whole (`xs`, `xs!`, `c ? xs : ys`), if any. */
function aliasedNames(e: Expr): string[] {
  switch (e.kind) {
    case 'ident':
      return e.binding === 'local' || e.binding === 'param' ? [e.name] : [];
    case 'unwrap':
    case 'some':
      return aliasedNames(e.value);
    case 'conditional':
      return [...aliasedNames(e.then), ...aliasedNames(e.else)];
    case 'logical':
      return e.op === '??' ? [...aliasedNames(e.left), ...aliasedNames(e.right)] : [];
    default:
      return [];
  }
}

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
  origin: Origin;
  start: number;
  end: number;
  scope: Frame;
}

/** Records uses and in-place changes in source order, then checks each alias over the region where it is live. */
function checkAliases(params: Param[], body: Stmt[], changes: (e: Expr) => Expr[], report: (d: Diagnostic) => void): void {
  const frames: Frame[] = [{ names: new Map(params.map((p) => [p.name, p])) }];
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
        if (e.kind === 'ident') {
          const found = lookup(e.name);
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
    for (const name of aliasedNames(value)) {
      const source = lookup(name);
      if (!source || source.binding === target.binding) continue;
      const depth = Math.max(target.depth, source.depth);
      const loop = loops.find((l) => l.depth > depth);
      const start = loop?.start ?? events.length;
      aliases.push({ target: target.binding, source: source.binding, origin, start, end: events.length, scope: frames[depth]! });
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
    push(new Map(loopBindings(s).map((b) => [b.name, b])));
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
    if ((changed(a.target) && used(a.source)) || (changed(a.source) && used(a.target))) {
      report(diag.sharedReference(a.origin, `${a.target.name} (the same value as ${a.source.name})`));
    }
  }
}
