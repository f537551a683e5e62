import { Node, type ElementAccessExpression, type PropertyAccessExpression } from 'ts-morph';
import * as diag from '../diagnostics.js';
import {
  BOOL,
  F64,
  I64,
  STRING,
  UNKNOWN,
  createBuiltin,
  createNone,
  createNumber,
  optionalOf,
  type Expr,
  type IrType,
} from '../ir.js';
import type { LowerContext } from './context.js';
import { finishRead } from './expressions.js';
import { bareName } from './classes.js';
import { memberType } from './generics.js';
import { pathKey } from './guards.js';
import { isLibGlobal } from './library.js';

/** Property and element access: fields, getters, `.length`/`.size`, enum members, `?.`. */

const MATH_CONSTANTS: Record<string, number> = {
  PI: Math.PI,
  E: Math.E,
  LN2: Math.LN2,
  LN10: Math.LN10,
  LOG2E: Math.LOG2E,
  LOG10E: Math.LOG10E,
  SQRT2: Math.SQRT2,
  SQRT1_2: Math.SQRT1_2,
};

const NUMBER_CONSTANTS: Record<string, number> = {
  MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER,
  MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER,
  EPSILON: Number.EPSILON,
  MAX_VALUE: Number.MAX_VALUE,
  MIN_VALUE: Number.MIN_VALUE,
  POSITIVE_INFINITY: Infinity,
  NEGATIVE_INFINITY: -Infinity,
  NaN: NaN,
};

export function lowerPropertyAccess(node: Node, ctx: LowerContext): Expr {
  if (!Node.isPropertyAccessExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const objectNode = node.getExpression();
  const name = bareName(node.getName());
  const origin = ctx.origin(node);
  const objectText = objectNode.getText();
  if ((objectText === 'Math' || objectText === 'Number') && isLibGlobal(objectNode)) {
    const table = objectText === 'Math' ? MATH_CONSTANTS : NUMBER_CONSTANTS;
    const value = table[name];
    if (value === undefined) return ctx.refuse(diag.unsupportedLibraryCall, node);
    const integral = Number.isSafeInteger(value);
    return createNumber(value, integral ? I64 : F64, origin);
  }
  const enumMember = lowerEnumMember(ctx, objectNode, name, node);
  if (enumMember) return enumMember;
  const object = ctx.lowerExpression(objectNode);
  if (object.type.kind === 'optional') {
    return optionalChain(ctx, node, objectNode, object, (present) => accessMember(ctx, node, present, name));
  }
  return accessMember(ctx, node, object, name);
}

function lowerEnumMember(ctx: LowerContext, objectNode: Node, member: string, node: Node): Expr | undefined {
  if (!Node.isIdentifier(objectNode)) return undefined;
  const decl = ctx.declarationOf(objectNode);
  if (!decl || !Node.isEnumDeclaration(decl)) return undefined;
  const enumName = ctx.tables.names.get(decl.compilerNode);
  const value = decl.getMember(member)?.getValue();
  if (!enumName || typeof value !== 'string') return ctx.refuse(diag.numericEnum, node);
  return { kind: 'enumLit', enumName, variant: value, type: { kind: 'enum', name: enumName }, origin: ctx.origin(node) };
}

/**
 * `a?.b` on an optional path: `a === undefined ? undefined : a!.b`. Only on variables and
 * field paths, which can be evaluated twice without side effects.
 */
export function optionalChain(
  ctx: LowerContext,
  node: PropertyAccessExpression | ElementAccessExpression | Node,
  objectNode: Node,
  object: Expr,
  access: (present: Expr) => Expr,
): Expr {
  if (object.type.kind !== 'optional') return access(object);
  const origin = ctx.origin(node);
  const chained = Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node) ? node.hasQuestionDotToken() : true;
  if (!chained || pathKey(objectNode) === undefined) return ctx.refuse(diag.optionalChainOnExpression, node);
  const present = access({ kind: 'unwrap', value: object, type: object.type.inner, origin: object.origin });
  if (present.type.kind === 'unknown') return present;
  const type: IrType = present.type.kind === 'optional' ? present.type : optionalOf(present.type);
  const value: Expr = present.type.kind === 'optional' ? present : { kind: 'some', value: present, type, origin };
  return {
    kind: 'conditional',
    cond: { kind: 'isNone', value: object, negated: false, type: BOOL, origin },
    then: createNone(type, origin),
    else: value,
    type,
    origin,
  };
}

function accessMember(ctx: LowerContext, node: Node, object: Expr, name: string): Expr {
  const origin = ctx.origin(node);
  const type = object.type;
  switch (type.kind) {
    case 'unknown':
      return { kind: 'placeholder', diagnostic: 'PIV1001', text: name, type: UNKNOWN, origin };
    case 'string':
      if (name === 'length') return createBuiltin('string.length', object, [], I64, origin);
      break;
    case 'array':
      if (name === 'length') return createBuiltin('array.length', object, [], I64, origin);
      break;
    case 'map':
      if (name === 'size') return createBuiltin('map.size', object, [], I64, origin);
      break;
    case 'set':
      if (name === 'size') return createBuiltin('set.size', object, [], I64, origin);
      break;
    case 'tuple':
      if (name === 'length') return createNumber(type.elements.length, I64, origin);
      break;
    case 'struct': {
      const field = ctx.tables.structs.get(type.name)?.fields.find((f) => f.name === name);
      if (field) return finishRead(ctx, node, { kind: 'field', object, field: name, type: field.type, origin });
      break;
    }
    case 'class': {
      const decl = ctx.tables.classes.get(type.name);
      const field = decl?.fields.find((f) => f.name === name);
      if (field) return finishRead(ctx, node, { kind: 'field', object, field: name, type: memberType(ctx, type, field.type), origin });
      const getter = decl?.methods.find((m) => m.name === name && m.isGetter);
      if (getter) {
        const call: Expr = {
          kind: 'methodCall',
          receiver: object,
          className: type.name,
          method: name,
          args: [],
          throws: false,
          type: memberType(ctx, type, getter.result),
          origin,
        };
        return finishRead(ctx, node, call);
      }
      if (decl?.methods.some((m) => m.name === name)) return ctx.refuse(diag.methodAsValue, node);
      break;
    }
    default:
      break;
  }
  return ctx.refuse(diag.unsupportedSyntax, node, `property ${name} of a ${type.kind} value`);
}

export function lowerElementAccess(node: Node, ctx: LowerContext): Expr {
  if (!Node.isElementAccessExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  if (node.hasQuestionDotToken()) return ctx.refuse(diag.optionalChainOnExpression, node);
  const object = ctx.lowerExpression(node.getExpression());
  const argument = node.getArgumentExpressionOrThrow();
  const type = object.type;
  switch (type.kind) {
    case 'unknown':
      return { kind: 'placeholder', diagnostic: 'PIV1001', text: ctx.construct(node), type: UNKNOWN, origin };
    case 'array': {
      const index = ctx.lowerExpression(argument);
      ctx.reportAt(diag.outOfRangeRead, node);
      return { kind: 'index', object, index, type: type.element, origin };
    }
    case 'tuple': {
      const position = Node.isNumericLiteral(argument) ? Number(argument.getLiteralValue()) : NaN;
      const element = type.elements[position];
      if (!element) return ctx.refuse(diag.unsupportedSyntax, node, 'tuple element by a non-constant index');
      return { kind: 'index', object, index: createNumber(position, I64, ctx.origin(argument)), type: element, origin };
    }
    case 'string': {
      ctx.reportAt(diag.outOfRangeRead, node);
      return createBuiltin('string.charAt', object, [ctx.lowerExpression(argument)], STRING, origin);
    }
    case 'struct': {
      if (Node.isStringLiteral(argument)) {
        const name = argument.getLiteralValue();
        const field = ctx.tables.structs.get(type.name)?.fields.find((f) => f.name === name);
        if (field) return { kind: 'field', object, field: name, type: field.type, origin };
      }
      break;
    }
    default:
      break;
  }
  return ctx.refuse(diag.unsupportedSyntax, node, `indexing a ${type.kind} value`);
}
