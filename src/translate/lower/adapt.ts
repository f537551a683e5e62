import type { Node } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { createBuiltin, type Expr, type IrType } from '../ir.js';
import type { LowerContext } from './context.js';

/**
 * Fits a lowered value to the type of the place that stores it: wraps present values in
 * `Some` where an optional is expected, types `undefined` as that optional, turns string
 * literals into enum literals. Numeric kinds are left alone: integer inference decides them
 * later and inserts `Convert` nodes (numeric-finalize.ts).
 */
export function adaptToType(ctx: LowerContext, expr: Expr, target: IrType, node: Node): Expr {
  if (expr.type.kind === 'unknown' || target.kind === 'unknown') return expr;
  if (expr.kind === 'none') return target.kind === 'optional' ? { ...expr, type: target } : expr;
  if (target.kind === 'optional' && expr.kind === 'index' && expr.object.type.kind === 'array') {
    // `peek(): T | undefined { return this.items[this.items.length - 1]; }`: JS yields undefined out of range.
    ctx.retract('PIV1405', expr.origin);
    return createBuiltin('array.get', expr.object, [expr.index], target, expr.origin);
  }
  if (target.kind === 'optional' && expr.type.kind !== 'optional') {
    return { kind: 'some', value: adaptToType(ctx, expr, target.inner, node), type: target, origin: expr.origin };
  }
  if (target.kind === 'enum' && expr.kind === 'string') {
    const decl = ctx.tables.enums.get(target.name);
    if (decl?.variants.includes(expr.value)) {
      return { kind: 'enumLit', enumName: target.name, variant: expr.value, type: target, origin: expr.origin };
    }
  }
  if (expr.type.kind === 'optional' && target.kind !== 'optional' && target.kind !== 'void') {
    return ctx.refuse(diag.unsupportedSyntax, node, `possibly-undefined value \`${ctx.construct(node)}\` used as ${target.kind}`);
  }
  return expr;
}
