import { Node } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { arrayOf, createBuiltin, createNone, type Expr, type IrType } from '../ir.js';
import type { LowerContext } from './context.js';
import { pathKey } from './guards.js';

/** Object literals (→ StructLit of a declared interface) and array literals (→ ArrayLit / TupleLit). */

function contextualType(ctx: LowerContext, node: Node, expected: IrType | undefined, what: string): IrType {
  const plain = expected?.kind === 'optional' ? expected.inner : expected;
  if (plain && ['struct', 'array', 'tuple'].includes(plain.kind)) return plain;
  const tsType = (Node.isExpression(node) ? node.getContextualType() : undefined) ?? node.getType();
  const nonNull = tsType.getNonNullableType();
  return ctx.typeOf(nonNull, node, ctx.slotInfo(node, what, `${what} at ${ctx.construct(node)}`));
}

export function lowerObjectLiteral(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  if (!Node.isObjectLiteralExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  const target = contextualType(ctx, node, expected, 'object literal');
  if (target.kind === 'unknown') return { kind: 'placeholder', diagnostic: 'PIV1103', text: ctx.construct(node), type: target, origin };
  if (target.kind !== 'struct') return ctx.refuse(diag.anonymousObjectType, node);
  const struct = ctx.tables.structs.get(target.name);
  if (!struct) return ctx.refuse(diag.anonymousObjectType, node);
  const values = new Map<string, Expr>();
  for (const property of node.getProperties()) {
    if (Node.isSpreadAssignment(property)) {
      const spreadNode = property.getExpression();
      const source = ctx.lowerExpression(spreadNode);
      if (source.type.kind !== 'struct' || source.type.name !== struct.name || pathKey(spreadNode) === undefined) {
        values.clear();
        return ctx.refuse(diag.unsupportedSpread, property);
      }
      for (const field of struct.fields) {
        values.set(field.name, { kind: 'field', object: source, field: field.name, type: field.type, origin: source.origin });
      }
      continue;
    }
    if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)) {
      return ctx.refuse(diag.unsupportedSyntax, property, `object literal member ${ctx.construct(property)}`);
    }
    const nameNode = property.getNameNode();
    const name = Node.isIdentifier(nameNode) || Node.isStringLiteral(nameNode) ? nameNode.getText().replace(/^['"]|['"]$/g, '') : undefined;
    const field = struct.fields.find((f) => f.name === name);
    if (!field) return ctx.refuse(diag.unsupportedSyntax, property, `field ${nameNode.getText()} is not in ${struct.name}`);
    const valueNode = Node.isPropertyAssignment(property) ? property.getInitializerOrThrow() : property.getNameNode();
    values.set(field.name, ctx.lowerTo(valueNode, field.type));
  }
  const fields: { name: string; value: Expr }[] = [];
  for (const field of struct.fields) {
    const value = values.get(field.name);
    if (value) fields.push({ name: field.name, value });
    else if (field.type.kind === 'optional') fields.push({ name: field.name, value: createNone(field.type, origin) });
    else return ctx.refuse(diag.unsupportedSyntax, node, `${struct.name} literal without field ${field.name}`);
  }
  return { kind: 'structLit', name: struct.name, fields, type: target, origin };
}

export function lowerArrayLiteral(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  if (!Node.isArrayLiteralExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  const elements = node.getElements();
  if (elements.some((e) => Node.isSpreadElement(e))) return lowerSpreadArray(ctx, node, elements);
  const target = contextualType(ctx, node, expected, 'array literal');
  if (target.kind === 'tuple') {
    if (target.elements.length !== elements.length) return ctx.refuse(diag.unsupportedSyntax, node, 'tuple literal of the wrong length');
    return {
      kind: 'tuple',
      elements: elements.map((e, i) => ctx.lowerTo(e, target.elements[i]!)),
      type: target,
      origin,
    };
  }
  if (target.kind !== 'array') {
    if (target.kind === 'unknown') return { kind: 'placeholder', diagnostic: 'PIV1101', text: ctx.construct(node), type: target, origin };
    return ctx.refuse(diag.unsupportedSyntax, node, `array literal used as ${target.kind}`);
  }
  return { kind: 'array', elements: elements.map((e) => ctx.lowerTo(e, target.element)), type: target, origin };
}

/** `[...xs]` copies, `[...a, x, ...b]` concatenates, `[...set]` / `[...map.values()]` collect. */
function lowerSpreadArray(ctx: LowerContext, node: Node, elements: Node[]): Expr {
  const origin = ctx.origin(node);
  const pieces: Expr[] = [];
  let pending: Node[] = [];
  const flush = (elementType: IrType): void => {
    if (pending.length === 0) return;
    const type = arrayOf(elementType);
    pieces.push({ kind: 'array', elements: pending.map((e) => ctx.lowerTo(e, elementType)), type, origin });
    pending = [];
  };
  let elementType: IrType | undefined;
  for (const element of elements) {
    if (!Node.isSpreadElement(element)) {
      pending.push(element);
      continue;
    }
    const source = ctx.lowerExpression(element.getExpression());
    let asArray: Expr;
    if (source.type.kind === 'array') asArray = source;
    else if (source.type.kind === 'set') asArray = createBuiltin('Array.from', undefined, [source], arrayOf(source.type.element), origin);
    else if (source.type.kind === 'map') {
      const entry: IrType = { kind: 'tuple', elements: [source.type.key, source.type.value] };
      asArray = createBuiltin('Array.from', undefined, [source], arrayOf(entry), origin);
    } else if (source.type.kind === 'unknown') return source;
    else return ctx.refuse(diag.unsupportedSpread, element);
    elementType ??= (asArray.type as { element: IrType }).element;
    flush(elementType);
    pieces.push(asArray);
  }
  flush(elementType!);
  const [first, ...rest] = pieces;
  if (!first) return ctx.refuse(diag.unsupportedSpread, node);
  if (rest.length === 0) {
    return first.kind === 'builtin' && first.name === 'Array.from'
      ? first
      : createBuiltin('array.slice', first, [], first.type, origin);
  }
  return createBuiltin('array.concat', first, rest, first.type, origin);
}
