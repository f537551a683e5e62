import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ClassDecl, Expr, MethodDecl, Param, Stmt, VarStmt } from '../ir.js';
import { MUTATING_BUILTINS } from './builtins.js';
import { pathOf, placeRoot, stmtExprs, walkExpr, walkStmts } from '../ir-walk.js';

/**
 * JavaScript reference semantics for objects a `returnsFieldRef` method hands out of a Map field
 * (`const item = this.requireItem(id); item.available -= n;`). A printer that copies values
 * (Rust) needs to store the copy back; this pass marks the locals where that is sound with
 * `VarStmt.writeBack` and reports PIV1306 where a mutated alias has any other shape, so the
 * translation fails loudly instead of mutating a copy.
 */
export function planWriteBacks(cls: ClassDecl, methods: Map<string, MethodDecl>, report: (d: Diagnostic) => void): void {
  const sources = new Map<string, Source | undefined>();
  for (const m of cls.methods) if (m.returnsFieldRef) sources.set(m.name, sourceOf(m));
  if (sources.size === 0) return;
  const mutates = (e: Expr & { kind: 'methodCall' }): boolean => methods.get(`${e.className}.${e.method}`)?.mutates === true;
  const bodies: { params: Param[]; body: Stmt[] }[] = [
    { params: cls.constructorParams, body: cls.constructorBody },
    ...cls.methods.map((m) => ({ params: m.params, body: m.body })),
  ];
  for (const { params, body } of bodies) planBody(cls, params, body, sources, mutates, report);
}

interface Source {
  field: string;
  keyParam: number;
}

function strip(e: Expr): Expr {
  return e.kind === 'unwrap' || e.kind === 'some' ? strip(e.value) : e;
}

/** `this.<field>` of a Map `get`, or undefined. */
function mapGetField(e: Expr): { field: string; key: Expr } | undefined {
  const s = strip(e);
  if (s.kind !== 'builtin' || s.name !== 'map.get' || !s.receiver || !s.args[0]) return undefined;
  const r = s.receiver;
  return r.kind === 'field' && r.object.kind === 'this' ? { field: r.field, key: s.args[0] } : undefined;
}

/** Targets written in a body (assignments, swaps, receivers of mutating builtins), as paths. */
function writtenPaths(body: Stmt[], mutates: (e: Expr & { kind: 'methodCall' }) => boolean): string[] {
  const paths: string[] = [];
  const add = (e: Expr | undefined): void => {
    const p = e && pathOf(e);
    if (p !== undefined) paths.push(p);
  };
  walkStmts(body, {
    stmt: (s) => {
      if (s.kind === 'assign') add(s.target);
      if (s.kind === 'swap') [s.left, s.right].forEach(add);
    },
    expr: (e) => {
      if (e.kind === 'builtin' && e.receiver && MUTATING_BUILTINS.has(e.name)) add(e.receiver);
      if (e.kind === 'methodCall' && mutates(e)) add(e.receiver);
    },
  });
  return paths;
}

/** Where a returnsFieldRef method's result comes from: `this.F.get(param)`, directly or via a const. */
function sourceOf(method: MethodDecl): Source | undefined {
  const vars = new Map<string, VarStmt>();
  const values: Expr[] = [];
  walkStmts(method.body, {
    stmt: (s) => {
      if (s.kind === 'var') vars.set(s.name, s);
      if (s.kind === 'return' && s.value) values.push(s.value);
    },
    expr: (e) => e.kind !== 'closure',
  });
  const written = writtenPaths(method.body, () => false);
  let found: Source | undefined;
  for (const value of values) {
    const v = strip(value);
    const get = v.kind === 'ident' && vars.get(v.name)?.init && !written.includes(v.name) ? mapGetField(vars.get(v.name)!.init!) : mapGetField(v);
    if (!get || get.key.kind !== 'ident') return undefined;
    const keyName = get.key.name;
    const keyParam = method.params.findIndex((p) => p.name === keyName && !p.reassigned);
    if (keyParam < 0 || (found && (found.field !== get.field || found.keyParam !== keyParam))) return undefined;
    found = { field: get.field, keyParam };
  }
  return found;
}

const LEAF = new Set<Stmt['kind']>(['assign', 'expr', 'swap', 'var']);

function planBody(
  cls: ClassDecl,
  params: Param[],
  body: Stmt[],
  sources: Map<string, Source | undefined>,
  mutates: (e: Expr & { kind: 'methodCall' }) => boolean,
  report: (d: Diagnostic) => void,
): void {
  const aliases: { stmt: VarStmt; method: string; init: Expr & { kind: 'methodCall' } }[] = [];
  walkStmts(body, {
    stmt: (s) => {
      if (s.kind !== 'var' || !s.init) return;
      const init = strip(s.init);
      if (init.kind === 'methodCall' && init.receiver.kind === 'this' && init.className === cls.name && sources.has(init.method)) {
        aliases.push({ stmt: s, method: init.method, init });
      }
    },
  });
  if (aliases.length === 0) return;
  const written = writtenPaths(body, mutates);
  const isMutated = (name: string): boolean => written.some((p) => p.startsWith(`${name}.`));
  const claimed = new Set<string>();
  for (const alias of aliases) {
    const name = alias.stmt.name;
    if (!isMutated(name)) continue;
    const refuse = (why: string): void =>
      report(diag.fieldRefMutation(alias.stmt.origin, `${name} (from this.${alias.method}(…), ${why})`));
    const source = sources.get(alias.method);
    if (!source) {
      refuse('not taken from a Map field under a parameter key');
      continue;
    }
    const key = alias.init.args[source.keyParam];
    const keyPath = key && (key.kind === 'number' || key.kind === 'string' ? '' : pathOf(key));
    if (!key || keyPath === undefined || !stableKey(keyPath, params, written)) {
      refuse('its key is not a stable local or literal');
      continue;
    }
    if (claimed.has(source.field) || written.some((p) => p === 'this' || p === `this.${source.field}` || p.startsWith(`this.${source.field}.`))) {
      refuse(`this.${source.field} is also changed another way`);
      continue;
    }
    if (callsMutatingMethodOnThis(body, mutates) || escapes(body, name) || mutatedOutsideLeaf(body, name, mutates)) {
      refuse('it is shared, passed on, or changed inside an expression');
      continue;
    }
    claimed.add(source.field);
    alias.stmt.writeBack = { field: source.field, key };
  }
}

function stableKey(keyPath: string, params: Param[], written: string[]): boolean {
  if (keyPath === '') return true;
  const root = keyPath.split('.')[0]!;
  if (root === 'this') return false;
  if (params.some((p) => p.name === root && p.reassigned)) return false;
  return !written.some((w) => w === root || keyPath === w || keyPath.startsWith(`${w}.`) || w.startsWith(`${keyPath}.`));
}

function callsMutatingMethodOnThis(body: Stmt[], mutates: (e: Expr & { kind: 'methodCall' }) => boolean): boolean {
  let found = false;
  walkStmts(body, {
    expr: (e) => {
      if (e.kind === 'methodCall' && e.receiver.kind === 'this' && mutates(e)) found = true;
    },
  });
  return found;
}

/** The alias itself stored, assigned or bound elsewhere (another alias JS would share). */
function escapes(body: Stmt[], name: string): boolean {
  const isAlias = (e: Expr | undefined): boolean => e !== undefined && strip(e).kind === 'ident' && (strip(e) as { name: string }).name === name;
  let found = false;
  walkStmts(body, {
    stmt: (s) => {
      if (s.kind === 'assign' && isAlias(s.value)) found = true;
      if (s.kind === 'var' && isAlias(s.init)) found = true;
    },
    expr: (e) => {
      if (e.kind === 'builtin' && MUTATING_BUILTINS.has(e.name) && e.args.some(isAlias)) found = true;
      if ((e.kind === 'structLit' || e.kind === 'array' || e.kind === 'tuple') && holdsAlias(e, isAlias)) found = true;
      if (e.kind === 'closure' && mentions(e, name)) found = true;
    },
  });
  return found;
}

/** A change to the alias in a condition, loop header or return, where no write-back can follow it. */
function mutatedOutsideLeaf(body: Stmt[], name: string, mutates: (e: Expr & { kind: 'methodCall' }) => boolean): boolean {
  let found = false;
  walkStmts(body, {
    stmt: (s) => {
      if (LEAF.has(s.kind)) return;
      for (const e of stmtExprs(s)) {
        walkExpr(e, {
          expr: (inner) => {
            const recv = inner.kind === 'builtin' && MUTATING_BUILTINS.has(inner.name) ? inner.receiver : inner.kind === 'methodCall' && mutates(inner) ? inner.receiver : undefined;
            if (recv && placeRoot(recv) === name) found = true;
          },
        });
      }
    },
  });
  return found;
}

/** An element or field value of a literal is the alias itself (not a read of one of its fields). */
function holdsAlias(e: Expr, isAlias: (e: Expr) => boolean): boolean {
  if (e.kind === 'structLit') return e.fields.some((f) => isAlias(f.value));
  if (e.kind === 'array' || e.kind === 'tuple') return e.elements.some(isAlias);
  return false;
}

function mentions(e: Expr, name: string): boolean {
  let found = false;
  walkExpr(e, {
    expr: (inner) => {
      if (inner.kind === 'ident' && inner.name === name) found = true;
    },
  });
  return found;
}
