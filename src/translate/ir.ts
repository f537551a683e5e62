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

export interface Origin {
  /** POSIX path relative to the project root. */
  file: string;
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------------------------
// Types

export type IrType =
  | { kind: 'f64' }
  | { kind: 'i64' }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'void' }
  | { kind: 'array'; element: IrType }
  | { kind: 'tuple'; elements: IrType[] }
  | { kind: 'map'; key: IrType; value: IrType }
  | { kind: 'set'; element: IrType }
  /** `T | undefined`, `T | null`, optional fields and parameters. */
  | { kind: 'optional'; inner: IrType }
  /** A plain-object interface or type alias, declared in `IrModule.structs`. */
  | { kind: 'struct'; name: string }
  /** A union of string literals, declared in `IrModule.enums`. */
  | { kind: 'enum'; name: string }
  /** A class of the module, declared in `IrModule.classes` (generics are monomorphised). */
  | { kind: 'class'; name: string }
  /** A closure value (only as an argument of array methods or a local const). */
  | { kind: 'function'; params: IrType[]; result: IrType }
  /** What a `Placeholder` has; never reaches a printer in a module without errors. */
  | { kind: 'unknown' };

export const F64: IrType = { kind: 'f64' };
export const I64: IrType = { kind: 'i64' };
export const BOOL: IrType = { kind: 'bool' };
export const STRING: IrType = { kind: 'string' };
export const VOID: IrType = { kind: 'void' };
export const UNKNOWN: IrType = { kind: 'unknown' };
export const arrayOf = (element: IrType): IrType => ({ kind: 'array', element });
export const optionalOf = (inner: IrType): IrType => ({ kind: 'optional', inner });
export const mapOf = (key: IrType, value: IrType): IrType => ({ kind: 'map', key, value });
export const setOf = (element: IrType): IrType => ({ kind: 'set', element });
export const structType = (name: string): IrType => ({ kind: 'struct', name });
export const enumType = (name: string): IrType => ({ kind: 'enum', name });
export const classType = (name: string): IrType => ({ kind: 'class', name });

export function isNumeric(type: IrType): boolean {
  return type.kind === 'f64' || type.kind === 'i64';
}

export function sameType(a: IrType, b: IrType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

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
  origin: Origin;
}

export interface FunctionDecl {
  kind: 'function';
  name: string;
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
}

export interface ClassDecl {
  kind: 'class';
  name: string;
  fields: ClassField[];
  constructorParams: Param[];
  constructorBody: Stmt[];
  constructorThrows: boolean;
  methods: MethodDecl[];
  exported: boolean;
  doc?: string;
  origin: Origin;
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

// ---------------------------------------------------------------------------------------------
// Expressions (every expression carries its IR type)

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | NoneLit
  | Ident
  | ThisExpr
  | Unary
  | Binary
  | Logical
  | Conditional
  | Convert
  | SomeExpr
  | UnwrapExpr
  | IsNoneExpr
  | CallExpr
  | MethodCall
  | BuiltinCall
  | FieldExpr
  | IndexExpr
  | ArrayLit
  | TupleLit
  | StructLit
  | NewClass
  | ClosureExpr
  | TemplateExpr
  | EnumLit
  | Placeholder;

interface ExprBase {
  type: IrType;
  origin: Origin;
}

export interface NumberLit extends ExprBase {
  kind: 'number';
  /** May be NaN or ±Infinity (from `NaN`, `Infinity`, `Number.MAX_SAFE_INTEGER` …). */
  value: number;
}

export interface StringLit extends ExprBase {
  kind: 'string';
  value: string;
}

export interface BoolLit extends ExprBase {
  kind: 'bool';
  value: boolean;
}

/** `undefined` / `null` where an `optional` is expected. */
export interface NoneLit extends ExprBase {
  kind: 'none';
}

export interface Ident extends ExprBase {
  kind: 'ident';
  name: string;
  /** Where the name is bound; printers need it (Go/Rust constants, captured closure vars). */
  binding: 'local' | 'param' | 'const' | 'function';
}

export interface ThisExpr extends ExprBase {
  kind: 'this';
}

export interface Unary extends ExprBase {
  kind: 'unary';
  op: '-' | '!';
  operand: Expr;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  /** JS remainder: sign of the dividend (Rust `%` on f64/i64 and Go `math.Mod` agree). */
  | '%'
  | '**'
  | '<'
  | '<='
  | '>'
  | '>='
  /** Strict equality (`===`); `==` is lowered to this only where both sides have one type. */
  | '=='
  | '!='
  /** String concatenation (`+` where a side is a string; numbers are formatted as JS does). */
  | 'concat';

export interface Binary extends ExprBase {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** `&&`, `||` on booleans, and `??` on an optional left side. */
export interface Logical extends ExprBase {
  kind: 'logical';
  op: '&&' | '||' | '??';
  left: Expr;
  right: Expr;
}

export interface Conditional extends ExprBase {
  kind: 'conditional';
  cond: Expr;
  then: Expr;
  else: Expr;
}

/**
 * Explicit numeric conversion lowering inserted (i64 → f64 is exact below 2^53). f64 → i64
 * truncates toward zero, maps NaN to 0 and saturates ±Infinity (JS's ToIntegerOrInfinity as
 * slice, charAt … apply it, clamped to i64).
 */
export interface Convert extends ExprBase {
  kind: 'convert';
  to: 'f64' | 'i64';
  value: Expr;
  /** To i64: lowering proved the value a finite whole number, so a plain cast is enough. Absent means false. */
  exact?: boolean;
}

/** Wraps a value where an `optional` is expected. */
export interface SomeExpr extends ExprBase {
  kind: 'some';
  value: Expr;
}

/** An optional used where lowering proved it present (narrowed by a guard, or `x!`). */
export interface UnwrapExpr extends ExprBase {
  kind: 'unwrap';
  value: Expr;
}

/** `x === undefined`, `x == null`, `!x` on an optional of a non-boolean type. */
export interface IsNoneExpr extends ExprBase {
  kind: 'isNone';
  value: Expr;
  /** True for `!== undefined` / `!= null`. */
  negated: boolean;
}

/** Call of a module-level function of the IR module. */
export interface CallExpr extends ExprBase {
  kind: 'call';
  callee: string;
  args: Expr[];
  /** The callee can throw: printers propagate (`?` in Rust, `if err != nil` in Go). */
  throws: boolean;
  /**
   * Set when the callee is a local const bound to a closure (`const scale = (x) => …;
   * scale(2)`), not a module function: the closure's type. Absent for module functions.
   */
  closureType?: Extract<IrType, { kind: 'function' }>;
}

/** Call of a method of a class of the module (on `this` or on an instance). */
export interface MethodCall extends ExprBase {
  kind: 'methodCall';
  receiver: Expr;
  className: string;
  method: string;
  args: Expr[];
  throws: boolean;
}

/**
 * A library call with JS semantics that the printers map to their language (often to a small
 * runtime helper shipped with the generated code). `receiver` is set for method-style builtins.
 */
export interface BuiltinCall extends ExprBase {
  kind: 'builtin';
  name: BuiltinName;
  receiver?: Expr;
  args: Expr[];
}

export type BuiltinName =
  // Math
  | 'Math.abs' | 'Math.floor' | 'Math.ceil' | 'Math.round' | 'Math.trunc' | 'Math.sign'
  | 'Math.sqrt' | 'Math.cbrt' | 'Math.exp' | 'Math.expm1' | 'Math.log' | 'Math.log1p' | 'Math.log2' | 'Math.log10'
  | 'Math.pow' | 'Math.min' | 'Math.max' | 'Math.hypot'
  | 'Math.sin' | 'Math.cos' | 'Math.tan' | 'Math.asin' | 'Math.acos' | 'Math.atan' | 'Math.atan2'
  | 'Math.sinh' | 'Math.cosh' | 'Math.tanh'
  | 'Math.random'
  // Number
  | 'Number.isInteger' | 'Number.isFinite' | 'Number.isNaN' | 'Number.parseFloat' | 'Number.parseInt'
  | 'number.toFixed' | 'number.toString'
  // String (receiver is the string)
  | 'string.length' | 'string.slice' | 'string.substring' | 'string.includes' | 'string.startsWith'
  | 'string.endsWith' | 'string.indexOf' | 'string.split' | 'string.trim' | 'string.toUpperCase'
  | 'string.toLowerCase' | 'string.charCodeAt' | 'string.charAt' | 'string.repeat' | 'string.padStart'
  | 'string.padEnd' | 'String'
  // Array (receiver is the array; closures are ClosureExpr args)
  | 'array.length' | 'array.push' | 'array.pop' | 'array.shift' | 'array.unshift' | 'array.slice'
  | 'array.concat' | 'array.indexOf' | 'array.includes' | 'array.map' | 'array.filter' | 'array.reduce'
  | 'array.some' | 'array.every' | 'array.find' | 'array.findIndex' | 'array.sort' | 'array.reverse'
  | 'array.join' | 'array.fill' | 'array.forEach' | 'Array.from' | 'Array.new'
  // Map / Set (receiver is the collection)
  | 'Map.new' | 'map.get' | 'map.set' | 'map.has' | 'map.delete' | 'map.size' | 'map.clear'
  | 'map.keys' | 'map.values' | 'map.entries'
  | 'Set.new' | 'set.add' | 'set.has' | 'set.delete' | 'set.size' | 'set.clear' | 'set.values'
  // Time
  | 'Date.now' | 'Date.toISOString';

export interface FieldExpr extends ExprBase {
  kind: 'field';
  object: Expr;
  field: string;
}

export interface IndexExpr extends ExprBase {
  kind: 'index';
  object: Expr;
  /** Always `i64`-typed (lowering converts or reports); on a `tuple` object a `NumberLit` constant. */
  index: Expr;
}

export interface ArrayLit extends ExprBase {
  kind: 'array';
  elements: Expr[];
}

export interface TupleLit extends ExprBase {
  kind: 'tuple';
  elements: Expr[];
}

/** An object literal of a known struct type; every non-optional field present, in decl order. */
export interface StructLit extends ExprBase {
  kind: 'structLit';
  name: string;
  fields: { name: string; value: Expr }[];
}

export interface NewClass extends ExprBase {
  kind: 'new';
  className: string;
  args: Expr[];
  throws: boolean;
}

export interface ClosureExpr extends ExprBase {
  kind: 'closure';
  params: Param[];
  result: IrType;
  body: Stmt[];
}

/** Template literal: strings and expressions in order; numbers format as JS's `String(n)`. */
export interface TemplateExpr extends ExprBase {
  kind: 'template';
  parts: (string | Expr)[];
}

/** A string literal where an enum is expected: `"premium"` as `PriceTier`. */
export interface EnumLit extends ExprBase {
  kind: 'enumLit';
  enumName: string;
  variant: string;
}

export interface Placeholder extends ExprBase {
  kind: 'placeholder';
  diagnostic: string;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Factories: every node gets its origin; types are passed explicitly by lowering.

export const createNumber = (value: number, type: IrType, origin: Origin): NumberLit => ({ kind: 'number', value, type, origin });
export const createString = (value: string, origin: Origin): StringLit => ({ kind: 'string', value, type: STRING, origin });
export const createBool = (value: boolean, origin: Origin): BoolLit => ({ kind: 'bool', value, type: BOOL, origin });
export const createNone = (type: IrType, origin: Origin): NoneLit => ({ kind: 'none', type, origin });
export const createIdent = (name: string, type: IrType, binding: Ident['binding'], origin: Origin): Ident => ({ kind: 'ident', name, type, binding, origin });
export const createBinary = (op: BinaryOp, left: Expr, right: Expr, type: IrType, origin: Origin): Binary => ({ kind: 'binary', op, left, right, type, origin });
export const createConvert = (to: 'f64' | 'i64', value: Expr, origin: Origin, exact = false): Convert => ({ kind: 'convert', to, value, type: to === 'f64' ? F64 : I64, origin, ...(exact ? { exact } : {}) });
export const createBuiltin = (name: BuiltinName, receiver: Expr | undefined, args: Expr[], type: IrType, origin: Origin): BuiltinCall => ({ kind: 'builtin', name, receiver, args, type, origin });
export const createPlaceholder = (diagnostic: string, text: string, origin: Origin): Placeholder => ({ kind: 'placeholder', diagnostic, text, type: UNKNOWN, origin });
export const createPlaceholderStmt = (diagnostic: string, text: string, origin: Origin): PlaceholderStmt => ({ kind: 'placeholderStmt', diagnostic, text, origin });
