import { Node, type CallExpression } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { BOOL, F64, I64, STRING, arrayOf, createBuiltin, type BuiltinName, type Expr, type IrType } from '../ir.js';
import type { LowerContext } from './context.js';
import { lowerCallback } from './closures.js';

/** Calls on the JS globals: Math.*, Number.*, Date, Array.from, parseFloat, String(x) … */

/** The identifier names a global of the standard library (not a module declaration). */
export function isLibGlobal(node: Node): boolean {
  const decls = node.getSymbol()?.getDeclarations() ?? [];
  return decls.every((d) => d.getSourceFile().isDeclarationFile() || d.getSourceFile().isInNodeModules());
}

const MATH_FUNCTIONS = new Set([
  'abs', 'floor', 'ceil', 'round', 'trunc', 'sign', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'pow', 'atan2', 'min', 'max', 'hypot', 'random',
]);
const MATH_ARITY: Record<string, number> = { pow: 2, atan2: 2, random: 0 };
const VARIADIC = new Set(['min', 'max', 'hypot']);
const RUNTIME_NAMESPACES = new Set(['console', 'process', 'JSON', 'Object', 'Reflect', 'Promise', 'Intl', 'globalThis', 'performance', 'crypto', 'Symbol', 'BigInt']);
const IO_FUNCTIONS = new Set(['require', 'setTimeout', 'setInterval', 'setImmediate', 'fetch', 'queueMicrotask', 'structuredClone']);

function numericArgs(ctx: LowerContext, node: CallExpression): Expr[] {
  return node.getArguments().map((a) => ctx.lowerExpression(a));
}

/** `Namespace.name(...)` on a standard-library namespace; undefined when `namespace` is not one. */
export function lowerStaticCall(ctx: LowerContext, node: CallExpression, namespaceNode: Node, name: string): Expr | undefined {
  const namespace = namespaceNode.getText();
  if (!Node.isIdentifier(namespaceNode) || !isLibGlobal(namespaceNode)) return undefined;
  const origin = ctx.origin(node);
  const args = node.getArguments();
  switch (namespace) {
    case 'Math': {
      if (!MATH_FUNCTIONS.has(name)) return ctx.refuseCall(diag.unsupportedLibraryCall, node, `Math.${name}`);
      const arity = MATH_ARITY[name] ?? 1;
      if (!VARIADIC.has(name) && args.length !== arity) return ctx.refuse(diag.unsupportedArguments, node, `Math.${name}`);
      if (name === 'random') ctx.reportAt(diag.nondeterministic, node, 'Math.random()');
      return createBuiltin(`Math.${name}` as BuiltinName, undefined, numericArgs(ctx, node), F64, origin);
    }
    case 'Number':
      return lowerNumberStatic(ctx, node, name);
    case 'Date':
      if (name !== 'now') return ctx.refuse(diag.dateObject, node, `Date.${name}`);
      ctx.reportAt(diag.nondeterministic, node, 'Date.now()');
      return createBuiltin('Date.now', undefined, [], I64, origin);
    case 'Array':
      if (name === 'from') return lowerArrayFrom(ctx, node);
      return ctx.refuse(diag.unsupportedLibraryCall, node, `Array.${name}`);
    case 'String':
      return ctx.refuse(diag.unsupportedLibraryCall, node, `String.${name}`);
    default:
      if (RUNTIME_NAMESPACES.has(namespace)) {
        const factory = ['console', 'process', 'performance', 'crypto'].includes(namespace) ? diag.ioCall : diag.unsupportedLibraryCall;
        return ctx.refuseCall(factory, node, `${namespace}.${name}`);
      }
      return undefined;
  }
}

function lowerNumberStatic(ctx: LowerContext, node: CallExpression, name: string): Expr {
  const origin = ctx.origin(node);
  const args = node.getArguments();
  switch (name) {
    case 'isInteger':
    case 'isFinite':
    case 'isNaN':
      if (args.length !== 1) return ctx.refuse(diag.unsupportedArguments, node, `Number.${name}`);
      return createBuiltin(`Number.${name}`, undefined, numericArgs(ctx, node), BOOL, origin);
    case 'parseFloat':
    case 'parseInt':
      return lowerParse(ctx, node, name);
    default:
      return ctx.refuse(diag.unsupportedLibraryCall, node, `Number.${name}`);
  }
}

function lowerParse(ctx: LowerContext, node: CallExpression, name: 'parseFloat' | 'parseInt'): Expr {
  const args = node.getArguments();
  const max = name === 'parseInt' ? 2 : 1;
  if (args.length < 1 || args.length > max) return ctx.refuse(diag.unsupportedArguments, node, `Number.${name}`);
  const lowered = [ctx.lowerTo(args[0]!, STRING)];
  if (args[1]) lowered.push(ctx.lowerExpression(args[1]));
  return createBuiltin(`Number.${name}`, undefined, lowered, F64, ctx.origin(node));
}

/** `Array.from(iterable)` copies; `Array.from({ length: n }, (_, i) => …)` builds by index. */
function lowerArrayFrom(ctx: LowerContext, node: CallExpression): Expr {
  const origin = ctx.origin(node);
  const [source, callback] = node.getArguments();
  if (!source) return ctx.refuse(diag.unsupportedArguments, node, 'Array.from()');
  if (Node.isObjectLiteralExpression(source)) {
    const lengthProp = source.getProperty('length');
    if (!callback || !lengthProp || source.getProperties().length !== 1 || !Node.isPropertyAssignment(lengthProp)) {
      return ctx.refuse(diag.unsupportedArguments, node, 'Array.from({ length }) without a mapping callback');
    }
    const length = ctx.lowerExpression(lengthProp.getInitializerOrThrow());
    const closure = lowerCallback(ctx, callback, [{ kind: 'unknown' }, I64], undefined, { dropFirst: true });
    const element: IrType = closure.kind === 'closure' ? closure.result : closure.type;
    return createBuiltin('Array.from', undefined, [length, closure], arrayOf(element), origin);
  }
  if (callback) return ctx.refuse(diag.unsupportedArguments, node, 'Array.from(iterable, mapFn)');
  const iterable = ctx.lowerExpression(source);
  const type = iterable.type;
  let element: IrType | undefined;
  if (type.kind === 'array' || type.kind === 'set') element = type.element;
  else if (type.kind === 'map') element = { kind: 'tuple', elements: [type.key, type.value] };
  else if (type.kind === 'string') element = STRING;
  if (!element) return type.kind === 'unknown' ? iterable : ctx.refuse(diag.unsupportedArguments, node, 'Array.from');
  return createBuiltin('Array.from', undefined, [iterable], arrayOf(element), origin);
}

/** Calls of global functions (parseFloat, isNaN, String …); undefined when `name` is not one. */
export function lowerGlobalCall(ctx: LowerContext, node: CallExpression, callee: Node): Expr | undefined {
  if (!isLibGlobal(callee)) return undefined;
  const name = callee.getText();
  const origin = ctx.origin(node);
  const args = node.getArguments();
  switch (name) {
    case 'parseFloat':
    case 'parseInt':
      return lowerParse(ctx, node, name);
    case 'isNaN':
    case 'isFinite': {
      if (args.length !== 1) return ctx.refuse(diag.unsupportedArguments, node, name);
      const value = ctx.lowerExpression(args[0]!);
      if (value.type.kind === 'string') return ctx.refuse(diag.unsupportedArguments, node, `${name} of a string (coercion)`);
      return createBuiltin(`Number.${name}`, undefined, [value], BOOL, origin);
    }
    case 'String': {
      if (args.length !== 1) return ctx.refuse(diag.unsupportedArguments, node, 'String()');
      const value = ctx.lowerExpression(args[0]!);
      if (!['string', 'f64', 'i64', 'bool', 'enum', 'typeParam', 'unknown'].includes(value.type.kind)) {
        return ctx.refuse(diag.unsupportedArguments, node, `String() of a ${value.type.kind} value`);
      }
      return createBuiltin('String', undefined, [value], STRING, origin);
    }
    case 'Boolean':
      if (args.length !== 1) return ctx.refuse(diag.unsupportedArguments, node, 'Boolean()');
      return ctx.lowerCondition(args[0]!);
    case 'Number':
      return ctx.refuseCall(diag.unsupportedLibraryCall, node, 'Number() coercion (use Number.parseFloat)');
    case 'eval':
      return ctx.refuse(diag.dynamicCode, node);
    default:
      if (IO_FUNCTIONS.has(name)) return ctx.refuseCall(diag.ioCall, node, `${name}()`);
      return undefined;
  }
}
