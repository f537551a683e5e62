import { walkStmts } from '../ir-walk.js';
import { typeChildren, type ClassDecl, type Expr, type FunctionDecl, type IrType, type Stmt, type TypeBound, type TypeParamDecl } from '../ir.js';
import type { ModuleTables } from './context.js';

/**
 * Bounds of type parameters: what each generic body does with values of `T` (see `TypeBound`),
 * directly or by handing `T` on to another generic declaration whose own parameter needs it
 * (`LinkedList<T>` holding `LinkedListNode<T>`, a generic function calling `swap<T>`), as a
 * fixpoint over the module. The printers state the bounds (Rust traits, Go constraints), so a
 * translation of a body that compares `T` with `<` only accepts types where that is defined.
 */

interface GenericOwner {
  params: TypeParamDecl[];
  /** Every body of the declaration (methods, constructor, field initialisers). */
  bodies: Stmt[][];
  /** Declared types: fields, parameters, results. */
  types: IrType[];
}

const COMPARISONS = new Set(['<', '<=', '>', '>=']);
const EQUALITY = new Set(['==', '!=']);
const ELEMENT_EQUALITY = new Set(['array.indexOf', 'array.includes']);

export function inferBounds(tables: Pick<ModuleTables, 'classes' | 'functions'>): void {
  const owners = genericOwners(tables);
  for (const owner of owners) {
    for (const body of owner.bodies) directBounds(body, owner);
    for (const type of owner.types) typeBounds(type, owner);
  }
  for (let round = 0; round < 20; round++) {
    let changed = false;
    for (const owner of owners) changed = propagate(owner, tables) || changed;
    if (!changed) break;
  }
  for (const owner of owners) for (const p of owner.params) p.bounds.sort();
}

function genericOwners(tables: Pick<ModuleTables, 'classes' | 'functions'>): GenericOwner[] {
  const owners: GenericOwner[] = [];
  for (const fn of tables.functions.values()) if (fn.typeParams) owners.push(functionOwner(fn, fn.typeParams));
  for (const cls of tables.classes.values()) if (cls.typeParams) owners.push(classOwner(cls, cls.typeParams));
  return owners;
}

function functionOwner(fn: FunctionDecl, params: TypeParamDecl[]): GenericOwner {
  return { params, bodies: [fn.body], types: [...fn.params.map((p) => p.type), fn.result] };
}

function classOwner(cls: ClassDecl, params: TypeParamDecl[]): GenericOwner {
  const initialisers: Stmt[] = cls.fields.flatMap((f) => (f.initializer ? [{ kind: 'expr', expr: f.initializer, origin: f.origin }] : []));
  return {
    params,
    bodies: [initialisers, cls.constructorBody, ...cls.methods.map((m) => m.body)],
    types: [
      ...cls.fields.map((f) => f.type),
      ...cls.constructorParams.map((p) => p.type),
      ...cls.methods.flatMap((m) => [...m.params.map((p) => p.type), m.result]),
    ],
  };
}

function add(owner: GenericOwner, name: string, bound: TypeBound): boolean {
  const param = owner.params.find((p) => p.name === name);
  if (!param || param.bounds.includes(bound)) return false;
  param.bounds.push(bound);
  return true;
}

/** The type parameter a value of `type` is (through an optional). */
function paramName(type: IrType): string | undefined {
  const inner = type.kind === 'optional' ? type.inner : type;
  return inner.kind === 'typeParam' ? inner.name : undefined;
}

function directBounds(body: Stmt[], owner: GenericOwner): void {
  const onExpr = (e: Expr): void => {
    typeBounds(e.type, owner);
    if (e.kind === 'binary') {
      const name = paramName(e.left.type) ?? paramName(e.right.type);
      if (name && COMPARISONS.has(e.op)) add(owner, name, 'ord');
      if (name && EQUALITY.has(e.op)) add(owner, name, 'eq');
      if (e.op === 'concat') for (const side of [e.left, e.right]) markText(side.type, owner);
    }
    if (e.kind === 'template') for (const part of e.parts) if (typeof part !== 'string') markText(part.type, owner);
    if (e.kind === 'builtin') {
      if (e.name === 'String' || e.name === 'array.join') for (const a of e.name === 'String' ? e.args : [e.receiver!]) markText(a.type, owner);
      if (ELEMENT_EQUALITY.has(e.name) && e.receiver?.type.kind === 'array') {
        const name = paramName(e.receiver.type.element);
        if (name) add(owner, name, 'eq');
      }
    }
  };
  walkStmts(body, {
    expr: onExpr,
    stmt: (s) => {
      if (s.kind === 'var') typeBounds(s.type, owner);
      if (s.kind === 'forOf') typeBounds(s.elementType, owner);
    },
  });
}

function markText(type: IrType, owner: GenericOwner): void {
  const element = type.kind === 'array' ? type.element : type;
  const name = paramName(element);
  if (name) add(owner, name, 'text');
}

/** Map keys and Set elements of type `T` need `key`. */
function typeBounds(type: IrType, owner: GenericOwner): void {
  switch (type.kind) {
    case 'map': {
      const name = paramName(type.key);
      if (name) add(owner, name, 'key');
      typeBounds(type.key, owner);
      typeBounds(type.value, owner);
      return;
    }
    case 'set': {
      const name = paramName(type.element);
      if (name) add(owner, name, 'key');
      typeBounds(type.element, owner);
      return;
    }
    case 'array':
      return typeBounds(type.element, owner);
    case 'optional':
      return typeBounds(type.inner, owner);
    case 'tuple':
      return type.elements.forEach((t) => typeBounds(t, owner));
    case 'class':
      return (type.args ?? []).forEach((t) => typeBounds(t, owner));
    case 'function':
      type.params.forEach((t) => typeBounds(t, owner));
      return typeBounds(type.result, owner);
    default:
      return;
  }
}

/** Bounds a callee or held generic class asks of its arguments become bounds of the owner's parameters. */
function propagate(owner: GenericOwner, tables: Pick<ModuleTables, 'classes' | 'functions'>): boolean {
  let changed = false;
  const demand = (params: TypeParamDecl[] | undefined, args: IrType[] | undefined): void => {
    if (!params || !args) return;
    params.forEach((p, i) => {
      const name = paramName(elementType(args[i]));
      if (name) for (const b of p.bounds) changed = add(owner, name, b) || changed;
    });
  };
  const onType = (type: IrType): void => {
    if (type.kind === 'class') demand(tables.classes.get(type.name)?.typeParams, type.args);
    for (const inner of typeChildren(type)) onType(inner);
  };
  for (const t of owner.types) onType(t);
  for (const body of owner.bodies) {
    walkStmts(body, {
      expr: (e) => {
        onType(e.type);
        if (e.kind === 'call' && e.typeArgs) demand(tables.functions.get(e.callee)?.typeParams, e.typeArgs);
        if (e.kind === 'methodCall') onType(e.receiver.type);
      },
      stmt: (s) => {
        if (s.kind === 'var') onType(s.type);
      },
    });
  }
  return changed;
}

/** `T[]` asks of `T` what is asked of the array (element-wise equality and order). */
function elementType(type: IrType | undefined): IrType {
  if (!type) return { kind: 'unknown' };
  return type.kind === 'array' ? type.element : type;
}
