import { walkStmts } from '../ir-walk.js';
import { typeChildren, type ClassDecl, type IrType, type Stmt } from '../ir.js';
import type { ModuleTables } from './context.js';

/**
 * Shared classes: a class whose fields lead back to itself (a list node's `next`, a tree node's
 * `left`/`right`/`parent`, a trie node's `children: Map<string, TrieNode>`) is a graph of
 * objects that JavaScript code walks and changes through aliases (`let current = this.head;
 * … current.next = node`). Such instances are references in every translation: Rust holds
 * `jsrt::Shared` handles, Go pointers (as it does for every class). Other classes keep the value
 * semantics the aliasing checks (aliasing.ts) protect.
 */
export function isSharedClass(tables: Pick<ModuleTables, 'classes'>, name: string): boolean {
  return reachesClass(tables, name, name, new Set());
}

function reachesClass(tables: Pick<ModuleTables, 'classes'>, from: string, target: string, seen: Set<string>): boolean {
  if (seen.has(from)) return false;
  seen.add(from);
  const cls = tables.classes.get(from);
  return (cls?.fields ?? []).some((f) => classesIn(f.type).some((c) => c === target || reachesClass(tables, c, target, seen)));
}

/** Names of the classes a type holds (through arrays, optionals, maps, sets, tuples, type arguments). */
export function classesIn(type: IrType): string[] {
  return [...(type.kind === 'class' ? [type.name] : []), ...(type.kind === 'function' ? [] : typeChildren(type).flatMap(classesIn))];
}

/**
 * Marks every shared class of the module (after all bodies are lowered), and every type of one
 * anywhere in the module (`shared: true` on the class type), so printers read it off the type.
 */
export function markSharedClasses(tables: Pick<ModuleTables, 'classes' | 'functions' | 'constants' | 'structs'>): void {
  const shared = new Set([...tables.classes.values()].filter((c) => isSharedClass(tables, c.name)).map((c) => c.name));
  if (shared.size === 0) return;
  const mark = (type: IrType): void => {
    if (type.kind === 'class' && shared.has(type.name)) type.shared = true;
    for (const inner of typeChildren(type)) mark(inner);
  };
  const markBody = (stmts: Stmt[]): void =>
    walkStmts(stmts, {
      stmt: (s) => {
        if (s.kind === 'var' || s.kind === 'forRange') mark(s.type);
        if (s.kind === 'forOf') mark(s.elementType);
      },
      expr: (e) => {
        mark(e.type);
        if (e.kind === 'closure') {
          for (const p of e.params) mark(p.type);
          mark(e.result);
        }
      },
    });
  for (const cls of tables.classes.values()) {
    if (shared.has(cls.name)) (cls as ClassDecl).shared = true;
    for (const f of cls.fields) {
      mark(f.type);
      if (f.initializer) markBody([{ kind: 'expr', expr: f.initializer, origin: f.origin }]);
    }
    for (const p of cls.constructorParams) mark(p.type);
    markBody(cls.constructorBody);
    for (const m of cls.methods) {
      for (const p of m.params) mark(p.type);
      mark(m.result);
      markBody(m.body);
    }
  }
  for (const fn of tables.functions.values()) {
    for (const p of fn.params) mark(p.type);
    mark(fn.result);
    markBody(fn.body);
  }
  for (const c of tables.constants.values()) {
    mark(c.type);
    markBody([{ kind: 'expr', expr: c.value, origin: c.origin }]);
  }
  for (const s of tables.structs.values()) for (const f of s.fields) mark(f.type);
}

/** Whether values of `type` (or the value an optional holds) are instances of a shared class. */
export function isSharedType(tables: Pick<ModuleTables, 'classes'>, type: IrType): boolean {
  const inner = type.kind === 'optional' ? type.inner : type;
  return inner.kind === 'class' && isSharedClass(tables, inner.name);
}
