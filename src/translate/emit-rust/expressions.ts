/**
 * IR expressions → Rust expressions. Every printer takes a `Want` (what the surrounding code
 * needs: an owned value, a borrow, a readable place, a `&mut`) and decides between moving,
 * borrowing and cloning from how the name holds its value (see `Binding`).
 */
import type { Expr, FieldExpr, IndexExpr, IrType, StructLit } from '../ir.js';
import { calleeModes, type ParamMode } from './analysis.js';
import { printBuiltin } from './builtins.js';
import { printClosure } from './closures.js';
import { EmitCtx, out, P, paren, type Binding, type Out, type Want } from './context.js';
import { numberLiteral, stringLiteral } from './literals.js';
import { pascalCase, screamingCase, snakeCase, typeName, variantNames } from './names.js';
import { narrowedPlace, placeKey } from './narrowing.js';
import { printOperator } from './operators.js';
import { printSharedAccess } from './shared.js';
import { printFormat } from './text.js';
import { isCopy } from './types.js';

/** Shapes a place (variable, field, index) for what the caller wants. */
export function placeOut(text: Out, type: IrType, want: Want): Out {
  if (isCopy(type)) return text;
  switch (want) {
    case 'owned':
      return out(`${paren(text, P.postfix)}.clone()`, P.postfix);
    case 'borrow':
      return out(`&${paren(text, P.unary)}`, P.unary);
    case 'mut':
      return out(`&mut ${paren(text, P.unary)}`, P.unary);
    case 'read':
      return text;
  }
}

/** Shapes a freshly made value (call result, literal) for what the caller wants. */
export function tempOut(text: Out, type: IrType, want: Want): Out {
  if (isCopy(type) || want === 'owned' || want === 'read') return text;
  return out(`${want === 'mut' ? '&mut ' : '&'}${paren(text, P.unary)}`, P.unary);
}

/** Shapes a `&T` (or `&str` / `&[T]` when `view`) for what the caller wants. */
export function refOut(text: Out, type: IrType, want: Want, view: boolean): Out {
  if (isCopy(type)) return out(`*${paren(text, P.unary)}`, P.unary);
  if (want !== 'owned') return view ? { ...text, isView: true } : { ...text, isRef: true };
  const method = view ? (type.kind === 'string' ? 'to_string' : 'to_vec') : 'clone';
  return out(`${paren(text, P.postfix)}.${method}()`, P.postfix);
}

/** Marks outputs that are `&T` of a sized T (equality derefs them). */
export function isRefOut(o: Out): boolean {
  return o.isRef === true;
}

function bindingOut(ctx: EmitCtx, name: string, b: Binding, want: Want): Out {
  if (b.renderAs) return b.renderAs;
  const text = out(b.rust);
  switch (b.kind) {
    case 'owned':
      if (!isCopy(b.type) && want === 'owned' && ctx.canMove(name, b)) return text;
      return placeOut(text, b.type, want);
    case 'ref':
      return refOut(text, b.type, want, false);
    case 'view':
      return refOut(text, b.type, want, true);
    case 'mutref':
      return want === 'owned' ? refOut(text, b.type, want, false) : isCopy(b.type) ? out(`*${b.rust}`, P.unary) : text;
    case 'lazy':
      if (isCopy(b.type)) return out(`*${b.rust}`, P.unary);
      return want === 'owned' ? out(`${b.rust}.clone()`, P.postfix) : want === 'borrow' ? out(`&${b.rust}`, P.unary) : text;
    case 'const':
      return b.type.kind === 'string' ? refOut(text, b.type, want, true) : text;
  }
}

function identOut(ctx: EmitCtx, e: Expr & { kind: 'ident' }, want: Want): Out {
  if (e.binding === 'function') return out(snakeCase(e.name));
  if (e.binding === 'const') {
    const kind = ctx.constKinds.get(e.name) ?? 'const';
    return bindingOut(ctx, e.name, { rust: screamingCase(e.name), kind, type: e.type, frame: -1, loopDepth: 0 }, want);
  }
  const b = ctx.lookup(e.name);
  if (!b) return placeOut(out(snakeCase(e.name)), e.type, want);
  if (b.narrowed) {
    // The IR still sees an optional here; the Rust name holds the unwrapped value.
    return tempOut(out(`Some(${bindingOut(ctx, e.name, b, 'owned').text})`), e.type, want);
  }
  return bindingOut(ctx, e.name, b, want);
}

/** A getter of a class read like a field (`account.balance`) is a method call in Rust. */
function getterOf(ctx: EmitCtx, e: FieldExpr): boolean {
  if (e.object.type.kind !== 'class') return false;
  const cls = ctx.classes.get(e.object.type.name);
  if (!cls || cls.fields.some((f) => f.name === e.field)) return false;
  return cls.methods.some((m) => m.isGetter && m.name === e.field);
}

function fieldOut(ctx: EmitCtx, e: FieldExpr, want: Want): Out {
  const base = expr(ctx, e.object, 'read');
  if (getterOf(ctx, e)) return tempOut(out(`${paren(base, P.postfix)}.${snakeCase(e.field)}()`, P.postfix), e.type, want);
  if (e.object.type.kind === 'tuple' && /^\d+$/.test(e.field)) {
    return placeOut(out(`${paren(base, P.postfix)}.${e.field}`, P.postfix), e.type, want);
  }
  return placeOut(out(`${paren(base, P.postfix)}.${snakeCase(e.field)}`, P.postfix), e.type, want);
}

/** An `i64` index as `usize`. */
export function usizeIndex(ctx: EmitCtx, index: Expr): string {
  if (index.kind === 'number' && Number.isInteger(index.value) && index.value >= 0) return String(index.value);
  const i = expr(ctx, index, 'owned');
  return `${paren(i, P.cast)} as usize`;
}

function indexOut(ctx: EmitCtx, e: IndexExpr, want: Want): Out {
  if (e.object.type.kind === 'tuple' && e.index.kind === 'number') {
    const base = expr(ctx, e.object, 'read');
    return placeOut(out(`${paren(base, P.postfix)}.${e.index.value}`, P.postfix), e.type, want);
  }
  if (e.object.type.kind === 'string') {
    ctx.needs.add('char_at');
    const s = expr(ctx, e.object, 'borrow');
    return tempOut(out(`jsrt::char_at(${s.text}, ${expr(ctx, e.index).text})`), e.type, want);
  }
  const base = expr(ctx, e.object, 'read');
  return placeOut(out(`${paren(base, P.postfix)}[${usizeIndex(ctx, e.index)}]`, P.postfix), e.type, want);
}

/** Prints arguments for a callee whose parameter modes are known (owned when not). */
export function printArgs(ctx: EmitCtx, args: readonly Expr[], modes: readonly ParamMode[] | undefined): string[] {
  return args.map((a, i) => {
    const mode = modes?.[i] ?? 'owned';
    const want: Want = mode === 'borrow' ? 'borrow' : mode === 'mutref' ? 'mut' : 'owned';
    return expr(ctx, a, want).text;
  });
}

/** Arguments left out at a call site take the callee's default values. */
function withDefaults(ctx: EmitCtx, e: Expr & { kind: 'call' | 'methodCall' | 'new' }): Expr[] {
  const params =
    e.kind === 'call'
      ? ctx.functions.get(e.callee)?.params
      : e.kind === 'new'
        ? ctx.classes.get(e.className)?.constructorParams
        : ctx.classes.get(e.className)?.methods.find((m) => m.name === e.method)?.params;
  if (!params || e.args.length >= params.length) return e.args;
  const filled = [...e.args];
  for (const p of params.slice(e.args.length)) {
    if (!p.defaultValue) break;
    filled.push(p.defaultValue);
  }
  return filled;
}

function tryOp(ctx: EmitCtx, text: string, throws: boolean): Out {
  return throws && ctx.fn.throws ? out(`${text}?`, P.postfix) : out(text, P.postfix);
}

function callOut(ctx: EmitCtx, e: Expr & { kind: 'call' | 'methodCall' | 'new' }, want: Want): Out {
  const args = printArgs(ctx, withDefaults(ctx, e), calleeModes(ctx.facts, e)).join(', ');
  let text: string;
  if (e.kind === 'call') {
    const name = ctx.functions.has(e.callee) ? snakeCase(e.callee) : (ctx.lookup(e.callee)?.rust ?? snakeCase(e.callee));
    text = `${name}(${args})`;
  } else if (e.kind === 'new') {
    text = `${typeName(e.className)}::new(${args})`;
  } else {
    const recv = expr(ctx, e.receiver, 'read');
    text = `${paren(recv, P.postfix)}.${snakeCase(e.method)}(${args})`;
  }
  return tempOut(tryOp(ctx, text, e.throws), e.type, want);
}

function structLitOut(ctx: EmitCtx, e: StructLit, want: Want): Out {
  const decl = ctx.module.structs.find((s) => s.name === e.name);
  const given = new Map(e.fields.map((f) => [f.name, f.value]));
  const names = decl ? decl.fields.map((f) => f.name) : e.fields.map((f) => f.name);
  const parts = names.map((name) => {
    const field = snakeCase(name);
    const value = given.get(name);
    if (!value) return `${field}: None`;
    const text = expr(ctx, value, 'owned').text;
    return text === field ? field : `${field}: ${text}`;
  });
  return tempOut(out(`${typeName(e.name)} { ${parts.join(', ')} }`), e.type, want);
}

export function enumVariant(ctx: EmitCtx, enumName: string, variant: string): string {
  const decl = ctx.module.enums.find((d) => d.name === enumName);
  const idx = decl ? decl.variants.indexOf(variant) : -1;
  const name = decl && idx >= 0 ? variantNames(decl.variants)[idx]! : pascalCase(variant);
  return `${typeName(enumName)}::${name}`;
}

/** Numeric value of `e` in the Rust numeric type of `to` (casts when lowering left a mismatch). */
export function numeric(ctx: EmitCtx, e: Expr, to: IrType): Out {
  const o = expr(ctx, e, 'owned');
  if (e.type.kind === to.kind || (to.kind !== 'f64' && to.kind !== 'i64')) return o;
  if (e.kind === 'number') return numberLiteral(e.value, to);
  if (e.type.kind === 'f64' || e.type.kind === 'i64' || e.type.kind === 'bool') return out(`${paren(o, P.cast)} as ${to.kind}`, P.cast);
  return o;
}

function convertOut(ctx: EmitCtx, e: Expr & { kind: 'convert' }): Out {
  const target: IrType = { kind: e.to };
  if (e.value.kind === 'number') return numberLiteral(e.to === 'i64' ? Math.trunc(e.value.value) : e.value.value, target);
  if (e.value.type.kind === e.to) return expr(ctx, e.value, 'owned');
  const inner = expr(ctx, e.value, 'owned');
  // A length is a `usize`: `v.len() as f64`, not `v.len() as i64 as f64`.
  if (e.to === 'f64' && inner.prec === P.cast && /\.len\(\) as i64$/.test(inner.text)) return out(inner.text.replace(/ as i64$/, ' as f64'), P.cast);
  if (e.value.type.kind === 'bool') return out(`${paren(inner, P.cast)} as i64${e.to === 'f64' ? ' as f64' : ''}`, P.cast);
  return out(`${paren(inner, P.cast)} as ${e.to}`, P.cast);
}

function unwrapOut(ctx: EmitCtx, e: Expr & { kind: 'unwrap' }, want: Want): Out {
  const narrowed = narrowedPlace(ctx, e.value);
  if (narrowed) return bindingOut(ctx, placeKey(e.value) ?? '', narrowed, want);
  const v = e.value;
  if (v.kind === 'ident') {
    const b = ctx.lookup(v.name);
    if (b?.narrowed) return bindingOut(ctx, v.name, b, want);
  }
  if (v.kind === 'builtin' && v.name === 'map.get' && v.receiver) {
    const m = expr(ctx, v.receiver, 'read');
    const key = mapKeyArg(ctx, v.args[0]!, v.receiver.type);
    return placeOut(out(`${paren(m, P.postfix)}[${key}]`, P.postfix), e.type, want);
  }
  if (isCopy(e.type) || want === 'owned') {
    const inner = expr(ctx, v, isPlaceLike(v) && !isCopy(e.type) ? 'owned' : 'read');
    return out(`${paren(inner, P.postfix)}.unwrap()`, P.postfix);
  }
  const inner = expr(ctx, v, 'read');
  const refText = out(`${paren(inner, P.postfix)}.as_ref().unwrap()`, P.postfix);
  return want === 'mut' ? out(`${paren(inner, P.postfix)}.as_mut().unwrap()`, P.postfix) : { ...refText, isRef: true };
}

export function isPlaceLike(e: Expr): boolean {
  return e.kind === 'ident' || e.kind === 'field' || e.kind === 'index' || e.kind === 'this';
}

/** `&key` for a map / set lookup (number keys wrapped in `NumKey`). */
export function mapKeyArg(ctx: EmitCtx, key: Expr, collection: IrType): string {
  const keyType = collection.kind === 'map' ? collection.key : collection.kind === 'set' ? collection.element : key.type;
  if (keyType.kind === 'f64') {
    ctx.needs.add('NumKey');
    return `&NumKey(${expr(ctx, key, 'owned').text})`;
  }
  if (isCopy(keyType)) return `&${paren(expr(ctx, key, 'owned'), P.unary)}`;
  if (key.kind === 'string') return stringLiteral(key.value);
  return expr(ctx, key, 'borrow').text;
}

export function expr(ctx: EmitCtx, e: Expr, want: Want = 'owned'): Out {
  const shared = printSharedAccess(ctx, e, want);
  if (shared) return shared;
  switch (e.kind) {
    case 'number':
      return numberLiteral(e.value, e.type);
    case 'string':
      return want === 'owned' ? out(`${stringLiteral(e.value)}.to_string()`, P.postfix) : out(stringLiteral(e.value));
    case 'bool':
      return out(String(e.value));
    case 'none':
      return out('None');
    case 'ident':
      return identOut(ctx, e, want);
    case 'this':
      return want === 'owned' ? out(`${ctx.fn.selfName}.clone()`, P.postfix) : out(ctx.fn.selfName);
    case 'field':
      return fieldOut(ctx, e, want);
    case 'index':
      return indexOut(ctx, e, want);
    case 'convert':
      return convertOut(ctx, e);
    case 'some':
      return tempOut(out(`Some(${expr(ctx, e.value, 'owned').text})`), e.type, want);
    case 'unwrap':
      return unwrapOut(ctx, e, want);
    case 'isNone': {
      const narrowed = narrowedPlace(ctx, e.value) ?? (e.value.kind === 'ident' ? ctx.lookup(e.value.name) : undefined);
      if (narrowed?.narrowed) return out(String(e.negated));
      const v = expr(ctx, e.value, 'read');
      return out(`${paren(v, P.postfix)}.${e.negated ? 'is_some' : 'is_none'}()`, P.postfix);
    }
    case 'call':
    case 'methodCall':
    case 'new':
      return callOut(ctx, e, want);
    case 'builtin':
      return printBuiltin(ctx, e, want, false);
    case 'array':
      return tempOut(
        e.elements.length === 0 ? out('Vec::new()', P.postfix) : out(`vec![${e.elements.map((x) => expr(ctx, x, 'owned').text).join(', ')}]`),
        e.type,
        want,
      );
    case 'tuple': {
      const items = e.elements.map((x) => expr(ctx, x, 'owned').text);
      return tempOut(out(items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`), e.type, want);
    }
    case 'structLit':
      return structLitOut(ctx, e, want);
    case 'closure':
      return printClosure(ctx, e, undefined);
    case 'template':
      return tempOut(printFormat(ctx, e.parts), e.type, want);
    case 'enumLit':
      return out(enumVariant(ctx, e.enumName, e.variant));
    case 'placeholder':
      return out(`todo!(${stringLiteral(`${e.diagnostic}: ${e.text}`)})`, P.postfix);
    default:
      return printOperator(ctx, e, want);
  }
}
