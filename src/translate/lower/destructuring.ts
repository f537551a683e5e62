import { Node } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { createNumber, I64, type Expr, type IrType, type Stmt } from '../ir.js';
import type { LowerContext } from './context.js';

/**
 * Flat destructuring: `const { a, b: c } = s` reads struct fields, `const [x, y] = t` reads
 * tuple (or array) elements. `source` must be cheap to evaluate more than once (a variable);
 * callers put other values in a temporary first.
 */
export function bindPattern(ctx: LowerContext, pattern: Node, source: Expr): Stmt[] {
  const out: Stmt[] = [];
  if (Node.isObjectBindingPattern(pattern)) {
    const fields = fieldsOf(ctx, source.type);
    for (const element of pattern.getElements()) {
      const nameNode = element.getNameNode();
      const propertyName = element.getPropertyNameNode()?.getText() ?? nameNode.getText();
      const field = fields?.find((f) => f.name === propertyName);
      if (!Node.isIdentifier(nameNode) || element.getInitializer() || element.getDotDotDotToken() || !field) {
        out.push(...ctx.refuseStmt(diag.unsupportedDestructuring, element));
        continue;
      }
      const value: Expr = { kind: 'field', object: source, field: propertyName, type: field.type, origin: ctx.origin(element) };
      out.push(declare(ctx, element, nameNode.getText(), field.type, value));
    }
    return out;
  }
  if (Node.isArrayBindingPattern(pattern)) {
    for (const [i, element] of pattern.getElements().entries()) {
      if (Node.isOmittedExpression(element)) continue;
      const nameNode = element.getNameNode();
      const type = elementType(source.type, i);
      if (!Node.isIdentifier(nameNode) || element.getInitializer() || element.getDotDotDotToken() || !type) {
        out.push(...ctx.refuseStmt(diag.unsupportedDestructuring, element));
        continue;
      }
      if (source.type.kind === 'array') ctx.reportAt(diag.outOfRangeRead, element);
      const origin = ctx.origin(element);
      const value: Expr = { kind: 'index', object: source, index: createNumber(i, I64, origin), type, origin };
      out.push(declare(ctx, element, nameNode.getText(), type, value));
    }
    return out;
  }
  return ctx.refuseStmt(diag.unsupportedDestructuring, pattern);
}

function declare(ctx: LowerContext, element: Node, name: string, type: IrType, init: Expr): Stmt {
  ctx.declareLocal(element, name, type);
  return { kind: 'var', name, type, init, mutable: false, origin: ctx.origin(element) };
}

function fieldsOf(ctx: LowerContext, type: IrType): { name: string; type: IrType }[] | undefined {
  if (type.kind === 'struct') return ctx.tables.structs.get(type.name)?.fields;
  if (type.kind === 'class') return ctx.tables.classes.get(type.name)?.fields;
  return undefined;
}

function elementType(type: IrType, index: number): IrType | undefined {
  if (type.kind === 'tuple') return type.elements[index];
  if (type.kind === 'array') return type.element;
  return undefined;
}
