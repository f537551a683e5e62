import { describe, expect, it } from 'vitest';
import { arrayOf, BOOL, F64, I64, optionalOf, STRING, VOID, type Stmt, type IrType } from '../../../src/translate/ir.js';
import {
  arg, assign, bin, brk, builtin, call, cont, doWhile, enumLit, exprStmt, fn, forOf, forRange, if_, index, int, isNone,
  let_, local, num, o, param, ret, str, swap, switch_, template, throw_, unwrap, while_, none, some,
} from './ir-build.js';
import { body, signature } from './print.js';

const NUMS = arrayOf(F64);
const TIER = { kind: 'enum' as const, name: 'Tier', variants: ['gold', 'silver', 'bronze'], exported: true, origin: o };

function printed(stmts: Stmt[], params: [string, IrType][], result: IrType, extra: { throws?: boolean } = {}): string {
  return body({ functions: [fn('probe', params.map(([n, t]) => param(n, t)), result, stmts, extra)], enums: [TIER] }, 'probe');
}

describe('returns and errors', () => {
  it('ends in a tail expression, not a needless return', () => {
    const out = printed([if_(bin('>', arg('x', F64), num(0)), [ret(num(1))]), ret(num(2))], [['x', F64]], F64);
    expect(out).toBe('if x > 0.0 {\n    return 1.0;\n}\n2.0');
  });

  it('turns a final if/else into an if expression', () => {
    const out = printed([if_(arg('c', BOOL), [ret(num(1))], [ret(num(2))])], [['c', BOOL]], F64);
    expect(out).toBe('if c {\n    1.0\n} else {\n    2.0\n}');
  });

  it('throws as Err and propagates throwing calls with ?', () => {
    const helper = fn('check', [param('x', F64)], F64, [if_(bin('<', arg('x', F64), num(0)), [throw_(str('negative'))]), ret(arg('x', F64))], { throws: true });
    const f = fn('probe', [param('x', F64)], F64, [let_('y', F64, call('check', [arg('x', F64)], F64, true)), ret(bin('*', local('y', F64), num(2)))], { throws: true });
    expect(signature({ functions: [helper, f] }, 'check')).toBe('pub fn check(x: f64) -> Result<f64, String> {');
    expect(body({ functions: [helper, f] }, 'check')).toBe('if x < 0.0 {\n    return Err("negative".to_string());\n}\nOk(x)');
    expect(body({ functions: [helper, f] }, 'probe')).toBe('let y = check(x)?;\nOk(y * 2.0)');
  });

  it('returns a throwing call as it is, and ends a void throwing function in Ok(())', () => {
    const helper = fn('check', [param('x', F64)], F64, [throw_(template('bad ', arg('x', F64)))], { throws: true });
    const passOn = fn('probe', [param('x', F64)], F64, [ret(call('check', [arg('x', F64)], F64, true))], { throws: true });
    expect(body({ functions: [helper, passOn] }, 'probe')).toBe('check(x)');
    expect(body({ functions: [helper, passOn] }, 'check')).toBe('Err(format!("bad {}", jsrt::num_to_string(x)))');
    const v = printed([exprStmt(call('check', [num(1)], F64, true))], [], VOID, { throws: true });
    expect(v).toContain('Ok(())');
  });
});

describe('bindings', () => {
  it('declares mut only for what is written later, and merges let + return', () => {
    const out = printed([let_('a', F64, num(1), true), let_('b', F64, num(2), true), assign(local('a', F64), num(3), '+='), ret(bin('+', local('a', F64), local('b', F64)))], [], F64);
    expect(out).toBe('let mut a = 1.0;\nlet b = 2.0;\na += 3.0;\na + b');
    expect(printed([let_('x', F64, num(5)), ret(local('x', F64))], [], F64)).toBe('5.0');
  });

  it('initialises a late-bound variable from a switch (needless_late_init)', () => {
    const stmts = [
      let_('rate', F64, undefined, true),
      switch_(arg('t', { kind: 'enum', name: 'Tier' }), [
        [[enumLit('Tier', 'gold')], [assign(local('rate', F64), num(0.2)), brk()]],
        [[enumLit('Tier', 'silver')], [assign(local('rate', F64), num(0.1)), brk()]],
      ], [assign(local('rate', F64), num(0))]),
      ret(local('rate', F64)),
    ];
    expect(printed(stmts, [['t', { kind: 'enum', name: 'Tier' }]], F64)).toBe(
      'let rate: f64 = match t {\n    Tier::Gold => 0.2,\n    Tier::Silver => 0.1,\n    _ => 0.0,\n};\nrate',
    );
  });

  it('unwraps a guarded optional with let-else', () => {
    const finder = fn('find', [param('x', F64)], optionalOf(F64), [ret(some(arg('x', F64)))]);
    const f = fn('probe', [param('x', F64)], STRING, [
      let_('found', optionalOf(F64), call('find', [arg('x', F64)], optionalOf(F64))),
      if_(isNone(local('found', optionalOf(F64))), [ret(str('none'))]),
      ret(template('got ', unwrap(local('found', optionalOf(F64))))),
    ]);
    expect(body({ functions: [finder, f] }, 'probe')).toBe(
      'let Some(found) = find(x) else {\n    return "none".to_string();\n};\nformat!("got {}", jsrt::num_to_string(found))',
    );
    const g = fn('probe', [param('x', optionalOf(F64))], optionalOf(F64), [if_(isNone(arg('x', optionalOf(F64))), [ret(none(optionalOf(F64)))]), ret(some(bin('*', unwrap(arg('x', optionalOf(F64))), num(2))))]);
    expect(body({ functions: [g] }, 'probe')).toBe('let x = x?;\nSome(x * 2.0)');
  });
});

describe('loops', () => {
  it('prints counted loops as ranges, counting down with rev()', () => {
    const up = printed([let_('s', I64, int(0), true), forRange('i', int(0), arg('n', I64), [assign(local('s', I64), local('i', I64), '+=')]), ret(local('s', I64))], [['n', I64]], I64);
    expect(up).toBe('let mut s = 0;\nfor i in 0..n {\n    s += i;\n}\ns');
    const down = printed([forRange('i', arg('n', I64), int(0), [exprStmt(call('probe', [local('i', I64)], VOID))], { step: -1 })], [['n', I64]], VOID);
    expect(down).toBe('for i in (1..=n).rev() {\n    probe(i);\n}');
    const stepped = printed([forRange('i', int(0), arg('n', I64), [], { inclusive: true, step: 2 })], [['n', I64]], VOID);
    expect(stepped).toBe('for _ in (0..=n).step_by(2) {}');
  });

  it('walks arrays by reference and runs a do-while test before continue', () => {
    const values = arg('values', NUMS);
    const sum = printed([let_('t', F64, num(0), true), forOf(['v'], values, F64, [assign(local('t', F64), local('v', F64), '+=')]), ret(local('t', F64))], [['values', NUMS]], F64);
    expect(sum).toBe('let mut t = 0.0;\nfor &v in values.iter() {\n    t += v;\n}\nt');
    const dw = printed([let_('i', I64, int(0), true), doWhile([assign(local('i', I64), int(1), '+='), if_(bin('==', local('i', I64), int(2)), [cont()])], bin('<', local('i', I64), int(5))), ret(local('i', I64))], [], I64);
    expect(dw).toBe('let mut i = 0;\nloop {\n    i += 1;\n    if i == 2 {\n        if i >= 5 {\n            break;\n        }\n        continue;\n    }\n    if i >= 5 {\n        break;\n    }\n}\ni');
  });

  it('keeps labels that are used and turns while(true) into loop', () => {
    const grid = arg('g', arrayOf(NUMS));
    const stmts = [
      { ...forRange('r', int(0), int(3), [forRange('c', int(0), int(3), [if_(bin('<', index(index(grid, local('r', I64), NUMS), local('c', I64), F64), num(0)), [cont('outer')]), brk('outer')])]), label: 'outer' } as Stmt,
      while_({ kind: 'bool', value: true, type: BOOL, origin: o }, [brk()]),
    ];
    const out = printed(stmts, [['g', arrayOf(NUMS)]], VOID);
    expect(out).toContain("'outer: for r in 0..3 {");
    expect(out).toContain("continue 'outer;");
    expect(out).toContain("break 'outer;");
    expect(out).toContain('loop {\n    break;\n}');
  });

  it('swaps array elements with slice::swap and values with mem::swap', () => {
    const v = arg('v', NUMS);
    const out = printed([swap(index(v, int(0), F64), index(v, int(1), F64))], [['v', NUMS]], VOID);
    expect(out).toBe('v.swap(0, 1);');
    expect(signature({ functions: [fn('probe', [param('v', NUMS)], VOID, [swap(index(v, int(0), F64), index(v, int(1), F64))])] }, 'probe')).toBe('pub fn probe(v: &mut [f64]) {');
    const ab = printed([let_('a', F64, num(1), true), let_('b', F64, num(2), true), swap(local('a', F64), local('b', F64)), ret(bin('-', local('a', F64), local('b', F64)))], [], F64);
    expect(ab).toContain('std::mem::swap(&mut a, &mut b);');
  });
});

describe('switch', () => {
  it('matches string subjects as &str and leaves a single case as an if', () => {
    const s = arg('s', STRING);
    const out = printed([switch_(s, [[[str('a'), str('b')], [ret(int(1))]], [[str('c')], [ret(int(2))]]], [ret(int(0))])], [['s', STRING]], I64);
    expect(out).toBe('match s {\n    "a" | "b" => 1,\n    "c" => 2,\n    _ => 0,\n}');
    const one = printed([switch_(arg('n', I64), [[[int(1)], [exprStmt(call('probe', [int(2)], VOID)), brk()]]]), ret()], [['n', I64]], VOID);
    expect(one).toBe('if n == 1 {\n    probe(2);\n}');
  });

  it('labels the match when a case breaks out early', () => {
    const out = printed([switch_(arg('n', I64), [[[int(1)], [if_(arg('c', BOOL), [brk()]), exprStmt(call('probe', [int(1), bool_()], VOID))]], [[int(2)], [brk()]]])], [['n', I64], ['c', BOOL]], VOID);
    expect(out).toContain("'switch1: {");
    expect(out).toContain("break 'switch1;");
  });
});

function bool_() {
  return { kind: 'bool' as const, value: true, type: BOOL, origin: o };
}

describe('mutation and parameters', () => {
  it('borrows read-only parameters and takes &mut for ones mutated in place', () => {
    const fill = fn('fill', [param('out', NUMS)], VOID, [exprStmt(builtin('array.push', arg('out', NUMS), [num(1)], I64))], { exported: false });
    const f = fn('probe', [param('label', STRING)], NUMS, [
      let_('v', NUMS, { kind: 'array', elements: [], type: NUMS, origin: o }, true),
      exprStmt(call('fill', [local('v', NUMS)], VOID)),
      ret(local('v', NUMS)),
    ]);
    const parts = { functions: [fill, f] };
    expect(signature(parts, 'fill')).toBe('fn fill(out: &mut Vec<f64>) {');
    expect(body(parts, 'probe')).toBe('let mut v: Vec<f64> = Vec::new();\nfill(&mut v);\nv');
    expect(signature(parts, 'probe')).toBe('pub fn probe(_label: &str) -> Vec<f64> {');
  });
});
