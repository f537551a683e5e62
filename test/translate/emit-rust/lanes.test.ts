import { describe, expect, it } from 'vitest';
import { emitRustCrate } from '../../../src/translate/emit-rust/index.js';
import { planLanes } from '../../../src/translate/emit-rust/lanes-plan.js';
import type { ForOfStmt, ForRangeStmt } from '../../../src/translate/ir.js';
import { lower } from '../lower/lower-helpers.js';

const HELPERS = `
interface Seg { name: string; share: number; ref: number; }
function demand(s: Seg, price: number): number {
  const r = Math.log(price / s.ref);
  return s.share / (1 + Math.exp(-r)) + Math.max(0, r);
}
function branchy(s: Seg, price: number): number { if (price > s.ref) { return s.share; } return 0; }
function named(s: Seg, price: number): number { return s.name.length * price; }
function noisy(x: number): number { return x * Math.random(); }
function twice(a: Seg, b: Seg): number { return a.share + b.share; }
const sq = (x: number, k: number): number => Math.sqrt(Math.abs(x)) * k;
function light(x: number): number { return x * 2 + 1; }
`;

/** Which loops of `total` run in lanes, as the callee of each (in source order), or '-' where not. */
function plan(body: string): string[] {
  const r = lower(`${HELPERS}\nexport function total(segs: Seg[], xs: number[], p: number): number {\n  let acc = 0;\n${body}\n  return acc;\n}`);
  expect(r.errors).toEqual([]);
  const lanes = planLanes(r.module);
  return r
    .fn('total')
    .body.filter((s): s is ForOfStmt | ForRangeStmt => s.kind === 'forOf' || s.kind === 'forRange')
    .map((s) => lanes.loops.get(s.kind === 'forOf' ? s : lanes.ranges.get(s)!)?.kernel.rust ?? '-');
}

describe('lane planner', () => {
  it('takes acc += f(element, pure args) and acc -= …, over struct and number arrays', () => {
    expect(plan('for (const s of segs) { acc += demand(s, p * 2); }\nfor (const x of xs) { acc -= sq(x, p); }')).toEqual(['demand_x4', 'sq_x4']);
  });

  it('takes counted loops that only read xs[i], and folds of an expression of the element', () => {
    const loops = [
      'for (let i = 0; i < segs.length; i++) { acc += demand(segs[i]!, p); }',
      'for (let i = 0; i < xs.length; i++) acc -= Math.exp(-xs[i]! * p) / 2;',
      'for (const s of segs) { acc += s.share / (1 + Math.exp(p - s.ref)); }',
      'for (let i = 0; i < segs.length; i++) { acc += demand(segs[i]!, i); }', // i read on its own
      'for (let i = 0; i < xs.length; i++) { acc += sq(xs[i]! + xs[0]!, p); }', // another element
      'for (let i = 1; i < xs.length; i++) { acc += sq(xs[i]!, p); }', // not from 0
      'for (const x of xs) { acc += light(x); }', // too light to pay for lanes
      'for (const x of xs) { acc += x * x; }', // likewise
    ];
    expect(plan(loops.join('\n'))).toEqual(['demand_x4', 'total_fold_x4', 'total_fold2_x4', '-', '-', '-', '-', '-']);
  });

  it('leaves every other shape to the ordinary loop', () => {
    const loops = [
      'for (const s of segs) { acc += branchy(s, p); }', // the kernel branches
      'for (const s of segs) { acc += named(s, p); }', // reads a string field
      'for (const x of xs) { acc += noisy(x); }', // Math.random
      'for (const s of segs) { acc += twice(s, s); }', // the element twice
      'for (const s of segs) { acc += demand(s, acc); }', // the accumulator in an argument
      'for (const s of segs) { acc *= demand(s, p); }', // not a sum
      'for (const s of segs) { acc += demand(s, p); acc += 1; }', // two statements
      'for (const s of segs.slice(1)) { acc += demand(s, p); }', // not a place
      'for (const x of xs) { acc += sq(x, xs.length > 2 ? p : 1) + 1; }', // not a bare call
    ];
    expect(plan(loops.join('\n'))).toEqual(loops.map(() => '-'));
  });

  it('prints lanes with the aggressive profile (or when asked), not by default', () => {
    const r = lower(`${HELPERS}\nexport function total(segs: Seg[], p: number): number {\n  let acc = 0;\n  for (const s of segs) { acc += demand(s, p); }\n  return acc;\n}`);
    const lib = (options: { profile: 'balanced' | 'aggressive'; lanes?: boolean }) =>
      emitRustCrate(r.module, { ...options, vectors: new Map() }).get('src/lib.rs')!;
    expect(lib({ profile: 'balanced' })).not.toContain('F64x4');
    const aggressive = lib({ profile: 'aggressive' });
    expect(aggressive).toContain('fn demand_x4(s: [&Seg; 4], price: f64) -> jsrt::F64x4');
    expect(aggressive).toContain('segs.chunks_exact(4)');
    expect(aggressive).toMatch(/for s in chunks\.remainder\(\)/);
    expect(lib({ profile: 'balanced', lanes: true })).toContain('demand_x4');
  });
});
