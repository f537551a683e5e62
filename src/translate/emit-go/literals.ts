/**
 * Literals and constant folding. Go evaluates untyped constant expressions exactly (`0.1 * 3` is
 * 0.3), JavaScript in doubles (0.30000000000000004), so numeric subexpressions made only of
 * literals are folded here with JS semantics and printed as one literal.
 */
import type { BuiltinName, Expr, IrType } from '../ir.js';
import type { FnContext } from './context.js';
import { atom, call, type GoExpr, unary } from './syntax.js';

const FOLDABLE_MATH: Partial<Record<BuiltinName, (...xs: number[]) => number>> = {
  'Math.abs': Math.abs,
  'Math.floor': Math.floor,
  'Math.ceil': Math.ceil,
  'Math.round': Math.round,
  'Math.trunc': Math.trunc,
  'Math.sign': Math.sign,
  'Math.sqrt': Math.sqrt,
  'Math.pow': Math.pow,
  'Math.min': Math.min,
  'Math.max': Math.max,
};

/** The JS value of a numeric expression built only from literals, or undefined. */
export function foldNumber(e: Expr): number | undefined {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'convert': {
      const v = foldNumber(e.value);
      return v === undefined ? undefined : e.to === 'i64' ? Math.trunc(v) : v;
    }
    case 'unary':
      if (e.op !== '-') return undefined;
      return negate(foldNumber(e.operand));
    case 'binary': {
      if (!isNumericType(e.type)) return undefined;
      const a = foldNumber(e.left);
      const b = foldNumber(e.right);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return a % b;
        case '**': return a ** b;
        default: return undefined;
      }
    }
    case 'builtin': {
      const fn = FOLDABLE_MATH[e.name];
      if (!fn || e.receiver) return undefined;
      const args = e.args.map(foldNumber);
      if (args.some((a) => a === undefined)) return undefined;
      return fn(...(args as number[]));
    }
    default:
      return undefined;
  }
}

function negate(v: number | undefined): number | undefined {
  return v === undefined ? undefined : -v;
}

function isNumericType(t: IrType): boolean {
  return t.kind === 'f64' || t.kind === 'i64';
}

/**
 * A number as Go source. `typed` forces a form whose default type is right for `:=` and generic
 * inference (`2.0`, `int64(2)`); otherwise the untyped constant takes its type from context.
 */
export function numberLiteral(ctx: FnContext, value: number, type: 'f64' | 'i64', typed = false): GoExpr {
  if (Number.isNaN(value)) {
    ctx.use('math');
    return call('math.NaN');
  }
  if (!Number.isFinite(value)) {
    ctx.use('math');
    return call('math.Inf', atom(value > 0 ? '1' : '-1'));
  }
  if (type === 'i64') {
    const text = BigInt(Math.trunc(value)).toString();
    const lit = value < 0 ? unary('-', atom(text.slice(1))) : atom(text);
    return typed ? call('int64', lit) : lit;
  }
  if (Object.is(value, -0)) {
    ctx.use('math');
    return call('math.Copysign', atom('0'), atom('-1'));
  }
  if (value < 0) return unary('-', numberLiteral(ctx, -value, type, typed));
  let text = String(value);
  if (typed && /^[0-9]+$/.test(text)) text += '.0';
  return atom(text);
}

/** A Go interpreted string literal with the same UTF-16 content (lone surrogates become U+FFFD). */
export function stringLiteral(value: string): string {
  const json = JSON.stringify(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  // JSON escapes are Go escapes too, except that Go has no `\/` (JSON.stringify never emits it).
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** JS `String(n)` for a literal, computed now. */
export function jsNumberString(value: number): string {
  return String(value);
}

/** True when the printed expression is an untyped Go constant (its type comes from context). */
export function isUntypedConstant(e: Expr): boolean {
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'bool':
      return true;
    case 'unary':
      return isUntypedConstant(e.operand);
    case 'convert':
      return isUntypedConstant(e.value) && e.value.kind === 'number';
    case 'binary':
      return foldNumber(e) !== undefined || (isUntypedConstant(e.left) && isUntypedConstant(e.right));
    case 'builtin':
      return foldNumber(e) !== undefined;
    default:
      return false;
  }
}
