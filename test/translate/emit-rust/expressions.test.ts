import { describe, expect, it } from 'vitest';
import { arrayOf, BOOL, enumType, F64, I64, mapOf, optionalOf, STRING, structType, type Expr, type IrType } from '../../../src/translate/ir.js';
import {
  and, arg, array, bin, builtin, call, closure, coalesce, cond, enumLit, field, fn, index, int, isNone, local, not, num,
  param, ret, str, structLit, template, toF64, toI64, unwrap,
} from './ir-build.js';
import { body } from './print.js';

const NUMS = arrayOf(F64);

/** The Rust text of `return <e>` in a function with the given parameters. */
function printed(e: Expr, params: [string, IrType][] = [], extra: Parameters<typeof body>[0] = {}): string {
  const f = fn('probe', params.map(([n, t]) => param(n, t)), e.type, [ret(e)]);
  return body({ ...extra, functions: [f, ...(extra.functions ?? [])] }, 'probe');
}

describe('literals', () => {
  it('prints floats with JS digits, ints bare, and the non-finite values as constants', () => {
    expect(printed(num(120))).toBe('120.0');
    expect(printed(num(0.1))).toBe('0.1');
    expect(printed(num(1e21))).toBe('1e21');
    expect(printed(num(1.5e-7))).toBe('1.5e-7');
    expect(printed(num(-0))).toBe('-0.0');
    expect(printed(num(NaN))).toBe('f64::NAN');
    expect(printed(num(-Infinity))).toBe('f64::NEG_INFINITY');
    expect(printed(num(Math.PI))).toBe('std::f64::consts::PI');
    expect(printed(int(-7))).toBe('-7');
  });

  it('escapes strings and owns them where a String is returned', () => {
    expect(printed(str('a"b\n\\'))).toBe('"a\\"b\\n\\\\".to_string()');
  });
});

describe('numbers', () => {
  it('maps Math.* with JS semantics', () => {
    const x: [string, IrType][] = [['x', F64]];
    expect(printed(builtin('Math.round', undefined, [arg('x', F64)], F64), x)).toBe('jsrt::round(x)');
    expect(printed(builtin('Math.floor', undefined, [arg('x', F64)], I64), x)).toBe('x.floor() as i64');
    expect(printed(builtin('Math.exp', undefined, [bin('*', num(-4), arg('x', F64))], F64), x)).toBe('jsrt::exp(-4.0 * x)');
    expect(printed(builtin('Math.sqrt', undefined, [num(2)], F64))).toBe('2.0_f64.sqrt()');
    expect(printed(builtin('Math.max', undefined, [arg('x', F64), num(1), num(2)], F64), x)).toBe('jsrt::max(jsrt::max(x, 1.0), 2.0)');
    expect(printed(builtin('Math.min', undefined, [arg('n', I64), int(3)], I64), [['n', I64]])).toBe('i64::min(n, 3)');
    // A literal-only or integer receiver has no type rustc can see at a method call (E0689).
    expect(printed(builtin('Math.abs', undefined, [bin('-', num(1), num(3), F64)], F64))).toBe('f64::abs(1.0 - 3.0)');
    expect(printed(builtin('Math.abs', undefined, [arg('i', I64)], I64))).toBe('i64::abs(i)');
    expect(printed(builtin('Math.log', undefined, [arg('x', F64)], F64), x)).toBe('jsrt::log(x)');
  });

  it('keeps ** and Math.pow NaN-exact unless the exponent is a finite literal', () => {
    const ab: [string, IrType][] = [['a', F64], ['b', F64]];
    expect(printed(bin('**', arg('a', F64), arg('b', F64)), ab)).toBe('jsrt::pow(a, b)');
    expect(printed(bin('**', arg('a', F64), num(2)), ab)).toBe('a.powf(2.0)');
  });

  it('converts explicitly and parenthesises casts before <', () => {
    const ni: [string, IrType][] = [['n', I64], ['x', F64]];
    expect(printed(bin('*', toF64(bin('-', arg('n', I64), int(1))), arg('x', F64)), ni)).toBe('(n - 1) as f64 * x');
    expect(printed(bin('<', toF64(arg('n', I64)), arg('x', F64)), ni)).toBe('(n as f64) < x');
    expect(printed(toI64(num(2.9)))).toBe('2');
  });

  it('turns x * -1 into a negation and keeps NaN-aware negated float tests', () => {
    const x: [string, IrType][] = [['x', F64], ['n', I64]];
    expect(printed(bin('*', arg('x', F64), num(-1)), x)).toBe('-x');
    expect(printed(not(bin('>', arg('x', F64), num(0))), x)).toBe('!(x > 0.0)');
    expect(printed(not(bin('>', arg('n', I64), int(0))), x)).toBe('n <= 0');
  });
});

describe('strings', () => {
  const s: [string, IrType][] = [['s', STRING], ['t', STRING], ['n', F64], ['k', I64]];

  it('formats templates with inline names and JS number formatting', () => {
    expect(printed(template('n=', arg('n', F64), ', k=', arg('k', I64), ' s=', arg('s', STRING)), s)).toBe(
      'format!("n={}, k={k} s={s}", jsrt::num_to_string(n))',
    );
    expect(printed(template(arg('n', F64)), s)).toBe('jsrt::num_to_string(n)');
    expect(printed(bin('concat', str('{'), arg('s', STRING)), s)).toBe('format!("{{{s}")');
  });

  it('compares strings as &str, and against "" with is_empty', () => {
    expect(printed(bin('<', arg('s', STRING), arg('t', STRING)), s)).toBe('jsrt::str_cmp(s, t).is_lt()');
    expect(printed(bin('==', arg('s', STRING), str('')), s)).toBe('s.is_empty()');
    expect(printed(bin('!=', arg('s', STRING), str('x')), s)).toBe('s != "x"');
  });

  it('uses UTF-16 helpers where JS counts code units', () => {
    expect(printed(builtin('string.length', arg('s', STRING), [], I64), s)).toBe('jsrt::str_len(s)');
    expect(printed(builtin('string.slice', arg('s', STRING), [int(1)], STRING), s)).toBe('jsrt::str_slice(s, 1, None)');
    expect(printed(builtin('string.includes', arg('s', STRING), [str('ab')], BOOL), s)).toBe('s.contains("ab")');
    expect(printed(builtin('number.toFixed', arg('n', F64), [int(2)], STRING), s)).toBe('jsrt::to_fixed(n, 2)');
    expect(printed(builtin('Number.parseFloat', undefined, [arg('s', STRING)], F64), s)).toBe('jsrt::parse_float(s)');
  });
});

describe('arrays and closures', () => {
  const v: [string, IrType][] = [['values', NUMS], ['limit', F64]];
  const values = arg('values', NUMS);
  const x = local('x', F64);

  it('prints map / filter / reduce as iterator chains', () => {
    expect(printed(builtin('array.map', values, [closure([param('x', F64)], F64, bin('*', x, num(2)))], NUMS), v)).toBe(
      'values.iter().map(|&x| x * 2.0).collect::<Vec<_>>()',
    );
    expect(printed(builtin('array.filter', values, [closure([param('x', F64)], BOOL, bin('<', x, arg('limit', F64)))], NUMS), v)).toBe(
      'values\n    .iter()\n    .filter(|&&x| x < limit)\n    .copied()\n    .collect::<Vec<_>>()',
    );
    const sum = closure([param('acc', F64), param('x', F64)], F64, bin('+', local('acc', F64), x));
    expect(printed(builtin('array.reduce', values, [sum, num(0)], F64), v)).toBe('values.iter().fold(0.0, |acc, &x| acc + x)');
  });

  it('chains a map into a reduce without collecting', () => {
    const doubled = builtin('array.map', values, [closure([param('x', F64)], F64, bin('*', x, num(2)))], NUMS);
    const sum = closure([param('a', F64), param('b', F64)], F64, bin('+', local('a', F64), local('b', F64)));
    expect(printed(builtin('array.reduce', doubled, [sum, num(0)], F64), v)).toBe('values.iter().map(|&x| x * 2.0).fold(0.0, |a, b| a + b)');
  });

  it('binds struct elements by reference and clones what it keeps', () => {
    const item = structType('Item');
    const items = arg('items', arrayOf(item));
    const it = local('it', item);
    const structs = [{ kind: 'struct' as const, name: 'Item', exported: true, origin: it.origin, fields: [{ name: 'name', type: STRING, optional: false }, { name: 'price', type: F64, optional: false }] }];
    const names = builtin('array.map', items, [closure([param('it', item)], STRING, field(it, 'name', STRING))], arrayOf(STRING));
    expect(printed(names, [['items', arrayOf(item)]], { structs })).toBe('items.iter().map(|it| it.name.clone()).collect::<Vec<_>>()');
    const found = builtin('array.find', items, [closure([param('it', item)], BOOL, bin('>', field(it, 'price', F64), num(1)))], optionalOf(item));
    expect(printed(found, [['items', arrayOf(item)]], { structs })).toBe('items.iter().find(|&it| it.price > 1.0).cloned()');
  });

  it('maps findIndex, some, includes, indexOf and join', () => {
    const pos = closure([param('x', F64)], BOOL, bin('>=', x, arg('limit', F64)));
    expect(printed(builtin('array.findIndex', values, [pos], I64), v)).toBe('values\n    .iter()\n    .position(|&x| x >= limit)\n    .map_or(-1, |i| i as i64)');
    expect(printed(builtin('array.some', values, [pos], BOOL), v)).toBe('values.iter().any(|&x| x >= limit)');
    expect(printed(builtin('array.includes', values, [num(NaN)], BOOL), v)).toBe('jsrt::includes_num(values, f64::NAN)');
    expect(printed(builtin('array.indexOf', values, [num(1)], I64), v)).toBe('jsrt::index_of_num(values, 1.0)');
    expect(printed(builtin('array.join', values, [], STRING), v)).toBe('jsrt::join_num(values, ",")');
    expect(printed(builtin('array.length', values, [], I64), v)).toBe('values.len() as i64');
    expect(printed(index(values, int(0), F64), v)).toBe('values[0]');
  });

  it('builds Array.from({length}) as a mapped range', () => {
    const table = builtin('Array.from', undefined, [arg('n', I64), closure([param('i', I64)], I64, bin('*', local('i', I64), int(2)))], arrayOf(I64));
    expect(printed(table, [['n', I64]])).toBe('(0..n).map(|i| i * 2).collect::<Vec<_>>()');
  });
});

describe('optionals and collections', () => {
  it('narrows with if let and maps ?? to unwrap_or', () => {
    const o: [string, IrType][] = [['x', optionalOf(F64)]];
    const x = arg('x', optionalOf(F64));
    expect(printed(cond(isNone(x, true), bin('*', unwrap(x), num(2)), num(0)), o)).toBe('if let Some(x) = x {\n    x * 2.0\n} else {\n    0.0\n}');
    expect(printed(coalesce(x, num(1)), o)).toBe('x.unwrap_or(1.0)');
    expect(printed(isNone(x), o)).toBe('x.is_none()');
  });

  it('maps Map methods onto the insertion-ordered JsMap', () => {
    const m = arg('m', mapOf(STRING, F64));
    const p: [string, IrType][] = [['m', mapOf(STRING, F64)], ['k', STRING]];
    expect(printed(builtin('map.get', m, [arg('k', STRING)], optionalOf(F64)), p)).toBe('m.get(k).copied()');
    expect(printed(builtin('map.has', m, [str('a')], BOOL), p)).toBe('m.contains_key("a")');
    expect(printed(builtin('map.size', m, [], I64), p)).toBe('m.len() as i64');
    expect(printed(unwrap(builtin('map.get', m, [arg('k', STRING)], optionalOf(F64))), p)).toBe('m[k]');
  });

  it('prints enum literals, struct literals with shorthand, and logical operators', () => {
    const tier = { kind: 'enum' as const, name: 'Tier', variants: ['premium', 'out-of-stock'], exported: true, origin: str('').origin };
    expect(printed(enumLit('Tier', 'out-of-stock'), [], { enums: [tier] })).toBe('Tier::OutOfStock');
    const point = { kind: 'struct' as const, name: 'Point', exported: true, origin: tier.origin, fields: [{ name: 'x', type: F64, optional: false }, { name: 'label', type: STRING, optional: true }] };
    expect(printed(structLit('Point', [['x', arg('x', F64)]]), [['x', F64]], { structs: [point] })).toBe('Point { x, label: None }');
    expect(printed(and(arg('a', BOOL), not(arg('b', BOOL))), [['a', BOOL], ['b', BOOL]])).toBe('a && !b');
    expect(printed(call('helper', [num(1)], F64), [], { functions: [fn('helper', [param('v', F64)], F64, [ret(arg('v', F64))])] })).toBe('helper(1.0)');
    expect(printed(array([num(1), num(2)], F64))).toBe('vec![1.0, 2.0]');
    expect(printed(enumLit('Tier', 'premium'), [], { enums: [tier] })).toBe('Tier::Premium');
    expect(enumType('Tier').kind).toBe('enum');
  });
});
