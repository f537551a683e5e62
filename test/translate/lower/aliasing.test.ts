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
interface Order { items: number[] }
export function parts(orders: Order[], grid: number[][]): number {
  let sum = 0;
  for (const o of orders) {
    const items = o.items;
    for (const x of items) sum += x;
  }
  const row = grid[0] ?? [];
  const copy = row.slice();
  copy.push(sum);
  return copy.length;
}`);
    expect(r.errors).toEqual([]);
  });

  it('refuses a change through an alias of a parameter, this or a for-of element even when the original is not read again', () => {
    // The caller's array, the instance's field and the array's element keep the change in JavaScript.
    const r = lower(`
export function lastUse(xs: number[]): number {
  const ys = xs;
  ys.push(1);
  return ys.length;
}
export class Journal {
  private entries: number[] = [];
  record(x: number): number {
    const entries = this.entries;
    entries.push(x);
    return entries.length;
  }
}
interface Row { cells: number[] }
export function pad(rows: Row[]): void {
  for (const r of rows) {
    const cells = r.cells;
    cells.push(0);
  }
}`);
    expect(r.errors.map((d) => [d.code, d.origin.line])).toEqual([['PIV1411', 3], ['PIV1411', 10], ['PIV1411', 18]]);
    expect(r.errors.map((d) => d.message.split(':')[0])).toEqual(['ys (the same value as xs)', 'entries (part of this)', 'cells (part of r)']);
  });

  it('refuses a part of a local (a field, an element) changed through its own name while the whole is read', () => {
    expect(codes(`
interface Order { id: number; items: number[] }
export function field(n: number): number {
  const order: Order = { id: 1, items: [n] };
  const items = order.items;
  items.push(n + 1);
  return order.items.length;
}`)).toEqual(['PIV1411']);
    expect(codes(`
export function element(n: number): number {
  const grid: number[][] = [[0, 0], [0, 0]];
  const row = grid[1]!;
  row[0] = n;
  return grid[1]![0]!;
}`)).toEqual(['PIV1411']);
  });
});

describe('aliasing: a for-of over a copied array changes the shared elements (PIV1411)', () => {
  it('refuses element changes through slice, spread, concat and filter copies, and keeps read-only walks', () => {
    const r = lower(`
interface Acc { total: number }
export function copies(rows: number[][], accs: Acc[], more: Acc[]): number {
  for (const row of rows.slice()) row.pop();
  for (const row of [...rows]) row[0] = 1;
  for (const a of accs.concat(more)) a.total += 1;
  for (const a of accs.filter((x) => x.total > 0)) a.total = 0;
  let n = 0;
  for (const row of rows.slice()) n += row.length;
  for (const row of rows) row.push(n);
  return n;
}`);
    expect(r.errors.map((d) => [d.code, d.origin.line])).toEqual([['PIV1411', 4], ['PIV1411', 5], ['PIV1411', 6], ['PIV1411', 7]]);
    expect(r.errors[2]!.message).toContain('a (an element of a copy of accs, more, shared with it)');
    expect(codes(`
interface Acc { total: number }
export function reset(accs: Acc[]): number {
  accs.filter((a) => a.total > 0).forEach((a) => { a.total = 0; });
  return accs.slice().map((a) => a.total).length;
}`)).toEqual(['PIV1411']);
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
