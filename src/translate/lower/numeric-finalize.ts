import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import {
  BOOL,
  F64,
  I64,
  createBinary,
  createConvert,
  createIdent,
  type BinaryOp,
  type Expr,
  type ForStmt,
  type IrType,
  type Stmt,
  type VarStmt,
} from '../ir.js';
import { isExactInteger } from './expressions.js';
import { EXACT, integrality } from './integrality.js';
import { POLY_MATH, type NumericHooks } from './numeric-walk.js';
import type { NumericSlots } from './slots.js';

/**
 * The second pass of integer inference: with every slot decided, give derived expressions
 * their type (i64 + i64 stays i64, anything with a float or `/` is f64) and insert `Convert`
 * wherever an i64 meets an f64. A conversion to i64 of a value not proven exact is a warning.
 */
const ARITHMETIC = new Set<BinaryOp>(['+', '-', '*', '%']);
const COMPARISON = new Set<BinaryOp>(['<', '<=', '>', '>=', '==', '!=']);
const FLOAT_ARGS = new Set(['Number.isInteger', 'Number.isFinite', 'Number.isNaN', 'Date.toISOString']);

function isNum(type: IrType): type is { kind: 'f64' } | { kind: 'i64' } {
  return type.kind === 'f64' || type.kind === 'i64';
}

export function describe(expr: Expr): string {
  switch (expr.kind) {
    case 'ident':
      return expr.name;
    case 'field':
      return `${describe(expr.object)}.${expr.field}`;
    case 'this':
      return 'this';
    case 'number':
      return String(expr.value);
    case 'builtin':
      return `${expr.name}(…)`;
    case 'call':
      return `${expr.callee}(…)`;
    case 'methodCall':
      return `${expr.method}(…)`;
    case 'index':
      return `${describe(expr.object)}[…]`;
    case 'unwrap':
      return describe(expr.value);
    default:
      return `a ${expr.kind} expression`;
  }
}

export function finalizeHooks(slots: NumericSlots, report: (d: Diagnostic) => void): NumericHooks {
  const isInt = (id: number): boolean => slots.kindOf(id) === 'i64';
  /** `truncates`: the place applies JS's ToIntegerOrInfinity itself, so the conversion loses nothing. */
  const coerce = (value: Expr, kind: 'f64' | 'i64', truncates = false): Expr => {
    if (!isNum(value.type) || value.type.kind === kind) return value;
    if (value.kind === 'number') {
      if (kind === 'f64') return { ...value, type: F64 };
      if (isExactInteger(value.value)) return { ...value, type: I64 };
    }
    const exact = kind === 'i64' && integrality(value, slots, isInt) === EXACT;
    if (kind === 'i64' && !exact && !truncates) report(diag.lossyIntegerConversion(value.origin, describe(value)));
    return createConvert(kind, value, value.origin, exact);
  };
  const float = (value: Expr): Expr => coerce(value, 'f64');
  const integer = (value: Expr): Expr => coerce(value, 'i64');
  return {
    sink: (value, target) => (isNum(target) && isNum(value.type) ? coerce(value, target.kind) : value),
    integer,
    position: (value) => coerce(value, 'i64', true),
    float,
    derive(e) {
      switch (e.kind) {
        case 'binary': {
          if (!isNum(e.left.type) || !isNum(e.right.type)) return e;
          const bothInt = e.left.type.kind === 'i64' && e.right.type.kind === 'i64';
          if (ARITHMETIC.has(e.op)) {
            if (bothInt) return { ...e, type: I64 };
            return { ...e, left: float(e.left), right: float(e.right), type: F64 };
          }
          if (e.op === '/' || e.op === '**') return { ...e, left: float(e.left), right: float(e.right), type: F64 };
          if (COMPARISON.has(e.op) && !bothInt && e.left.type.kind !== e.right.type.kind) {
            return { ...e, left: float(e.left), right: float(e.right) };
          }
          return e;
        }
        case 'unary':
          return e.op === '-' && isNum(e.operand.type) ? { ...e, type: e.operand.type.kind === 'i64' ? I64 : F64 } : e;
        case 'conditional': {
          if (!isNum(e.then.type) || !isNum(e.else.type) || !isNum(e.type)) return e;
          if (e.then.type.kind === 'i64' && e.else.type.kind === 'i64') return { ...e, type: I64 };
          return { ...e, then: float(e.then), else: float(e.else), type: F64 };
        }
        case 'convert':
          return e.value.type.kind === e.to ? e.value : e;
        case 'builtin': {
          if (POLY_MATH.has(e.name)) {
            if (e.args.every((a) => a.type.kind === 'i64')) return { ...e, type: I64 };
            return { ...e, args: e.args.map(float), type: F64 };
          }
          if (e.name.startsWith('Math.') || FLOAT_ARGS.has(e.name)) {
            const args = e.name === 'Date.toISOString' || e.name.startsWith('Math.') || FLOAT_ARGS.has(e.name) ? e.args.map(float) : e.args;
            return { ...e, args };
          }
          if (e.name === 'number.toFixed' && e.receiver) return { ...e, receiver: float(e.receiver) };
          return e;
        }
        default:
          return e;
      }
    },
    compound(stmt) {
      const kind = stmt.target.type.kind;
      if (kind !== 'i64' && kind !== 'f64') return stmt;
      return { ...stmt, value: coerce(stmt.value, stmt.op === '/=' ? 'f64' : kind) };
    },
    range(stmt): Stmt {
      if (stmt.type.kind === 'i64' && stmt.end.type.kind === 'i64') return stmt;
      const origin = stmt.origin;
      const variable = createIdent(stmt.variable, stmt.type, 'local', origin);
      const init: VarStmt = { kind: 'var', name: stmt.variable, type: stmt.type, init: stmt.start, mutable: true, origin };
      const op: BinaryOp = stmt.step > 0 ? (stmt.inclusive ? '<=' : '<') : stmt.inclusive ? '>=' : '>';
      const sameKind = stmt.type.kind === stmt.end.type.kind;
      const cond = createBinary(op, sameKind ? variable : float(variable), sameKind ? stmt.end : float(stmt.end), BOOL, origin);
      const magnitude = Math.abs(stmt.step);
      const stepType = stmt.type.kind === 'i64' && Number.isInteger(magnitude) ? I64 : F64;
      const update: Stmt = {
        kind: 'assign',
        target: variable,
        op: stmt.step > 0 ? '+=' : '-=',
        value: { kind: 'number', value: magnitude, type: stepType, origin },
        origin,
      };
      const loop: ForStmt = { kind: 'for', init: [init], cond, update: [update], body: stmt.body, label: stmt.label, origin };
      return loop;
    },
    switchSubject(stmt) {
      if (!isNum(stmt.subject.type)) return;
      const values = stmt.cases.flatMap((c) => c.values);
      const allInt = stmt.subject.type.kind === 'i64' && values.every((v) => v.type.kind === 'i64' || (v.kind === 'number' && isExactInteger(v.value)));
      const kind = allInt ? 'i64' : 'f64';
      stmt.subject = coerce(stmt.subject, kind);
      for (const c of stmt.cases) c.values = c.values.map((v) => coerce(v, kind));
    },
  };
}
