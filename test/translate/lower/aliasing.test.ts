import { describe, expect, it } from 'vitest';
import { lower } from './lower-helpers.js';

const codes = (code: string): string[] => lower(code).errors.map((d) => d.code);

describe('aliasing: shared arrays the translation would copy are refused', () => {
  it('refuses an alias changed through one name and read through the other (PIV1411)', () => {
    const r = lower(`
export function aliasPush(n: number): number {
  const xs = [n];
  const ys = xs;
  ys.push(n + 1);
  return xs.length;
}
export function aliasParam(xs: number[]): number {
  const ys = xs;
  ys[0] = 7;
  return xs[0] ?? 0;
}`);
    expect(r.errors.map((d) => [d.code, d.origin.line])).toEqual([['PIV1411', 4], ['PIV1411', 9]]);
    expect(r.errors[0]!.message).toContain('ys (the same value as xs)');
  });

  it('sees changes made through the original name, rebinding, and callees that change their argument', () => {
    expect(codes(`
export function viaOriginal(xs: number[]): number {
  const ys = xs;
  xs.sort((a, b) => a - b);
  return ys[0] ?? 0;
}`)).toEqual(['PIV1411']);
    expect(codes(`
export function viaAssign(xs: number[], flag: boolean): number {
  let ys: number[] = [];
  if (flag) { ys = xs; }
  ys.reverse();
  return xs[0] ?? 0;
}`)).toEqual(['PIV1411']);
    expect(codes(`
function fillOnes(out: number[]): void { out.fill(1); }
function relay(out: number[]): void { fillOnes(out); }
export function viaCallee(xs: number[]): number {
  const ys = xs;
  relay(ys);
  return xs[0] ?? 0;
}`)).toEqual(['PIV1411']);
  });

  it('counts a whole loop body as after an alias made inside the loop', () => {
    expect(codes(`
export function loop(xs: number[], n: number): number {
  let last: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(i);
    last = xs;
  }
  return last.length;
}`)).toEqual(['PIV1411']);
  });

  it('keeps fresh copies, read-only aliases, group-by and the rolling-row idiom', () => {
    const r = lower(`
export function copies(xs: number[]): number {
  const a = xs.slice();
  const b = [...xs];
  a.push(1);
  b.push(2);
  const view = xs;
  return view.length + a.length + b.length + xs.length;
}
export function groups(words: string[]): Map<string, string[]> {
  const byFirst = new Map<string, string[]>();
  for (const w of words) {
    const list = byFirst.get(w.slice(0, 1)) ?? [];
    list.push(w);
    byFirst.set(w.slice(0, 1), list);
  }
  return byFirst;
}
export function rows(n: number): number {
  let prev: number[] = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    const cur: number[] = new Array<number>(n + 1).fill(0);
    for (let j = 1; j <= n; j++) cur[j] = (prev[j] ?? 0) + (cur[j - 1] ?? 0) + 1;
    prev = cur;
  }
  return prev[n] ?? 0;
}
export function lastUse(xs: number[]): number {
  const ys = xs;
  ys.push(1);
  return ys.length;
}`);
    expect(r.errors).toEqual([]);
  });
});

describe('aliasing: a parameter changed in place and reassigned (PIV1412)', () => {
  it('refuses push-then-rebind, directly or through a callee, in functions and methods', () => {
    const r = lower(`
function add(xs: number[]): void { xs.push(1); }
function grow(xs: number[]): number {
  xs.push(1);
  xs = [2, 3];
  return xs.length;
}
function viaCall(ys: number[]): number {
  add(ys);
  ys = ys.slice(1);
  return ys.length;
}
export class Box {
  size(zs: number[]): number { zs[0] = 1; zs = []; return zs.length; }
}
export function run(n: number): number {
  const list = [n];
  return grow(list) + viaCall(list) + new Box().size(list);
}`);
    expect(r.errors.map((d) => [d.code, d.construct])).toEqual([
      ['PIV1412', 'parameter xs'],
      ['PIV1412', 'parameter ys'],
      ['PIV1412', 'parameter zs'],
    ]);
  });

  it('keeps a parameter that is only reassigned, or only changed in place', () => {
    expect(codes(`
export function rebind(xs: number[]): number { xs = xs.filter((x) => x > 0); return xs.length; }
export function change(xs: number[]): number { xs.push(1); return xs.length; }`)).toEqual([]);
  });
});
