/** IR expressions and their factories (see ir.ts); every expression carries its IR type. */
import type { Param, Stmt } from './ir.js';
import { BOOL, F64, I64, STRING, UNKNOWN, type IrType, type Origin } from './ir-types.js';

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
  /** A generic module function: the type arguments of this call, one per `typeParams` entry. */
  typeArgs?: IrType[];
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
  /** `xs[i]` where an optional is expected: `undefined` (absent) out of range, as JS reads it. */
  | 'array.get'
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
