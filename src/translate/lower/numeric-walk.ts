import type { AssignStmt, BuiltinCall, BuiltinName, Expr, ForRangeStmt, IrType, Param, Stmt, SwitchStmt } from '../ir.js';
import type { ModuleTables } from './context.js';

/**
 * One traversal that knows every place a value flows into a typed slot (initialisers,
 * assignments, returns, arguments, fields, elements, keys) and every place a number must be an
 * integer (indexes, counts) or a float (Math.*). Integer inference runs it twice with different
 * hooks: once to collect constraints, once to insert `Convert` nodes and fix derived types.
 */
export interface NumericHooks {
  /** `value` is stored where `target` is expected. */
  sink(value: Expr, target: IrType): Expr;
  /** `value` is used where only an integer makes sense (array index, Map/Set key, `new Array(n)`). */
  integer(value: Expr): Expr;
  /** `value` is a position or count JS truncates first (ToIntegerOrInfinity / ToLength: slice, charAt …). */
  position(value: Expr): Expr;
  /** `value` is used as a float (argument of Math.sqrt …). */
  float(value: Expr): Expr;
  /** Called after an expression's children were rewritten. */
  derive(expr: Expr): Expr;
  compound(stmt: AssignStmt): AssignStmt;
  range(stmt: ForRangeStmt): Stmt;
  switchSubject(stmt: SwitchStmt): void;
}

/**
 * Builtin arguments (positions in the argument list) that are positions or counts JavaScript
 * truncates toward zero before use (ToIntegerOrInfinity, ToLength, ToInt32): `s.slice(1.7)` is
 * `s.slice(1)`, so a float there is converted where it is used, exactly as JS does.
 */
export const POSITION_ARGS: Partial<Record<BuiltinName, number[]>> = {
  'string.slice': [0, 1],
  'string.substring': [0, 1],
  'string.charCodeAt': [0],
  'string.charAt': [0],
  'string.repeat': [0],
  'string.padStart': [0],
  'string.padEnd': [0],
  'string.indexOf': [1],
  'string.includes': [1],
  'string.startsWith': [1],
  'string.endsWith': [1],
  'array.slice': [0, 1],
  'array.indexOf': [1],
  'array.includes': [1],
  'array.fill': [1, 2],
  'number.toFixed': [0],
  'Number.parseInt': [1],
};

/** Builtin arguments that must already be integers (a fraction means something else in JS). */
export const INTEGER_ARGS: Partial<Record<BuiltinName, number[]>> = {
  // ToUint32: -1 means "no limit", not a position.
  'string.split': [1],
  // `new Array(2.5)` throws a RangeError.
  'Array.new': [0],
  // An index, as `xs[i]` is.
  'array.get': [0],
};

/** Math functions whose result is an integer when every argument is (abs, min, floor …). */
export const POLY_MATH = new Set<BuiltinName>([
  'Math.abs', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.sign', 'Math.min', 'Math.max',
]);

export class NumericWalker {
  constructor(
    private readonly tables: ModuleTables,
    private readonly hooks: NumericHooks,
  ) {}

  module(): void {
    for (const constant of this.tables.constants.values()) {
      constant.value = this.hooks.sink(this.expr(constant.value), constant.type);
    }
    for (const fn of this.tables.functions.values()) {
      this.params(fn.params);
      fn.body = this.stmts(fn.body, fn.result);
    }
    for (const cls of this.tables.classes.values()) {
      for (const field of cls.fields) {
        if (field.initializer) field.initializer = this.hooks.sink(this.expr(field.initializer), field.type);
      }
      this.params(cls.constructorParams);
      cls.constructorBody = this.stmts(cls.constructorBody, { kind: 'void' });
      for (const method of cls.methods) {
        this.params(method.params);
        method.body = this.stmts(method.body, method.result);
      }
    }
  }

  private params(params: Param[]): void {
    for (const param of params) {
      if (param.defaultValue) param.defaultValue = this.hooks.sink(this.expr(param.defaultValue), param.type);
    }
  }

  stmts(stmts: Stmt[], result: IrType): Stmt[] {
    return stmts.map((s) => this.stmt(s, result));
  }

  private stmt(s: Stmt, result: IrType): Stmt {
    switch (s.kind) {
      case 'var':
        if (s.init) s.init = this.hooks.sink(this.expr(s.init), s.type);
        return s;
      case 'assign':
        s.target = this.expr(s.target);
        s.value = this.expr(s.value);
        if (s.op === '=') {
          s.value = this.hooks.sink(s.value, s.target.type);
          return s;
        }
        return this.hooks.compound(s);
      case 'expr':
        s.expr = this.expr(s.expr);
        return s;
      case 'if':
        s.cond = this.expr(s.cond);
        s.then = this.stmts(s.then, result);
        if (s.else) s.else = this.stmts(s.else, result);
        return s;
      case 'while':
      case 'doWhile':
        s.cond = this.expr(s.cond);
        s.body = this.stmts(s.body, result);
        return s;
      case 'for':
        s.init = this.stmts(s.init, result);
        if (s.cond) s.cond = this.expr(s.cond);
        s.update = this.stmts(s.update, result);
        s.body = this.stmts(s.body, result);
        return s;
      case 'forRange':
        s.start = this.hooks.sink(this.expr(s.start), s.type);
        s.end = this.expr(s.end);
        s.body = this.stmts(s.body, result);
        return this.hooks.range(s);
      case 'forOf':
        s.iterable = this.expr(s.iterable);
        s.body = this.stmts(s.body, result);
        return s;
      case 'switch':
        s.subject = this.expr(s.subject);
        for (const c of s.cases) {
          c.values = c.values.map((v) => this.expr(v));
          c.body = this.stmts(c.body, result);
        }
        if (s.default) s.default = this.stmts(s.default, result);
        this.hooks.switchSubject(s);
        return s;
      case 'return':
        if (s.value) s.value = this.hooks.sink(this.expr(s.value), result);
        return s;
      case 'throw':
        s.message = this.expr(s.message);
        return s;
      case 'swap':
        s.left = this.expr(s.left);
        s.right = this.expr(s.right);
        return s;
      case 'block':
        s.body = this.stmts(s.body, result);
        return s;
      default:
        return s;
    }
  }

  expr(e: Expr): Expr {
    const { sink } = this.hooks;
    switch (e.kind) {
      case 'unary':
        e.operand = this.expr(e.operand);
        break;
      case 'binary':
      case 'logical':
        e.left = this.expr(e.left);
        e.right = this.expr(e.right);
        if (e.kind === 'logical' && e.op === '??' && e.left.type.kind === 'optional') {
          e.right = sink(e.right, e.right.type.kind === 'optional' ? e.left.type : e.left.type.inner);
        }
        break;
      case 'conditional':
        e.cond = this.expr(e.cond);
        e.then = this.expr(e.then);
        e.else = this.expr(e.else);
        if (e.type.kind !== 'f64' && e.type.kind !== 'i64') {
          e.then = sink(e.then, e.type);
          e.else = sink(e.else, e.type);
        }
        break;
      case 'convert':
      case 'unwrap':
      case 'isNone':
        e.value = this.expr(e.value);
        break;
      case 'some':
        e.value = sink(this.expr(e.value), (e.type as { inner: IrType }).inner);
        break;
      case 'call': {
        if (e.closureType) {
          const types = e.closureType.params;
          e.args = e.args.map((a, i) => (types[i] ? sink(this.expr(a), types[i]) : this.expr(a)));
          break;
        }
        const params = this.tables.functions.get(e.callee)?.params ?? [];
        e.args = e.args.map((a, i) => this.argument(a, params[i]));
        break;
      }
      case 'methodCall': {
        e.receiver = this.expr(e.receiver);
        const params = this.tables.classes.get(e.className)?.methods.find((m) => m.name === e.method)?.params ?? [];
        e.args = e.args.map((a, i) => this.argument(a, params[i]));
        break;
      }
      case 'new': {
        const params = this.tables.classes.get(e.className)?.constructorParams ?? [];
        e.args = e.args.map((a, i) => this.argument(a, params[i]));
        break;
      }
      case 'builtin':
        if (e.receiver) e.receiver = this.expr(e.receiver);
        e.args = e.args.map((a) => this.expr(a));
        this.builtinArgs(e);
        break;
      case 'field':
        e.object = this.expr(e.object);
        break;
      case 'index':
        e.object = this.expr(e.object);
        e.index = this.expr(e.index);
        if (e.object.type.kind !== 'tuple') e.index = this.hooks.integer(e.index);
        break;
      case 'array':
        e.elements = e.elements.map((x) => sink(this.expr(x), (e.type as { element: IrType }).element));
        break;
      case 'tuple':
        e.elements = e.elements.map((x, i) => {
          const target = e.type.kind === 'tuple' ? e.type.elements[i] : undefined;
          const lowered = this.expr(x);
          return target ? sink(lowered, target) : lowered;
        });
        break;
      case 'structLit': {
        const fields = this.tables.structs.get(e.name)?.fields ?? [];
        for (const field of e.fields) {
          const decl = fields.find((f) => f.name === field.name);
          field.value = this.expr(field.value);
          if (decl) field.value = sink(field.value, decl.type);
        }
        break;
      }
      case 'closure':
        this.params(e.params);
        e.body = this.stmts(e.body, e.result);
        break;
      case 'template':
        e.parts = e.parts.map((p) => (typeof p === 'string' ? p : this.expr(p)));
        break;
      default:
        break;
    }
    return this.hooks.derive(e);
  }

  private argument(arg: Expr, param: Param | undefined): Expr {
    const lowered = this.expr(arg);
    return param ? this.hooks.sink(lowered, param.type) : lowered;
  }

  /** Element, key and value arguments of collection builtins, and index/count arguments. */
  private builtinArgs(e: BuiltinCall): void {
    const { sink, integer, position } = this.hooks;
    const receiverType = e.receiver?.type;
    const at = (i: number, f: (x: Expr) => Expr): void => {
      const arg = e.args[i];
      if (arg) e.args[i] = f(arg);
    };
    for (const i of INTEGER_ARGS[e.name] ?? []) at(i, integer);
    for (const i of POSITION_ARGS[e.name] ?? []) at(i, position);
    const element = receiverType?.kind === 'array' || receiverType?.kind === 'set' ? receiverType.element : undefined;
    switch (e.name) {
      case 'array.push':
      case 'array.unshift':
        e.args = e.args.map((a) => (element ? sink(a, element) : a));
        break;
      case 'array.indexOf':
      case 'array.includes':
      case 'array.fill':
      case 'set.add':
      case 'set.has':
      case 'set.delete':
        if (element) at(0, (a) => sink(a, element));
        break;
      case 'map.get':
      case 'map.has':
      case 'map.delete':
      case 'map.set':
        if (receiverType?.kind === 'map') {
          at(0, (a) => sink(a, receiverType.key));
          if (e.name === 'map.set') at(1, (a) => sink(a, receiverType.value));
        }
        break;
      case 'array.concat':
        if (receiverType) e.args = e.args.map((a) => sink(a, receiverType));
        break;
      case 'array.reduce':
        at(1, (a) => sink(a, e.type));
        break;
      case 'Map.new':
        if (e.type.kind === 'map') {
          const entries: IrType = { kind: 'array', element: { kind: 'tuple', elements: [e.type.key, e.type.value] } };
          at(0, (a) => sink(a, entries));
        }
        break;
      case 'Set.new':
        if (e.type.kind === 'set') at(0, (a) => sink(a, { kind: 'array', element: e.type.kind === 'set' ? e.type.element : e.type }));
        break;
      case 'Array.from':
        // `Array.from({ length: n }, …)`: ToLength truncates n.
        if (e.args.length === 2) at(0, position);
        else at(0, (a) => (a.type.kind === 'array' ? sink(a, e.type) : a));
        break;
      default:
        break;
    }
  }
}
