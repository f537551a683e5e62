import { describe, expect, it } from 'vitest';
import { inlineHints } from '../../../src/translate/emit-rust/inlining.js';
import { lower } from '../lower/lower-helpers.js';

describe('#[inline] hints', () => {
  it('marks straight-line helpers called from loops and callbacks, nothing else', () => {
    const r = lower(`
function demand(x: number): number { return Math.exp(-x) / (1 + x); }
function scale(x: number): number { return x * 2; }
function once(x: number): number { return x + 1; }
function looping(n: number): number { let s = 0; for (let i = 0; i < n; i++) { s += demand(i); } return s; }
function fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }
export function total(xs: number[]): number {
  let sum = once(0);
  for (const x of xs) { sum += looping(x) + fact(x); }
  return sum + xs.map((x) => scale(x)).length;
}`);
    expect([...inlineHints(r.module)].sort()).toEqual(['demand', 'scale']);
  });

  it('counts calls in class methods and loop conditions', () => {
    const r = lower(`
function limit(i: number): number { return i * 3; }
export class Counter {
  private n = 0;
  run(): number { let i = 0; while (i < limit(this.n)) { i++; } this.n = i; return i; }
}`);
    expect([...inlineHints(r.module)]).toEqual(['limit']);
  });
});
