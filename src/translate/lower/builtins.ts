import type { CallExpression, Node } from 'ts-morph';
import * as diag from '../diagnostics.js';
import {
  BOOL,
  I64,
  STRING,
  VOID,
  arrayOf,
  createBuiltin,
  createNumber,
  optionalOf,
  type BuiltinName,
  type Expr,
  type IrType,
} from '../ir.js';
import { lowerCallback } from './closures.js';
import type { LowerContext } from './context.js';
import { isFormattable } from './expressions.js';

/** Method calls on strings, numbers, arrays, Maps and Sets → `BuiltinCall` with JS semantics. */

/** Builtins that change their receiver in place. */
export const MUTATING_BUILTINS = new Set<BuiltinName>([
  'array.push', 'array.pop', 'array.shift', 'array.unshift', 'array.sort', 'array.reverse', 'array.fill',
  'map.set', 'map.delete', 'map.clear', 'set.add', 'set.delete', 'set.clear',
]);

type ArgKind = 'string' | 'number';
interface StringMethod {
  name: BuiltinName;
  result: IrType;
  min: number;
  args: ArgKind[];
}

const STRING_METHODS: Record<string, StringMethod> = {
  slice: { name: 'string.slice', result: STRING, min: 0, args: ['number', 'number'] },
  substring: { name: 'string.substring', result: STRING, min: 1, args: ['number', 'number'] },
  includes: { name: 'string.includes', result: BOOL, min: 1, args: ['string', 'number'] },
  startsWith: { name: 'string.startsWith', result: BOOL, min: 1, args: ['string', 'number'] },
  endsWith: { name: 'string.endsWith', result: BOOL, min: 1, args: ['string', 'number'] },
  indexOf: { name: 'string.indexOf', result: I64, min: 1, args: ['string', 'number'] },
  split: { name: 'string.split', result: arrayOf(STRING), min: 1, args: ['string', 'number'] },
  trim: { name: 'string.trim', result: STRING, min: 0, args: [] },
  toUpperCase: { name: 'string.toUpperCase', result: STRING, min: 0, args: [] },
  toLowerCase: { name: 'string.toLowerCase', result: STRING, min: 0, args: [] },
  charCodeAt: { name: 'string.charCodeAt', result: I64, min: 0, args: ['number'] },
  charAt: { name: 'string.charAt', result: STRING, min: 0, args: ['number'] },
  repeat: { name: 'string.repeat', result: STRING, min: 1, args: ['number'] },
  padStart: { name: 'string.padStart', result: STRING, min: 1, args: ['number', 'string'] },
  padEnd: { name: 'string.padEnd', result: STRING, min: 1, args: ['number', 'string'] },
};

export function lowerReceiverCall(
  ctx: LowerContext,
  node: CallExpression,
  receiverNode: Node,
  receiver: Expr,
  name: string,
): Expr {
  switch (receiver.type.kind) {
    case 'string':
      return lowerStringMethod(ctx, node, receiver, name);
    case 'f64':
    case 'i64':
      return lowerNumberMethod(ctx, node, receiver, name);
    case 'array':
      return lowerArrayMethod(ctx, node, receiverNode, receiver, name);
    case 'map':
    case 'set':
      return lowerCollectionMethod(ctx, node, receiverNode, receiver, name);
    case 'unknown':
      return receiver;
    default:
      return ctx.refuse(diag.unsupportedLibraryCall, node, `${name}() on a ${receiver.type.kind} value`);
  }
}

function lowerStringMethod(ctx: LowerContext, node: CallExpression, receiver: Expr, name: string): Expr {
  const method = STRING_METHODS[name];
  if (!method) return ctx.refuseCall(diag.unsupportedLibraryCall, node, `string.${name}()`);
  const args = node.getArguments();
  if (args.length < method.min || args.length > method.args.length) {
    return ctx.refuse(diag.unsupportedArguments, node, `string.${name}()`);
  }
  if (name === 'charCodeAt') ctx.reportAt(diag.outOfRangeRead, node);
  const lowered = args.map((a, i) => (method.args[i] === 'string' ? ctx.lowerTo(a, STRING) : ctx.lowerExpression(a)));
  return createBuiltin(method.name, receiver, lowered, method.result, ctx.origin(node));
}

function lowerNumberMethod(ctx: LowerContext, node: CallExpression, receiver: Expr, name: string): Expr {
  const origin = ctx.origin(node);
  const args = node.getArguments();
  if (name === 'toFixed' && args.length <= 1) {
    const digits = args[0] ? ctx.lowerExpression(args[0]) : createNumber(0, I64, origin);
    return createBuiltin('number.toFixed', receiver, [digits], STRING, origin);
  }
  if (name === 'toString' && args.length === 0) return createBuiltin('number.toString', receiver, [], STRING, origin);
  if (name === 'toString') return ctx.refuse(diag.unsupportedArguments, node, 'toString(radix)');
  return ctx.refuse(diag.unsupportedLibraryCall, node, `number.${name}()`);
}

function lowerArrayMethod(ctx: LowerContext, node: CallExpression, receiverNode: Node, receiver: Expr, name: string): Expr {
  const origin = ctx.origin(node);
  const type = receiver.type as { kind: 'array'; element: IrType };
  const element = type.element;
  const args = node.getArguments();
  const builtin = (builtinName: BuiltinName, lowered: Expr[], result: IrType): Expr => {
    if (MUTATING_BUILTINS.has(builtinName)) ctx.checkWrite(receiverNode);
    return createBuiltin(builtinName, receiver, lowered, result, origin);
  };
  const arity = (min: number, max: number): boolean => args.length >= min && args.length <= max;
  const bad = (): Expr => ctx.refuse(diag.unsupportedArguments, node, `array.${name}()`);
  const callback = (params: IrType[], result?: IrType): Expr => lowerCallback(ctx, args[0]!, params, result);
  switch (name) {
    case 'push':
    case 'unshift':
      return builtin(`array.${name}`, args.map((a) => ctx.lowerTo(a, element)), I64);
    case 'pop':
    case 'shift':
      return arity(0, 0) ? builtin(`array.${name}`, [], optionalOf(element)) : bad();
    case 'slice':
      return arity(0, 2) ? builtin('array.slice', args.map((a) => ctx.lowerExpression(a)), type) : bad();
    case 'reverse':
      return arity(0, 0) ? builtin('array.reverse', [], type) : bad();
    case 'concat':
      return builtin('array.concat', args.map((a) => concatArgument(ctx, a, type)), type);
    case 'indexOf':
    case 'includes': {
      if (!arity(1, 2)) return bad();
      const lowered = [ctx.lowerTo(args[0]!, element), ...args.slice(1).map((a) => ctx.lowerExpression(a))];
      return builtin(`array.${name}`, lowered, name === 'indexOf' ? I64 : BOOL);
    }
    case 'join': {
      if (!arity(0, 1)) return bad();
      if (!isFormattable(element)) return ctx.refuse(diag.unsupportedArguments, node, `join() of ${element.kind} elements`);
      return builtin('array.join', args.map((a) => ctx.lowerTo(a, STRING)), STRING);
    }
    case 'fill': {
      if (!arity(1, 3)) return bad();
      const lowered = [ctx.lowerTo(args[0]!, element), ...args.slice(1).map((a) => ctx.lowerExpression(a))];
      return builtin('array.fill', lowered, type);
    }
    case 'sort': {
      if (args.length === 0) {
        return element.kind === 'string' || element.kind === 'enum'
          ? builtin('array.sort', [], type)
          : ctx.refuse(diag.defaultSort, node);
      }
      return arity(1, 1) ? builtin('array.sort', [callback([element, element])], type) : bad();
    }
    case 'map': {
      if (!arity(1, 1)) return bad();
      const closure = callback([element, I64]);
      const result = closure.kind === 'closure' ? closure.result : closure.type;
      return builtin('array.map', [closure], arrayOf(result));
    }
    case 'filter':
      return arity(1, 1) ? builtin('array.filter', [callback([element, I64], BOOL)], type) : bad();
    case 'some':
    case 'every':
      return arity(1, 1) ? builtin(`array.${name}`, [callback([element, I64], BOOL)], BOOL) : bad();
    case 'find':
      return arity(1, 1) ? builtin('array.find', [callback([element, I64], BOOL)], optionalOf(element)) : bad();
    case 'findIndex':
      return arity(1, 1) ? builtin('array.findIndex', [callback([element, I64], BOOL)], I64) : bad();
    case 'forEach':
      return arity(1, 1) ? builtin('array.forEach', [callback([element, I64], VOID)], VOID) : bad();
    case 'reduce': {
      if (!arity(1, 2)) return bad();
      const accumulator = args[1]
        ? ctx.typeOf(node.getType(), node, ctx.slotInfo(node, 'accumulator', `accumulator of ${ctx.construct(node)}`))
        : element;
      const closure = callback([accumulator, element, I64], accumulator);
      const lowered = args[1] ? [closure, ctx.lowerTo(args[1], accumulator)] : [closure];
      return builtin('array.reduce', lowered, accumulator);
    }
    default:
      return ctx.refuseCall(diag.unsupportedLibraryCall, node, `array.${name}()`);
  }
}

function concatArgument(ctx: LowerContext, arg: Node, type: IrType & { kind: 'array' }): Expr {
  const value = ctx.lowerExpression(arg, type);
  if (value.type.kind === 'array' || value.type.kind === 'unknown') return value;
  return { kind: 'array', elements: [ctx.adapt(value, type.element, arg)], type, origin: value.origin };
}

function lowerCollectionMethod(ctx: LowerContext, node: CallExpression, receiverNode: Node, receiver: Expr, name: string): Expr {
  const origin = ctx.origin(node);
  const type = receiver.type;
  const args = node.getArguments();
  const isMap = type.kind === 'map';
  const key = type.kind === 'map' ? type.key : (type as { element: IrType }).element;
  const prefix = isMap ? 'map' : 'set';
  const builtin = (builtinName: BuiltinName, lowered: Expr[], result: IrType): Expr => {
    if (MUTATING_BUILTINS.has(builtinName)) ctx.checkWrite(receiverNode);
    return createBuiltin(builtinName, receiver, lowered, result, origin);
  };
  const bad = (): Expr => ctx.refuse(diag.unsupportedArguments, node, `${prefix}.${name}()`);
  const keyArg = (): Expr[] => [ctx.lowerTo(args[0]!, key)];
  switch (name) {
    case 'get':
      if (!isMap || args.length !== 1) return bad();
      return builtin('map.get', keyArg(), optionalOf((type as { value: IrType }).value));
    case 'set':
      if (!isMap || args.length !== 2) return bad();
      return builtin('map.set', [...keyArg(), ctx.lowerTo(args[1]!, (type as { value: IrType }).value)], type);
    case 'add':
      if (isMap || args.length !== 1) return bad();
      return builtin('set.add', keyArg(), type);
    case 'has':
    case 'delete':
      if (args.length !== 1) return bad();
      return builtin(`${prefix}.${name}` as BuiltinName, keyArg(), BOOL);
    case 'clear':
      return args.length === 0 ? builtin(`${prefix}.clear` as BuiltinName, [], VOID) : bad();
    case 'keys':
    case 'values':
      if (args.length !== 0) return bad();
      if (!isMap) return builtin('set.values', [], arrayOf(key));
      return builtin(`map.${name}`, [], arrayOf(name === 'keys' ? key : (type as { value: IrType }).value));
    case 'entries':
      if (!isMap || args.length !== 0) return bad();
      return builtin('map.entries', [], arrayOf({ kind: 'tuple', elements: [key, (type as { value: IrType }).value] }));
    default:
      return ctx.refuseCall(diag.unsupportedLibraryCall, node, `${prefix}.${name}()`);
  }
}
