/**
 * The module's callables (functions, methods, constructors) under one key each, and the key a
 * call expression targets: what the effect analyses iterate to a fixpoint over.
 */
import type { Expr, Param, Stmt } from '../ir.js';
import type { ModuleTables } from './context.js';

export interface Callable {
  /** `name`, `Class.method` or `new Class`. */
  key: string;
  params: Param[];
  body: Stmt[];
}

export function moduleCallables(tables: ModuleTables): Callable[] {
  return [
    ...[...tables.functions.values()].map((f) => ({ key: f.name, params: f.params, body: f.body })),
    ...[...tables.classes.values()].flatMap((c) => [
      ...c.methods.map((m) => ({ key: `${c.name}.${m.name}`, params: m.params, body: m.body })),
      { key: `new ${c.name}`, params: c.constructorParams, body: c.constructorBody },
    ]),
  ];
}

/** The key of the callable a call, method call or `new` targets (calls of local closures have none). */
export function calleeKey(e: Expr): string | undefined {
  if (e.kind === 'call' && !e.closureType) return e.callee;
  if (e.kind === 'methodCall') return `${e.className}.${e.method}`;
  if (e.kind === 'new') return `new ${e.className}`;
  return undefined;
}
