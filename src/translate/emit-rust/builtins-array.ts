/**
 * Array methods. Closure-taking methods become iterator chains (`iter().map(…).collect()`,
 * `filter`, `fold`, `any`, `all`, `find`, `position`); a `map`/`filter` feeding another such
 * method is chained without collecting in between. `sort` with a comparator is a stable
 * `sort_by` whose ordering follows the comparator's sign like JS (NaN counts as equal).
 */
import type { BuiltinCall, ClosureExpr, Expr, IrType } from '../ir.js';
import { fitNumber, helper } from './builtins.js';
import { asClosure, indexParam, printClosure, refParam, type ParamSpec, type RefLevel } from './closures.js';
import { EmitCtx, out, P, paren, type Out, type Want } from './context.js';
import { expr, isPlaceLike, numeric, usizeIndex } from './expressions.js';
import { isCopy } from './types.js';

const I64: IrType = { kind: 'i64' };
const CHAINABLE = new Set(['array.map', 'array.filter']);
const CONSUMERS = new Set(['array.map', 'array.filter', 'array.reduce', 'array.some', 'array.every', 'array.find', 'array.findIndex', 'array.forEach']);

interface Iter {
  text: string;
  /** Items are `&T` (1) or `T` (0). */
  level: 0 | 1;
  element: IrType;
}

function elementOf(t: IrType): IrType {
  return t.kind === 'array' ? t.element : t.kind === 'set' ? t.element : { kind: 'unknown' };
}

/** The iterator an adapter chain starts from: `v.iter()`, a temporary's `into_iter()`, or an inner chain. */
function iterOf(ctx: EmitCtx, recv: Expr): Iter {
  if (recv.kind === 'builtin' && CHAINABLE.has(recv.name) && recv.receiver) {
    const inner = adapter(ctx, recv);
    if (inner) return inner;
  }
  const element = elementOf(recv.type);
  if (isPlaceLike(recv) || recv.kind === 'unwrap') return { text: `${paren(expr(ctx, recv, 'read'), P.postfix)}.iter()`, level: 1, element };
  return { text: `${paren(expr(ctx, recv, 'owned'), P.postfix)}.into_iter()`, level: 0, element };
}

/** Per-parameter patterns for an adapter's closure; `extraRef` for adapters that pass `&Item`. */
function closureFor(ctx: EmitCtx, fnArg: Expr, it: Iter, extraRef: boolean, leading: ParamSpec[] = []): { text: string; indexed: boolean } {
  const c = asClosure(ctx, fnArg) as ClosureExpr;
  const elementParam = leading.length;
  const indexed = c.params.length > elementParam + 1;
  const level = (it.level + (extraRef ? 1 : 0)) as RefLevel;
  if (!indexed) {
    const specs = [...leading, refParam(it.element, level)];
    return { text: printClosure(ctx, c, specs).text, indexed };
  }
  // enumerate() items are (usize, item): one tuple pattern holds the JS (value, index) pair.
  const inRef = extraRef;
  const item = refParam(it.element, it.level as RefLevel);
  const elementSpec: ParamSpec = inRef && it.level === 0 && !isCopy(it.element) ? { ...item, pattern: 'ref {}', kind: 'ref' } : item;
  const specs = [...leading, elementSpec, indexParam()];
  const shape = (p: string[]): string[] => {
    const pair = `(${p[elementParam + 1]}, ${p[elementParam]})`;
    return [...p.slice(0, elementParam), inRef ? `&${pair}` : pair];
  };
  return { text: printClosure(ctx, c, specs, shape).text, indexed };
}

function owned(it: Iter, text: string): string {
  if (it.level === 0) return text;
  return `${text}.${isCopy(it.element) ? 'copied' : 'cloned'}()`;
}

/** `map` / `filter` as an iterator (not collected). */
function adapter(ctx: EmitCtx, e: BuiltinCall): Iter | undefined {
  const it = iterOf(ctx, e.receiver!);
  const fn = e.args[0]!;
  if (e.name === 'array.map') {
    const c = closureFor(ctx, fn, it, false);
    return { text: `${it.text}${c.indexed ? '.enumerate()' : ''}.map(${c.text})`, level: 0, element: elementOf(e.type) };
  }
  if (e.name === 'array.filter') {
    const c = closureFor(ctx, fn, it, true);
    const unpair = c.indexed ? '.map(|(_, x)| x)' : '';
    return { text: `${it.text}${c.indexed ? '.enumerate()' : ''}.filter(${c.text})${unpair}`, level: it.level, element: it.element };
  }
  return undefined;
}

function consume(ctx: EmitCtx, e: BuiltinCall): Out | undefined {
  if (e.name === 'array.map' || e.name === 'array.filter') {
    const it = adapter(ctx, e)!;
    return out(`${owned(it, it.text)}.collect::<Vec<_>>()`, P.postfix);
  }
  const it0 = iterOf(ctx, e.receiver!);
  const fn = e.args[0]!;
  switch (e.name) {
    case 'array.some':
    case 'array.every': {
      const c = closureFor(ctx, fn, it0, false);
      return out(`${it0.text}${c.indexed ? '.enumerate()' : ''}.${e.name === 'array.some' ? 'any' : 'all'}(${c.text})`, P.postfix);
    }
    case 'array.find': {
      const c = closureFor(ctx, fn, it0, true);
      const found = `${it0.text}${c.indexed ? '.enumerate()' : ''}.find(${c.text})${c.indexed ? '.map(|(_, x)| x)' : ''}`;
      return out(owned(it0, found), P.postfix);
    }
    case 'array.findIndex': {
      const c = closureFor(ctx, fn, it0, false);
      const text = `${it0.text}${c.indexed ? '.enumerate()' : ''}.position(${c.text}).map_or(-1, |i| i as i64)`;
      return fitNumber(out(text, P.postfix), 'i64', e.type);
    }
    case 'array.forEach': {
      const c = closureFor(ctx, fn, it0, false);
      return out(`${it0.text}${c.indexed ? '.enumerate()' : ''}.for_each(${c.text})`, P.postfix);
    }
    case 'array.reduce': {
      const init = e.args[1];
      if (init) {
        const acc: ParamSpec = { pattern: '{}', kind: 'owned', type: init.type };
        const c = closureFor(ctx, fn, it0, false, [acc]);
        const start = init.type.kind === 'f64' || init.type.kind === 'i64' ? numeric(ctx, init, e.type.kind === 'i64' ? I64 : init.type) : expr(ctx, init, 'owned');
        return out(`${it0.text}${c.indexed ? '.enumerate()' : ''}.fold(${start.text}, ${c.text})`, P.postfix);
      }
      const items: Iter = { text: owned(it0, it0.text), level: 0, element: it0.element };
      const c = closureFor(ctx, fn, items, false, [{ pattern: '{}', kind: 'owned', type: it0.element }]);
      return out(`${items.text}.reduce(${c.text}).expect("reduce of empty array with no initial value")`, P.postfix);
    }
    default:
      return undefined;
  }
}

function sortCall(ctx: EmitCtx, e: BuiltinCall, target: string): string {
  const cmp = e.args[0];
  const element = elementOf(e.receiver!.type);
  if (!cmp) {
    if (element.kind === 'f64') return helper(ctx, 'sort_default_num', [target === 'items' || !isPlaceLike(e.receiver!) ? `&mut ${target}` : expr(ctx, e.receiver!, 'mut').text]).text;
    if (element.kind === 'i64') return `${target}.sort_by_key(|x| x.to_string())`;
    if (element.kind === 'enum' || element.kind === 'string') {
      // JS sorts strings by UTF-16 code unit (enums by their literal).
      ctx.needs.add('str_cmp');
      const key = element.kind === 'enum' ? (v: string): string => `${v}.as_str()` : (v: string): string => v;
      return `${target}.sort_by(|a, b| jsrt::str_cmp(${key('a')}, ${key('b')}))`;
    }
    return `${target}.sort()`;
  }
  const c = asClosure(ctx, cmp)!;
  const spec = refParam(element, 1);
  const closure = printClosure(ctx, c, [spec, spec]);
  const only = c.body.length === 1 ? c.body[0] : undefined;
  if (only?.kind === 'return') {
    // `|a, b| jsrt::order(a - b)`: the comparator's sign decides, as in JS.
    const arrow = closure.text.indexOf('| ');
    const head = closure.text.slice(0, arrow + 1);
    const body = closure.text.slice(arrow + 2);
    ctx.needs.add('order');
    return `${target}.sort_by(${head} jsrt::order(${body}))`;
  }
  const slice = target === 'items' || !isPlaceLike(e.receiver!) ? `&mut ${target}` : expr(ctx, e.receiver!, 'mut').text;
  return helper(ctx, 'sort_by', [slice, closure.text]).text;
}

/** An in-place method used as a value: the array after the call, as JS returns it. */
function inPlace(ctx: EmitCtx, e: BuiltinCall, stmt: boolean, call: (target: string) => string): Out {
  const recv = e.receiver!;
  if (stmt) return out(call(paren(expr(ctx, recv, 'read'), P.postfix)), P.postfix);
  if (isPlaceLike(recv)) {
    const target = paren(expr(ctx, recv, 'read'), P.postfix);
    return out(`{\n    ${call(target)};\n    ${target}.clone()\n}`);
  }
  return out(`{\n    let mut items = ${expr(ctx, recv, 'owned').text};\n    ${call('items')};\n    items\n}`);
}

function joinCall(ctx: EmitCtx, e: BuiltinCall): Out {
  const sep = e.args[0] ? expr(ctx, e.args[0], 'borrow').text : '","';
  const v = paren(expr(ctx, e.receiver!, 'read'), P.postfix);
  const element = elementOf(e.receiver!.type);
  if (element.kind === 'string') return out(`${v}.join(${sep})`, P.postfix);
  if (element.kind === 'f64') return helper(ctx, 'join_num', [borrowArg(ctx, e.receiver!), sep]);
  if (element.kind === 'typeParam') {
    ctx.needs.add('JsString');
    return out(`${v}.iter().map(jsrt::JsString::js_string).collect::<Vec<_>>().join(${sep})`, P.postfix);
  }
  const text = element.kind === 'enum' ? 'x.as_str()' : 'x.to_string()';
  return out(`${v}.iter().map(|x| ${text}).collect::<Vec<_>>().join(${sep})`, P.postfix);
}

function fromCall(ctx: EmitCtx, e: BuiltinCall): Out {
  const [src, fn] = e.args;
  if (src && (src.type.kind === 'i64' || src.type.kind === 'f64')) {
    const n = numeric(ctx, src, I64);
    if (!fn) return out(`vec![Default::default(); ${paren(n, P.cast)} as usize]`);
    // The closure's last parameter is the index (lowering drops an unused element parameter).
    const c = asClosure(ctx, fn)!;
    const specs: ParamSpec[] = c.params.map((p, i) => ({ pattern: '{}', kind: 'owned', type: i === c.params.length - 1 ? I64 : p.type }));
    const closure = c.params.length === 0 ? printClosure(ctx, c, specs, () => ['_']).text : printClosure(ctx, c, specs, (p) => [p[p.length - 1]!]).text;
    return out(`(0..${paren(n, P.range + 1)}).map(${closure}).collect::<Vec<_>>()`, P.postfix);
  }
  if (!src) return out('Vec::new()', P.postfix);
  const it = src.kind === 'builtin' && src.name.startsWith('map.') ? undefined : iterOf(ctx, src);
  if (!it) return out(`${expr(ctx, src, 'owned').text}`, P.postfix);
  return out(`${owned(it, it.text)}.collect::<Vec<_>>()`, P.postfix);
}

export function printArrayBuiltin(ctx: EmitCtx, e: BuiltinCall, _want: Want, stmt: boolean): Out | undefined {
  if (CONSUMERS.has(e.name)) return consume(ctx, e);
  if (e.name === 'Array.from') return fromCall(ctx, e);
  if (e.name === 'Array.new') {
    const n = e.args[0];
    return n ? out(`vec![Default::default(); ${usizeIndex(ctx, n)}]`) : out('Vec::new()', P.postfix);
  }
  if (!e.name.startsWith('array.') || !e.receiver) return undefined;
  const recv = e.receiver;
  const v = (): string => paren(expr(ctx, recv, 'read'), P.postfix);
  const refArg = (): string => borrowArg(ctx, recv);
  const mutArg = (): string => expr(ctx, recv, 'mut').text;
  const [a, b] = e.args;
  switch (e.name) {
    case 'array.length':
      return fitNumber(out(`${v()}.len() as i64`, P.cast), 'i64', e.type);
    case 'array.push': {
      const items = e.args.map((x) => expr(ctx, x, 'owned').text);
      const call = items.length === 1 ? `${v()}.push(${items[0]})` : `${v()}.extend([${items.join(', ')}])`;
      return stmt ? out(call, P.postfix) : out(`{\n    ${call};\n    ${v()}.len() as i64\n}`);
    }
    case 'array.pop':
      return out(`${v()}.pop()`, P.postfix);
    case 'array.get':
      // A negative i64 as usize is past any end: `get` yields None, as JS yields undefined.
      return out(`${v()}.get(${usizeIndex(ctx, a!)}).cloned()`, P.postfix);
    case 'array.shift':
      return helper(ctx, 'shift', [mutArg()]);
    case 'array.unshift':
      return out(`${v()}.insert(0, ${expr(ctx, a!, 'owned').text})`, P.postfix);
    case 'array.slice':
      if (!a) return out(`${v()}.to_vec()`, P.postfix);
      return helper(ctx, 'slice', [refArg(), numeric(ctx, a, I64).text, b ? `Some(${numeric(ctx, b, I64).text})` : 'None']);
    case 'array.concat': {
      const parts = [`&${v()}[..]`, ...e.args.map((x) => (x.type.kind === 'array' ? `&${paren(expr(ctx, x, 'read'), P.postfix)}[..]` : `&[${expr(ctx, x, 'owned').text}][..]`))];
      return out(`[${parts.join(', ')}].concat()`, P.postfix);
    }
    case 'array.indexOf':
    case 'array.includes':
      return search(ctx, e, v(), refArg());
    case 'array.sort':
      return inPlace(ctx, e, stmt, (t) => sortCall(ctx, e, t));
    case 'array.reverse':
      return inPlace(ctx, e, stmt, (t) => `${t}.reverse()`);
    case 'array.join':
      return joinCall(ctx, e);
    case 'array.fill':
      if (recv.kind === 'builtin' && recv.name === 'Array.new' && recv.args[0] && !b) {
        return out(`vec![${expr(ctx, a!, 'owned').text}; ${usizeIndex(ctx, recv.args[0])}]`);
      }
      if (b) {
        const end = e.args[2] ? `Some(${numeric(ctx, e.args[2], I64).text})` : 'None';
        const range = (t: string): string => helper(ctx, 'fill', [`&mut ${t}`, expr(ctx, a!, 'owned').text, numeric(ctx, b, I64).text, end]).text;
        if (stmt) return out(helper(ctx, 'fill', [mutArg(), expr(ctx, a!, 'owned').text, numeric(ctx, b, I64).text, end]).text);
        return inPlace(ctx, e, stmt, range);
      }
      return inPlace(ctx, e, stmt, (t) => `${t}.fill(${expr(ctx, a!, 'owned').text})`);
    default:
      return undefined;
  }
}

/** `&v` for a helper taking `&[T]`, without a needless borrow of what already is one. */
function borrowArg(ctx: EmitCtx, recv: Expr): string {
  return expr(ctx, recv, 'borrow').text;
}

function search(ctx: EmitCtx, e: BuiltinCall, v: string, slice: string): Out {
  const [x, from] = e.args as [Expr, Expr | undefined];
  const element = elementOf(e.receiver!.type);
  if (from) return searchFrom(ctx, e, slice, element, x, from);
  if (element.kind === 'f64') {
    const name = e.name === 'array.includes' ? 'includes_num' : 'index_of_num';
    return fitNumber(helper(ctx, name, [slice, numeric(ctx, x, element).text]), name === 'index_of_num' ? 'i64' : 'f64', e.name === 'array.includes' ? { kind: 'f64' } : e.type);
  }
  if (e.name === 'array.includes') {
    if (isCopy(element)) return out(`${v}.contains(&${paren(expr(ctx, x, 'owned'), P.unary)})`, P.postfix);
    if (x.kind === 'string' && x.value === '') return out(`${v}.iter().any(String::is_empty)`, P.postfix);
    return out(`${v}.iter().any(|e| e == ${expr(ctx, x, 'borrow').text})`, P.postfix);
  }
  const test = isCopy(element) ? `|&e| e == ${expr(ctx, x, 'owned').text}` : `|e| e == ${expr(ctx, x, 'borrow').text}`;
  return fitNumber(out(`${v}.iter().position(${test}).map_or(-1, |i| i as i64)`, P.postfix), 'i64', e.type);
}

/** `indexOf` / `includes` with a `fromIndex`: jsrt helpers that start where JS does. */
function searchFrom(ctx: EmitCtx, e: BuiltinCall, slice: string, element: IrType, x: Expr, from: Expr): Out {
  const start = numeric(ctx, from, I64).text;
  const isIndexOf = e.name === 'array.indexOf';
  if (element.kind === 'f64' && !isIndexOf) return helper(ctx, 'includes_num_from', [slice, numeric(ctx, x, element).text, start]);
  const value = element.kind === 'f64' ? `&${paren(numeric(ctx, x, element), P.unary)}` : isCopy(element) ? `&${paren(expr(ctx, x, 'owned'), P.unary)}` : expr(ctx, x, 'borrow').text;
  if (!isIndexOf) return helper(ctx, 'includes_from', [slice, value, start]);
  return fitNumber(helper(ctx, 'index_of_from', [slice, value, start]), 'i64', e.type);
}
