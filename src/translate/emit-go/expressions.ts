/**
 * IR expressions → Go expressions. Anything Go cannot say inline (a call that returns an error,
 * a conditional, a short-circuit whose right side needs statements) is hoisted into temporaries
 * through `ctx.emit`, and the statement printer places those lines first.
 */
import type { ClosureExpr, Expr, IrType, Param } from '../ir.js';
import { printBuiltin } from './builtins.js';
import { printOptionalEquality } from './equality.js';
import type { FnContext } from './context.js';
import { foldNumber, isUntypedConstant, numberLiteral, stringLiteral } from './literals.js';
import { structFieldName } from './names.js';
import { slicePointer } from './places.js';
import { printBlock } from './statements.js';
import { atom, binary, call, type GoElement, type GoExpr, groupParams, indentLines, render, selector, star, unary } from './syntax.js';
import { typeArgList } from './generics.js';
import { goType, isNilable, zeroValue } from './types.js';

export function printExpr(ctx: FnContext, e: Expr): GoExpr {
  const folded = e.type.kind === 'f64' || e.type.kind === 'i64' ? foldNumber(e) : undefined;
  if (folded !== undefined) return numberLiteral(ctx, folded, e.type.kind as 'f64' | 'i64');
  switch (e.kind) {
    case 'number':
      return numberLiteral(ctx, e.value, e.type.kind === 'i64' ? 'i64' : 'f64');
    case 'string':
      return atom(stringLiteral(e.value));
    case 'bool':
      return atom(e.value ? 'true' : 'false');
    case 'none':
      return atom('nil');
    case 'ident':
      if (e.binding === 'const') return atom(ctx.names.constant(e.name));
      if (e.binding === 'function') return atom(ctx.names.func(e.name));
      if (ctx.isSliceRef(e.name)) return star(atom(ctx.local(e.name)));
      return atom(ctx.local(e.name));
    case 'this':
      return atom(ctx.scope.receiver ?? 'this');
    case 'unary': {
      const x = printExpr(ctx, e.operand);
      return unary(e.op, x.k === 'unary' ? { k: 'paren', x } : x);
    }
    case 'binary':
      return printBinary(ctx, e);
    case 'logical':
      return printLogical(ctx, e);
    case 'conditional':
      return hoistConditional(ctx, e);
    case 'convert':
      return convert(ctx, e.value, e.to, e.exact === true);
    case 'some':
      return coerce(ctx, e.value, e.type.kind === 'optional' ? e.type : { kind: 'optional', inner: e.value.type });
    case 'unwrap':
      return isNilable(e.type) || e.value.type.kind !== 'optional' ? printExpr(ctx, e.value) : star(printExpr(ctx, e.value));
    case 'isNone':
      return binary(e.negated ? '!=' : '==', printExpr(ctx, e.value), atom('nil'));
    case 'call': {
      const decl = ctx.info.functions.get(e.callee);
      const args = printArgs(ctx, decl?.params, e.args);
      return maybeHoist(ctx, call(`${ctx.names.func(e.callee)}${typeArgList(e.typeArgs, ctx.names)}`, ...args), e.throws, e.type);
    }
    case 'methodCall':
      return printMethodCall(ctx, e);
    case 'builtin':
      return printBuiltin(ctx, e);
    case 'field':
      return printField(ctx, e.object, e.field);
    case 'index':
      return printIndex(ctx, e);
    case 'array': {
      const elementType = e.type.kind === 'array' ? e.type.element : e.elements[0]?.type ?? e.type;
      // `[]*T{{…}, {…}}`: element literals of the array's own struct type drop their `&T` (gofmt -s).
      const elts = e.elements.map((x) => {
        const printed = coerce(ctx, x, elementType);
        return x.kind === 'structLit' && printed.k === 'composite' ? composite('', false, printed.elts) : printed;
      });
      return composite(goType(e.type, ctx.names), false, elts);
    }
    case 'tuple': {
      const types = e.type.kind === 'tuple' ? e.type.elements : e.elements.map((x) => x.type);
      return composite(goType(e.type, ctx.names), false, e.elements.map((x, i) => coerce(ctx, x, types[i] ?? x.type)));
    }
    case 'structLit': {
      const decl = ctx.info.structs.get(e.name);
      const elts: GoElement[] = e.fields.map((f) => {
        const fieldType = decl?.fields.find((d) => d.name === f.name)?.type ?? f.value.type;
        return { k: 'keyValue', key: structFieldName(f.name), value: coerce(ctx, f.value, fieldType) };
      });
      return composite(ctx.names.struct(e.name), true, elts);
    }
    case 'new': {
      const cls = ctx.info.classes.get(e.className)?.decl;
      const args = printArgs(ctx, cls?.constructorParams, e.args);
      const typeArgs = e.type.kind === 'class' ? typeArgList(e.type.args, ctx.names) : '';
      return maybeHoist(ctx, call(`${ctx.names.constructorOf(e.className)}${typeArgs}`, ...args), e.throws, e.type);
    }
    case 'closure':
      return printClosure(ctx, e);
    case 'template':
      return printTemplate(ctx, e.parts);
    case 'enumLit':
      return atom(ctx.names.variant(e.enumName, e.variant));
    case 'placeholder':
      return call(`jsUntranslated[${goType(e.type, ctx.names) || 'any'}]`, atom(stringLiteral(`${e.diagnostic}: ${e.text}`)));
  }
}

export function exprText(ctx: FnContext, e: Expr): string {
  return render(printExpr(ctx, e));
}

/** Print `e` where a value of type `target` is expected, adding conversions lowering left implicit. */
export function coerce(ctx: FnContext, e: Expr, target: IrType): GoExpr {
  const source = e.type;
  if (target.kind === 'optional') {
    if (e.kind === 'none' || source.kind === 'optional' || source.kind === 'unknown') return printExpr(ctx, e);
    if (isNilable(target.inner)) return coerce(ctx, e, target.inner);
    return call('jsPtr', typedExpr(ctx, e, target.inner));
  }
  if (source.kind === 'optional' && target.kind !== 'unknown' && e.kind !== 'none') {
    const unwrapped: Expr = { kind: 'unwrap', value: e, type: source.inner, origin: e.origin };
    return coerce(ctx, unwrapped, target);
  }
  if (target.kind === 'f64' && source.kind === 'i64') return convert(ctx, e, 'f64');
  if (target.kind === 'i64' && source.kind === 'f64') return convert(ctx, e, 'i64');
  return printExpr(ctx, e);
}

/** `e` in a form whose Go default type is its IR type (for `:=` and generic type inference). */
export function typedExpr(ctx: FnContext, e: Expr, as: IrType = e.type): GoExpr {
  if (!isUntypedConstant(e) || (as.kind !== 'f64' && as.kind !== 'i64')) return coerce(ctx, e, as);
  const folded = foldNumber(e);
  if (folded !== undefined) return numberLiteral(ctx, folded, as.kind, true);
  return call(as.kind === 'f64' ? 'float64' : 'int64', printExpr(ctx, e));
}

/** f64 → i64 truncates, NaN → 0, ±Infinity saturates (Go's int64() of those is implementation-defined). */
function convert(ctx: FnContext, value: Expr, to: 'f64' | 'i64', exact = false): GoExpr {
  const folded = foldNumber(value);
  if (folded !== undefined) return numberLiteral(ctx, to === 'i64' ? Math.trunc(folded) : folded, to);
  if (value.type.kind === to) return printExpr(ctx, value);
  if (to === 'i64' && value.type.kind === 'f64' && !exact) return call('jsToInt', printExpr(ctx, value));
  return call(to === 'f64' ? 'float64' : 'int64', printExpr(ctx, value));
}

/** Arguments of a call to a module function or method, filling omitted defaulted parameters. */
export function printArgs(ctx: FnContext, params: Param[] | undefined, args: Expr[]): GoExpr[] {
  if (!params) return args.map((a) => printExpr(ctx, a));
  const out = args.map((a, i) => (params[i]?.resized ? slicePointer(ctx, a) : coerce(ctx, a, params[i]?.type ?? a.type)));
  for (let i = args.length; i < params.length; i++) {
    const p = params[i]!;
    if (p.defaultValue) out.push(coerce(ctx, p.defaultValue, p.type));
    else out.push(atom(zeroValue(p.type, ctx.names)));
  }
  return out;
}

/** A call returning `(T, error)`: hoist it, propagate the error, and stand for its value. */
export function maybeHoist(ctx: FnContext, callExpr: GoExpr, throws: boolean, type: IrType): GoExpr {
  if (!throws) return callExpr;
  if (type.kind === 'void') {
    ctx.emit(`if err := ${render(callExpr)}; err != nil {`, `\t${ctx.failWith('err')}`, '}');
    return atom('struct{}{}');
  }
  const tmp = ctx.temp();
  ctx.emit(`${tmp}, err := ${render(callExpr)}`, ...ctx.propagate());
  return atom(tmp);
}

function printBinary(ctx: FnContext, e: Extract<Expr, { kind: 'binary' }>): GoExpr {
  if (e.op === 'concat') return concat([toGoString(ctx, e.left), toGoString(ctx, e.right)]);
  const optional = printOptionalEquality(ctx, e);
  if (optional) return optional;
  const numeric = e.left.type.kind === 'f64' || e.right.type.kind === 'f64' ? 'f64' : 'i64';
  const side = (x: Expr): GoExpr =>
    (x.type.kind === 'i64' || x.type.kind === 'f64') && x.type.kind !== numeric ? convert(ctx, x, numeric) : printExpr(ctx, x);
  const left = side(e.left);
  const right = side(e.right);
  if (e.op === '%' && numeric === 'f64') {
    ctx.use('math');
    return call('math.Mod', left, right);
  }
  if (e.op === '**') {
    const pow = call('jsPow', numeric === 'f64' ? left : call('float64', left), numeric === 'f64' ? right : call('float64', right));
    return e.type.kind === 'i64' ? call('int64', pow) : pow;
  }
  return binary(e.op, left, right);
}

function printLogical(ctx: FnContext, e: Extract<Expr, { kind: 'logical' }>): GoExpr {
  const left = printExpr(ctx, e.left);
  const right = ctx.capture(() => (e.op === '??' ? coerce(ctx, e.right, e.type) : printExpr(ctx, e.right)));
  if (e.op !== '??') {
    if (right.pre.length === 0) return binary(e.op, left, right.value);
    const tmp = ctx.temp();
    ctx.emit(`${tmp} := ${render(left)}`, `if ${e.op === '&&' ? '' : '!'}${tmp} {`, ...indent(right.pre), `\t${tmp} = ${render(right.value)}`, '}');
    return atom(tmp);
  }
  // `a ?? b`: b only when a is absent.
  const leftOpt = e.left.type;
  const deref = leftOpt.kind === 'optional' && !isNilable(leftOpt.inner) && e.type.kind !== 'optional';
  if (right.pre.length === 0 && isSimple(e.right)) {
    const get = e.left.kind === 'builtin' && e.left.name === 'map.get' && e.left.receiver && e.type.kind !== 'optional' ? e.left : undefined;
    if (get && get.receiver?.type.kind === 'map' && !isNilable(get.receiver.type.value) && left.k === 'call' && left.fn.k === 'atom' && left.fn.text === 'jsOpt') {
      // `m.get(k) ?? d` (jsOpt(m.Get(k)) ?? d) is m.GetOr(k, d).
      const inner = left.args[0];
      if (inner?.k === 'call' && inner.fn.k === 'selector') return call(selector(inner.fn.x, 'GetOr'), ...inner.args, right.value);
    }
    return call(deref ? 'jsDeref' : 'jsCoalesce', left, right.value);
  }
  const tmp = ctx.temp();
  const l = ctx.temp();
  const present = deref ? star(atom(l)) : atom(l);
  ctx.emit(
    `var ${tmp} ${goType(e.type, ctx.names)}`,
    `if ${l} := ${render(left)}; ${l} != nil {`,
    `\t${tmp} = ${render(present)}`,
    '} else {',
    ...indent(right.pre),
    `\t${tmp} = ${render(right.value)}`,
    '}',
  );
  return atom(tmp);
}

function isSimple(e: Expr): boolean {
  return ['number', 'string', 'bool', 'none', 'ident', 'enumLit', 'this'].includes(e.kind) || (e.kind === 'field' && isSimple(e.object));
}

function hoistConditional(ctx: FnContext, e: Extract<Expr, { kind: 'conditional' }>): GoExpr {
  const tmp = ctx.temp();
  const cond = printExpr(ctx, e.cond);
  const a = ctx.capture(() => coerce(ctx, e.then, e.type));
  const b = ctx.capture(() => coerce(ctx, e.else, e.type));
  ctx.emit(
    `var ${tmp} ${goType(e.type, ctx.names)}`,
    `if ${render(cond)} {`,
    ...indent(a.pre),
    `\t${tmp} = ${render(a.value)}`,
    '} else {',
    ...indent(b.pre),
    `\t${tmp} = ${render(b.value)}`,
    '}',
  );
  return atom(tmp);
}

function printMethodCall(ctx: FnContext, e: Extract<Expr, { kind: 'methodCall' }>): GoExpr {
  const cls = ctx.info.classes.get(e.className);
  const decl = cls?.decl.methods.find((m) => m.name === e.method);
  const name = methodGoName(ctx, e.className, e.method, e.receiver.kind === 'this');
  const args = printArgs(ctx, decl?.params, e.args);
  return maybeHoist(ctx, call(selector(printExpr(ctx, e.receiver), name), ...args), e.throws, e.type);
}

/**
 * The Go method a call goes to. Locked classes: calls on `this` use the unlocked implementation
 * (no double locking), calls on another instance the exported, locking method. Classes without a
 * lock have one method per TS method.
 */
export function methodGoName(ctx: FnContext, className: string, method: string, onThis: boolean): string {
  const names = ctx.names.method(className, method);
  const lock = ctx.info.classes.get(className)?.lock ?? 'none';
  if (lock === 'none') return names.exported ?? names.impl;
  return onThis ? names.impl : names.exported ?? names.impl;
}

function printField(ctx: FnContext, object: Expr, field: string): GoExpr {
  const target = object.type.kind === 'optional' ? object.type.inner : object.type;
  const obj = printExpr(ctx, object);
  if (target.kind === 'class') {
    const cls = ctx.info.classes.get(target.name);
    const getter = cls?.decl.methods.find((m) => m.isGetter && m.name === field);
    if (cls && getter) {
      const name = methodGoName(ctx, target.name, field, object.kind === 'this');
      return maybeHoist(ctx, call(selector(obj, name)), getter.throws, getter.result);
    }
    return selector(obj, ctx.names.classField(target.name, field));
  }
  if (target.kind === 'tuple') return selector(obj, `V${field}`);
  return selector(obj, structFieldName(field));
}

function printIndex(ctx: FnContext, e: Extract<Expr, { kind: 'index' }>): GoExpr {
  const objectType = e.object.type;
  if (objectType.kind === 'tuple') {
    const i = foldNumber(e.index) ?? 0;
    return selector(printExpr(ctx, e.object), `V${i}`);
  }
  if (objectType.kind === 'string') return call('jsCharAt', printExpr(ctx, e.object), coerce(ctx, e.index, { kind: 'i64' }));
  return { k: 'index', x: printExpr(ctx, e.object), index: coerce(ctx, e.index, { kind: 'i64' }) };
}

export function composite(type: string, amp: boolean, elts: GoElement[]): GoExpr {
  const flat = elts.map((el) => (el.k === 'keyValue' ? `${el.key}: ${render(el.value)}` : render(el)));
  const width = type.length + flat.reduce((n, s) => n + s.length + 2, 0);
  const multiline = flat.some((s) => s.includes('\n')) || width > 80 || (amp && elts.length > 3);
  return { k: 'composite', type, amp, elts, multiline };
}

/** A JS value converted to string the way `String(x)` / template literals do. */
export function toGoString(ctx: FnContext, e: Expr): GoExpr {
  const folded = foldNumber(e);
  if (folded !== undefined) return atom(stringLiteral(String(folded)));
  if (e.kind === 'bool') return atom(stringLiteral(String(e.value)));
  if (e.kind === 'none') return atom('"undefined"');
  return stringOf(ctx, printExpr(ctx, e), e.type);
}

function stringOf(ctx: FnContext, x: GoExpr, type: IrType): GoExpr {
  switch (type.kind) {
    case 'string':
      return x;
    case 'enum':
      return call('string', x);
    case 'f64':
      return call('jsNumStr', x);
    case 'i64':
      ctx.use('strconv');
      return call('strconv.FormatInt', x, atom('10'));
    case 'bool':
      ctx.use('strconv');
      return call('strconv.FormatBool', x);
    case 'optional':
      if (isNilable(type.inner)) return call('jsOptStr', x, stringer(ctx, type.inner));
      return call('jsPtrStr', x, stringer(ctx, type.inner));
    case 'array':
      return call('jsArrJoin', x, atom('","'), stringer(ctx, type.element));
    case 'typeParam':
      return call('jsStringOf', x);
    case 'map':
      return atom('"[object Map]"');
    case 'set':
      return atom('"[object Set]"');
    default:
      return atom('"[object Object]"');
  }
}

/** A func value converting values of `type` to their JS string. */
export function stringer(ctx: FnContext, type: IrType): GoExpr {
  if (type.kind === 'f64') return atom('jsNumStr');
  if (type.kind === 'string') return atom('jsStrSelf');
  const body = render(stringOf(ctx, atom('v'), type));
  return { k: 'funcLit', signature: `(v ${goType(type, ctx.names)}) string`, body: [`return ${body}`], oneLine: true };
}

function printTemplate(ctx: FnContext, parts: (string | Expr)[]): GoExpr {
  const pieces = parts.filter((p) => p !== '').map((p) => (typeof p === 'string' ? atom(stringLiteral(p)) : toGoString(ctx, p)));
  return pieces.length === 0 ? atom('""') : concat(pieces);
}

/** `a + b + …` over strings, merging adjacent literals. */
function concat(pieces: GoExpr[]): GoExpr {
  const merged: GoExpr[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (last?.k === 'atom' && p.k === 'atom' && isStringLit(last.text) && isStringLit(p.text)) {
      merged[merged.length - 1] = atom(stringLiteral((JSON.parse(last.text) as string) + (JSON.parse(p.text) as string)));
    } else {
      merged.push(p);
    }
  }
  return merged.slice(1).reduce<GoExpr>((acc, p) => binary('+', acc, p.k === 'binary' ? { k: 'paren', x: p } : p), merged[0]!);
}

function isStringLit(text: string): boolean {
  return text.startsWith('"') && !/\\u(2028|2029)/.test(text);
}

/**
 * A closure as a Go func literal. `goParams` gives the Go parameter types a runtime helper expects
 * (e.g. `int64` for an index); a closure parameter of another IR type is converted on entry.
 */
export function printClosure(ctx: FnContext, c: ClosureExpr, goParams?: string[], goResult?: string): GoExpr {
  const inner = ctx.child({ kind: 'closure', result: c.result, throws: false, readNames: ctx.scope.readNames, receiver: ctx.scope.receiver, className: ctx.scope.className });
  const prologue: string[] = [];
  for (const p of c.params) inner.setSliceRef(p.name, false);
  const params: { name: string; type: string }[] = c.params.map((p, i) => {
    const want = goParams?.[i];
    const natural = goType(p.type, ctx.names);
    const name = inner.local(p.name);
    if (!want || want === natural) return { name, type: natural };
    const raw = inner.temp();
    prologue.push(`${name} := ${natural}(${raw})`);
    return { name: raw, type: want };
  });
  if (goParams) for (let i = c.params.length; i < goParams.length; i++) params.push({ name: '_', type: goParams[i]! });
  const result = goResult ?? goType(c.result, ctx.names);
  const body = [...prologue, ...printBlock(inner, c.body)];
  const signature = `(${groupParams(params)})${result ? ` ${result}` : ''}`;
  const oneLine = body.length === 1 && !body[0]!.includes('\n') && signature.length + body[0]!.length < 70 && prologue.length === 0;
  return { k: 'funcLit', signature, body, oneLine };
}

export const indent = indentLines;
