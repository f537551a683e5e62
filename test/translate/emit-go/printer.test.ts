import { describe, expect, it } from 'vitest';
import { FileContext, FnContext, ModuleInfo } from '../../../src/translate/emit-go/context.js';
import { exprText } from '../../../src/translate/emit-go/expressions.js';
import { printFunction } from '../../../src/translate/emit-go/items.js';
import { printBlock } from '../../../src/translate/emit-go/statements.js';
import { arrayOf, optionalOf, type Expr, type IrModule, type IrType, type Stmt } from '../../../src/translate/ir.js';
import {
  assign, bin, BOOL, builtin, call, closure, cmp, const_, exprStmt, F64, fn, forOf, forRange, I64, if_, index, int, let_,
  local, math, num, o, p, param, ret, str, STRING, template, throw_, VOID,
} from './ir-builders.js';

const NUMS = arrayOf(F64);

const helpers: IrModule = {
  sourceFile: 'hand/t.ts',
  name: 't',
  structs: [],
  enums: [],
  constants: [],
  functions: [
    fn('mayFail', [p('x', F64)], F64, [ret(param('x', F64))], { throws: true, exported: false }),
    fn('scale', [p('x', F64), p('k', F64, num(2))], F64, [], { exported: false }),
  ],
  classes: [],
  entryPoints: [],
};

function context(result: IrType = F64, throws = false, reads: string[] = []): FnContext {
  const file = new FileContext(new ModuleInfo(helpers));
  return new FnContext(file, { kind: 'function', result, throws, readNames: new Set(reads) });
}

/** An expression's Go text, with the lines it hoisted before it. */
function expr(e: Expr, ctx = context()): string {
  const { pre, value } = ctx.capture(() => exprText(ctx, e));
  return [...pre, value].join('\n');
}

function stmts(body: Stmt[], ctx = context()): string {
  return printBlock(ctx, body).join('\n');
}

const x = param('x', F64);
const n = param('n', I64);
const xs = param('xs', NUMS);

describe('expressions', () => {
  it('folds literal arithmetic with JS doubles, not Go exact constants', () => {
    expect(expr(bin('*', num(0.1), num(3)))).toBe('0.30000000000000004');
    expect(expr(math('Math.round', [num(-2.5)]))).toBe('-2');
    expect(expr(num(NaN))).toBe('math.NaN()');
    expect(expr(num(-0))).toBe('math.Copysign(0, -1)');
    expect(expr(bin('*', x, num(100)))).toBe('x * 100');
  });

  it('maps JS number semantics to runtime helpers', () => {
    expect(expr(math('Math.round', [x]))).toBe('jsRound(x)');
    expect(expr(bin('%', x, num(3)))).toBe('math.Mod(x, 3)');
    expect(expr(bin('%', n, int(3)))).toBe('n % 3');
    expect(expr(bin('**', x, num(2)))).toBe('jsPow(x, 2)');
    expect(expr(math('Math.max', [num(0), x]))).toBe('max(0, x)');
    expect(expr(math('Math.floor', [x], I64))).toBe('int64(math.Floor(x))');
    expect(expr(builtin('number.toFixed', x, [int(2)], STRING))).toBe('jsToFixed(x, 2)');
  });

  it('formats numbers in strings as JS String(n) does', () => {
    expect(expr(template('p=', x, ' n=', n, ' k=', num(1e21)))).toBe('"p=" + jsNumStr(x) + " n=" + strconv.FormatInt(n, 10) + " k=1e+21"');
    expect(expr(bin('concat', str('a'), bin('concat', x, str('b'), STRING), STRING))).toBe('"a" + (jsNumStr(x) + "b")');
  });

  it('optionals are pointers', () => {
    const opt = param('o', optionalOf(F64));
    expect(expr({ kind: 'some', value: x, type: optionalOf(F64), origin: o })).toBe('jsPtr(x)');
    expect(expr({ kind: 'some', value: num(5), type: optionalOf(F64), origin: o })).toBe('jsPtr(5.0)');
    expect(expr({ kind: 'unwrap', value: opt, type: F64, origin: o })).toBe('*o');
    expect(expr({ kind: 'isNone', value: opt, negated: true, type: BOOL, origin: o })).toBe('o != nil');
    expect(expr({ kind: 'logical', op: '??', left: opt, right: num(1), type: F64, origin: o })).toBe('jsDeref(o, 1)');
  });

  it('compares optionals by presence and value, never by pointer', () => {
    const opt = param('o', optionalOf(STRING));
    const some = (value: Expr): Expr => ({ kind: 'some', value, type: optionalOf(STRING), origin: o });
    const get: Expr = { kind: 'methodCall', receiver: param('s', STRING), className: 'Stack', method: 'peek', args: [], throws: false, type: optionalOf(STRING), origin: o };
    expect(expr(cmp('==', opt, some(str('a'))))).toBe('o != nil && *o == "a"');
    expect(expr(cmp('!=', some(str('a')), opt))).toBe('o == nil || *o != "a"');
    expect(expr(cmp('==', opt, param('p', optionalOf(STRING))))).toBe('jsOptEq(o, p)');
    expect(expr(cmp('!=', get, some(str('a'))))).toBe('!jsOptEq(s.peek(), jsPtr("a"))');
    const cases = [{ values: [some(str('a'))], body: [ret(int(1))] }, { values: [{ kind: 'none', type: optionalOf(STRING), origin: o } as Expr], body: [ret(int(2))] }];
    expect(stmts([{ kind: 'switch', subject: opt, cases, default: [ret(int(3))], origin: o }], context(I64))).toBe(
      ['switch {', 'case o != nil && *o == "a":', '\treturn 1', 'case o == nil:', '\treturn 2', 'default:', '\treturn 3', '}'].join('\n'),
    );
    expect(stmts([{ kind: 'switch', subject: get, cases, origin: o }], context(I64))).toMatch(/^switch (\w+) := s\.peek\(\); \{\ncase \1 != nil && \*\1 == "a":/);
  });

  it('converts f64 to i64 as JS positions do unless lowering proved the value whole', () => {
    expect(expr({ kind: 'convert', to: 'i64', value: x, type: I64, origin: o })).toBe('jsToInt(x)');
    expect(expr({ kind: 'convert', to: 'i64', value: x, exact: true, type: I64, origin: o })).toBe('int64(x)');
    expect(expr({ kind: 'convert', to: 'f64', value: n, type: F64, origin: o })).toBe('float64(n)');
  });

  it('closures passed to array methods become func literals', () => {
    const v = param('v', F64);
    expect(expr(builtin('array.map', xs, [closure([p('v', F64)], F64, [ret(bin('*', v, num(2)))])], NUMS))).toBe(
      'jsArrMap(xs, func(v float64) float64 { return v * 2 })',
    );
    const byIndex = closure([p('v', F64), p('i', I64)], BOOL, [ret(cmp('>', local('i', I64), int(0)))]);
    expect(expr(builtin('array.filter', xs, [byIndex], NUMS))).toBe('jsArrFilterI(xs, func(v float64, i int64) bool { return i > 0 })');
    const cmpFn = closure([p('a', F64), p('b', F64)], F64, [ret(bin('-', param('a', F64), param('b', F64)))]);
    expect(expr(builtin('array.sort', xs, [cmpFn], NUMS))).toBe('jsArrSortBy(xs, func(a, b float64) float64 { return a - b })');
    expect(expr(builtin('array.find', xs, [closure([p('v', F64)], BOOL, [ret(cmp('>', v, num(1)))])], optionalOf(F64)))).toBe(
      'jsOpt(jsArrFind(xs, func(v float64) bool { return v > 1 }))',
    );
  });

  it('hoists conditionals and throwing calls into statements', () => {
    const c: Expr = { kind: 'conditional', cond: cmp('>', x, num(0)), then: x, else: num(0), type: F64, origin: o };
    expect(expr(bin('+', c, num(1)))).toBe(['var tmp1 float64', 'if x > 0 {', '\ttmp1 = x', '} else {', '\ttmp1 = 0', '}', 'tmp1 + 1'].join('\n'));
    const ctx = context(STRING, true);
    expect(expr(bin('*', call('mayFail', [x], F64, true), num(2)), ctx)).toBe(
      ['tmp1, err := mayFail(x)', 'if err != nil {', '\treturn "", err', '}', 'tmp1 * 2'].join('\n'),
    );
  });

  it('fills omitted defaulted arguments', () => {
    expect(expr(call('scale', [x], F64))).toBe('scale(x, 2)');
  });
});

describe('statements', () => {
  it('declares with := and a Go type that matches the IR type', () => {
    expect(stmts([let_('total', F64, num(0)), let_('i', I64, int(3)), let_('s', STRING, str('a'))], context(F64, false, ['total', 'i', 's']))).toBe(
      ['total := 0.0', 'i := int64(3)', 's := "a"'].join('\n'),
    );
  });

  it('keeps locals Go would reject as unused', () => {
    expect(stmts([const_('unused', F64, x)])).toBe('unused := x\n_ = unused');
  });

  it('propagates errors of throwing calls', () => {
    const ctx = context(F64, true, ['y']);
    expect(stmts([const_('y', F64, call('mayFail', [x], F64, true)), ret(local('y', F64))], ctx)).toBe(
      ['y, err := mayFail(x)', 'if err != nil {', '\treturn 0, err', '}', 'return y, nil'].join('\n'),
    );
    expect(stmts([throw_(template('bad ', x))], context(F64, true))).toBe('return 0, errors.New("bad " + jsNumStr(x))');
  });

  it('prints the swap idiom as a parallel assignment', () => {
    const at = (i: string): Expr => index(xs, local(i, I64), F64);
    expect(stmts([{ kind: 'swap', left: at('i'), right: at('j'), origin: o }])).toBe('xs[i], xs[j] = xs[j], xs[i]');
  });

  it('prints counted loops, range loops and for-of', () => {
    const body = [assign(local('t', F64), toF(local('i', I64)), '+=')];
    expect(stmts([forRange('i', int(0), n, body)], context(F64, false, ['i']))).toBe('for i := range n {\n\tt += float64(i)\n}');
    expect(stmts([forRange('i', int(1), x, body)], context(F64, false, ['i']))).toBe('for i := int64(1); float64(i) < x; i++ {\n\tt += float64(i)\n}');
    expect(stmts([forRange('i', int(10), int(0), body, -2, true)], context(F64, false, ['i']))).toBe('for i := int64(10); i >= 0; i -= 2 {\n\tt += float64(i)\n}');
    expect(stmts([forOf(['v'], xs, F64, [exprStmt(call('scale', [local('v', F64)], F64))])], context(F64, false, ['v']))).toBe(
      'for _, v := range xs {\n\tscale(v, 2)\n}',
    );
    expect(stmts([forOf(['v'], xs, F64, [])])).toBe('for range xs {\n}');
  });

  it('prints do-while so that continue re-checks the condition', () => {
    const s: Stmt = { kind: 'doWhile', body: [assign(local('k', I64), int(1), '+=')], cond: cmp('<', local('k', I64), int(3)), origin: o };
    expect(stmts([s])).toBe('for tmp1 := true; tmp1; tmp1 = k < 3 {\n\tk++\n}');
  });

  it('prints switch without trailing breaks and else-if chains', () => {
    const sw: Stmt = {
      kind: 'switch',
      subject: n,
      cases: [{ values: [int(1), int(2)], body: [exprStmt(call('scale', [x], F64)), { kind: 'break', origin: o }] }],
      default: [ret(num(0))],
      origin: o,
    };
    expect(stmts([sw])).toBe('switch n {\ncase 1, 2:\n\tscale(x, 2)\ndefault:\n\treturn 0\n}');
    const chain = if_(cmp('>', x, num(1)), [ret(num(1))], [if_(cmp('>', x, num(0)), [ret(num(2))], [ret(num(3))])]);
    expect(stmts([chain])).toBe('if x > 1 {\n\treturn 1\n} else if x > 0 {\n\treturn 2\n} else {\n\treturn 3\n}');
  });

  it('drops code after a terminating statement and closes functions Go sees as open', () => {
    const f = fn('loop', [p('x', F64)], F64, [{ kind: 'while', cond: { kind: 'bool', value: true, type: BOOL, origin: o }, body: [ret(x)], origin: o }, ret(num(1))]);
    expect(printFunction(context().file, f).slice(-4)).toEqual(['\tfor {', '\t\treturn x', '\t}', '}']);
    const g = fn('pick', [p('n', I64)], F64, [{ kind: 'switch', subject: n, cases: [{ values: [int(1)], body: [ret(num(1))] }], origin: o }]);
    expect(printFunction(context().file, g).at(-2)).toMatch(/^\tpanic\("unreachable: /);
    expect(printFunction(context().file, fn('noop', [], VOID, [], { throws: true })).at(-2)).toBe('\treturn nil');
  });
});

function toF(e: Expr): Expr {
  return { kind: 'convert', to: 'f64', value: e, type: F64, origin: o };
}
