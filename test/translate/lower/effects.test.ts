import { describe, expect, it } from 'vitest';
import { at, exprsOf, lower, stmtsOf } from './lower-helpers.js';

describe('effects: throws, nondeterminism, mutation', () => {
  it('propagates throws through the call graph and marks the call nodes', () => {
    const r = lower(`
function check(x: number): number { if (x < 0) throw new Error('negative'); return x; }
function middle(x: number): number { return check(x) + 1; }
function pure(x: number): number { return x * 2; }
export function top(x: number): number { return middle(x) + pure(x); }`);
    expect(r.module.functions.map((f) => `${f.name}:${f.throws}`)).toEqual(['check:true', 'middle:true', 'pure:false', 'top:true']);
    expect(exprsOf(r.fn('top').body, 'call').map((c) => `${c.callee}:${c.throws}`)).toEqual(['middle:true', 'pure:false']);
  });

  it('marks functions reading the clock or Math.random as nondeterministic, with PIV1402', () => {
    const r = lower(`
function stamp(): string { return new Date().toISOString(); }
export function event(name: string): string { return \`\${name}@\${stamp()}\`; }
export function roll(): number { return Math.floor(Math.random() * 6); }
export function fixed(ms: number): string { return new Date(ms).toISOString(); }`);
    expect(r.module.functions.map((f) => `${f.name}:${f.nondeterministic}`)).toEqual([
      'stamp:true', 'event:true', 'roll:true', 'fixed:false',
    ]);
    expect(r.codes.filter((c) => c === 'PIV1402')).toHaveLength(2);
  });

  it('decides which methods mutate: fields, builtins on fields, aliases, calls of mutating methods', () => {
    const r = lower(`
export interface Slot { used: number }
export class Store {
  private slots = new Map<string, Slot>();
  private log: string[] = [];
  private hits = 0;
  constructor(private readonly name: string) {}
  count(): number { return this.hits; }
  record(msg: string): void { this.log.push(msg); }
  touch(key: string): void { const slot = this.require(key); slot.used += 1; }
  note(key: string): void { this.record(key); }
  bump(): void { this.hits++; }
  snapshot(): string[] { return this.log.slice(); }
  private require(key: string): Slot {
    const slot = this.slots.get(key);
    if (slot === undefined) throw new Error(\`no slot \${key}\`);
    return slot;
  }
}`);
    expect(r.errors).toEqual([]);
    const cls = r.cls('Store');
    expect(cls.methods.map((m) => `${m.name}:${m.mutates}`)).toEqual([
      'count:false', 'record:true', 'touch:true', 'note:true', 'bump:true', 'snapshot:false', 'require:false',
    ]);
    expect(cls.methods.filter((m) => m.returnsFieldRef).map((m) => m.name)).toEqual(['require']);
    expect(cls.fields.map((f) => `${f.visibility} ${f.readonly ? 'readonly ' : ''}${f.name}`)).toEqual([
      'private slots', 'private log', 'private hits', 'private readonly name',
    ]);
    expect(cls.constructorBody[0]).toMatchObject({ kind: 'assign', target: { kind: 'field', field: 'name' } });
    expect(stmtsOf(r.method('Store', 'touch').body, 'var')[0]).toMatchObject({ name: 'slot', mutable: true });
    expect(r.method('Store', 'touch').throws).toBe(true);
  });

  it('sets VarStmt.mutable and Param.reassigned, and warns when a parameter is changed in place', () => {
    const r = lower(
      [
        'export function f(xs: number[], n: number): number {',
        '  const fixed = 1;',
        '  let sum = 0;',
        '  const out: number[] = [];',
        '  n = n + fixed;',
        '  out.push(n);',
        '  xs.push(sum);',
        '  sum += out.length;',
        '  return sum;',
        '}',
      ].join('\n'),
    );
    const vars = stmtsOf(r.fn('f').body, 'var').map((v) => `${v.name}:${v.mutable}`);
    expect(vars).toEqual(['fixed:false', 'sum:true', 'out:true']);
    expect(r.fn('f').params.map((p) => `${p.name}:${p.reassigned}`)).toEqual(['xs:false', 'n:true']);
    expect(r.diagnostics.map(at)).toEqual([`${r.file}:7:3 PIV1409`]);
  });

  it('refuses callbacks that throw (PIV1028) and closures that mutate outer locals (PIV1010)', () => {
    const r = lower(
      [
        'function check(x: number): number { if (x < 0) throw new Error("neg"); return x; }',
        'export function f(xs: number[]): number {',
        '  let total = 0;',
        '  xs.forEach((x) => { total += x; });',
        '  return xs.map((x) => check(x)).length + total;',
        '}',
      ].join('\n'),
    );
    expect(r.errors.map(at)).toEqual([`${r.file}:4:23 PIV1010`, `${r.file}:5:24 PIV1028`]);
  });
});
