/**
 * Strings built from values: template literals and `+` concatenation become one `format!`,
 * `String(x)` a conversion; numbers always go through `jsrt::num_to_string` so they read
 * exactly as JS's `String(n)` (shortest round-trip digits, exponent form, "NaN", "-0" → "0").
 */
import type { Expr, IrType } from '../ir.js';
import { EmitCtx, out, P, paren, type Out } from './context.js';
import { expr } from './expressions.js';
import { escapeFormat, stringLiteral } from './literals.js';

/** The pieces of a `+` chain that builds a string. */
export function concatParts(e: Expr): (string | Expr)[] {
  if (e.kind === 'binary' && e.op === 'concat') return [...concatParts(e.left), ...concatParts(e.right)];
  if (e.kind === 'string') return [e.value];
  if (e.kind === 'template') return e.parts;
  return [e];
}

const PLAIN_IDENT = /^[a-z_][a-z0-9_]*$/i;

/** A Display-able argument with JS's string conversion, or undefined when it needs `jsString`. */
function displayArg(ctx: EmitCtx, e: Expr): Out | undefined {
  switch (e.type.kind) {
    case 'string':
    case 'i64':
    case 'bool':
    case 'enum':
      return expr(ctx, e, 'read');
    default:
      return undefined;
  }
}

/** JS `String(e)` as an owned Rust `String`. */
export function jsString(ctx: EmitCtx, e: Expr): Out {
  return stringOf(ctx, e, e.type);
}

function stringOf(ctx: EmitCtx, e: Expr, type: IrType): Out {
  switch (type.kind) {
    case 'string':
      return expr(ctx, e, 'owned');
    case 'f64':
      ctx.needs.add('num_to_string');
      return out(`jsrt::num_to_string(${expr(ctx, e, 'owned').text})`);
    case 'i64':
    case 'bool':
    case 'enum':
      return out(`${paren(expr(ctx, e, 'read'), P.postfix)}.to_string()`, P.postfix);
    case 'typeParam':
      ctx.needs.add('JsString');
      return out(`jsrt::JsString::js_string(${expr(ctx, e, 'borrow').text})`);
    case 'optional': {
      const inner = type.inner;
      const o = paren(expr(ctx, e, 'read'), P.postfix);
      if (inner.kind === 'f64') {
        ctx.needs.add('num_to_string');
        return out(`${o}.map_or_else(|| "undefined".to_string(), jsrt::num_to_string)`, P.postfix);
      }
      if (inner.kind === 'string') return out(`${o}.clone().unwrap_or_else(|| "undefined".to_string())`, P.postfix);
      return out(`${o}.map_or_else(|| "undefined".to_string(), |v| v.to_string())`, P.postfix);
    }
    case 'array': {
      const el = type.element;
      const v = paren(expr(ctx, e, 'read'), P.postfix);
      if (el.kind === 'string') return out(`${v}.join(",")`, P.postfix);
      if (el.kind === 'f64') {
        ctx.needs.add('join_num');
        return out(`jsrt::join_num(&${v}, ",")`);
      }
      if (el.kind === 'typeParam') {
        ctx.needs.add('JsString');
        return out(`${v}.iter().map(jsrt::JsString::js_string).collect::<Vec<_>>().join(",")`, P.postfix);
      }
      return out(`${v}.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")`, P.postfix);
    }
    default:
      return out(`format!("{:?}", ${expr(ctx, e, 'read').text})`);
  }
}

/** Template parts (strings and expressions, in order) as one owned `String`. */
export function printFormat(ctx: EmitCtx, parts: readonly (string | Expr)[]): Out {
  const merged: (string | Expr)[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else if (p !== '') merged.push(p);
  }
  const exprs = merged.filter((p): p is Expr => typeof p !== 'string');
  if (exprs.length === 0) return out(`${stringLiteral(merged.join(''))}.to_string()`, P.postfix);
  if (merged.length === 1) return jsString(ctx, exprs[0]!);
  let fmt = '';
  const args: string[] = [];
  for (const p of merged) {
    if (typeof p === 'string') {
      fmt += escapeFormat(p);
      continue;
    }
    const arg = displayArg(ctx, p) ?? jsString(ctx, p);
    if (PLAIN_IDENT.test(arg.text)) fmt += `{${arg.text}}`;
    else {
      fmt += '{}';
      args.push(arg.text);
    }
  }
  return out(`format!(${['"' + fmt + '"', ...args].join(', ')})`);
}
