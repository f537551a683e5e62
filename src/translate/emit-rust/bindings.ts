/**
 * `let` bindings, assignments and expression statements. A binding is `mut` only when the
 * rest of its block writes it; a non-`Copy` binding initialised from a place nobody writes
 * later borrows it (`let seg = &SEGMENTS[i];`) instead of cloning.
 */
import type { AssignStmt, Expr, VarStmt } from '../ir.js';
import { maxAssignments, writesOf } from './analysis.js';
import { printSharedAssign, splitShared } from './shared.js';
import { printBuiltin } from './builtins.js';
import { EmitCtx, P, paren } from './context.js';
import { expr, numeric } from './expressions.js';
import { stringLiteral } from './literals.js';
import { snakeCase } from './names.js';
import { placeKey } from './narrowing.js';
import { concatParts, printFormat } from './text.js';
import { isCopy, rustType } from './types.js';
import { countMentions, placeRoot } from './walk.js';

/** Initialisers whose type Rust cannot infer from the value alone. */
export function needsAnnotation(init: Expr): boolean {
  if (init.kind === 'array' && init.elements.length === 0) return true;
  if (init.kind === 'none') return true;
  if (init.kind === 'builtin' && (init.name === 'Map.new' || init.name === 'Set.new') && init.args.length === 0) return true;
  return false;
}

function borrowablePlace(init: Expr): boolean {
  if (init.kind === 'field' || init.kind === 'index') return init.object.type.kind !== 'string';
  return init.kind === 'unwrap' && init.value.kind === 'builtin' && init.value.name === 'map.get';
}

export function printVar(ctx: EmitCtx, s: VarStmt): string[] {
  const rest = ctx.future[ctx.future.length - 1] ?? [];
  const writes = writesOf(rest, ctx.facts);
  const used = countMentions(rest, s.name) > 0;
  const rust = used ? snakeCase(s.name) : `_${snakeCase(s.name).replace(/^r#/, '')}`;
  const written = writes.mutated.has(s.name) || writes.reassigned.has(s.name);
  const type = rustType(s.type, ctx.needs);
  if (!s.init) {
    const mut = maxAssignments(rest, s.name) >= 2 || writes.mutated.has(s.name);
    ctx.declare(s.name, { rust, kind: 'owned', type: s.type });
    return [`let ${mut ? 'mut ' : ''}${rust}: ${type};`];
  }
  const init = s.init;
  if (!isCopy(s.type) && !written && init.type.kind === s.type.kind) {
    const root = placeRoot(init);
    const rootWritten = root !== undefined && (writes.mutated.has(root.name) || writes.reassigned.has(root.name));
    if (borrowablePlace(init) && !rootWritten) {
      const text = expr(ctx, init, 'read');
      ctx.declare(s.name, { rust, kind: 'ref', type: s.type });
      return [`let ${rust} = &${paren(text, P.unary)};`];
    }
    if (init.kind === 'ident' && init.binding !== 'function') {
      const source = ctx.lookup(init.name);
      if (source && (source.kind === 'ref' || source.kind === 'view') && !source.narrowed) {
        ctx.declare(s.name, { rust, kind: source.kind, type: s.type });
        return [`let ${rust} = ${source.rust};`];
      }
    }
  }
  const value = init.kind === 'number' || isNumericType(s.type) ? numeric(ctx, init, s.type).text : expr(ctx, init, 'owned').text;
  ctx.declare(s.name, { rust, kind: 'owned', type: s.type, ...(s.writeBack ? { writeBack: s.writeBack } : {}) });
  const annotation = needsAnnotation(init) ? `: ${type}` : '';
  return [`let ${written ? 'mut ' : ''}${rust}${annotation} = ${value};`];
}

function isNumericType(t: { kind: string }): boolean {
  return t.kind === 'f64' || t.kind === 'i64';
}

const COMPOUND: Record<string, string> = { '+': '+=', '-': '-=', '*': '*=', '/': '/=', '%': '%=' };

function samePlace(a: Expr, b: Expr): boolean {
  const ka = placeKey(a);
  return ka !== undefined && ka === placeKey(b);
}

/** `&str` for appending to a string (`s += …`). */
function appendArg(ctx: EmitCtx, value: Expr): string {
  if (value.kind === 'string') return expr(ctx, value, 'borrow').text;
  if (value.type.kind === 'string') {
    const b = expr(ctx, value, 'borrow');
    return b.text;
  }
  return `&${paren(printFormat(ctx, [value]), P.unary)}`;
}

export function printAssign(ctx: EmitCtx, s: AssignStmt): string[] {
  return printSharedAssign(ctx, s, (inner) => printPlainAssign(ctx, inner)) ?? printPlainAssign(ctx, s);
}

function printPlainAssign(ctx: EmitCtx, s: AssignStmt): string[] {
  const target = expr(ctx, s.target, 'read').text;
  const isString = s.target.type.kind === 'string';
  let op = s.op;
  let value = s.value;
  if (op === '=' && value.kind === 'binary' && value.op in COMPOUND && samePlace(value.left, s.target) && !isString) {
    op = COMPOUND[value.op] as AssignStmt['op'];
    value = value.right;
  }
  if (isString && op === '=' && value.kind !== 'string') {
    const parts = concatParts(value);
    const first = parts[0];
    if (parts.length > 1 && first !== undefined && typeof first !== 'string' && samePlace(first, s.target)) {
      const tail = parts.slice(1);
      const only = tail.length === 1 ? tail[0]! : undefined;
      const appended =
        only === undefined
          ? `&${paren(printFormat(ctx, tail), P.unary)}`
          : typeof only === 'string'
            ? stringLiteral(only)
            : appendArg(ctx, only);
      return [`${target} += ${appended};`];
    }
  }
  if (isString && op === '+=') return [`${target} += ${appendArg(ctx, value)};`];
  const rhs = isNumericType(s.target.type) ? numeric(ctx, value, s.target.type).text : expr(ctx, value, 'owned').text;
  return [`${target} ${op === '=' ? '=' : op} ${rhs};`];
}

export function printExprStmt(ctx: EmitCtx, e: Expr): string[] {
  if (splitShared(ctx, e)) return [`${expr(ctx, e, 'owned').text};`];
  if (e.kind === 'builtin') return [`${printBuiltin(ctx, e, 'owned', true).text};`];
  if (e.kind === 'call' || e.kind === 'methodCall' || e.kind === 'new' || e.kind === 'placeholder') {
    return [`${expr(ctx, e, 'owned').text};`];
  }
  return [`let _ = ${expr(ctx, e, 'read').text};`];
}
