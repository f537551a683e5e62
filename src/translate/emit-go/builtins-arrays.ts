/**
 * Array builtins → Go slices and the generic helpers of jsrt.go. Callbacks become func literals
 * with exactly the parameters the helper passes (`jsArrMapI` when the closure wants the index).
 */
import type { BuiltinCall, Expr, IrType } from '../ir.js';
import { arg, asType, optionalArgs, receiver } from './builtins.js';
import type { FnContext } from './context.js';
import { coerce, printClosure, printExpr, stringer } from './expressions.js';
import { atom, call, type GoExpr, render, selector } from './syntax.js';
import { isAddressable, slicePointer } from './places.js';
import { goType, isNilable } from './types.js';

const I64: IrType = { kind: 'i64' };

function elementOf(t: IrType | undefined): IrType {
  if (t?.kind === 'array') return t.element;
  if (t?.kind === 'optional') return elementOf(t.inner);
  return { kind: 'unknown' };
}

/** Number of parameters a callback argument takes. */
function arity(e: Expr): number {
  if (e.kind === 'closure') return e.params.length;
  if (e.type.kind === 'function') return e.type.params.length;
  return 1;
}

/** A callback for a helper whose func parameter has Go parameter types `goParams`. */
function callback(ctx: FnContext, e: Expr, goParams: string[], goResult?: string): GoExpr {
  if (e.kind === 'closure') return printClosure(ctx, e, goParams, goResult);
  return printExpr(ctx, e);
}

export function printArrayBuiltin(ctx: FnContext, e: BuiltinCall): GoExpr {
  const a = receiver(ctx, e);
  const recvType = e.receiver?.type;
  const elem = elementOf(recvType);
  const elemGo = goType(elem, ctx.names);
  const fn = e.args[0];
  const withIndex = fn !== undefined && arity(fn) >= 2;
  const elemArg = (i: number): GoExpr => arg(ctx, e, i, elem) ?? atom('nil');
  const optionalResult = (x: GoExpr): GoExpr => {
    // Helpers return (T, bool); an optional of a pointer-like T is T itself, otherwise *T.
    if (e.type.kind === 'optional' && !isNilable(elem)) return call('jsOpt', x);
    return call('jsFirst', x);
  };
  switch (e.name) {
    case 'array.length':
      return call(e.type.kind === 'f64' ? 'float64' : 'int64', call('len', a));
    case 'array.push':
      return asType(call('jsArrPush', slicePointer(ctx, e.receiver!), ...e.args.map((_, i) => elemArg(i))), 'i64', e.type);
    case 'array.unshift':
      return asType(call('jsArrUnshift', slicePointer(ctx, e.receiver!), ...e.args.map((_, i) => elemArg(i))), 'i64', e.type);
    case 'array.pop':
      return optionalResult(call('jsArrPop', slicePointer(ctx, e.receiver!)));
    case 'array.get':
      return optionalResult(call('jsArrGet', a, arg(ctx, e, 0, I64)!));
    case 'array.shift':
      return optionalResult(call('jsArrShift', slicePointer(ctx, e.receiver!)));
    case 'array.slice':
      return call('jsArrSlice', a, ...optionalArgs(ctx, e, 0, I64));
    case 'array.concat':
      return call('jsArrConcat', a, ...e.args.map((x) => (x.type.kind === 'array' ? printExpr(ctx, x) : composite(`[]${elemGo}`, coerce(ctx, x, elem)))));
    case 'array.indexOf':
      return asType(call('jsArrIndexOf', a, elemArg(0), ...optionalArgs(ctx, e, 1, I64)), 'i64', e.type);
    case 'array.includes':
      return call('jsArrIncludes', a, elemArg(0), ...optionalArgs(ctx, e, 1, I64));
    case 'array.map': {
      const result = fn?.kind === 'closure' ? goType(fn.result, ctx.names) : undefined;
      return call(withIndex ? 'jsArrMapI' : 'jsArrMap', a, callback(ctx, fn!, withIndex ? [elemGo, 'int64'] : [elemGo], result));
    }
    case 'array.filter':
    case 'array.some':
    case 'array.every':
    case 'array.find':
    case 'array.findIndex':
    case 'array.forEach': {
      const helper = { 'array.filter': 'jsArrFilter', 'array.some': 'jsArrSome', 'array.every': 'jsArrEvery', 'array.find': 'jsArrFind', 'array.findIndex': 'jsArrFindIndex', 'array.forEach': 'jsArrForEach' }[e.name];
      const result = e.name === 'array.forEach' ? '' : 'bool';
      const x = call(withIndex ? `${helper}I` : helper, a, callback(ctx, fn!, withIndex ? [elemGo, 'int64'] : [elemGo], result));
      if (e.name === 'array.find') return optionalResult(x);
      if (e.name === 'array.findIndex') return asType(x, 'i64', e.type);
      return x;
    }
    case 'array.reduce': {
      const accType = e.type;
      const accGo = goType(accType, ctx.names);
      const withI = fn !== undefined && arity(fn) >= 3;
      const params = withI ? [accGo, elemGo, 'int64'] : [accGo, elemGo];
      const cb = callback(ctx, fn!, params, accGo);
      if (e.args.length < 2) return call('jsArrReduce1', a, cb);
      return call(withI ? 'jsArrReduceI' : 'jsArrReduce', a, coerce(ctx, e.args[1]!, accType), cb);
    }
    case 'array.sort': {
      if (!fn) return call('jsArrSortDefault', a, stringer(ctx, elem));
      const cmpResult = fn.kind === 'closure' && fn.result.kind === 'i64' ? 'int64' : 'float64';
      return call('jsArrSortBy', a, callback(ctx, fn, [elemGo, elemGo], cmpResult));
    }
    case 'array.reverse':
      return call('jsArrReverse', a);
    case 'array.join': {
      const sep = arg(ctx, e, 0, { kind: 'string' }) ?? atom('","');
      if (elem.kind === 'string') {
        ctx.use('strings');
        return call('strings.Join', a, sep);
      }
      return call('jsArrJoin', a, sep, stringer(ctx, elem));
    }
    case 'array.fill':
      return call('jsArrFill', a, elemArg(0), ...optionalArgs(ctx, e, 1, I64));
    case 'Array.from':
      return printArrayFrom(ctx, e);
    case 'Array.new': {
      const n = arg(ctx, e, 0, I64) ?? atom('0');
      return call('make', atom(goType(e.type, ctx.names)), n);
    }
    default:
      return call(`jsUntranslated[${goType(e.type, ctx.names) || 'any'}]`, atom(JSON.stringify(e.name)));
  }
}

/**
 * `Array.from(array | set | map | string)` copies (map → entry tuples, string → code points);
 * `Array.from({ length: n }, (_, i) => …)` arrives with the mapper's unused first parameter
 * already dropped by lowering, so the mapper takes the index only.
 */
function printArrayFrom(ctx: FnContext, e: BuiltinCall): GoExpr {
  const source = e.args[0];
  const mapper = e.args[1];
  const elemGo = goType(elementOf(e.type), ctx.names);
  if (!source) return call('make', atom(goType(e.type, ctx.names)), atom('0'));
  const from = source.type.kind === 'optional' ? source.type.inner : source.type;
  switch (from.kind) {
    case 'array':
      return call('jsArrSlice', printExpr(ctx, source));
    case 'set':
      return call(selector(printExpr(ctx, source), 'Values'));
    case 'map':
      return call(selector(printExpr(ctx, source), 'Entries'));
    case 'string':
      return call('jsCodePoints', printExpr(ctx, source));
    default:
      break;
  }
  const n = arg(ctx, e, 0, I64)!;
  if (!mapper) return call('make', atom(goType(e.type, ctx.names)), n);
  return call('jsArrFrom', n, callback(ctx, mapper, ['int64'], elemGo));
}

function composite(type: string, x: GoExpr): GoExpr {
  return { k: 'composite', type, amp: false, elts: [x], multiline: false };
}

/** `a = append(a, x…)` for a `push` whose value is unused (`jsArrPush(p, x…)` where `a` is no variable). */
export function pushStatement(ctx: FnContext, e: BuiltinCall): string {
  const elem = elementOf(e.receiver?.type);
  if (!e.receiver || !isAddressable(e.receiver)) {
    const p = slicePointer(ctx, e.receiver!);
    return render(call('jsArrPush', p, ...e.args.map((x) => coerce(ctx, x, elem))));
  }
  const a = receiver(ctx, e);
  const args = e.args.map((x) => render(coerce(ctx, x, elem)));
  return `${render(a)} = append(${render(a)}, ${args.join(', ')})`;
}
