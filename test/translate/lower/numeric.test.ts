import { describe, expect, it } from 'vitest';
import { at, exprsOf, lower, stmtsOf, typeText, varType } from './lower-helpers.js';

describe('integer inference', () => {
  it('makes loop counters, lengths and integer arithmetic i64; division is always f64', () => {
    const r = lower(`
export function stats(xs: number[]): number {
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    count += 2 * i + 1;
  }
  const half = count / 2;
  const n = xs.length;
  return half + n;
}`);
    expect(r.errors).toEqual([]);
    const body = r.fn('stats').body;
    expect(typeText(varType(body, 'count'))).toBe('i64');
    expect(typeText(varType(body, 'half'))).toBe('f64');
    expect(typeText(varType(body, 'n'))).toBe('i64');
    const loop = stmtsOf(body, 'forRange')[0]!;
    expect(typeText(loop.type)).toBe('i64');
    expect(loop.end).toMatchObject({ kind: 'builtin', name: 'array.length' });
    expect(r.fn('stats').result.kind).toBe('f64');
    // i64 meets f64: explicit conversions, never implicit ones
    const converts = exprsOf(body, 'convert');
    expect(converts.map((c) => `${c.to}(${c.value.kind === 'ident' ? c.value.name : c.value.kind})`)).toEqual(['f64(count)', 'f64(n)']);
  });

  it('keeps entry-point number parameters f64 and their elements too', () => {
    const r = lower(`
export function scale(xs: number[], factor: number): number[] {
  return xs.map((x) => x * factor);
}`);
    expect(r.fn('scale').params.map((p) => typeText(p.type))).toEqual(['f64[]', 'f64']);
    expect(typeText(r.fn('scale').result)).toBe('f64[]');
  });

  it('infers internal parameters from every call site', () => {
    const r = lower(`
const LIMIT = 10;
function clampCount(n: number): number { return n > LIMIT ? LIMIT : n; }
function half(x: number): number { return x / 2; }
export function run(): number {
  return clampCount(3) + clampCount(LIMIT * 2) + half(7);
}`);
    expect(typeText(r.fn('clampCount').params[0]!.type)).toBe('i64');
    expect(typeText(r.fn('clampCount').result)).toBe('i64');
    expect(typeText(r.fn('half').params[0]!.type)).toBe('i64');
    expect(typeText(r.fn('half').result)).toBe('f64');
    expect(r.module.constants[0]!.type.kind).toBe('i64');
  });

  it('treats Math.floor of integer arithmetic as exact (digit loop)', () => {
    const r = lower(`
export function digits(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error('bad');
  let rest = n;
  let count = 0;
  do {
    rest = Math.floor(rest / 10);
    count++;
  } while (rest > 0);
  return count;
}`);
    expect(r.diagnostics).toEqual([]);
    const body = r.fn('digits').body;
    expect(typeText(varType(body, 'rest'))).toBe('i64');
    // the guarded parameter stays f64 (callers may pass 2.5) and is converted exactly after the guard
    expect(r.fn('digits').params[0]!.type.kind).toBe('f64');
    const init = stmtsOf(body, 'var').find((v) => v.name === 'rest')!.init!;
    expect(init).toMatchObject({ kind: 'convert', to: 'i64', value: { kind: 'ident', name: 'n' } });
    expect(typeText(r.fn('digits').result)).toBe('i64');
  });

  it('keeps an integer guard valid inside callbacks written after it', () => {
    const r = lower(`
export function table(n: number): number[][] {
  if (!Number.isInteger(n) || n < 0) throw new Error('bad n');
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => row * col));
}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.fn('table').params[0]!.type.kind).toBe('f64');
    expect(typeText(r.fn('table').result)).toBe('i64[][]');
  });

  it('keeps Math.round of a float f64 unless the result is used as an integer', () => {
    const r = lower(`
export function cents(x: number): number {
  const c = Math.round(x * 100);
  return c / 100;
}
export function pick(xs: string[], ratio: number): string {
  const at = Math.floor(ratio * xs.length);
  return xs[at];
}`);
    expect(typeText(varType(r.fn('cents').body, 'c'))).toBe('f64');
    expect(typeText(varType(r.fn('pick').body, 'at'))).toBe('i64');
    const lossy = r.diagnostics.filter((d) => d.code === 'PIV1404');
    expect(lossy).toHaveLength(1);
    expect(lossy[0]!.message).toContain('Math.floor');
  });

  it('makes an input used as an index i64 with a PIV1403 warning, and warns for id-like f64 inputs', () => {
    const r = lower(`
export interface Item { itemId: number; price: number }
export function nth(xs: string[], index: number, item: Item): string {
  return xs[index] + item.price;
}`);
    expect(typeText(r.fn('nth').params[1]!.type)).toBe('i64');
    expect(r.warnings.map((d) => d.code)).toEqual(['PIV1401', 'PIV1403', 'PIV1405']);
    expect(r.warnings[0]!.message).toContain('field Item.itemId');
    expect(r.warnings[1]!.message).toContain('parameter index of nth');
  });

  it('keeps an input used only as a position f64 and truncates it where it is used, as JS does', () => {
    const r = lower(`
export function window(text: string, start: number, end: number): string {
  const last = end - 1;
  return text.slice(start, last) + text.charAt(start) + text.padStart(end);
}
export function middle(text: string): string {
  const half = Math.floor(text.length / 2);
  return text.substring(half, half + 1);
}`);
    expect(r.errors).toEqual([]);
    expect(r.fn('window').params.map((p) => typeText(p.type))).toEqual(['string', 'f64', 'f64']);
    expect(typeText(varType(r.fn('window').body, 'last'))).toBe('f64');
    const converts = exprsOf(r.fn('window').body, 'convert');
    expect(converts.map((c) => `${c.to}(${c.value.kind === 'ident' ? c.value.name : c.value.kind})`)).toEqual([
      'i64(start)',
      'i64(last)',
      'i64(start)',
      'i64(end)',
    ]);
    expect(converts.every((c) => c.exact !== true)).toBe(true);
    // Truncation is what slice & co. do in JS: neither an assumption (PIV1403) nor a lossy conversion (PIV1404).
    expect(r.codes.filter((c) => c === 'PIV1403' || c === 'PIV1404')).toEqual([]);
    expect(typeText(varType(r.fn('middle').body, 'half'))).toBe('i64');
  });

  it('marks conversions of values proven whole as exact (integer guards)', () => {
    const r = lower(`
export function repeatDash(width: number): string {
  if (!Number.isInteger(width)) throw new Error('bad');
  return "-".repeat(width);
}`);
    expect(typeText(r.fn('repeatDash').params[0]!.type)).toBe('f64');
    expect(exprsOf(r.fn('repeatDash').body, 'convert')).toMatchObject([{ to: 'i64', exact: true }]);
  });

  it('gives Map keys i64 and demands integral lookups back through the call graph', () => {
    const r = lower(`
export interface Row { id: number; name: string }
export class Table {
  private rows = new Map<number, Row>();
  add(row: Row): void { this.rows.set(row.id, row); }
  find(id: number): Row | undefined { return this.lookup(id); }
  private lookup(key: number): Row | undefined { return this.rows.get(key); }
}`);
    expect(r.errors).toEqual([]);
    expect(typeText(r.cls('Table').fields[0]!.type)).toBe('Map<i64,Row>');
    expect(typeText(r.method('Table', 'find').params[0]!.type)).toBe('i64');
    expect(typeText(r.method('Table', 'lookup').params[0]!.type)).toBe('i64');
    expect(r.module.structs[0]!.fields.map((f) => typeText(f.type))).toEqual(['i64', 'string']);
    expect(r.codes.filter((c) => c === 'PIV1403')).toHaveLength(2);
  });

  it('refuses Map keys that can only be floats (PIV1104)', () => {
    const r = lower(`
export function bucket(xs: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const x of xs) out.set(x / 2, x);
  return out;
}`);
    expect(r.errors.map((d) => d.code)).toContain('PIV1104');
  });

  it('turns a counted loop over a float bound into a general for loop', () => {
    const r = lower(`
export function grid(points: number): number {
  let sum = 0;
  for (let i = 1; i < points; i++) sum += i;
  return sum;
}`);
    const body = r.fn('grid').body;
    expect(stmtsOf(body, 'forRange')).toEqual([]);
    const loop = stmtsOf(body, 'for')[0]!;
    expect(loop.cond).toMatchObject({ kind: 'binary', op: '<', left: { kind: 'convert', to: 'f64' }, right: { kind: 'ident', name: 'points' } });
    expect(typeText(varType(loop.init, 'i'))).toBe('i64');
  });

  it('makes a map counter value i64 when every update is integral (word counts)', () => {
    const r = lower(`
export function counts(words: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of words) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
}`);
    expect(typeText(r.fn('counts').result)).toBe('Map<string,i64>');
  });

  it('keeps literals typed by their place instead of converting them', () => {
    const r = lower('export function f(x: number): number { return x * 2 + 0.5; }');
    const numbers = exprsOf(r.fn('f').body, 'number');
    expect(numbers.map((n) => `${n.value}:${n.type.kind}`)).toEqual(['2:f64', '0.5:f64']);
    expect(exprsOf(r.fn('f').body, 'convert')).toEqual([]);
  });

  it('locates lossy conversions at the converted value', () => {
    const r = lower(['export function f(xs: number[], r: number): number {', '  return xs[Math.trunc(r)];', '}'].join('\n'));
    expect(r.diagnostics.map(at)).toContain(`${r.file}:2:13 PIV1404`);
  });
});
