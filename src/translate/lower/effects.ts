import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ClassDecl, Expr, FunctionDecl, IrType, MethodDecl, Param, Stmt, VarStmt } from '../ir.js';
import { MUTATING_BUILTINS } from './builtins.js';
import type { ModuleTables } from './context.js';
import { analyseAliasing } from './aliasing.js';
import { analyseResizing } from './resize.js';
import { isSharedType } from './shared.js';
import { planWriteBacks } from './write-back.js';
import { stmtBodies, stmtExprs, walkExpr, walkStmts } from '../ir-walk.js';

/**
 * Effects over the call graph, decided after every body is lowered:
 * - `throws`: a body throws, or calls something that throws (fixpoint);
 * - `nondeterministic`: reads the clock or Math.random, directly or through calls;
 * - `mutates`: a method writes state of `this` (a field, something held in a field, through a
 *   local alias of it, or by calling a mutating method);
 * - `returnsFieldRef`: a method hands out an object held by `this`;
 * - `VarStmt.mutable` / `Param.reassigned`, and warnings for parameters changed in place;
 * - `Param.resized` / `ForOfStmt.resized`: arrays whose length changes (resize.ts);
 * - refusals of shared arrays/objects the translation would copy (aliasing.ts).
 */
export function analyseEffects(tables: ModuleTables, report: (d: Diagnostic) => void): void {
  const functions = [...tables.functions.values()];
  const classes = [...tables.classes.values()];
  const methodKey = (cls: string, method: string): string => `${cls}.${method}`;
  const methods = new Map<string, MethodDecl>();
  for (const cls of classes) for (const m of cls.methods) methods.set(methodKey(cls.name, m.name), m);

  const ctorBody = (cls: ClassDecl): Stmt[] => [
    ...cls.fields.flatMap((f) => (f.initializer ? [{ kind: 'expr' as const, expr: f.initializer, origin: f.origin }] : [])),
    ...cls.constructorBody,
  ];
  const callThrows = (expr: Expr): boolean =>
    (expr.kind === 'call' && !expr.closureType && tables.functions.get(expr.callee)?.throws === true) ||
    (expr.kind === 'methodCall' && methods.get(methodKey(expr.className, expr.method))?.throws === true) ||
    (expr.kind === 'new' && tables.classes.get(expr.className)?.constructorThrows === true);
  const callNondeterministic = (expr: Expr): boolean =>
    (expr.kind === 'builtin' &&
      (expr.name === 'Math.random' || expr.name === 'Date.now' || (expr.name === 'Date.toISOString' && expr.args.length === 0))) ||
    (expr.kind === 'call' && !expr.closureType && tables.functions.get(expr.callee)?.nondeterministic === true) ||
    (expr.kind === 'methodCall' && methods.get(methodKey(expr.className, expr.method))?.nondeterministic === true);

  const bodies: { body: () => Stmt[]; get: () => boolean; set: () => void; nd?: FunctionDecl | MethodDecl }[] = [
    ...functions.map((f) => ({ body: () => f.body, get: () => f.throws, set: () => (f.throws = true), nd: f })),
    ...[...methods.values()].map((m) => ({ body: () => m.body, get: () => m.throws, set: () => (m.throws = true), nd: m })),
    ...classes.map((c) => ({ body: () => ctorBody(c), get: () => c.constructorThrows, set: () => (c.constructorThrows = true) })),
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of bodies) {
      let throws = false;
      let nondeterministic = false;
      walkStmts(entry.body(), {
        stmt: (s) => {
          if (s.kind === 'throw') throws = true;
        },
        expr: (e) => {
          if (callThrows(e)) throws = true;
          if (callNondeterministic(e)) nondeterministic = true;
        },
      });
      if (throws && !entry.get()) {
        entry.set();
        changed = true;
      }
      if (nondeterministic && entry.nd && !entry.nd.nondeterministic) {
        entry.nd.nondeterministic = true;
        changed = true;
      }
    }
  }

  const everything = [...bodies.map((b) => b.body()), ...[...tables.constants.values()].map((c) => [{ kind: 'expr' as const, expr: c.value, origin: c.origin }])];
  for (const body of everything) {
    walkStmts(body, {
      expr: (e) => {
        if (e.kind === 'call' || e.kind === 'methodCall' || e.kind === 'new') e.throws = callThrows(e);
        if (e.kind === 'closure') {
          walkStmts(e.body, {
            expr: (inner) => {
              if (callThrows(inner)) report(diag.throwInClosure(inner.origin, describeCall(inner)));
            },
          });
        }
      },
    });
  }
  for (const constant of tables.constants.values()) {
    walkExpr(constant.value, {
      expr: (e) => {
        if (callThrows(e)) report(diag.unsupportedSyntax(e.origin, `constant ${constant.name} whose initializer can throw`));
      },
    });
  }

  // A write into a shared object (a node) may change any instance that reaches it.
  for (const m of methods.values()) if (returnsOnlyThis(m.body)) m.returnsThis = true;
  const intoShared = (place: Expr): boolean => throughShared(tables, place);
  const sharedValue = (type: IrType): boolean => isSharedType(tables, type);
  for (const cls of classes) analyseMutation(cls, methods, methodKey, intoShared, sharedValue);
  for (const f of functions) markLocals(f.params, f.body, methods, report);
  for (const cls of classes) {
    markLocals(cls.constructorParams, cls.constructorBody, methods, report);
    for (const m of cls.methods) markLocals(m.params, m.body, methods, report);
  }
  for (const cls of classes) planWriteBacks(cls, methods, report);
  analyseResizing(tables, report);
  analyseAliasing(tables, report);
}

/** Every return of the body is `return this` (and there is one). */
function returnsOnlyThis(body: Stmt[]): boolean {
  let returns = 0;
  let other = false;
  walkStmts(body, {
    stmt: (s) => {
      if (s.kind !== 'return') return;
      if (s.value?.kind === 'this') returns++;
      else other = true;
    },
    expr: (e) => e.kind !== 'closure',
  });
  return returns > 0 && !other;
}

function describeCall(expr: Expr): string {
  if (expr.kind === 'call') return `${expr.callee}(…)`;
  if (expr.kind === 'methodCall') return `${expr.method}(…)`;
  if (expr.kind === 'new') return `new ${expr.className}(…)`;
  return expr.kind;
}

/** Builtins whose result is (part of) the receiver, not a copy. */
const ALIAS_BUILTINS = new Set([
  'map.get', 'array.find', 'array.pop', 'array.shift', 'array.sort', 'array.reverse', 'array.fill',
  'map.values', 'map.entries', 'set.values',
]);

function isReference(type: IrType): boolean {
  const plain = type.kind === 'optional' ? type.inner : type;
  return ['struct', 'class', 'array', 'map', 'set', 'tuple'].includes(plain.kind);
}

type Root = { kind: 'this' } | { kind: 'local'; name: string } | undefined;

/** Where a value lives: in `this`, in a local, or nowhere (a fresh value). */
function rootOf(expr: Expr, returnsRef: (e: Expr & { kind: 'methodCall' }) => boolean = () => true): Root {
  const of = (e: Expr): Root => rootOf(e, returnsRef);
  switch (expr.kind) {
    case 'this':
      return { kind: 'this' };
    case 'ident':
      return { kind: 'local', name: expr.name };
    case 'field':
    case 'index':
      return of(expr.object);
    case 'unwrap':
    case 'some':
      return of(expr.value);
    case 'builtin':
      return expr.receiver && ALIAS_BUILTINS.has(expr.name) ? of(expr.receiver) : undefined;
    case 'methodCall':
      return isReference(expr.type) && returnsRef(expr) ? of(expr.receiver) : undefined;
    case 'conditional':
      return of(expr.then) ?? of(expr.else);
    case 'logical':
      return expr.op === '??' ? (of(expr.left) ?? of(expr.right)) : undefined;
    default:
      return undefined;
  }
}

/** Whether a place lies inside an instance of a shared class (`node.next`, `this.head!.value`). */
function throughShared(tables: Pick<ModuleTables, 'classes'>, place: Expr): boolean {
  for (let e = place; ; ) {
    if (e.kind === 'field' || e.kind === 'index') {
      if (isSharedType(tables, e.object.type)) return true;
      e = e.object;
    } else if (e.kind === 'unwrap') e = e.value;
    else if (e.kind === 'builtin' && e.receiver && ALIAS_BUILTINS.has(e.name)) e = e.receiver;
    else return false;
  }
}

function analyseMutation(
  cls: ClassDecl,
  methods: Map<string, MethodDecl>,
  key: (c: string, m: string) => string,
  intoShared: (place: Expr) => boolean,
  sharedValue: (type: IrType) => boolean,
): void {
  const returnsRef = (e: Expr & { kind: 'methodCall' }): boolean => methods.get(key(e.className, e.method))?.returnsFieldRef === true;
  const stateOf = (method: MethodDecl): ((expr: Expr) => boolean) => {
    const aliases = new Set<string>();
    const isState = (expr: Expr): boolean => {
      const root = rootOf(expr, returnsRef);
      return root?.kind === 'this' || (root?.kind === 'local' && aliases.has(root.name));
    };
    walkStmts(method.body, {
      stmt: (s) => {
        if (s.kind === 'var' && s.init && isReference(s.type) && isState(s.init)) aliases.add(s.name);
        if (s.kind === 'forOf' && isState(s.iterable) && isReference(s.elementType)) s.bindings.forEach((b) => aliases.add(b));
      },
    });
    return isState;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const method of cls.methods) {
      if (method.returnsFieldRef || method.returnsThis) continue;
      const isState = stateOf(method);
      let found = false;
      walkStmts(method.body, {
        stmt: (s) => {
          if (s.kind === 'return' && s.value && isReference(s.value.type) && isState(s.value)) found = true;
        },
        expr: (e) => e.kind !== 'closure',
      });
      if (found) {
        method.returnsFieldRef = true;
        changed = true;
      }
    }
  }
  const facts = cls.methods.map((method) => {
    const ofThis = stateOf(method);
    const isState = (e: Expr): boolean => ofThis(e) || intoShared(e);
    let direct = false;
    const calls: { className: string; method: string }[] = [];
    walkStmts(method.body, {
      stmt: (s) => {
        if (s.kind === 'assign' && s.target.kind !== 'ident' && isState(s.target)) direct = true;
        if (s.kind === 'swap' && (isState(s.left) || isState(s.right))) direct = true;
      },
      expr: (e) => {
        if (e.kind === 'builtin' && e.receiver && MUTATING_BUILTINS.has(e.name) && isState(e.receiver)) direct = true;
        // A method of a shared object changes what every instance reaching it sees.
        if (e.kind === 'methodCall' && (isState(e.receiver) || sharedValue(e.receiver.type))) calls.push({ className: e.className, method: e.method });
      },
    });
    method.mutates = direct;
    return { method, calls };
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const { method, calls } of facts) {
      if (method.mutates) continue;
      if (calls.some((c) => methods.get(key(c.className, c.method))?.mutates)) {
        method.mutates = true;
        changed = true;
      }
    }
  }
}

/** Scope-aware pass: which `let`s are reassigned or mutated in place, which params reassigned. */
function markLocals(
  params: Param[],
  body: Stmt[],
  methods: Map<string, MethodDecl>,
  report: (d: Diagnostic) => void,
): void {
  type Binding = VarStmt | Param | null;
  const scopes: Map<string, Binding>[] = [new Map(params.map((p) => [p.name, p]))];
  const lookup = (name: string): Binding => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.has(name)) return scopes[i]!.get(name)!;
    return null;
  };
  const touch = (expr: Expr, reassign: boolean): void => {
    const root = rootOf(expr);
    if (root?.kind !== 'local') return;
    const binding = lookup(root.name);
    if (!binding) return;
    if ('kind' in binding) {
      binding.mutable = true;
    } else if (reassign && expr.kind === 'ident') {
      binding.reassigned = true;
    } else if (isReference(binding.type)) {
      report(diag.parameterMutated(expr.origin, `parameter ${binding.name}`));
    }
  };
  const visitExpr = (expr: Expr): void =>
    walkExpr(expr, {
      expr: (e) => {
        if (e.kind === 'builtin' && e.receiver && MUTATING_BUILTINS.has(e.name)) touch(e.receiver, false);
        if (e.kind === 'methodCall' && e.receiver.kind !== 'this' && methods.get(`${e.className}.${e.method}`)?.mutates) {
          touch(e.receiver, false);
        }
        if (e.kind === 'closure') {
          scopes.push(new Map(e.params.map((p) => [p.name, p])));
          visitStmts(e.body);
          scopes.pop();
          return false;
        }
        return undefined;
      },
    });
  const visitStmts = (stmts: Stmt[]): void => {
    scopes.push(new Map());
    for (const stmt of stmts) visitStmt(stmt);
    scopes.pop();
  };
  const visitStmt = (stmt: Stmt): void => {
    for (const expr of stmtExprs(stmt)) visitExpr(expr);
    if (stmt.kind === 'assign') touch(stmt.target, true);
    if (stmt.kind === 'swap') {
      touch(stmt.left, true);
      touch(stmt.right, true);
    }
    if (stmt.kind === 'var') scopes[scopes.length - 1]!.set(stmt.name, stmt);
    if (stmt.kind === 'for') {
      scopes.push(new Map());
      for (const s of stmt.init) visitStmt(s);
      visitStmts(stmt.body);
      visitStmts(stmt.update);
      scopes.pop();
      return;
    }
    const loopBindings = stmt.kind === 'forRange' ? [stmt.variable] : stmt.kind === 'forOf' ? stmt.bindings : [];
    scopes.push(new Map(loopBindings.map((b) => [b, null])));
    for (const nested of stmtBodies(stmt)) visitStmts(nested);
    scopes.pop();
  };
  visitStmts(body);
}
