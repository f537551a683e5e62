/** Terse builders for hand-written IR in the Go printer tests (lowering is tested elsewhere). */
import {
  BOOL,
  createBinary,
  createBool,
  createBuiltin,
  createIdent,
  createNumber,
  createString,
  F64,
  I64,
  STRING,
  VOID,
  type BinaryOp,
  type BuiltinName,
  type Expr,
  type FunctionDecl,
  type IrType,
  type MethodDecl,
  type Origin,
  type Param,
  type Stmt,
} from '../../../src/translate/ir.js';

export const o: Origin = { file: 'hand/module.ts', line: 1, column: 1 };
export { BOOL, F64, I64, STRING, VOID };

export const num = (v: number, t: IrType = F64): Expr => createNumber(v, t, o);
export const int = (v: number): Expr => createNumber(v, I64, o);
export const str = (v: string): Expr => createString(v, o);
export const bool = (v: boolean): Expr => createBool(v, o);
export const local = (name: string, t: IrType): Expr => createIdent(name, t, 'local', o);
export const param = (name: string, t: IrType): Expr => createIdent(name, t, 'param', o);
export const constant = (name: string, t: IrType): Expr => createIdent(name, t, 'const', o);
export const bin = (op: BinaryOp, l: Expr, r: Expr, t: IrType = l.type): Expr => createBinary(op, l, r, t, o);
export const cmp = (op: BinaryOp, l: Expr, r: Expr): Expr => createBinary(op, l, r, BOOL, o);
export const builtin = (name: BuiltinName, receiver: Expr | undefined, args: Expr[], t: IrType): Expr => createBuiltin(name, receiver, args, t, o);
export const math = (name: BuiltinName, args: Expr[], t: IrType = F64): Expr => builtin(name, undefined, args, t);
export const not = (e: Expr): Expr => ({ kind: 'unary', op: '!', operand: e, type: BOOL, origin: o });
export const neg = (e: Expr): Expr => ({ kind: 'unary', op: '-', operand: e, type: e.type, origin: o });
export const toF64 = (e: Expr): Expr => ({ kind: 'convert', to: 'f64', value: e, type: F64, origin: o });
export const field = (object: Expr, name: string, t: IrType): Expr => ({ kind: 'field', object, field: name, type: t, origin: o });
export const index = (object: Expr, i: Expr, t: IrType): Expr => ({ kind: 'index', object, index: i, type: t, origin: o });
export const thisExpr = (className: string): Expr => ({ kind: 'this', type: { kind: 'class', name: className }, origin: o });
export const call = (callee: string, args: Expr[], t: IrType, throws = false): Expr => ({ kind: 'call', callee, args, type: t, throws, origin: o });
export const template = (...parts: (string | Expr)[]): Expr => ({ kind: 'template', parts, type: STRING, origin: o });
export const enumLit = (enumName: string, variant: string): Expr => ({ kind: 'enumLit', enumName, variant, type: { kind: 'enum', name: enumName }, origin: o });
export const structLit = (name: string, fields: [string, Expr][]): Expr => ({
  kind: 'structLit',
  name,
  fields: fields.map(([n, value]) => ({ name: n, value })),
  type: { kind: 'struct', name },
  origin: o,
});
export const closure = (params: Param[], result: IrType, body: Stmt[]): Expr => ({
  kind: 'closure',
  params,
  result,
  body,
  type: { kind: 'function', params: params.map((p) => p.type), result },
  origin: o,
});

export const p = (name: string, type: IrType, defaultValue?: Expr): Param => ({ name, type, defaultValue, reassigned: false, origin: o });

export const let_ = (name: string, type: IrType, init?: Expr, mutable = true): Stmt => ({ kind: 'var', name, type, init, mutable, origin: o });
export const const_ = (name: string, type: IrType, init: Expr): Stmt => let_(name, type, init, false);
export const assign = (target: Expr, value: Expr, op: '=' | '+=' | '-=' | '*=' | '/=' | '%=' = '='): Stmt => ({ kind: 'assign', target, op, value, origin: o });
export const ret = (value?: Expr): Stmt => ({ kind: 'return', value, origin: o });
export const throw_ = (message: Expr): Stmt => ({ kind: 'throw', message, origin: o });
export const if_ = (cond: Expr, then: Stmt[], else_?: Stmt[]): Stmt => ({ kind: 'if', cond, then, else: else_, origin: o });
export const exprStmt = (expr: Expr): Stmt => ({ kind: 'expr', expr, origin: o });
export const forRange = (variable: string, start: Expr, end: Expr, body: Stmt[], step = 1, inclusive = false): Stmt => ({
  kind: 'forRange', variable, type: I64, start, end, inclusive, step, body, origin: o,
});
export const forOf = (bindings: string[], iterable: Expr, elementType: IrType, body: Stmt[]): Stmt => ({
  kind: 'forOf', bindings, iterable, elementType, body, origin: o,
});

export function fn(name: string, params: Param[], result: IrType, body: Stmt[], opts: Partial<FunctionDecl> = {}): FunctionDecl {
  return { kind: 'function', name, params, result, throws: false, body, exported: true, nondeterministic: false, origin: o, ...opts };
}

export function method(name: string, params: Param[], result: IrType, body: Stmt[], opts: Partial<MethodDecl> = {}): MethodDecl {
  return {
    kind: 'method', name, params, result, throws: false, body, exported: true, nondeterministic: false, origin: o,
    mutates: false, isGetter: false, visibility: 'public', ...opts,
  };
}
