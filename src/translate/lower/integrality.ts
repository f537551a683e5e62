import type { Expr } from '../ir.js';
import { isExactInteger } from './expressions.js';
import { POLY_MATH } from './numeric-walk.js';
import type { NumericSlots } from './slots.js';

/**
 * Integer inference: which `number` slots become i64.
 *
 * A value is *exact* (certainly an integer, never NaN), *lossy* (integer-valued only if a
 * conversion is accepted: Math.round of a float, an input from outside) or *float*. A slot is
 * i64 when every value flowing into it is exact, or exact-or-lossy and the slot is *demanded*
 * as an integer (used as an index, a count, a Map/Set key — directly or through integer
 * arithmetic). Inputs of entry points count as lossy. The fixpoint starts optimistic (every
 * slot i64) and demotes slots to f64 until nothing changes; slots nothing flows into stay f64.
 */
export const EXACT = 0;
export const LOSSY = 1;
export const FLOAT = 2;
export type Integrality = typeof EXACT | typeof LOSSY | typeof FLOAT;

const EXACT_BUILTINS = new Set([
  'string.length', 'array.length', 'map.size', 'set.size', 'string.indexOf', 'array.indexOf', 'array.findIndex',
  'string.charCodeAt', 'array.push', 'array.unshift', 'Date.now',
]);
const ROUNDING = new Set(['Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc']);

/** How integral `expr` is, given the current kind of every slot. */
export function integrality(expr: Expr, slots: NumericSlots, isInt: (id: number) => boolean): Integrality {
  const id = slots.idOf(expr.type);
  if (id !== undefined) return isInt(id) ? EXACT : FLOAT;
  // Lowering types a value i64 only when it is an integer by construction (lengths, indexes).
  if (expr.type.kind === 'i64') return EXACT;
  const of = (e: Expr): Integrality => integrality(e, slots, isInt);
  switch (expr.kind) {
    case 'number':
      return isExactInteger(expr.value) ? EXACT : FLOAT;
    case 'unary':
      return expr.op === '-' ? of(expr.operand) : FLOAT;
    case 'binary':
      if (expr.op === '+' || expr.op === '-' || expr.op === '*' || expr.op === '%') {
        return Math.max(of(expr.left), of(expr.right)) as Integrality;
      }
      return FLOAT;
    case 'conditional':
      return Math.max(of(expr.then), of(expr.else)) as Integrality;
    case 'convert':
      return expr.to === 'i64' ? EXACT : of(expr.value);
    case 'unwrap':
      return of(expr.value);
    case 'logical':
      if (expr.op !== '??') return FLOAT;
      return Math.max(expr.left.type.kind === 'optional' ? of({ ...expr.left, type: expr.left.type.inner }) : FLOAT, of(expr.right)) as Integrality;
    case 'builtin': {
      if (EXACT_BUILTINS.has(expr.name)) return EXACT;
      const [first] = expr.args;
      if (ROUNDING.has(expr.name) && first) return of(first) === EXACT || finiteSafe(first, slots, isInt) ? EXACT : LOSSY;
      if (expr.name === 'Math.sign' && first) return of(first) === EXACT ? EXACT : LOSSY;
      if ((expr.name === 'Math.abs' || expr.name === 'Math.min' || expr.name === 'Math.max') && expr.args.length > 0) {
        return Math.max(...expr.args.map(of)) as Integrality;
      }
      return FLOAT;
    }
    default:
      return FLOAT;
  }
}

/** Built from integers and finite literals with + - * and division by a non-zero literal: never NaN or ±Infinity. */
function finiteSafe(expr: Expr, slots: NumericSlots, isInt: (id: number) => boolean): boolean {
  if (integrality(expr, slots, isInt) === EXACT) return true;
  const safe = (e: Expr): boolean => finiteSafe(e, slots, isInt);
  switch (expr.kind) {
    case 'number':
      return Number.isFinite(expr.value);
    case 'unary':
      return safe(expr.operand);
    case 'convert':
      return safe(expr.value);
    case 'conditional':
      return safe(expr.then) && safe(expr.else);
    case 'binary':
      if (expr.op === '+' || expr.op === '-' || expr.op === '*') return safe(expr.left) && safe(expr.right);
      if (expr.op === '/') return safe(expr.left) && expr.right.kind === 'number' && expr.right.value !== 0 && Number.isFinite(expr.right.value);
      return false;
    default:
      return false;
  }
}

/** The slots whose integrality `expr` depends on "arithmetically" (demand flows back into them). */
export function demandSources(expr: Expr, slots: NumericSlots, out: number[] = []): number[] {
  const id = slots.idOf(expr.type);
  if (id !== undefined) {
    out.push(id);
    return out;
  }
  switch (expr.kind) {
    case 'unary':
      return demandSources(expr.operand, slots, out);
    case 'binary':
      if (['+', '-', '*', '%'].includes(expr.op)) {
        demandSources(expr.left, slots, out);
        demandSources(expr.right, slots, out);
      }
      return out;
    case 'conditional':
      demandSources(expr.then, slots, out);
      return demandSources(expr.else, slots, out);
    case 'unwrap':
      return demandSources(expr.value, slots, out);
    case 'logical':
      if (expr.op === '??') {
        if (expr.left.type.kind === 'optional') demandSources({ ...expr.left, type: expr.left.type.inner }, slots, out);
        demandSources(expr.right, slots, out);
      }
      return out;
    case 'builtin':
      if (POLY_MATH.has(expr.name) && !ROUNDING.has(expr.name)) expr.args.forEach((a) => demandSources(a, slots, out));
      return out;
    default:
      return out;
  }
}

