/**
 * The typed, language-neutral IR between lowering (TS → IR) and the printers (IR → Rust | Go).
 *
 * Lowering resolves every question of JavaScript semantics that a printer would otherwise have
 * to guess: each expression carries its IR type, integer vs float is decided (`i64` only where
 * lowering proved the value integral), numeric conversions are explicit `Convert` nodes,
 * functions say whether they can throw, methods say whether they write `this`. Printers never
 * see ts-morph and never see unsupported syntax (lowering put a `Placeholder` there and a
 * diagnostic in the report).
 *
 * Nodes are discriminated unions on `kind`; narrowing with `switch (node.kind)` replaces the
 * `isX` guards of TypeScriptToLua's trio, and the `create*` factories below keep `origin` on
 * every node.
 */

import type { Expr } from './ir-expressions.js';
import { classType, typeParamType, type IrType, type Origin } from './ir-types.js';

export * from './ir-types.js';
export * from './ir-expressions.js';

// ---------------------------------------------------------------------------------------------
// Declarations

export interface StructField {
  name: string;
  type: IrType;
  /** `name?: T` — the field's type is then `optional`. */
  optional: boolean;
}

export interface StructDecl {
  kind: 'struct';
  name: string;
  fields: StructField[];
  exported: boolean;
  doc?: string;
  origin: Origin;
}

export interface EnumDecl {
  kind: 'enum';
  name: string;
  /** The string literals, in declaration order; they are also the wire values. */
  variants: string[];
  exported: boolean;
  doc?: string;
  origin: Origin;
}

export interface ConstDecl {
  kind: 'const';
  name: string;
  type: IrType;
  value: Expr;
  exported: boolean;
  origin: Origin;
}

export interface Param {
  name: string;
  type: IrType;
  /** Default value of `p = expr`; the parameter type is then not optional at the call site. */
  defaultValue?: Expr;
  /** The body assigns to the parameter. */
  reassigned: boolean;
  /**
   * An array parameter whose length the body changes (push, pop, shift, unshift), directly or by
   * passing it on to a parameter that does: the caller's array changes too, as in JavaScript
   * (Go passes `*[]T`). Set by lowering; absent means false.
   */
  resized?: boolean;
  origin: Origin;
}

/**
 * What a generic body does with values of a type parameter, each a bound the printers state:
 * `eq` — `===` / `indexOf` / `includes` (Rust `PartialEq`, Go `comparable`); `ord` — `<` & co.
 * (Rust `PartialOrd`, Go `cmp.Ordered`); `key` — a Map key or Set element (Rust `Hash + Eq`,
 * Go `comparable`); `text` — formatted into a string (Rust `jsrt::JsText`, Go: a runtime switch).
 */
export type TypeBound = 'eq' | 'ord' | 'key' | 'text';

export interface TypeParamDecl {
  name: string;
  bounds: TypeBound[];
}

export interface FunctionDecl {
  kind: 'function';
  name: string;
  /** A generic function (`function f<T>(…)`): its type parameters and what the body needs of them. */
  typeParams?: TypeParamDecl[];
  params: Param[];
  result: IrType;
  /** The body (or anything it calls) can `throw`: Rust returns `Result<T, String>`, Go `(T, error)`. */
  throws: boolean;
  body: Stmt[];
  exported: boolean;
  /** Reads the clock or Math.random: verified by properties, never by fixed outputs. */
  nondeterministic: boolean;
  doc?: string;
  origin: Origin;
}

export interface ClassField {
  name: string;
  type: IrType;
  readonly: boolean;
  visibility: 'public' | 'private' | 'protected';
  /** Field initialiser (`private count = 0`), run before the constructor body. */
  initializer?: Expr;
  origin: Origin;
}

export interface MethodDecl extends Omit<FunctionDecl, 'kind'> {
  kind: 'method';
  /** Assigns a field of `this` or calls a mutating method of a field (Map.set, push, …). */
  mutates: boolean;
  isGetter: boolean;
  visibility: 'public' | 'private' | 'protected';
  /**
   * The result is (part of) an object held in a field of `this` (a Map value, an array element,
   * the field itself), so a caller that mutates it mutates the instance, as in JavaScript.
   * Rust returns `&mut T`, Go a pointer. Absent means false.
   */
  returnsFieldRef?: boolean;
  /**
   * Every `return` hands back `this` (a fluent method: `push(x): this`). Callers get the same
   * instance: Rust returns `&mut Self` (a shared class's handle, `Self`), Go the receiver;
   * vectors record the call like a void one. Absent means false.
   */
  returnsThis?: boolean;
}

export interface ClassDecl {
  kind: 'class';
  name: string;
  /** A generic class kept generic (`class Stack<T>` as the translated unit); see IrType `class.args`. */
  typeParams?: TypeParamDecl[];
  /**
   * Instances are shared references in every translation, as in JavaScript: a self-referential
   * class (a field leads back to the class: list nodes, tree nodes, trie nodes). Rust holds them
   * as `jsrt::Shared` handles (identity `===`, changes seen through every alias), Go as pointers.
   * Absent means false.
   */
  shared?: boolean;
  fields: ClassField[];
  constructorParams: Param[];
  constructorBody: Stmt[];
  constructorThrows: boolean;
  methods: MethodDecl[];
  exported: boolean;
  doc?: string;
  origin: Origin;
}

/** The result a caller outside the class observes: a fluent method's `this` is the instance it already holds. */
export function observedResult(m: Pick<MethodDecl, 'result' | 'returnsThis'>): IrType {
  return m.returnsThis ? { kind: 'void' } : m.result;
}

/** The type of `this` in a class's bodies: a generic class sees itself with its own type parameters. */
export function thisType(cls: Pick<ClassDecl, 'name' | 'typeParams'>): IrType {
  return classType(cls.name, cls.typeParams?.map((p) => typeParamType(p.name)));
}

export interface IrModule {
  /** The TS module this came from (POSIX, relative to the project root). */
  sourceFile: string;
  /** Crate / package friendly name derived from the file, e.g. `pricing`. */
  name: string;
  structs: StructDecl[];
  enums: EnumDecl[];
  constants: ConstDecl[];
  functions: FunctionDecl[];
  classes: ClassDecl[];
  /** Names of the units the user asked for; everything else is here because they need it. */
  entryPoints: string[];
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Stmt =
  | VarStmt
  | AssignStmt
  | ExprStmt
  | IfStmt
  | WhileStmt
  | DoWhileStmt
  | ForStmt
  | ForRangeStmt
  | ForOfStmt
  | SwitchStmt
  | BreakStmt
  | ContinueStmt
  | ReturnStmt
  | ThrowStmt
  | SwapStmt
  | BlockStmt
  | PlaceholderStmt;

export interface VarStmt {
  kind: 'var';
  name: string;
  type: IrType;
  init?: Expr;
  /** `let` that is reassigned (or mutated in place, for arrays/maps/structs). */
  mutable: boolean;
  /**
   * Set by lowering when the local holds an object a `returnsFieldRef` method took from the Map
   * field `this.<field>` under `key`, and the method mutates it: a printer that gets a copy (Rust)
   * stores the copy back into the map after every statement that changes it, so the instance sees
   * the change as in JavaScript. Lowering only sets it where that is sound (the key is stable, no
   * other write to the field, one alias per field); otherwise it reports PIV1306.
   */
  writeBack?: { field: string; key: Expr };
  origin: Origin;
}

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=';

export interface AssignStmt {
  kind: 'assign';
  /** An `Ident`, `Field` (incl. `this.x`) or `Index` expression. */
  target: Expr;
  op: AssignOp;
  value: Expr;
  origin: Origin;
}

export interface ExprStmt {
  kind: 'expr';
  expr: Expr;
  origin: Origin;
}

export interface IfStmt {
  kind: 'if';
  cond: Expr;
  then: Stmt[];
  else?: Stmt[];
  origin: Origin;
}

export interface WhileStmt {
  kind: 'while';
  cond: Expr;
  body: Stmt[];
  label?: string;
  origin: Origin;
}

export interface DoWhileStmt {
  kind: 'doWhile';
  body: Stmt[];
  cond: Expr;
  label?: string;
  origin: Origin;
}

/** A C-style `for` that is not a simple counted range. `continue` must still run `update`. */
export interface ForStmt {
  kind: 'for';
  init: Stmt[];
  cond?: Expr;
  update: Stmt[];
  body: Stmt[];
  label?: string;
  origin: Origin;
}

/**
 * `for (let i = start; i < end; i += step)` (or `<=`, or counting down with `>`/`>=` and a
 * negative step) where the body never assigns `i`, `end` or `step`: printed as a native
 * range loop. `end` is evaluated once only when lowering proved it loop-invariant.
 */
export interface ForRangeStmt {
  kind: 'forRange';
  variable: string;
  type: IrType;
  start: Expr;
  end: Expr;
  inclusive: boolean;
  /** Non-zero constant; negative counts down. */
  step: number;
  body: Stmt[];
  label?: string;
  origin: Origin;
}

export interface ForOfStmt {
  kind: 'forOf';
  /** One name, or several for `for (const [k, v] of map)` / tuple destructuring. */
  bindings: string[];
  iterable: Expr;
  /** Type of each element (a tuple for map entries). */
  elementType: IrType;
  /** Bindings (array elements) whose length the body changes: the element in the array must change. */
  resized?: string[];
  body: Stmt[];
  label?: string;
  origin: Origin;
}

export interface SwitchCase {
  /** Empty for `default`. Cases that fell through in TS are merged here by lowering. */
  values: Expr[];
  body: Stmt[];
}

export interface SwitchStmt {
  kind: 'switch';
  subject: Expr;
  cases: SwitchCase[];
  default?: Stmt[];
  origin: Origin;
}

export interface BreakStmt {
  kind: 'break';
  label?: string;
  origin: Origin;
}

export interface ContinueStmt {
  kind: 'continue';
  label?: string;
  origin: Origin;
}

export interface ReturnStmt {
  kind: 'return';
  value?: Expr;
  origin: Origin;
}

/** `throw new Error(message)`: Rust `return Err(message)`, Go `return zero, errors.New(message)`. */
export interface ThrowStmt {
  kind: 'throw';
  message: Expr;
  origin: Origin;
}

/** `[a[i], a[j]] = [a[j], a[i]]` and `[x, y] = [y, x]`. */
export interface SwapStmt {
  kind: 'swap';
  left: Expr;
  right: Expr;
  origin: Origin;
}

export interface BlockStmt {
  kind: 'block';
  body: Stmt[];
  origin: Origin;
}

/** Stands where lowering refused a statement; `diagnostic` is its code (e.g. `PIV1003`). */
export interface PlaceholderStmt {
  kind: 'placeholderStmt';
  diagnostic: string;
  text: string;
  origin: Origin;
}

// Factories of statements (expression factories are in ir-expressions.ts).

export const createPlaceholderStmt = (diagnostic: string, text: string, origin: Origin): PlaceholderStmt => ({ kind: 'placeholderStmt', diagnostic, text, origin });
