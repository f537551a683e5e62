import { describe, expect, it } from 'vitest';
import { lower, stmtsOf } from './lower-helpers.js';

describe('resizing: arrays whose length changes are shared with the caller', () => {
  it('marks array parameters that are pushed, popped or shifted, directly or through calls', () => {
    const r = lower(`
function add(xs: number[], v: number): void { xs.push(v); }
function addTwice(ys: number[], v: number): void { add(ys, v); add(ys, v); }
function firstOut(q: string[]): string { return q.shift() ?? ''; }
function writeOnly(zs: number[]): void { zs[0] = 1; }
function reads(ws: number[]): number { return ws.length; }
export function run(): number {
  const list: number[] = [];
  addTwice(list, 1);
  writeOnly(list);
  return reads(list) + firstOut(['a']).length;
}`);
    const resized = (fn: string): boolean[] => r.fn(fn).params.map((p) => p.resized === true);
    expect(resized('add')).toEqual([true, false]);
    expect(resized('addTwice')).toEqual([true, false]);
    expect(resized('firstOut')).toEqual([true]);
    expect(resized('writeOnly')).toEqual([false]);
    expect(resized('reads')).toEqual([false]);
  });

  it('covers methods and constructors, and stops at a shadowing closure parameter', () => {
    const r = lower(`
export class Sink {
  constructor(seed: number[]) { seed.push(0); }
  fill(out: number[], n: number): void { for (let i = 0; i < n; i++) out.push(i); }
  count(xs: number[]): number { return [1, 2].map((xs) => xs + 1).length + xs.length; }
}`);
    expect(r.cls('Sink').constructorParams[0]!.resized).toBe(true);
    expect(r.method('Sink', 'fill').params[0]!.resized).toBe(true);
    expect(r.method('Sink', 'count').params[0]!.resized).toBeFalsy();
  });

  it('marks for-of elements that grow, and refuses a callback that resizes its argument (PIV1410)', () => {
    const r = lower(`
export function pad(grid: number[][]): void {
  for (const row of grid) { row.push(0); }
  grid.forEach((row) => row.push(1));
}`);
    const loop = stmtsOf(r.fn('pad').body, 'forOf')[0]!;
    expect(loop.resized).toEqual(['row']);
    expect(r.errors.map((d) => d.code)).toEqual(['PIV1410']);
  });
});
