/**
 * The Go printer's handling of arrays whose length changes (`*[]T` parameters, `&xs` / `m.Ref(k)`
 * at call sites, element pointers in for-of), Map/Set copies, and the trimmed jsrt.go.
 */
import { describe, expect, it } from 'vitest';
import { emitGoModule } from '../../../src/translate/emit-go/index.js';
import { GO_RUNTIME_SNIPPETS, goRuntime, runtimeNeeds } from '../../../src/translate/emit-go/runtime.js';
import { lower } from '../lower/lower-helpers.js';

function goOf(code: string, unit: string, allowed: string[] = []): { source: string; runtime: string } {
  const r = lower(code, [unit]);
  expect(r.errors.filter((d) => !allowed.includes(d.code))).toEqual([]);
  const tree = emitGoModule(r.module, { profile: 'balanced', vectors: new Map() });
  const source = [...tree].find(([path]) => path.endsWith('.go') && path !== 'jsrt.go' && !path.endsWith('_test.go'))![1];
  return { source, runtime: tree.get('jsrt.go')! };
}

describe('Go: arrays whose length changes', () => {
  it('passes resized parameters as *[]T and the caller passes the slice address', () => {
    const { source } = goOf(`
function add(xs: number[], v: number): void { xs.push(v); }
function addAll(xs: number[], vs: number[]): void { for (const v of vs) add(xs, v); }
export function run(m: Map<string, number[]>): number[] {
  const list: number[] = [];
  addAll(list, [1, 2]);
  add(m.get('a')!, 3);
  m.get('b')!.push(4);
  add(list.slice(), 5);
  return list;
}`, 'run');
    expect(source).toContain('func add(xs *[]float64, v int64) {\n\t*xs = append(*xs, float64(v))\n}');
    expect(source).toContain('func addAll(xs *[]float64, vs []int64) {');
    expect(source).toContain('\t\tadd(xs, v)');
    expect(source).toContain('addAll(&list, []int64{1, 2})');
    expect(source).toContain('add(m.Ref("a"), 3)');
    expect(source).toContain('jsArrPush(m.Ref("b"), 4)');
    expect(source).toMatch(/(tmp\d+) := jsArrSlice\(list\)\n\tadd\(&\1, 5\)/);
  });

  it('gives a rebound resized parameter its own slice header first', () => {
    // Lowering refuses this shape (PIV1412: Rust cannot pass the caller's array and rebind it);
    // the Go printer still prints it soundly for --allow-partial.
    const { source } = goOf(`
export function reset(xs: number[]): number { xs.push(1); xs = []; xs.push(2); return xs.length; }`, 'reset', ['PIV1412']);
    expect(source).toContain('*xs = append(*xs, 1)\n\txs = jsPtr(*xs)\n\t*xs = []float64{}');
  });

  it('walks for-of elements that grow through pointers into the array', () => {
    const { source } = goOf(`
export function pad(grid: number[][]): number[][] { for (const row of grid) { row.push(0); } return grid; }`, 'pad');
    expect(source).toMatch(/for (tmp\d+) := range grid \{\n\t\trow := &grid\[\1\]\n\t\t\*row = append\(\*row, 0\)/);
  });

  it('copies the entries of a Map or Set given to new Map / new Set', () => {
    const { source } = goOf(`
export function copy(a: Map<string, number>, s: Set<string>): number {
  const b = new Map(a);
  const t = new Set(s);
  b.set('x', 1);
  t.add('y');
  return a.size + s.size;
}`, 'copy');
    expect(source).toContain('b := jsNewMapFrom(a.Entries())');
    expect(source).toContain('t := jsNewSetFrom(s.Values())');
  });
});

describe('Go: jsrt.go holds only the helpers the package uses', () => {
  it('splits the runtime into named snippets with their dependencies and imports', () => {
    const byName = new Map(GO_RUNTIME_SNIPPETS.map((s) => [s.name, s]));
    expect(byName.get('jsToFixed')?.deps).toEqual(expect.arrayContaining(['jsNumStr', 'jsRoundUpDecimal']));
    expect(byName.get('jsMap')?.imports).toEqual(['encoding/json']);
    expect(byName.get('jsMap')?.code).toContain('func (m *jsMap[K, V]) Entries()');
    expect(GO_RUNTIME_SNIPPETS.filter((s) => s.always).map((s) => s.name)).toEqual(['jsEnv', 'SetClockMs', 'ResetClock', 'SeedRandom', 'ClockState', 'RandomState']);
  });

  it('emits the needed helpers, their dependencies, the clock pins, and only their imports', () => {
    const text = goRuntime('p', runtimeNeeds(['x := jsToFixed(1.5, 2)']));
    expect(text).toContain('func jsToFixed(');
    expect(text).toContain('func jsRoundUpDecimal(');
    expect(text).toContain('func jsNumStr(');
    expect(text).toContain('func SetClockMs(');
    expect(text).not.toContain('func jsArrPush');
    expect(text).toContain('import (\n\t"math"\n\t"strconv"\n\t"strings"\n\t"sync"\n\t"time"\n)');
  });

  it('keeps the whole runtime available when no needs are given', () => {
    expect(goRuntime('p')).toContain('func jsISOString(');
    const { runtime } = goOf('export function twice(x: number): number { return x * 2; }', 'twice');
    expect(runtime).not.toContain('func jsNumStr(');
    expect(runtime).toContain('func SeedRandom(');
  });
});
