import { describe, expect, it } from 'vitest';
import { at, exprsOf, lower, stmtsOf, typeText } from './lower-helpers.js';

describe('statements', () => {
  it('lowers if/else chains, early returns and throw new Error(msg)', () => {
    const r = lower(`
export function sign(x: number): string {
  if (Number.isNaN(x)) {
    throw new Error(\`not a number: \${x}\`);
  } else if (x > 0) {
    return 'positive';
  }
  return x < 0 ? 'negative' : 'zero';
}`);
    expect(r.errors).toEqual([]);
    const [first, last] = r.fn('sign').body;
    expect(first).toMatchObject({ kind: 'if', then: [{ kind: 'throw', message: { kind: 'template' } }], else: [{ kind: 'if' }] });
    expect(last).toMatchObject({ kind: 'return', value: { kind: 'conditional', type: { kind: 'string' } } });
    expect(r.fn('sign').throws).toBe(true);
  });

  it('merges switch labels, strips the closing break and refuses fall-through (PIV1015)', () => {
    const ok = lower(`
export type Day = 'sat' | 'sun' | 'mon';
export function kind(d: Day): string {
  switch (d) {
    case 'sat':
    case 'sun':
      return 'weekend';
    case 'mon': {
      const x = 'work';
      return x;
    }
    default:
      break;
  }
  return 'never';
}`);
    expect(ok.errors).toEqual([]);
    const sw = stmtsOf(ok.fn('kind').body, 'switch')[0]!;
    expect(sw.cases.map((c) => c.values.map((v) => (v.kind === 'enumLit' ? v.variant : v.kind)))).toEqual([['sat', 'sun'], ['mon']]);
    expect(sw.default).toEqual([]);
    const bad = lower(['export function f(n: number): number {', '  let x = 0;', '  switch (n) {', '    case 1:', '      x = 1;', '    case 2:', '      x += 2;', '      break;', '  }', '  return x;', '}'].join('\n'));
    expect(bad.errors.map(at)).toEqual([`${bad.file}:4:5 PIV1015`]);
  });

  it('recognises counted loops and keeps general for loops with their update', () => {
    const r = lower(`
export function f(xs: number[]): number {
  let total = 0;
  for (let i = xs.length - 1; i >= 0; i -= 2) total += xs[i];
  for (let j = 0; j < xs.length; j++) { xs.push(1); if (j > 3) break; }
  for (let k = 1; k < 100; k *= 2) total += k;
  return total;
}`);
    const body = r.fn('f').body;
    const ranges = stmtsOf(body, 'forRange');
    expect(ranges.map((l) => [l.variable, l.step, l.inclusive])).toEqual([['i', -2, true]]);
    expect(stmtsOf(body, 'for').map((l) => l.init.map((s) => (s.kind === 'var' ? s.name : s.kind)))).toEqual([['j'], ['k']]);
  });

  it('lowers for-of over arrays, Map entries with destructuring, Sets and strings', () => {
    const r = lower(`
export function f(m: Map<string, number>, s: Set<string>, text: string): number {
  let n = 0;
  for (const [key, value] of m) n += key.length + value;
  for (const v of m.values()) n += v;
  for (const x of s) n += x.length;
  for (const ch of text) n += ch.length;
  return n;
}`);
    expect(r.errors).toEqual([]);
    const loops = stmtsOf(r.fn('f').body, 'forOf');
    expect(loops.map((l) => [l.bindings.join(','), typeText(l.elementType)])).toEqual([
      ['key,value', '[string,f64]'],
      ['v', 'f64'],
      ['x', 'string'],
      ['ch', 'string'],
    ]);
  });

  it('keeps labels on loops for labelled break and continue', () => {
    const r = lower(`
export function find(grid: number[][], target: number): number {
  let hits = 0;
  outer: for (const row of grid) {
    for (const cell of row) {
      if (cell === target) continue outer;
      if (cell < 0) break outer;
      hits++;
    }
  }
  return hits;
}`);
    expect(r.errors).toEqual([]);
    expect(stmtsOf(r.fn('find').body, 'forOf')[0]!.label).toBe('outer');
    expect(stmtsOf(r.fn('find').body, 'continue')[0]).toMatchObject({ label: 'outer' });
    expect(stmtsOf(r.fn('find').body, 'break')[0]).toMatchObject({ label: 'outer' });
  });

  it('lowers while, do-while, compound assignment and ++/-- statements', () => {
    const r = lower(`
export function f(n: number): number {
  let i = 0;
  let x = 1;
  while (i < 3) { x *= 2; i++; }
  do { x -= 1; --i; } while (i > 0);
  x %= 5;
  return x;
}`);
    const assigns = stmtsOf(r.fn('f').body, 'assign').map((a) => `${a.target.kind === 'ident' ? a.target.name : '?'} ${a.op}`);
    expect(assigns).toEqual(['x *=', 'i +=', 'x -=', 'i -=', 'x %=']);
    expect(stmtsOf(r.fn('f').body, 'doWhile')).toHaveLength(1);
  });

  it('lowers the swap idiom and flat destructuring', () => {
    const r = lower(`
export interface P { x: number; y: number }
export function f(a: number[], p: P, i: number, j: number): number {
  [a[i], a[j]] = [a[j], a[i]];
  const { x, y: why } = p;
  const [first, second] = pair(x);
  return first + second + why;
}
function pair(v: number): [number, number] { return [v, v + 1]; }`);
    expect(r.errors).toEqual([]);
    const body = r.fn('f').body;
    expect(body[0]).toMatchObject({ kind: 'swap', left: { kind: 'index' }, right: { kind: 'index' } });
    expect(stmtsOf(body, 'var').map((v) => v.name)).toEqual(['x', 'why', 'destructured1', 'first', 'second']);
  });

  it('hoists an increment used as a value in front of its statement', () => {
    const r = lower(`
export function ids(names: string[]): string[] {
  let next = 0;
  const out: string[] = [];
  for (const name of names) {
    const id = next++;
    out.push(\`\${id}:\${name}\`);
  }
  return out;
}`);
    expect(r.errors).toEqual([]);
    const loop = stmtsOf(r.fn('ids').body, 'forOf')[0]!;
    expect(loop.body.slice(0, 3).map((s) => s.kind)).toEqual(['var', 'assign', 'var']);
    expect(loop.body[2]).toMatchObject({ kind: 'var', name: 'id', init: { kind: 'ident', name: 'nextBefore1' } });
    const unsafe = lower('export function f(a: number[]): number { let i = 0; return a[i] + a[i++]; }');
    expect(unsafe.codes).toContain('PIV1016');
  });

  it('fills omitted default and optional arguments at call sites', () => {
    const r = lower(`
const SEP = ', ';
function join(xs: string[], sep: string = SEP, limit?: number): string { return xs.slice(0, limit ?? xs.length).join(sep); }
export function f(xs: string[]): string { return join(xs); }`);
    expect(r.errors).toEqual([]);
    const call = exprsOf(r.fn('f').body, 'call')[0]!;
    expect(call.args.map((a) => a.kind)).toEqual(['ident', 'ident', 'none']);
    expect(r.fn('join').params[1]!.defaultValue).toMatchObject({ kind: 'ident', name: 'SEP', binding: 'const' });
  });
});
