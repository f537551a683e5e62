import { describe, expect, it } from 'vitest';
import { at, exprsOf, lower, stmtsOf, typeText, varType } from './lower-helpers.js';

describe('expressions', () => {
  it('unwraps an optional after an early-exit undefined check, and types map.get as optional', () => {
    const r = lower(`
export interface Item { qty: number }
export function qty(m: Map<string, Item>, key: string): number {
  const item = m.get(key);
  if (item === undefined) {
    throw new Error(\`unknown \${key}\`);
  }
  return item.qty;
}`);
    expect(r.errors).toEqual([]);
    const body = r.fn('qty').body;
    expect(typeText(varType(body, 'item'))).toBe('Item?');
    expect(body[1]).toMatchObject({ kind: 'if', cond: { kind: 'isNone', negated: false, value: { kind: 'ident', name: 'item' } } });
    expect(body[2]).toMatchObject({ kind: 'return', value: { kind: 'field', field: 'qty', object: { kind: 'unwrap', value: { kind: 'ident', name: 'item' } } } });
  });

  it('lowers ?? to a logical node, ?. on optional paths, and find() to an optional', () => {
    const r = lower(`
export interface User { name: string; nick?: string }
export function show(users: User[], id: string): string {
  const found = users.find((u) => u.name === id);
  const nick = found?.nick;
  return nick ?? found?.name ?? 'anonymous';
}`);
    expect(r.errors).toEqual([]);
    const body = r.fn('show').body;
    expect(typeText(varType(body, 'found'))).toBe('User?');
    expect(typeText(varType(body, 'nick'))).toBe('string?');
    expect(stmtsOf(body, 'var')[1]!.init).toMatchObject({ kind: 'conditional', cond: { kind: 'isNone' }, then: { kind: 'none' } });
    const logicals = exprsOf(body, 'logical').filter((l) => l.op === '??');
    expect(logicals).toHaveLength(2);
  });

  it('turns string literals into enum literals where an enum is expected', () => {
    const r = lower(`
export type Tier = 'gold' | 'basic';
export interface Choice { tier: Tier; pct: number }
export function choose(x: number): Choice {
  let tier: Tier = 'basic';
  if (x > 10) tier = 'gold';
  return { tier, pct: tier === 'gold' ? 10 : 0 };
}`);
    expect(r.errors).toEqual([]);
    const enums = exprsOf(r.fn('choose').body, 'enumLit');
    expect(enums.map((e) => `${e.enumName}.${e.variant}`)).toEqual(['Tier.basic', 'Tier.gold', 'Tier.gold']);
  });

  it('builds struct literals in declaration order with absent optional fields as none', () => {
    const r = lower(`
export interface Opt { b: number; a?: string; c: boolean }
export function make(): Opt { return { c: true, b: 1 }; }`);
    const lit = exprsOf(r.fn('make').body, 'structLit')[0]!;
    expect(lit.fields.map((f) => `${f.name}=${f.value.kind}`)).toEqual(['b=number', 'a=none', 'c=bool']);
  });

  it('compares an optional with a present value by presence and value (opt === Some(v))', () => {
    const r = lower(`
export type Tier = "basic" | "premium";
export interface Order { coupon?: string; tier?: Tier; n?: number }
export function flags(o: Order, s: string): boolean[] {
  return [o.coupon === "TENOFF", s !== o.coupon, o.tier === "premium", o.n === 3];
}`);
    expect(r.errors).toEqual([]);
    const [coupon, reversed, tier, n] = exprsOf(r.fn('flags').body, 'binary');
    expect(coupon).toMatchObject({ op: '==', left: { kind: 'field', field: 'coupon' }, right: { kind: 'some', value: { kind: 'string', value: 'TENOFF' } } });
    expect(reversed).toMatchObject({ op: '!=', left: { kind: 'some', value: { kind: 'ident', name: 's' } }, right: { kind: 'field' } });
    expect(tier).toMatchObject({ right: { kind: 'some', value: { kind: 'enumLit', variant: 'premium' } } });
    expect(n).toMatchObject({ right: { kind: 'some', type: { kind: 'optional', inner: { kind: 'f64' } }, value: { kind: 'number', value: 3, type: { kind: 'f64' } } } });
  });

  it('refuses === between optional objects (identity)', () => {
    const r = lower(`
export interface Point { x: number }
export function same(a: Point | undefined, b: Point): boolean { return a === b; }`);
    expect(r.errors.map((d) => d.code)).toEqual(['PIV1019']);
  });

  it('lowers templates and string concatenation with numbers', () => {
    const r = lower("export function f(n: number, s: string): string { return `n=${n}` + s + n; }");
    const binaries = exprsOf(r.fn('f').body, 'binary');
    expect(binaries.map((b) => b.op)).toEqual(['concat', 'concat']);
    expect(exprsOf(r.fn('f').body, 'template')[0]!.parts.map((p) => (typeof p === 'string' ? p : p.kind))).toEqual(['n=', 'ident']);
  });

  it('formats each branch of a conditional mixing strings and numbers inside a template', () => {
    const r = lower('export function f(x?: number): string { return `${x === undefined ? "none" : x}`; }');
    expect(r.errors).toEqual([]);
    const cond = exprsOf(r.fn('f').body, 'conditional')[0]!;
    expect(cond.type.kind).toBe('string');
    expect(cond.else).toMatchObject({ kind: 'builtin', name: 'String', args: [{ kind: 'unwrap' }] });
  });

  it('warns that index reads assume the index is in range (PIV1405)', () => {
    const r = lower(['export function first(xs: number[]): number {', '  return xs[0];', '}'].join('\n'));
    expect(r.diagnostics.map(at)).toEqual([`${r.file}:2:10 PIV1405`]);
    expect(r.diagnostics[0]!.severity).toBe('warning');
  });

  it('makes truthiness explicit and keeps && / || on booleans', () => {
    const r = lower(`
export function f(s: string, n: number, xs?: number[]): boolean {
  return !!s && !xs && n > 0 || !n;
}`);
    expect(r.errors).toEqual([]);
    const ret = r.fn('f').body[0]!;
    expect(exprsOf([ret], 'isNone')[0]).toMatchObject({ negated: false });
    expect(exprsOf([ret], 'builtin').map((b) => b.name)).toEqual(['Number.isNaN']);
    const valueOr = lower("export function f(s: string): string { return s || 'x'; }");
    expect(valueOr.codes).toEqual(['PIV1020']);
  });

  it('maps library calls to named builtins with JS semantics', () => {
    const r = lower(`
export function f(s: string, xs: number[]): string {
  const parts = s.trim().split(',');
  const total = xs.reduce((a, b) => a + b, 0);
  const sorted = xs.slice().sort((a, b) => a - b);
  return parts.join('-') + Math.max(total, 1).toFixed(2) + sorted.length + String(Number.parseFloat(s)) + s.padStart(3, '0');
}`);
    expect(r.errors).toEqual([]);
    expect(exprsOf(r.fn('f').body, 'builtin').map((b) => b.name).sort()).toEqual(
      [
        'string.split', 'string.trim', 'array.reduce', 'array.sort', 'array.slice', 'array.join', 'Math.max',
        'number.toFixed', 'array.length', 'String', 'Number.parseFloat', 'string.padStart',
      ].sort(),
    );
    const reduce = exprsOf(r.fn('f').body, 'builtin').find((b) => b.name === 'array.reduce')!;
    expect(reduce.args[0]).toMatchObject({ kind: 'closure', params: [{ name: 'a' }, { name: 'b' }] });
  });

  it('lowers Array.from({ length }, fn), new Array(n).fill(v), Map and Set construction', () => {
    const r = lower(`
export function f(n: number): number {
  const squares = Array.from({ length: n }, (_, i) => i * i);
  const flags: boolean[] = new Array(n).fill(false);
  const seen = new Set<string>(['a']);
  const m = new Map<string, number>([['a', 1]]);
  return squares.length + flags.length + seen.size + m.size;
}`);
    expect(r.errors).toEqual([]);
    const from = exprsOf(r.fn('f').body, 'builtin').find((b) => b.name === 'Array.from')!;
    expect(from.args[1]).toMatchObject({ kind: 'closure', params: [{ name: 'i' }] });
    expect(typeText(from.type)).toBe('i64[]');
    expect(typeText(varType(r.fn('f').body, 'flags'))).toBe('bool[]');
  });

  it('passes module functions and local closures to array methods as closures', () => {
    const r = lower(`
function double(x: number): number { return x * 2; }
export function f(xs: number[], w: number): number[] {
  const scale = (x: number): number => x * w;
  return xs.map(double).map(scale).concat([scale(1)]);
}`);
    expect(r.errors).toEqual([]);
    const calls = exprsOf(r.fn('f').body, 'call');
    expect(calls.map((c) => `${c.callee}${c.closureType ? ' (local)' : ''}`)).toEqual(['double', 'scale (local)', 'scale (local)']);
    expect(stmtsOf(r.fn('f').body, 'var')[0]).toMatchObject({ name: 'scale', init: { kind: 'closure' } });
  });
});
