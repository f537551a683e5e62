/**
 * Closures: let-bound ones take their parameters by value with types; those handed to
 * iterator adapters destructure what the adapter yields (`|&x|` for `Copy` items, `|x|` as a
 * reference otherwise) so the body reads like the TS arrow.
 */
import type { ClosureExpr, Expr, FunctionDecl, IrType } from '../ir.js';
import { usedNames } from './analysis.js';
import { EmitCtx, out, P, type BindingKind, type Out } from './context.js';
import { expr } from './expressions.js';
import { snakeCase } from './names.js';
import { printBody } from './statements.js';
import { isCopy, rustType } from './types.js';

/** How many `&` wrap what the adapter hands to the closure for this parameter. */
export type RefLevel = 0 | 1 | 2;

export interface ParamSpec {
  /** Pattern around the Rust name, e.g. `&{}` / `&&{}`. */
  pattern: string;
  kind: BindingKind;
  type: IrType;
  /** Printed instead of the name (an enumerate index as `i as i64`). */
  renderAs?: (name: string) => Out;
}

/** The pattern binding one parameter of `type` that arrives behind `level` references. */
export function refParam(type: IrType, level: RefLevel): ParamSpec {
  if (level === 0) return { pattern: '{}', kind: 'owned', type };
  if (isCopy(type)) return { pattern: level === 1 ? '&{}' : '&&{}', kind: 'owned', type };
  return { pattern: level === 1 ? '{}' : '&{}', kind: 'ref', type };
}

/** An enumerate index (`usize`) read as the IR's `i64`. */
export function indexParam(): ParamSpec {
  return { pattern: '{}', kind: 'owned', type: { kind: 'i64' }, renderAs: (n) => out(`${n} as i64`, P.cast) };
}

/** A function name passed where a closure is expected, as the equivalent closure. */
export function asClosure(ctx: EmitCtx, e: Expr): ClosureExpr | undefined {
  if (e.kind === 'closure') return e;
  if (e.kind !== 'ident' || e.binding !== 'function') return undefined;
  const fn: FunctionDecl | undefined = ctx.functions.get(e.name);
  if (!fn) return undefined;
  const params = fn.params.map((p) => ({ ...p, reassigned: false }));
  const call: Expr = {
    kind: 'call',
    callee: fn.name,
    args: params.map((p) => ({ kind: 'ident', name: p.name, binding: 'param', type: p.type, origin: e.origin })),
    throws: fn.throws,
    type: fn.result,
    origin: e.origin,
  };
  return {
    kind: 'closure',
    params,
    result: fn.result,
    body: [{ kind: 'return', value: call, origin: e.origin }],
    type: e.type,
    origin: e.origin,
  };
}

/**
 * Prints a closure. `specs` gives the adapter's parameter shapes (without it the parameters
 * are typed and taken by value); `shape` arranges the per-parameter patterns into the Rust
 * parameter list (e.g. `(i, x)` for an `enumerate` item).
 */
export function printClosure(
  ctx: EmitCtx,
  c: ClosureExpr,
  specs: ParamSpec[] | undefined,
  shape: (patterns: string[]) => string[] = (p) => p,
): Out {
  const used = usedNames(c.body);
  return ctx.inFunction({ throws: false, result: c.result, selfName: ctx.fn.selfName }, () => {
    const patterns = c.params.map((p, i) => {
      const spec = specs?.[i] ?? { pattern: '{}', kind: 'owned' as const, type: p.type };
      const rust = used.has(p.name) ? snakeCase(p.name) : `_${snakeCase(p.name).replace(/^r#/, '')}`;
      ctx.declare(p.name, { rust, kind: spec.kind, type: spec.type, renderAs: spec.renderAs?.(rust) });
      const pat = spec.pattern.replace('{}', rust);
      const mut = p.reassigned && spec.pattern === '{}' ? 'mut ' : '';
      return specs ? `${mut}${pat}` : `${mut}${pat}: ${rustType(p.type, ctx.needs)}`;
    });
    const head = `|${shape(patterns).join(', ')}|`;
    const only = c.body.length === 1 ? c.body[0] : undefined;
    if (only?.kind === 'return' && only.value) {
      ctx.current = only;
      return out(`${head} ${expr(ctx, only.value, 'owned').text}`, P.closure);
    }
    const tail = c.result.kind === 'void' ? 'void' : 'value';
    const lines = printBody(ctx, c.body, tail);
    return out(`${head} {\n${lines.map((l) => indentText(l)).join('\n')}\n}`, P.closure);
  });
}

/** Indents every line of a (possibly multi-line) statement text by one level. */
export function indentText(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `    ${l}`))
    .join('\n');
}
