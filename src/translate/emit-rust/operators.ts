/**
 * Unary, binary, logical and conditional operators with JS semantics: `%` keeps the dividend's
 * sign (as Rust's), `**` follows JS's NaN rules, string comparisons compare `&str`s, `??`
 * becomes `unwrap_or`, a ternary an `if` expression (or `if let` when it narrows an optional).
 */
import type { Binary, Conditional, Expr, IrType, Logical, Unary } from '../ir.js';
import { EmitCtx, out, P, paren, type Out, type Want } from './context.js';
import { expr, isPlaceLike, isRefOut, numeric } from './expressions.js';
import { stringLiteral } from './literals.js';
import { bindNarrowed, narrowingOf } from './narrowing.js';
import { concatParts, jsString, printFormat } from './text.js';
import { isCopy } from './types.js';

const ARITH: Record<string, number> = { '+': P.add, '-': P.add, '*': P.mul, '/': P.mul, '%': P.mul };
const COMPARE = new Set(['<', '<=', '>', '>=', '==', '!=']);

function isMinusOne(e: Expr): boolean {
  return e.kind === 'number' && e.value === -1;
}

function numericType(a: IrType, b: IrType): IrType {
  return a.kind === 'f64' || b.kind === 'f64' ? { kind: 'f64' } : { kind: 'i64' };
}

/** `a ** b` / `Math.pow(a, b)` with JS semantics. */
export function powOut(ctx: EmitCtx, base: Expr, exponent: Expr, type: IrType): Out {
  if (type.kind === 'i64' && base.type.kind === 'i64') {
    const b = expr(ctx, base, 'owned');
    const x = expr(ctx, exponent, 'owned');
    const baseText = base.kind === 'number' ? `${b.text}_i64` : paren(b, P.postfix);
    return out(`${baseText}.pow(${paren(x, P.cast)} as u32)`, P.postfix);
  }
  const f64: IrType = { kind: 'f64' };
  const b = numeric(ctx, base, f64);
  const x = numeric(ctx, exponent, f64);
  if (exponent.kind === 'number' && Number.isFinite(exponent.value)) {
    // With a finite literal exponent powf agrees with JS (the NaN / ±1 cases need a variable one).
    const recv = base.kind === 'number' ? `${b.text.startsWith('-') ? `(${b.text}_f64)` : `${b.text}_f64`}` : paren(b, P.postfix);
    return out(`${recv.includes('::') ? paren(b, P.postfix) : recv}.powf(${x.text})`, P.postfix);
  }
  ctx.needs.add('pow');
  return out(`jsrt::pow(${b.text}, ${x.text})`);
}

function arithmetic(ctx: EmitCtx, e: Binary): Out {
  const t = e.type.kind === 'i64' || e.type.kind === 'f64' ? e.type : numericType(e.left.type, e.right.type);
  if (e.op === '*' && (isMinusOne(e.right) || isMinusOne(e.left))) {
    const other = paren(numeric(ctx, isMinusOne(e.right) ? e.left : e.right, t), P.unary);
    // `-1 * -1` must not print `--1` (rustc's double_negations).
    return out(other.startsWith('-') ? `-(${other})` : `-${other}`, P.unary);
  }
  const prec = ARITH[e.op]!;
  const left = numeric(ctx, e.left, t);
  const right = numeric(ctx, e.right, t);
  return out(`${paren(left, prec)} ${e.op} ${paren(right, prec + 1)}`, prec);
}

/** An operand of `==` / `!=`: places are compared without moving; `&T` is dereferenced. */
function eqOperand(ctx: EmitCtx, e: Expr, other: Expr): Out {
  if (e.kind === 'string') return out(stringLiteral(e.value));
  const o = expr(ctx, e, isPlaceLike(e) || e.kind === 'unwrap' ? 'read' : 'owned');
  // `&String == &str` compares as is; only a `&T` against an owned `T` needs the deref.
  return isRefOut(o) && other.kind !== 'string' ? out(`*${paren(o, P.unary)}`, P.unary) : o;
}

const isEmptyString = (e: Expr): boolean => e.kind === 'string' && e.value === '';

/** An operand of `<` on strings, as `&str` (JS compares UTF-16 units; same order outside astral planes). */
function strOperand(ctx: EmitCtx, e: Expr): Out {
  if (e.kind === 'string') return out(stringLiteral(e.value));
  const o = expr(ctx, e, 'read');
  return o.isView ? o : out(`${paren(o, P.postfix)}.as_str()`, P.postfix);
}

function comparison(ctx: EmitCtx, e: Binary): Out {
  let left: Out;
  let right: Out;
  if ((e.left.type.kind === 'f64' || e.left.type.kind === 'i64') && (e.right.type.kind === 'f64' || e.right.type.kind === 'i64')) {
    const t = numericType(e.left.type, e.right.type);
    left = numeric(ctx, e.left, t);
    right = numeric(ctx, e.right, t);
  } else if (e.left.type.kind === 'string' && e.op !== '==' && e.op !== '!=') {
    // JS orders strings by UTF-16 code unit, which differs from Rust's byte order past U+E000.
    ctx.needs.add('str_cmp');
    const test = { '<': 'is_lt', '<=': 'is_le', '>': 'is_gt', '>=': 'is_ge' }[e.op as '<'];
    return out(`jsrt::str_cmp(${strOperand(ctx, e.left).text}, ${strOperand(ctx, e.right).text}).${test}()`, P.postfix);
  } else {
    if ((e.op === '==' || e.op === '!=') && (isEmptyString(e.left) || isEmptyString(e.right))) {
      // `s == ""` is `s.is_empty()` (clippy's comparison_to_empty).
      const s = expr(ctx, isEmptyString(e.left) ? e.right : e.left, 'read');
      const test = `${paren(s, P.postfix)}.is_empty()`;
      return e.op === '==' ? out(test, P.postfix) : out(`!${test}`, P.unary);
    }
    left = eqOperand(ctx, e.left, e.right);
    right = eqOperand(ctx, e.right, e.left);
  }
  const l = left.prec === P.cast || left.prec <= P.cmp ? `(${left.text})` : left.text;
  return out(`${l} ${e.op} ${paren(right, P.cmp + 1)}`, P.cmp);
}

function binary(ctx: EmitCtx, e: Binary): Out {
  if (e.op in ARITH) return arithmetic(ctx, e);
  if (e.op === '**') return powOut(ctx, e.left, e.right, e.type);
  if (COMPARE.has(e.op)) return comparison(ctx, e);
  return printFormat(ctx, concatParts(e));
}

/** `!cond` without a double negation, inverting comparisons of totally ordered values. */
export function negate(ctx: EmitCtx, cond: Expr): Out {
  if (cond.kind === 'unary' && cond.op === '!') return expr(ctx, cond.operand, 'owned');
  return unary(ctx, { kind: 'unary', op: '!', operand: cond, type: cond.type, origin: cond.origin });
}

function unary(ctx: EmitCtx, e: Unary): Out {
  if (e.op === '-') {
    if (e.operand.kind === 'number') return expr(ctx, { ...e.operand, value: -e.operand.value }, 'owned');
    const o = numeric(ctx, e.operand, e.type);
    const text = paren(o, P.unary);
    return out(text.startsWith('-') ? `-(${text})` : `-${text}`, P.unary);
  }
  const inverted = invertComparison(e.operand);
  if (inverted) return comparison(ctx, inverted);
  const o = expr(ctx, e.operand, 'owned');
  return out(`!${paren(o, P.unary)}`, P.unary);
}

const INVERSE: Record<string, Binary['op']> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };

/** `!(a < b)` on totally ordered operands is `a >= b` (clippy's nonminimal_bool); floats keep the NaN-aware form. */
function invertComparison(e: Expr): Binary | undefined {
  if (e.kind !== 'binary' || !(e.op in INVERSE)) return undefined;
  const float = e.left.type.kind === 'f64' || e.right.type.kind === 'f64';
  if (float && e.op !== '==' && e.op !== '!=') return undefined;
  return { ...e, op: INVERSE[e.op]! };
}

/** `[]`, `""`, `new Map()`: what `unwrap_or_default()` gives (clippy's unwrap_or_default). */
function isEmptyValue(e: Expr): boolean {
  if (e.kind === 'array') return e.elements.length === 0;
  if (e.kind === 'string') return e.value === '';
  return e.kind === 'builtin' && (e.name === 'Map.new' || e.name === 'Set.new') && e.args.length === 0;
}

function isSimple(e: Expr): boolean {
  return ['number', 'bool', 'none', 'enumLit'].includes(e.kind) || (e.kind === 'ident' && isCopy(e.type));
}

function logical(ctx: EmitCtx, e: Logical): Out {
  if (e.op === '??') {
    const left = expr(ctx, e.left, 'owned');
    if (e.type.kind !== 'optional' && isEmptyValue(e.right)) return out(`${paren(left, P.postfix)}.unwrap_or_default()`, P.postfix);
    const right = expr(ctx, e.right, 'owned');
    const method = e.type.kind === 'optional' ? 'or' : 'unwrap_or';
    const lazy = !isSimple(e.right);
    const arg = lazy ? `|| ${right.text}` : right.text;
    return out(`${paren(left, P.postfix)}.${method}${lazy ? '_else' : ''}(${arg})`, P.postfix);
  }
  const prec = e.op === '&&' ? P.and : P.or;
  const left = expr(ctx, e.left, 'owned');
  const right = expr(ctx, e.right, 'owned');
  // `a || (b && c)` keeps its parentheses for the reader, as rustfmt does.
  const l = left.prec < prec || (prec === P.or && left.prec === P.and) ? `(${left.text})` : left.text;
  const r = right.prec <= prec || (prec === P.or && right.prec === P.and) ? `(${right.text})` : right.text;
  return out(`${l} ${e.op} ${r}`, prec);
}

function conditional(ctx: EmitCtx, e: Conditional, want: Want): Out {
  if (e.then.kind === 'bool' && e.else.kind === 'bool' && e.then.value !== e.else.value) {
    const c = expr(ctx, e.cond, 'owned');
    return e.then.value ? c : out(`!${paren(c, P.unary)}`, P.unary);
  }
  if (e.type.kind === 'string' && !(e.then.kind === 'string' && e.else.kind === 'string') && want !== 'owned') {
    // Branches of a string ternary must agree in Rust: both owned `String`s.
    return conditional(ctx, e, 'owned');
  }
  const n = narrowingOf(ctx, e.cond, { then: { expr: e.then }, else: { expr: e.else } });
  if (n) {
    const present = n.presentInThen ? e.then : e.else;
    const absent = n.presentInThen ? e.else : e.then;
    if (present.kind === 'some' && absent.kind === 'none') {
      // `x === undefined ? undefined : f(x)` is `x.map(f)` (clippy's manual_map).
      const scrutinee = expr(ctx, n.place, 'read');
      return ctx.scoped(() => {
        const m = bindNarrowed(ctx, n, paren(scrutinee, P.unary), false);
        const byRef = m.scrutinee.startsWith('&');
        const name = m.pattern.slice('Some('.length, -1);
        const body = expr(ctx, present.value, 'owned').text;
        return out(`${paren(scrutinee, P.postfix)}${byRef ? '.as_ref()' : ''}.map(|${name}| ${body})`, P.postfix);
      });
    }
    const scrutinee = expr(ctx, n.place, 'read');
    const absentText = elseChain(ctx, absent, e.type, want);
    return ctx.scoped(() => {
      const m = bindNarrowed(ctx, n, paren(scrutinee, P.unary), false);
      const presentText = branchText(ctx, present, e.type, want);
      return out(`if let ${m.pattern} = ${m.scrutinee} { ${presentText} } else ${absentText}`, P.lowest);
    });
  }
  const c = expr(ctx, e.cond, 'owned');
  const then = branchText(ctx, e.then, e.type, want);
  return out(`if ${c.text} { ${then} } else ${elseChain(ctx, e.else, e.type, want)}`, P.lowest);
}

/** A branch of a ternary; a number where the ternary makes a string is converted as JS does. */
function branchText(ctx: EmitCtx, e: Expr, type: IrType, want: Want): string {
  if (type.kind === 'string' && e.type.kind !== 'string') return jsString(ctx, e).text;
  return expr(ctx, e, want).text;
}

function elseChain(ctx: EmitCtx, e: Expr, type: IrType, want: Want): string {
  const text = branchText(ctx, e, type, want);
  return e.kind === 'conditional' && text.startsWith('if ') ? text : `{ ${text} }`;
}

export function printOperator(ctx: EmitCtx, e: Expr, want: Want): Out {
  switch (e.kind) {
    case 'unary':
      return unary(ctx, e);
    case 'binary':
      return binary(ctx, e);
    case 'logical':
      return logical(ctx, e);
    case 'conditional':
      return conditional(ctx, e, want);
    default:
      throw new Error(`not an operator: ${e.kind}`);
  }
}
