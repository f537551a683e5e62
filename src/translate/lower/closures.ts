import { Node } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { createIdent, type ClosureExpr, type Expr, type IrType, type Param, type Stmt } from '../ir.js';
import type { LowerContext } from './context.js';
import { bindPattern } from './destructuring.js';
import { lowerFunctionLikeBody } from './signatures.js';

/**
 * Callbacks of array methods → `ClosureExpr`. The parameter types come from the array (the
 * element type object is shared, so integer inference sees one slot); a module function
 * passed by name becomes a closure that calls it.
 */
export interface CallbackOptions {
  /** `Array.from({ length }, (_, i) => …)`: drop the unused first parameter. */
  dropFirst?: boolean;
}

export function lowerCallback(
  ctx: LowerContext,
  node: Node,
  paramTypes: IrType[],
  result: IrType | undefined,
  options: CallbackOptions = {},
): Expr {
  const closure = Node.isIdentifier(node)
    ? functionReference(ctx, node, paramTypes, result)
    : Node.isArrowFunction(node) || Node.isFunctionExpression(node)
      ? lowerClosure(ctx, node, paramTypes, result)
      : ctx.refuse(diag.localFunction, node);
  if (!options.dropFirst || closure.kind !== 'closure') return closure;
  const [, ...params] = closure.params;
  return { ...closure, params, type: { kind: 'function', params: params.map((p) => p.type), result: closure.result } };
}

/** `const scale = (x: number) => …` inside a function: parameter types come from the annotations. */
export function lowerLocalClosure(ctx: LowerContext, node: Node): Expr {
  if (!Node.isArrowFunction(node) && !Node.isFunctionExpression(node)) return ctx.refuse(diag.localFunction, node);
  const paramTypes = node
    .getParameters()
    .map((p) => ctx.typeOf(p.getType(), p, ctx.slotInfo(p, p.getName(), `parameter ${p.getName()} of closure ${ctx.construct(node)}`)));
  return lowerClosure(ctx, node, paramTypes, undefined);
}

/** A local closure passed by name: `xs.map(scale)` → `xs.map((x) => scale(x))`. */
function localClosureReference(ctx: LowerContext, node: Node, closureType: Extract<IrType, { kind: 'function' }>, name: string, paramTypes: IrType[]): Expr {
  if (closureType.params.length > paramTypes.length) {
    return ctx.refuse(diag.unsupportedArguments, node, `${name} passed as a callback takes ${closureType.params.length} parameters`);
  }
  const origin = ctx.origin(node);
  const params: Param[] = closureType.params.map((_, i) => ({ name: ctx.tempName('arg'), type: paramTypes[i]!, reassigned: false, origin }));
  const call: Expr = {
    kind: 'call',
    callee: name,
    args: params.map((p) => createIdent(p.name, p.type, 'param', origin)),
    throws: false,
    type: closureType.result,
    closureType,
    origin,
  };
  const body: Stmt[] =
    closureType.result.kind === 'void' ? [{ kind: 'expr', expr: call, origin }] : [{ kind: 'return', value: call, origin }];
  return { kind: 'closure', params, result: closureType.result, body, type: { kind: 'function', params: params.map((p) => p.type), result: closureType.result }, origin };
}

function functionReference(ctx: LowerContext, node: Node, paramTypes: IrType[], result: IrType | undefined): Expr {
  const decl = ctx.declarationOf(node);
  const local = decl ? ctx.localOf(decl) : undefined;
  if (local?.type.kind === 'function') return localClosureReference(ctx, node, local.type, local.name, paramTypes);
  const name = decl ? ctx.tables.names.get(decl.compilerNode) : undefined;
  const fn = name ? ctx.tables.functions.get(name) : undefined;
  if (!fn) return ctx.refuse(diag.localFunction, node);
  if (fn.params.length > paramTypes.length) {
    return ctx.refuse(diag.unsupportedArguments, node, `${fn.name} passed as a callback takes ${fn.params.length} parameters`);
  }
  const origin = ctx.origin(node);
  const params: Param[] = fn.params.map((p, i) => ({ name: p.name, type: paramTypes[i]!, reassigned: false, origin }));
  const call: Expr = {
    kind: 'call',
    callee: fn.name,
    args: params.map((p) => createIdent(p.name, p.type, 'param', origin)),
    throws: false,
    type: fn.result,
    origin,
  };
  const resultType = result ?? fn.result;
  const body: Stmt[] =
    resultType.kind === 'void' ? [{ kind: 'expr', expr: call, origin }] : [{ kind: 'return', value: call, origin }];
  return { kind: 'closure', params, result: resultType, body, type: { kind: 'function', params: paramTypes.slice(0, params.length), result: resultType }, origin };
}

function lowerClosure(ctx: LowerContext, node: Node, paramTypes: IrType[], result: IrType | undefined): Expr {
  if (!Node.isArrowFunction(node) && !Node.isFunctionExpression(node)) return ctx.refuse(diag.localFunction, node);
  if (node.isAsync()) return ctx.refuse(diag.asyncCode, node);
  if (Node.isFunctionExpression(node) && node.isGenerator()) return ctx.refuse(diag.generatorFunction, node);
  const tsParams = node.getParameters();
  if (tsParams.length > paramTypes.length) {
    return ctx.refuse(diag.unsupportedArguments, node, `callback with ${tsParams.length} parameters`);
  }
  const origin = ctx.origin(node);
  const resultType =
    result ?? ctx.typeOf(node.getReturnType(), node, ctx.slotInfo(node, 'result', `result of callback ${ctx.construct(node)}`));
  const bodyNode = node.getBody();
  return ctx.withFrame({ kind: 'closure', name: 'callback', result: resultType, body: bodyNode }, (): Expr => {
    const prelude: Stmt[] = [];
    const params: Param[] = [];
    for (const [i, param] of tsParams.entries()) {
      const type = paramTypes[i]!;
      const nameNode = param.getNameNode();
      if (param.isRestParameter()) return ctx.refuse(diag.argumentsObject, param);
      if (Node.isIdentifier(nameNode)) {
        ctx.declareLocal(param, nameNode.getText(), type, 'param');
        params.push({ name: nameNode.getText(), type, reassigned: false, origin: ctx.origin(param) });
        continue;
      }
      const name = ctx.tempName('entry');
      params.push({ name, type, reassigned: false, origin: ctx.origin(param) });
      prelude.push(...bindPattern(ctx, nameNode, createIdent(name, type, 'param', ctx.origin(param))));
    }
    const body: Stmt[] = [...prelude, ...lowerFunctionLikeBody(ctx, bodyNode, resultType)];
    const closure: ClosureExpr = {
      kind: 'closure',
      params,
      result: resultType,
      body,
      type: { kind: 'function', params: params.map((p) => p.type), result: resultType },
      origin,
    };
    return closure;
  });
}
