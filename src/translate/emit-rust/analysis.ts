/**
 * Ownership facts the Rust printer needs and the IR leaves open: how each parameter is passed
 * (by value, `&T`, `&mut T`), which methods write `self`, which locals need `mut`.
 *
 * The rule: `Copy` values go by value; a parameter the body reassigns is owned (`mut x: T`);
 * one it mutates in place (push, field write, a `&mut` argument, a mutating method) is `&mut T`;
 * every other string/array/struct/map/set/class parameter is borrowed (`&str`, `&[T]`, `&T`)
 * and cloned only where the body stores it.
 */
import type { ClassDecl, Expr, IrModule, Param, Stmt } from '../ir.js';
import { isBorrowable, isCopy } from './types.js';
import { placeRoot, visitExpr, visitStmts } from './walk.js';

export type ParamMode = 'copy' | 'owned' | 'borrow' | 'mutref';

const MUTATING_BUILTINS = new Set([
  'array.push', 'array.pop', 'array.shift', 'array.unshift', 'array.sort', 'array.reverse', 'array.fill',
  'map.set', 'map.delete', 'map.clear', 'set.add', 'set.delete', 'set.clear',
]);

export function isMutatingBuiltin(name: string): boolean {
  return MUTATING_BUILTINS.has(name);
}

export interface ModuleFacts {
  module: IrModule;
  fnModes: Map<string, ParamMode[]>;
  /** Keyed `Class.method`. */
  methodModes: Map<string, ParamMode[]>;
  ctorModes: Map<string, ParamMode[]>;
  /** Keyed `Class.method`: takes `&mut self`. */
  methodMutates: Map<string, boolean>;
}

export const methodKey = (className: string, method: string): string => `${className}.${method}`;

/** Callee parameter modes of a call-like expression, when the callee is known. */
export function calleeModes(facts: ModuleFacts, e: Expr): ParamMode[] | undefined {
  if (e.kind === 'call') return facts.fnModes.get(e.callee);
  if (e.kind === 'methodCall') return facts.methodModes.get(methodKey(e.className, e.method));
  if (e.kind === 'new') return facts.ctorModes.get(e.className);
  return undefined;
}

export interface WriteFacts {
  /** Variables (and `this`) whose contents change in place. */
  mutated: Set<string>;
  /** Variables assigned as a whole. */
  reassigned: Set<string>;
}

/** What the statements write, given the modes known so far. */
export function writesOf(stmts: readonly Stmt[], facts: ModuleFacts): WriteFacts {
  const mutated = new Set<string>();
  const reassigned = new Set<string>();
  const markPlace = (target: Expr, wholeCounts: boolean): void => {
    const root = placeRoot(target);
    if (!root) return;
    if (root.steps > 0) mutated.add(root.name);
    else if (wholeCounts) reassigned.add(root.name);
  };
  const markReceiver = (receiver: Expr | undefined): void => {
    const root = receiver ? placeRoot(receiver) : undefined;
    if (root) mutated.add(root.name);
  };
  const onExpr = (e: Expr): void => {
    if (e.kind === 'builtin' && isMutatingBuiltin(e.name)) markReceiver(e.receiver);
    if (e.kind === 'methodCall' && facts.methodMutates.get(methodKey(e.className, e.method))) markReceiver(e.receiver);
    const modes = calleeModes(facts, e);
    if (modes && (e.kind === 'call' || e.kind === 'methodCall' || e.kind === 'new')) {
      e.args.forEach((arg, i) => {
        if (modes[i] === 'mutref') markReceiver(arg);
      });
    }
  };
  visitStmts(stmts, {
    expr: onExpr,
    stmt: (s) => {
      if (s.kind === 'assign') markPlace(s.target, true);
      if (s.kind === 'swap') {
        markPlace(s.left, true);
        markPlace(s.right, true);
      }
    },
  });
  // A for-of whose body writes into its binding walks the iterable mutably.
  visitStmts(stmts, {
    stmt: (s) => {
      if (s.kind !== 'forOf') return;
      const inner = writesOf(s.body, facts);
      if (s.bindings.some((b) => inner.mutated.has(b))) markReceiver(s.iterable);
    },
  });
  return { mutated, reassigned };
}

function modeOf(param: Param, writes: WriteFacts): ParamMode {
  if (isCopy(param.type)) return 'copy';
  if (param.reassigned || writes.reassigned.has(param.name) || !isBorrowable(param.type)) return 'owned';
  return writes.mutated.has(param.name) ? 'mutref' : 'borrow';
}

function modesFor(params: readonly Param[], body: readonly Stmt[], facts: ModuleFacts): ParamMode[] {
  const writes = writesOf(body, facts);
  return params.map((p) => modeOf(p, writes));
}

function classMethodsPass(cls: ClassDecl, facts: ModuleFacts): boolean {
  let changed = false;
  for (const m of cls.methods) {
    const key = methodKey(cls.name, m.name);
    const writes = writesOf(m.body, facts);
    const mutates = m.mutates || writes.mutated.has('this');
    if (facts.methodMutates.get(key) !== mutates) {
      facts.methodMutates.set(key, mutates);
      changed = true;
    }
    const modes = m.params.map((p) => modeOf(p, writes));
    if (JSON.stringify(facts.methodModes.get(key)) !== JSON.stringify(modes)) {
      facts.methodModes.set(key, modes);
      changed = true;
    }
  }
  const ctor = modesFor(cls.constructorParams, cls.constructorBody, facts);
  if (JSON.stringify(facts.ctorModes.get(cls.name)) !== JSON.stringify(ctor)) {
    facts.ctorModes.set(cls.name, ctor);
    changed = true;
  }
  return changed;
}

/** Parameter modes and `&mut self` for the whole module (a fixpoint: `&mut` spreads through calls). */
export function analyseModule(module: IrModule): ModuleFacts {
  const facts: ModuleFacts = {
    module,
    fnModes: new Map(),
    methodModes: new Map(),
    ctorModes: new Map(),
    methodMutates: new Map(),
  };
  for (let round = 0; round < 20; round++) {
    let changed = false;
    for (const fn of module.functions) {
      const modes = modesFor(fn.params, fn.body, facts);
      if (JSON.stringify(facts.fnModes.get(fn.name)) !== JSON.stringify(modes)) {
        facts.fnModes.set(fn.name, modes);
        changed = true;
      }
    }
    for (const cls of module.classes) changed = classMethodsPass(cls, facts) || changed;
    if (!changed) break;
  }
  return facts;
}

/** Names a closure body or function body uses at all (to prefix unused bindings with `_`). */
export function usedNames(stmts: readonly Stmt[]): Set<string> {
  const used = new Set<string>();
  visitStmts(stmts, {
    expr: (e) => {
      if (e.kind === 'ident') used.add(e.name);
      if (e.kind === 'call') used.add(e.callee);
    },
  });
  return used;
}

export function usedInExpr(e: Expr): Set<string> {
  const used = new Set<string>();
  visitExpr(e, {
    expr: (x) => {
      if (x.kind === 'ident') used.add(x.name);
    },
  });
  return used;
}

/** How many times, at most, one run through the statements assigns `name` (2 = more than once). */
export function maxAssignments(stmts: readonly Stmt[], name: string): number {
  let total = 0;
  for (const s of stmts) {
    total += assignmentsIn(s, name);
    if (total >= 2) return 2;
  }
  return total;
}

function assignmentsIn(s: Stmt, name: string): number {
  switch (s.kind) {
    case 'assign':
      return s.target.kind === 'ident' && s.target.name === name ? 1 : 0;
    case 'swap':
      return [s.left, s.right].some((e) => e.kind === 'ident' && e.name === name) ? 2 : 0;
    case 'if':
      return Math.max(maxAssignments(s.then, name), s.else ? maxAssignments(s.else, name) : 0);
    case 'switch':
      return Math.max(0, ...s.cases.map((c) => maxAssignments(c.body, name)), s.default ? maxAssignments(s.default, name) : 0);
    case 'block':
      return maxAssignments(s.body, name);
    case 'while':
    case 'doWhile':
    case 'forRange':
    case 'forOf':
      return maxAssignments(s.body, name) > 0 ? 2 : 0;
    case 'for':
      return maxAssignments([...s.body, ...s.update], name) > 0 ? 2 : maxAssignments(s.init, name);
    default:
      return 0;
  }
}
