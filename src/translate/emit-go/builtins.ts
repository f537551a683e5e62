/**
 * Library calls (IR `BuiltinCall`) → Go: the standard library where it has JS semantics
 * (math.Sqrt, strings.Contains, builtin min/max), a jsrt.go helper where it does not
 * (Math.round, Math.exp/log, String(n), toFixed, UTF-16 string positions, ordered Map/Set,
 * array callbacks).
 */
import type { BuiltinCall, Expr, IrType } from '../ir.js';
import { printArrayBuiltin } from './builtins-arrays.js';
import type { FnContext } from './context.js';
import { coerce, printExpr, toGoString } from './expressions.js';
import { atom, call, type GoExpr, selector } from './syntax.js';
import { goType } from './types.js';

const F64: IrType = { kind: 'f64' };
const I64: IrType = { kind: 'i64' };
const STRING: IrType = { kind: 'string' };

const MATH_UNARY: Record<string, string> = {
  'Math.sqrt': 'math.Sqrt', 'Math.cbrt': 'math.Cbrt', 'Math.exp': 'jsExp', 'Math.expm1': 'math.Expm1',
  'Math.log': 'jsLog', 'Math.log1p': 'math.Log1p', 'Math.log2': 'math.Log2', 'Math.log10': 'math.Log10',
  'Math.sin': 'math.Sin', 'Math.cos': 'math.Cos', 'Math.tan': 'math.Tan', 'Math.asin': 'math.Asin',
  'Math.acos': 'math.Acos', 'Math.atan': 'math.Atan', 'Math.sinh': 'math.Sinh', 'Math.cosh': 'math.Cosh',
  'Math.tanh': 'math.Tanh',
};

/** Give an integer-typed result the IR's numeric type. */
export function asType(x: GoExpr, from: 'i64' | 'f64', to: IrType): GoExpr {
  if (to.kind === 'f64' && from === 'i64') return call('float64', x);
  if (to.kind === 'i64' && from === 'f64') return call('int64', x);
  return x;
}

export function arg(ctx: FnContext, e: BuiltinCall, i: number, type: IrType): GoExpr | undefined {
  const a = e.args[i];
  if (!a) return undefined;
  if (type.kind === 'i64' && a.type.kind === 'f64') return call('jsToInt', printExpr(ctx, a));
  return coerce(ctx, a, type);
}

/** Optional trailing arguments passed to a variadic helper. */
export function optionalArgs(ctx: FnContext, e: BuiltinCall, from: number, type: IrType): GoExpr[] {
  const out: GoExpr[] = [];
  for (let i = from; i < e.args.length; i++) out.push(arg(ctx, e, i, type)!);
  return out;
}

export function receiver(ctx: FnContext, e: BuiltinCall): GoExpr {
  return e.receiver ? printExpr(ctx, e.receiver) : atom('nil');
}

export function printBuiltin(ctx: FnContext, e: BuiltinCall): GoExpr {
  const name = e.name;
  if (name.startsWith('Math.')) return printMath(ctx, e);
  if (name.startsWith('array.') || name.startsWith('Array.')) return printArrayBuiltin(ctx, e);
  if (name.startsWith('map.') || name.startsWith('set.') || name === 'Map.new' || name === 'Set.new') return printCollection(ctx, e);
  if (name.startsWith('string.') || name === 'String') return printString(ctx, e);
  switch (name) {
    case 'Number.isInteger':
    case 'Number.isFinite':
    case 'Number.isNaN': {
      const a = e.args[0];
      if (!a || a.type.kind !== 'f64') return atom(name === 'Number.isNaN' || !a || !isNumeric(a.type) ? 'false' : 'true');
      if (name === 'Number.isNaN') {
        ctx.use('math');
        return call('math.IsNaN', printExpr(ctx, a));
      }
      return call(name === 'Number.isInteger' ? 'jsIsInteger' : 'jsIsFinite', printExpr(ctx, a));
    }
    case 'Number.parseFloat':
      return call('jsParseFloat', arg(ctx, e, 0, STRING)!);
    case 'Number.parseInt':
      return asType(call('jsParseInt', arg(ctx, e, 0, STRING)!, ...optionalArgs(ctx, e, 1, I64)), 'f64', e.type);
    case 'number.toFixed':
      return call('jsToFixed', numberReceiver(ctx, e), arg(ctx, e, 0, I64) ?? atom('0'));
    case 'number.toString':
      if (e.args.length === 0 && e.receiver) return toGoString(ctx, e.receiver);
      return call('jsNumStrRadix', numberReceiver(ctx, e), arg(ctx, e, 0, I64)!);
    case 'Date.now':
      return asType(call('jsNow'), 'f64', e.type);
    case 'Date.toISOString': {
      // `new Date().toISOString()` has no argument (the clock); `new Date(ms)` passes ms.
      const ms = e.args[0] ?? e.receiver;
      return call('jsISOString', ms ? coerce(ctx, ms, F64) : call('jsNow'));
    }
    default:
      return call(`jsUntranslated[${goType(e.type, ctx.names) || 'any'}]`, atom(JSON.stringify(name)));
  }
}

function isNumeric(t: IrType): boolean {
  return t.kind === 'f64' || t.kind === 'i64';
}

function numberReceiver(ctx: FnContext, e: BuiltinCall): GoExpr {
  return e.receiver ? coerce(ctx, e.receiver, F64) : atom('0');
}

function printMath(ctx: FnContext, e: BuiltinCall): GoExpr {
  const name = e.name;
  const a0 = e.args[0];
  const f = (i: number): GoExpr => arg(ctx, e, i, F64) ?? atom('0');
  const mathCall = (fn: string, ...args: GoExpr[]): GoExpr => {
    if (fn.startsWith('math.')) ctx.use('math');
    return call(fn, ...args);
  };
  const unaryMath = MATH_UNARY[name];
  if (unaryMath) return asType(mathCall(unaryMath, f(0)), 'f64', e.type);
  switch (name) {
    case 'Math.floor':
    case 'Math.ceil':
    case 'Math.trunc':
    case 'Math.round': {
      if (a0?.type.kind === 'i64') return asType(printExpr(ctx, a0), 'i64', e.type);
      const x = name === 'Math.round' ? call('jsRound', f(0)) : mathCall(`math.${name.slice(5, 6).toUpperCase()}${name.slice(6)}`, f(0));
      return asType(x, 'f64', e.type);
    }
    case 'Math.abs':
      if (a0?.type.kind === 'i64') return asType(call('jsAbsInt', printExpr(ctx, a0)), 'i64', e.type);
      return asType(mathCall('math.Abs', f(0)), 'f64', e.type);
    case 'Math.sign':
      return asType(call('jsSign', f(0)), 'f64', e.type);
    case 'Math.pow':
      return asType(call('jsPow', f(0), f(1)), 'f64', e.type);
    case 'Math.atan2':
      return asType(mathCall('math.Atan2', f(0), f(1)), 'f64', e.type);
    case 'Math.hypot':
      return asType(call('jsHypot', ...e.args.map((_, i) => f(i))), 'f64', e.type);
    case 'Math.min':
    case 'Math.max': {
      const type = e.type.kind === 'i64' ? I64 : F64;
      if (e.args.length === 0) return mathCall('math.Inf', atom(name === 'Math.min' ? '1' : '-1'));
      // Go's min/max builtins follow JS for NaN and signed zeros on floats.
      // Literal-only calls were folded already, so one argument is typed and sets the type.
      const args = e.args.map((a) => coerce(ctx, a, type));
      if (args.length === 1) return args[0]!;
      return call(name === 'Math.min' ? 'min' : 'max', ...args);
    }
    case 'Math.random':
      return call('jsRandom');
    default:
      return call(`jsUntranslated[${goType(e.type, ctx.names) || 'any'}]`, atom(JSON.stringify(name)));
  }
}

function printString(ctx: FnContext, e: BuiltinCall): GoExpr {
  const s = receiver(ctx, e);
  const str = (i: number): GoExpr => arg(ctx, e, i, STRING) ?? atom('""');
  const int = (i: number): GoExpr => arg(ctx, e, i, I64) ?? atom('0');
  const strings = (fn: string, ...args: GoExpr[]): GoExpr => {
    ctx.use('strings');
    return call(`strings.${fn}`, ...args);
  };
  switch (e.name) {
    case 'String':
      return e.args[0] ? toGoString(ctx, e.args[0]) : atom('""');
    case 'string.length':
      return asType(call('jsStrLen', s), 'i64', e.type);
    case 'string.slice':
      return call('jsStrSlice', s, int(0), ...optionalArgs(ctx, e, 1, I64));
    case 'string.substring':
      return call('jsSubstring', s, int(0), ...optionalArgs(ctx, e, 1, I64));
    case 'string.includes':
      if (e.args.length > 1) return call('jsStrIncludes', s, str(0), ...optionalArgs(ctx, e, 1, I64));
      return strings('Contains', s, str(0));
    case 'string.startsWith':
      if (e.args.length > 1) return call('jsStartsWith', s, str(0), ...optionalArgs(ctx, e, 1, I64));
      return strings('HasPrefix', s, str(0));
    case 'string.endsWith':
      if (e.args.length > 1) return call('jsEndsWith', s, str(0), ...optionalArgs(ctx, e, 1, I64));
      return strings('HasSuffix', s, str(0));
    case 'string.indexOf':
      return asType(call('jsStrIndexOf', s, str(0), ...optionalArgs(ctx, e, 1, I64)), 'i64', e.type);
    case 'string.split':
      if (e.args.length === 0) return { k: 'composite', type: '[]string', amp: false, elts: [s], multiline: false };
      return call('jsSplit', s, str(0), ...optionalArgs(ctx, e, 1, I64));
    case 'string.trim':
      return call('jsTrim', s);
    case 'string.toUpperCase':
      return strings('ToUpper', s);
    case 'string.toLowerCase':
      return strings('ToLower', s);
    case 'string.charCodeAt':
      return asType(call('jsCharCodeAt', s, int(0)), 'f64', e.type);
    case 'string.charAt':
      return call('jsCharAt', s, int(0));
    case 'string.repeat':
      return call('jsRepeat', s, int(0));
    case 'string.padStart':
    case 'string.padEnd':
      return call(e.name === 'string.padStart' ? 'jsPadStart' : 'jsPadEnd', s, int(0), ...optionalArgs(ctx, e, 1, STRING));
    default:
      return call(`jsUntranslated[${goType(e.type, ctx.names) || 'any'}]`, atom(JSON.stringify(e.name)));
  }
}

/** The slice a Map/Set constructor copies: `new Map(other)` takes other's entries, `new Set(other)` its values. */
function copySource(ctx: FnContext, source: Expr): GoExpr {
  const x = printExpr(ctx, source);
  if (source.type.kind === 'map') return call(selector(x, 'Entries'));
  if (source.type.kind === 'set') return call(selector(x, 'Values'));
  return x;
}

function printCollection(ctx: FnContext, e: BuiltinCall): GoExpr {
  const m = receiver(ctx, e);
  const method = (name: string, ...args: GoExpr[]): GoExpr => call(selector(m, name), ...args);
  const collection = e.receiver?.type;
  const keyType = collection?.kind === 'map' ? collection.key : collection?.kind === 'set' ? collection.element : F64;
  const key = (i: number): GoExpr => arg(ctx, e, i, keyType) ?? atom('nil');
  switch (e.name) {
    case 'Map.new': {
      const t = e.type.kind === 'map' ? e.type : undefined;
      const params = t ? `[${goType(t.key, ctx.names)}, ${goType(t.value, ctx.names)}]` : '';
      if (e.args[0]) return call('jsNewMapFrom', copySource(ctx, e.args[0]));
      return call(`jsNewMap${params}`);
    }
    case 'Set.new': {
      const t = e.type.kind === 'set' ? e.type : undefined;
      if (e.args[0]) return call('jsNewSetFrom', copySource(ctx, e.args[0]));
      return call(`jsNewSet${t ? `[${goType(t.element, ctx.names)}]` : ''}`);
    }
    case 'map.get': {
      const valueType = collection?.kind === 'map' ? collection.value : undefined;
      const pointerLike = valueType !== undefined && goType({ kind: 'optional', inner: valueType }, ctx.names) === goType(valueType, ctx.names);
      if (e.type.kind === 'optional' && !pointerLike) return call('jsOpt', method('Get', key(0)));
      return method('At', key(0));
    }
    case 'map.set': {
      const valueType = collection?.kind === 'map' ? collection.value : e.args[1]?.type ?? F64;
      return method('Set', key(0), arg(ctx, e, 1, valueType) ?? atom('nil'));
    }
    case 'map.has':
    case 'set.has':
      return method('Has', key(0));
    case 'map.delete':
    case 'set.delete':
      return method('Delete', key(0));
    case 'map.size':
    case 'set.size':
      return e.type.kind === 'f64' ? call('float64', method('Size')) : method('Size');
    case 'map.clear':
    case 'set.clear':
      return method('Clear');
    case 'map.keys':
      return method('Keys');
    case 'map.values':
    case 'set.values':
      return method('Values');
    case 'map.entries':
      return method('Entries');
    case 'set.add':
      return method('Add', key(0));
    default:
      return call(`jsUntranslated[${goType(e.type, ctx.names) || 'any'}]`, atom(JSON.stringify(e.name)));
  }
}
