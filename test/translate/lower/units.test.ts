import { describe, expect, it } from 'vitest';
import { addFile, at, lower } from './lower-helpers.js';

describe('unit resolution and dependency collection', () => {
  const source = `
export type Tier = 'gold' | 'silver';
export interface Order { id: number; tier: Tier; total: number }
interface Unused { x: number }
const RATE = 0.2;
const UNUSED_CONST = 7;
function helper(value: number): number { return value * RATE; }
function unusedHelper(): number { return UNUSED_CONST; }
export function priceOf(order: Order): number { return helper(order.total); }
export const label = (order: Order): string => \`\${order.tier}-\${order.id}\`;
export class Counter { private count = 0; bump(): number { this.count += 1; return this.count; } }
`;

  it('collects a unit and, transitively, exactly what it uses from the module', () => {
    const r = lower(source, ['priceOf']);
    expect(r.errors).toEqual([]);
    expect(r.module.entryPoints).toEqual(['priceOf']);
    expect(r.module.functions.map((f) => f.name)).toEqual(['helper', 'priceOf']);
    expect(r.module.constants.map((c) => c.name)).toEqual(['RATE']);
    expect(r.module.structs.map((s) => s.name)).toEqual(['Order']);
    expect(r.module.enums.map((e) => [e.name, e.variants])).toEqual([['Tier', ['gold', 'silver']]]);
    expect(r.module.classes).toEqual([]);
  });

  it('resolves const-bound arrow functions and classes by name', () => {
    const r = lower(source, ['label', 'Counter']);
    expect(r.errors).toEqual([]);
    expect(r.module.entryPoints).toEqual(['label', 'Counter']);
    expect(r.fn('label').params.map((p) => p.name)).toEqual(['order']);
    expect(r.cls('Counter').methods.map((m) => m.name)).toEqual(['bump']);
  });

  it('translates every exported function and class when no unit is named', () => {
    const r = lower(source);
    expect(r.module.entryPoints).toEqual(['priceOf', 'label', 'Counter']);
    expect(r.module.functions.map((f) => f.name)).toEqual(['helper', 'priceOf', 'label']);
  });

  it('reports an unknown unit with PIV1501 and lists the names that exist', () => {
    const r = lower(source, ['priceOff']);
    expect(r.codes).toEqual(['PIV1501']);
    expect(r.errors[0]!.message).toContain('priceOff');
    expect(r.errors[0]!.message).toContain('available: helper, unusedHelper, priceOf, label, Counter');
    expect(at(r.errors[0]!)).toBe(`${r.file}:1:1 PIV1501`);
  });

  it('reports a named type or constant with PIV1506', () => {
    const r = lower(source, ['Order']);
    expect(r.codes).toEqual(['PIV1506']);
  });

  it('reports a file without exported units with PIV1505', () => {
    expect(lower('function internal(): number { return 1; }').codes).toEqual(['PIV1505']);
  });

  it('reports imports from project modules (PIV1502) and packages (PIV1503) where they are used', () => {
    addFile('/src/money.ts', 'export function toCents(x: number): number { return Math.round(x * 100); }');
    const r = lower(
      [
        "import { toCents } from './money.js';",
        "import { readFileSync } from 'node:fs';",
        'export function total(x: number): number {',
        '  return toCents(x);',
        '}',
        'export function load(): string {',
        "  return readFileSync('x', 'utf8');",
        '}',
      ].join('\n'),
    );
    expect(r.errors.map(at)).toEqual([`${r.file}:4:10 PIV1502`, `${r.file}:7:10 PIV1503`]);
    expect(r.errors[0]!.message).toContain("toCents (from './money.js')");
    const call = r.fn('total').body[0];
    expect(call).toMatchObject({ kind: 'return', value: { kind: 'placeholder', diagnostic: 'PIV1502' } });
  });
});
