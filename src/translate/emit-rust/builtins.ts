/**
 * Library calls with JS semantics. Math, Number and Date map to f64 methods and `jsrt` helpers;
 * strings, arrays and collections have their own files. Each printer produces the call's
 * natural Rust type; `fitNumber` then casts where the IR typed the result differently.
 */
import type { BuiltinCall, Expr, IrType } from '../ir.js';
import { printArrayBuiltin } from './builtins-array.js';
import { printCollectionBuiltin } from './builtins-collections.js';
import { printStringBuiltin } from './builtins-string.js';
import { EmitCtx, out, P, paren, type Out, type Want } from './context.js';
import { expr, numeric, tempOut } from './expressions.js';
import { receiverLiteral } from './literals.js';
import { powOut } from './operators.js';
import { jsString } from './text.js';

const F64: IrType = { kind: 'f64' };
const I64: IrType = { kind: 'i64' };

/** Casts a printed number of Rust type `from` to the IR's `to` when they differ. */
export function fitNumber(o: Out, from: 'f64' | 'i64', to: IrType): Out {
  if ((to.kind !== 'f64' && to.kind !== 'i64') || to.kind === from) return o;
  return out(`${paren(o, P.cast)} as ${to.kind}`, P.cast);
}

/** Only literals and operators: Rust cannot tell the type of such a method receiver (`(1 + 2).abs()` is E0689). */
function untypedLiteral(e: Expr): boolean {
  switch (e.kind) {
    case 'number':
      return true;
    case 'unary':
      return untypedLiteral(e.operand);
    case 'binary':
      return untypedLiteral(e.left) && untypedLiteral(e.right);
    case 'conditional':
      return untypedLiteral(e.then) && untypedLiteral(e.else);
    default:
      return false;
  }
}

/**
 * `x.method(args)` on a number of Rust type `type`: a literal receiver gets a suffix
 * (`2.0_f64.sqrt()`), an expression of literals only the type's path (`f64::sqrt(1.0 + 2.0)`), and so
 * does every integer: a loop counter over a literal range (`for i in 0..3`) has no type of its own.
 */
export function numberMethod(ctx: EmitCtx, e: Expr, type: 'f64' | 'i64', method: string, args: string[] = []): Out {
  const ir = type === 'f64' ? F64 : I64;
  if (e.kind === 'number') return out(`${receiverLiteral(e.value, ir)}.${method}(${args.join(', ')})`, P.postfix);
  if (type === 'i64' || untypedLiteral(e)) return out(`${type}::${method}(${[numeric(ctx, e, ir).text, ...args].join(', ')})`, P.postfix);
  return out(`${paren(numeric(ctx, e, ir), P.postfix)}.${method}(${args.join(', ')})`, P.postfix);
}

export function helper(ctx: EmitCtx, name: string, args: string[]): Out {
  ctx.needs.add(name);
  return out(`jsrt::${name}(${args.join(', ')})`);
}

const F64_METHODS: Record<string, string> = {
  'Math.sqrt': 'sqrt', 'Math.cbrt': 'cbrt', 'Math.expm1': 'exp_m1',
  'Math.log1p': 'ln_1p', 'Math.log2': 'log2', 'Math.log10': 'log10', 'Math.sin': 'sin', 'Math.cos': 'cos',
  'Math.tan': 'tan', 'Math.asin': 'asin', 'Math.acos': 'acos', 'Math.atan': 'atan', 'Math.sinh': 'sinh',
  'Math.cosh': 'cosh', 'Math.tanh': 'tanh',
};

function rounding(ctx: EmitCtx, e: BuiltinCall): Out {
  const arg = e.args[0]!;
  if (arg.type.kind === 'i64') return numeric(ctx, arg, e.type.kind === 'i64' ? I64 : F64);
  const r =
    e.name === 'Math.round'
      ? helper(ctx, 'round', [numeric(ctx, arg, F64).text])
      : numberMethod(ctx, arg, 'f64', e.name.slice(5));
  return fitNumber(r, 'f64', e.type);
}

function minMax(ctx: EmitCtx, e: BuiltinCall): Out {
  const isMin = e.name === 'Math.min';
  if (e.args.length === 0) return out(isMin ? 'f64::INFINITY' : 'f64::NEG_INFINITY');
  if (e.type.kind === 'i64' && e.args.every((a) => a.type.kind === 'i64')) {
    const args = [...e.args].sort((a, b) => Number(a.kind === 'number') - Number(b.kind === 'number'));
    if (args.length === 1) return out(paren(numeric(ctx, args[0]!, I64), P.postfix), P.postfix);
    let acc = numberMethod(ctx, args[0]!, 'i64', isMin ? 'min' : 'max', [numeric(ctx, args[1]!, I64).text]);
    for (const a of args.slice(2)) acc = out(`${acc.text}.${isMin ? 'min' : 'max'}(${numeric(ctx, a, I64).text})`, P.postfix);
    return acc;
  }
  let acc = numeric(ctx, e.args[0]!, F64);
  for (const a of e.args.slice(1)) acc = helper(ctx, isMin ? 'min' : 'max', [acc.text, numeric(ctx, a, F64).text]);
  return fitNumber(acc, 'f64', e.type);
}

function mathBuiltin(ctx: EmitCtx, e: BuiltinCall): Out | undefined {
  const [a, b] = e.args;
  const method = F64_METHODS[e.name];
  if (method) return fitNumber(numberMethod(ctx, a!, 'f64', method), 'f64', e.type);
  switch (e.name) {
    case 'Math.exp':
    case 'Math.log':
      // jsrt's, so a hot loop can inline them (see runtime-math.ts).
      return fitNumber(helper(ctx, e.name.slice(5), [numeric(ctx, a!, F64).text]), 'f64', e.type);
    case 'Math.abs':
      if (a!.type.kind === 'i64') return fitNumber(numberMethod(ctx, a!, 'i64', 'abs'), 'i64', e.type);
      return fitNumber(numberMethod(ctx, a!, 'f64', 'abs'), 'f64', e.type);
    case 'Math.floor':
    case 'Math.ceil':
    case 'Math.trunc':
    case 'Math.round':
      return rounding(ctx, e);
    case 'Math.sign':
      return fitNumber(helper(ctx, 'sign', [numeric(ctx, a!, F64).text]), 'f64', e.type);
    case 'Math.pow':
      return powOut(ctx, a!, b!, e.type);
    case 'Math.min':
    case 'Math.max':
      return minMax(ctx, e);
    case 'Math.hypot':
      // V8's summation, not libm's hypot: the last digit shows when the result is printed.
      return fitNumber(helper(ctx, 'hypot', [`&[${e.args.map((x) => numeric(ctx, x, F64).text).join(', ')}]`]), 'f64', e.type);
    case 'Math.atan2':
      return fitNumber(numberMethod(ctx, a!, 'f64', 'atan2', [numeric(ctx, b!, F64).text]), 'f64', e.type);
    case 'Math.random':
      return fitNumber(helper(ctx, 'random', []), 'f64', e.type);
    default:
      return undefined;
  }
}

function numberBuiltin(ctx: EmitCtx, e: BuiltinCall): Out | undefined {
  const [a, b] = e.args;
  const arg = a ?? e.receiver;
  switch (e.name) {
    case 'Number.isInteger':
      return a!.type.kind === 'i64' ? out('true') : helper(ctx, 'is_integer', [numeric(ctx, a!, F64).text]);
    case 'Number.isFinite':
      return numberMethod(ctx, a!, 'f64', 'is_finite');
    case 'Number.isNaN':
      return numberMethod(ctx, a!, 'f64', 'is_nan');
    case 'Number.parseFloat':
      return fitNumber(helper(ctx, 'parse_float', [strArg(ctx, a!)]), 'f64', e.type);
    case 'Number.parseInt':
      return fitNumber(helper(ctx, 'parse_int', [strArg(ctx, a!), b ? numeric(ctx, b, I64).text : '0']), 'f64', e.type);
    case 'number.toFixed':
      return helper(ctx, 'to_fixed', [numeric(ctx, e.receiver!, F64).text, a ? numeric(ctx, a, I64).text : '0']);
    case 'number.toString':
      if (a) return helper(ctx, 'to_string_radix', [numeric(ctx, e.receiver!, F64).text, numeric(ctx, a, I64).text]);
      return jsString(ctx, e.receiver!);
    case 'String':
      return arg ? jsString(ctx, arg) : out('String::new()', P.postfix);
    case 'Date.now':
      return fitNumber(helper(ctx, 'now_ms', []), 'f64', e.type);
    case 'Date.toISOString': {
      const ms = a ?? (e.receiver && (e.receiver.type.kind === 'f64' || e.receiver.type.kind === 'i64') ? e.receiver : undefined);
      return helper(ctx, 'iso_string', [ms ? numeric(ctx, ms, F64).text : helper(ctx, 'now_ms', []).text]);
    }
    default:
      return undefined;
  }
}

/** A string argument of a helper taking `&str`. */
export function strArg(ctx: EmitCtx, e: Expr): string {
  if (e.type.kind === 'string') return expr(ctx, e, 'borrow').text;
  return `&${paren(jsString(ctx, e), P.unary)}`;
}

export function printBuiltin(ctx: EmitCtx, e: BuiltinCall, want: Want, stmt: boolean): Out {
  const o =
    mathBuiltin(ctx, e) ??
    numberBuiltin(ctx, e) ??
    printStringBuiltin(ctx, e) ??
    printArrayBuiltin(ctx, e, want, stmt) ??
    printCollectionBuiltin(ctx, e, want, stmt);
  if (!o) return out(`todo!("${e.name}")`, P.postfix);
  return want === 'borrow' || want === 'mut' ? tempOut(o, e.type, want) : o;
}
