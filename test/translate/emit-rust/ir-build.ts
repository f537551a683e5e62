/**
 * Terse hand-built IR for the Rust printer's tests (the printers never see ts-morph, so the
 * tests build what lowering would produce).
 */
import {
  BOOL,
  F64,
  I64,
  STRING,
  type BinaryOp,
  type BuiltinName,
  type ClosureExpr,
  type Expr,
  type FunctionDecl,
  type IrType,
  type MethodDecl,
  type Origin,
  type Param,
  type Stmt,
} from '../../../src/translate/ir.js';

export const o: Origin = { file: 'src/case.ts', line: 1, column: 1 };

export const num = (value: number, type: IrType = F64): Expr => ({ kind: 'number', value, type, origin: o });
export const int = (value: number): Expr => num(value, I64);
export const str = (value: string): Expr => ({ kind: 'string', value, type: STRING, origin: o });
export const bool = (value: boolean): Expr => ({ kind: 'bool', value, type: BOOL, origin: o });
export const none = (type: IrType): Expr => ({ kind: 'none', type, origin: o });
export const local = (name: string, type: IrType): Expr => ({ kind: 'ident', name, type, binding: 'local', origin: o });
export const arg = (name: string, type: IrType): Expr => ({ kind: 'ident', name, type, binding: 'param', origin: o });
export const konst = (name: string, type: IrType): Expr => ({ kind: 'ident', name, type, binding: 'const', origin: o });
export const self = (className: string): Expr => ({ kind: 'this', type: { kind: 'class', name: className }, origin: o });

const COMPARISON = new Set(['<', '<=', '>', '>=', '==', '!=']);
export const bin = (op: BinaryOp, left: Expr, right: Expr, type?: IrType): Expr => ({
  kind: 'binary',
  op,
  left,
  right,
  type: type ?? (COMPARISON.has(op) ? BOOL : op === 'concat' ? STRING : left.type),
  origin: o,
});
export const and = (left: Expr, right: Expr): Expr => ({ kind: 'logical', op: '&&', left, right, type: BOOL, origin: o });
export const or = (left: Expr, right: Expr): Expr => ({ kind: 'logical', op: '||', left, right, type: BOOL, origin: o });
export const coalesce = (left: Expr, right: Expr): Expr => ({ kind: 'logical', op: '??', left, right, type: right.type, origin: o });
export const not = (operand: Expr): Expr => ({ kind: 'unary', op: '!', operand, type: BOOL, origin: o });
export const neg = (operand: Expr): Expr => ({ kind: 'unary', op: '-', operand, type: operand.type, origin: o });
export const cond = (c: Expr, then: Expr, otherwise: Expr): Expr => ({ kind: 'conditional', cond: c, then, else: otherwise, type: then.type, origin: o });
export const toF64 = (value: Expr): Expr => ({ kind: 'convert', to: 'f64', value, type: F64, origin: o });
export const toI64 = (value: Expr): Expr => ({ kind: 'convert', to: 'i64', value, type: I64, origin: o });
export const some = (value: Expr): Expr => ({ kind: 'some', value, type: { kind: 'optional', inner: value.type }, origin: o });
export const unwrap = (value: Expr): Expr => ({
  kind: 'unwrap',
  value,
  type: value.type.kind === 'optional' ? value.type.inner : value.type,
  origin: o,
});
export const isNone = (value: Expr, negated = false): Expr => ({ kind: 'isNone', value, negated, type: BOOL, origin: o });
export const call = (callee: string, args: Expr[], type: IrType, throws = false): Expr => ({ kind: 'call', callee, args, type, throws, origin: o });
export const method = (receiver: Expr, className: string, name: string, args: Expr[], type: IrType, throws = false): Expr => ({
  kind: 'methodCall',
  receiver,
  className,
  method: name,
  args,
  type,
  throws,
  origin: o,
});
export const builtin = (name: BuiltinName, receiver: Expr | undefined, args: Expr[], type: IrType): Expr => ({
  kind: 'builtin',
  name,
  receiver,
  args,
  type,
  origin: o,
});
export const field = (object: Expr, name: string, type: IrType): Expr => ({ kind: 'field', object, field: name, type, origin: o });
export const index = (object: Expr, i: Expr, type: IrType): Expr => ({ kind: 'index', object, index: i, type, origin: o });
export const array = (elements: Expr[], element: IrType): Expr => ({ kind: 'array', elements, type: { kind: 'array', element }, origin: o });
export const tuple = (elements: Expr[]): Expr => ({ kind: 'tuple', elements, type: { kind: 'tuple', elements: elements.map((e) => e.type) }, origin: o });
export const structLit = (name: string, fields: [string, Expr][]): Expr => ({
  kind: 'structLit',
  name,
  fields: fields.map(([n, value]) => ({ name: n, value })),
  type: { kind: 'struct', name },
  origin: o,
});
export const enumLit = (enumName: string, variant: string): Expr => ({ kind: 'enumLit', enumName, variant, type: { kind: 'enum', name: enumName }, origin: o });
export const template = (...parts: (string | Expr)[]): Expr => ({ kind: 'template', parts, type: STRING, origin: o });
export const newClass = (className: string, args: Expr[], throws = false): Expr => ({
  kind: 'new',
  className,
  args,
  throws,
  type: { kind: 'class', name: className },
  origin: o,
});

export const param = (name: string, type: IrType, extra: Partial<Param> = {}): Param => ({ name, type, reassigned: false, origin: o, ...extra });
export const closure = (params: Param[], result: IrType, body: Stmt[] | Expr): ClosureExpr => ({
  kind: 'closure',
  params,
  result,
  body: Array.isArray(body) ? body : [ret(body)],
  type: { kind: 'function', params: params.map((p) => p.type), result },
  origin: o,
});

export const let_ = (name: string, type: IrType, init?: Expr, mutable = false): Stmt => ({ kind: 'var', name, type, init, mutable, origin: o });
export const assign = (target: Expr, value: Expr, op: '=' | '+=' | '-=' | '*=' | '/=' | '%=' = '='): Stmt => ({ kind: 'assign', target, op, value, origin: o });
export const exprStmt = (e: Expr): Stmt => ({ kind: 'expr', expr: e, origin: o });
export const if_ = (c: Expr, then: Stmt[], otherwise?: Stmt[]): Stmt => ({ kind: 'if', cond: c, then, else: otherwise, origin: o });
export const ret = (value?: Expr): Stmt => ({ kind: 'return', value, origin: o });
export const throw_ = (message: Expr): Stmt => ({ kind: 'throw', message, origin: o });
export const forRange = (variable: string, start: Expr, end: Expr, body: Stmt[], extra: { inclusive?: boolean; step?: number; label?: string } = {}): Stmt => ({
  kind: 'forRange',
  variable,
  type: I64,
  start,
  end,
  inclusive: extra.inclusive ?? false,
  step: extra.step ?? 1,
  body,
  label: extra.label,
  origin: o,
});
export const forOf = (bindings: string[], iterable: Expr, elementType: IrType, body: Stmt[]): Stmt => ({ kind: 'forOf', bindings, iterable, elementType, body, origin: o });
export const while_ = (c: Expr, body: Stmt[]): Stmt => ({ kind: 'while', cond: c, body, origin: o });
export const doWhile = (body: Stmt[], c: Expr): Stmt => ({ kind: 'doWhile', body, cond: c, origin: o });
export const switch_ = (subject: Expr, cases: [Expr[], Stmt[]][], dflt?: Stmt[]): Stmt => ({
  kind: 'switch',
  subject,
  cases: cases.map(([values, body]) => ({ values, body })),
  default: dflt,
  origin: o,
});
export const brk = (label?: string): Stmt => ({ kind: 'break', label, origin: o });
export const cont = (label?: string): Stmt => ({ kind: 'continue', label, origin: o });
export const swap = (left: Expr, right: Expr): Stmt => ({ kind: 'swap', left, right, origin: o });

export function fn(name: string, params: Param[], result: IrType, body: Stmt[], extra: Partial<FunctionDecl> = {}): FunctionDecl {
  return { kind: 'function', name, params, result, throws: false, body, exported: true, nondeterministic: false, origin: o, ...extra };
}

export function methodDecl(name: string, params: Param[], result: IrType, body: Stmt[], extra: Partial<MethodDecl> = {}): MethodDecl {
  return {
    kind: 'method',
    name,
    params,
    result,
    throws: false,
    body,
    exported: true,
    nondeterministic: false,
    mutates: false,
    isGetter: false,
    visibility: 'public',
    origin: o,
    ...extra,
  };
}
