/**
 * String methods. Where JS counts UTF-16 code units (length, slice, indexOf, padStart, the
 * position of startsWith / endsWith, …) the call goes to a `jsrt` helper that does the same
 * (with an ASCII fast path); searches without a position that return no index map to `str`
 * methods directly.
 */
import type { BuiltinCall, Expr, IrType } from '../ir.js';
import { fitNumber, helper, strArg } from './builtins.js';
import { EmitCtx, out, P, paren, type Out } from './context.js';
import { expr, numeric } from './expressions.js';
import { stringLiteral } from './literals.js';

const I64: IrType = { kind: 'i64' };

/** A `str` pattern argument (`"x"`, `&s`, `s`). */
function pattern(ctx: EmitCtx, e: Expr): string {
  if (e.kind === 'string') return stringLiteral(e.value);
  return strArg(ctx, e);
}

function optIndex(ctx: EmitCtx, e: Expr | undefined): string {
  return e ? `Some(${numeric(ctx, e, I64).text})` : 'None';
}

function receiver(ctx: EmitCtx, e: BuiltinCall): string {
  return paren(expr(ctx, e.receiver!, 'read'), P.postfix);
}

export function printStringBuiltin(ctx: EmitCtx, e: BuiltinCall): Out | undefined {
  if (!e.name.startsWith('string.') || !e.receiver) return undefined;
  const s = (): string => strArg(ctx, e.receiver!);
  const [a, b] = e.args;
  switch (e.name) {
    case 'string.length':
      return fitNumber(helper(ctx, 'str_len', [s()]), 'i64', e.type);
    case 'string.slice':
      return helper(ctx, 'str_slice', [s(), a ? numeric(ctx, a, I64).text : '0', optIndex(ctx, b)]);
    case 'string.substring':
      return helper(ctx, 'substring', [s(), a ? numeric(ctx, a, I64).text : '0', optIndex(ctx, b)]);
    case 'string.includes':
      if (b) return out(`${helper(ctx, 'str_index_of', [s(), pattern(ctx, a!), numeric(ctx, b, I64).text]).text} >= 0`, P.cmp);
      return out(`${receiver(ctx, e)}.contains(${pattern(ctx, a!)})`, P.postfix);
    case 'string.startsWith':
      if (b) return helper(ctx, 'str_starts_with', [s(), pattern(ctx, a!), numeric(ctx, b, I64).text]);
      return out(`${receiver(ctx, e)}.starts_with(${pattern(ctx, a!)})`, P.postfix);
    case 'string.endsWith':
      if (b) return helper(ctx, 'str_ends_with', [s(), pattern(ctx, a!), numeric(ctx, b, I64).text]);
      return out(`${receiver(ctx, e)}.ends_with(${pattern(ctx, a!)})`, P.postfix);
    case 'string.indexOf':
      return fitNumber(helper(ctx, 'str_index_of', [s(), pattern(ctx, a!), b ? numeric(ctx, b, I64).text : '0']), 'i64', e.type);
    case 'string.split':
      if (!a) return out(`vec![${receiver(ctx, e)}.to_string()]`);
      return helper(ctx, 'split', [s(), pattern(ctx, a), b ? `Some(${numeric(ctx, b, I64).text})` : 'None']);
    case 'string.trim':
      return helper(ctx, 'trim', [s()]);
    case 'string.toUpperCase':
      return out(`${receiver(ctx, e)}.to_uppercase()`, P.postfix);
    case 'string.toLowerCase':
      return out(`${receiver(ctx, e)}.to_lowercase()`, P.postfix);
    case 'string.charCodeAt':
      return fitNumber(helper(ctx, 'char_code_at', [s(), a ? numeric(ctx, a, I64).text : '0']), 'f64', e.type);
    case 'string.charAt':
      return helper(ctx, 'char_at', [s(), a ? numeric(ctx, a, I64).text : '0']);
    case 'string.repeat': {
      const n = a!.kind === 'number' ? String(a!.value) : `${paren(numeric(ctx, a!, I64), P.cast)} as usize`;
      return out(`${receiver(ctx, e)}.repeat(${n})`, P.postfix);
    }
    case 'string.padStart':
    case 'string.padEnd':
      return helper(ctx, e.name === 'string.padStart' ? 'pad_start' : 'pad_end', [
        s(),
        numeric(ctx, a!, I64).text,
        b ? pattern(ctx, b) : '" "',
      ]);
    default:
      return undefined;
  }
}
