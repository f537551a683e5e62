import { Node, SyntaxKind, type CallExpression, type NewExpression, type PropertyAccessExpression } from 'ts-morph';
import * as diag from '../diagnostics.js';
import {
  STRING,
  UNKNOWN,
  arrayOf,
  classType,
  createBuiltin,
  createNone,
  substituteType,
  type Expr,
  type IrType,
  type Param,
} from '../ir.js';
import { optionalChain } from './access.js';
import { bareName } from './classes.js';
import { callTypeArgs, classBinding, instantiateGeneric, substituteParams } from './generics.js';
import { lowerReceiverCall } from './builtins.js';
import type { LowerContext } from './context.js';
import { isLibGlobal, lowerGlobalCall, lowerStaticCall } from './library.js';

/** Calls of module functions, methods, library functions, and `new`. */

export function lowerCall(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  if (!Node.isCallExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  if (node.getArguments().some((a) => Node.isSpreadElement(a))) return ctx.refuse(diag.unsupportedSpread, node);
  const callee = node.getExpression();
  if (node.hasQuestionDotToken()) return ctx.refuse(diag.optionalChainOnExpression, node);
  if (Node.isPropertyAccessExpression(callee)) return lowerMemberCall(ctx, node, callee, expected);
  if (Node.isIdentifier(callee)) return lowerNamedCall(ctx, node, callee);
  if (callee.getKind() === SyntaxKind.SuperKeyword) return ctx.refuse(diag.classInheritance, node);
  return ctx.refuse(diag.unsupportedSyntax, node, `call of ${ctx.construct(callee)}`);
}

/** Array methods whose result has the receiver's type: an expected array type types the receiver. */
const SAME_TYPE_METHODS = new Set(['fill', 'sort', 'reverse', 'slice', 'concat', 'filter']);

function lowerMemberCall(ctx: LowerContext, node: CallExpression, callee: PropertyAccessExpression, expected: IrType | undefined): Expr {
  const objectNode = callee.getExpression();
  const name = bareName(callee.getName());
  const staticCall = lowerStaticCall(ctx, node, objectNode, name);
  if (staticCall) return staticCall;
  if (Node.isNewExpression(objectNode) && objectNode.getExpression().getText() === 'Date') {
    return lowerDateMethod(ctx, node, objectNode, name);
  }
  const receiverExpected = expected?.kind === 'array' && SAME_TYPE_METHODS.has(name) ? expected : undefined;
  const receiver = ctx.lowerExpression(objectNode, receiverExpected);
  const call = (present: Expr): Expr =>
    present.type.kind === 'class'
      ? lowerMethodCall(ctx, node, present, name)
      : lowerReceiverCall(ctx, node, objectNode, present, name);
  return receiver.type.kind === 'optional' ? optionalChain(ctx, callee, objectNode, receiver, call) : call(receiver);
}

/** `new Date().toISOString()` (the clock) and `new Date(ms).toISOString()`. */
function lowerDateMethod(ctx: LowerContext, node: CallExpression, date: NewExpression, name: string): Expr {
  const args = date.getArguments();
  if (name !== 'toISOString' || node.getArguments().length > 0 || args.length > 1) {
    return ctx.refuse(diag.dateObject, node);
  }
  if (args.length === 0) ctx.reportAt(diag.nondeterministic, node, 'new Date()');
  const lowered = args.map((a) => ctx.lowerExpression(a));
  return createBuiltin('Date.toISOString', undefined, lowered, STRING, ctx.origin(node));
}

function lowerMethodCall(ctx: LowerContext, node: CallExpression, receiver: Expr, name: string): Expr {
  const className = (receiver.type as { name: string }).name;
  const method = ctx.tables.classes.get(className)?.methods.find((m) => m.name === name && !m.isGetter);
  if (!method) return ctx.refuse(diag.unsupportedSyntax, node, `${className}.${name} is not a method`);
  const declNode = ctx.tables.methodNodes.get(className)?.get(name);
  const binding = classBinding(ctx, receiver.type);
  return {
    kind: 'methodCall',
    receiver,
    className,
    method: name,
    args: lowerArguments(ctx, node, substituteParams(method.params, binding), declNode),
    throws: false,
    type: substituteType(method.result, binding),
    origin: ctx.origin(node),
  };
}

function lowerNamedCall(ctx: LowerContext, node: CallExpression, callee: Node): Expr {
  const global = lowerGlobalCall(ctx, node, callee);
  if (global) return global;
  const decl = ctx.declarationOf(callee);
  const origin = ctx.origin(node);
  if (!decl) return ctx.refuse(diag.unsupportedSyntax, node, `call of unresolved ${callee.getText()}`);
  const imported = ctx.tables.importedDeclarations.get(decl.compilerNode);
  if (imported) return { kind: 'placeholder', diagnostic: imported, text: ctx.construct(node), type: UNKNOWN, origin };
  const local = ctx.localOf(decl);
  if (local) {
    if (local.type.kind !== 'function') return ctx.refuse(diag.localFunction, node);
    const closureType = local.type;
    const args = node.getArguments();
    if (args.length !== closureType.params.length) return ctx.refuse(diag.unsupportedArguments, node, ctx.construct(node));
    return {
      kind: 'call',
      callee: local.name,
      args: args.map((a, i) => ctx.lowerTo(a, closureType.params[i]!)),
      throws: false,
      type: closureType.result,
      closureType,
      origin,
    };
  }
  const name = ctx.tables.names.get(decl.compilerNode);
  const fn = name ? ctx.tables.functions.get(name) : undefined;
  if (!fn) {
    if (Node.isFunctionDeclaration(decl)) return ctx.refuse(diag.nestedFunction, node);
    return ctx.refuse(diag.unsupportedLibraryCall, node, `${callee.getText()}()`);
  }
  const fnNode = ctx.tables.functionNodes.get(fn.name);
  if (fn.typeParams && fnNode) {
    const typeArgs = callTypeArgs(ctx, node, fnNode, fn.name);
    if (!typeArgs) return { kind: 'placeholder', diagnostic: 'PIV1106', text: ctx.construct(node), type: UNKNOWN, origin };
    const binding = new Map(fn.typeParams.map((p, i) => [p.name, typeArgs[i]!]));
    return {
      kind: 'call',
      callee: fn.name,
      args: lowerArguments(ctx, node, substituteParams(fn.params, binding), fnNode),
      throws: false,
      type: substituteType(fn.result, binding),
      typeArgs,
      origin,
    };
  }
  return {
    kind: 'call',
    callee: fn.name,
    args: lowerArguments(ctx, node, fn.params, fnNode),
    throws: false,
    type: fn.result,
    origin,
  };
}

/**
 * Arguments fitted to the parameters; omitted ones get the default value (lowered again at the
 * call site, so printers always see complete argument lists) or `None` for optional parameters.
 */
export function lowerArguments(
  ctx: LowerContext,
  node: CallExpression | NewExpression,
  params: Param[],
  declNode: Node | undefined,
): Expr[] {
  const args = node.getArguments();
  const origin = ctx.origin(node);
  if (args.length > params.length) return [ctx.refuse(diag.unsupportedArguments, node, `${ctx.construct(node)} (too many arguments)`)];
  const tsParams = declNode && 'getParameters' in declNode ? (declNode as unknown as { getParameters(): Node[] }).getParameters() : [];
  return params.map((param, i) => {
    const arg = args[i];
    if (arg) return ctx.lowerTo(arg, param.type);
    const tsParam = tsParams[i];
    const init = tsParam && Node.isParameterDeclaration(tsParam) ? tsParam.getInitializer() : undefined;
    if (init) {
      const usesParams = init
        .getDescendantsOfKind(SyntaxKind.Identifier)
        .concat(Node.isIdentifier(init) ? [init] : [])
        .some((id) => tsParams.includes(ctx.declarationOf(id) as Node));
      if (usesParams || init.getDescendantsOfKind(SyntaxKind.ThisKeyword).length > 0) {
        return ctx.refuse(diag.unsupportedArguments, node, `omitted argument ${param.name} whose default uses other parameters`);
      }
      return ctx.lowerTo(init, param.type);
    }
    if (param.type.kind === 'optional') return createNone(param.type, origin);
    return ctx.refuse(diag.unsupportedArguments, node, `${ctx.construct(node)} (missing ${param.name})`);
  });
}

export function lowerNew(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  if (!Node.isNewExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const callee = node.getExpression();
  const origin = ctx.origin(node);
  const args = node.getArguments();
  if (args.some((a) => Node.isSpreadElement(a))) return ctx.refuse(diag.unsupportedSpread, node);
  if (Node.isIdentifier(callee) && isLibGlobal(callee)) {
    const name = callee.getText();
    const own = (kind: IrType['kind']): IrType => {
      const plain = expected?.kind === 'optional' ? expected.inner : expected;
      if (plain?.kind === kind) return plain;
      return ctx.typeOf(node.getType(), node, ctx.slotInfo(node, name, `${name} created at ${ctx.construct(node)}`));
    };
    switch (name) {
      case 'Map': {
        const type = own('map');
        if (type.kind !== 'map' || args.length > 1) return type.kind === 'unknown' ? placeholderOf(type, node, ctx) : ctx.refuse(diag.unsupportedArguments, node);
        const entries: IrType = arrayOf({ kind: 'tuple', elements: [type.key, type.value] });
        return createBuiltin('Map.new', undefined, args.map((a) => ctx.lowerTo(a, entries)), type, origin);
      }
      case 'Set': {
        const type = own('set');
        if (type.kind !== 'set' || args.length > 1) return type.kind === 'unknown' ? placeholderOf(type, node, ctx) : ctx.refuse(diag.unsupportedArguments, node);
        return createBuiltin('Set.new', undefined, args.map((a) => ctx.lowerTo(a, arrayOf(type.element))), type, origin);
      }
      case 'Array': {
        const type = own('array');
        if (type.kind !== 'array' || args.length !== 1) return ctx.refuse(diag.unsupportedArguments, node, 'new Array(…) without exactly one length');
        return createBuiltin('Array.new', undefined, [ctx.lowerExpression(args[0]!)], type, origin);
      }
      case 'Date':
        return ctx.refuse(diag.dateObject, node);
      case 'Promise':
        return ctx.refuse(diag.asyncCode, node);
      case 'RegExp':
        return ctx.refuse(diag.regexLiteral, node);
      case 'Function':
        return ctx.refuse(diag.dynamicCode, node);
      case 'Error':
      case 'TypeError':
      case 'RangeError':
        return ctx.refuse(diag.throwNonError, node, `${ctx.construct(node)} outside a throw`);
      default:
        return ctx.refuse(diag.unsupportedLibraryCall, node, `new ${name}()`);
    }
  }
  const decl = Node.isIdentifier(callee) ? ctx.declarationOf(callee) : undefined;
  const imported = decl ? ctx.tables.importedDeclarations.get(decl.compilerNode) : undefined;
  if (imported) return { kind: 'placeholder', diagnostic: imported, text: ctx.construct(node), type: UNKNOWN, origin };
  let className = decl ? ctx.tables.names.get(decl.compilerNode) : undefined;
  const generic = className ? ctx.generics.classes.get(className) : undefined;
  let type: IrType | undefined;
  if (generic) {
    type = instantiateGeneric(ctx, generic, node.getType().getTypeArguments(), node);
    className = type.kind === 'class' ? type.name : undefined;
  }
  const cls = className ? ctx.tables.classes.get(className) : undefined;
  if (!cls) return ctx.refuse(diag.unsupportedSyntax, node, `new ${callee.getText()}`);
  type ??= classType(cls.name);
  return {
    kind: 'new',
    className: cls.name,
    args: lowerArguments(ctx, node, substituteParams(cls.constructorParams, classBinding(ctx, type)), ctx.tables.constructorNodes.get(cls.name)),
    throws: false,
    type,
    origin,
  };
}

function placeholderOf(type: IrType, node: Node, ctx: LowerContext): Expr {
  return { kind: 'placeholder', diagnostic: 'PIV1101', text: ctx.construct(node), type, origin: ctx.origin(node) };
}
