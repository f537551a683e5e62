import { describe, expect, it } from 'vitest';
import { at, lower, stmtsOf } from './lower-helpers.js';

/** Each refused construct has its own stable code, reported at the construct. */
const CASES: [string, string, string][] = [
  ['for-in', 'export function f(o: Record<string, number>): number {\n  let n = 0;\n  for (const k in o) n += k.length;\n  return n;\n}', '3:3 PIV1002'],
  ['generator', 'export function* f(): Generator<number> {\n  yield 1;\n}', '2:3 PIV1003'],
  ['async', 'export async function f(): Promise<number> {\n  return 1;\n}', '1:1 PIV1004'],
  ['await', 'export function f(p: number): number {\n  return p;\n}\nexport async function g(): Promise<number> {\n  return await Promise.resolve(1);\n}', '5:10 PIV1004'],
  ['regex', 'export function f(s: string): boolean {\n  return /a+/.test(s);\n}', '2:10 PIV1005'],
  ['delete', 'export interface P { a?: number }\nexport function f(p: P): P {\n  delete p.a;\n  return p;\n}', '3:3 PIV1006'],
  ['typeof', 'export function f(x: number | undefined): boolean {\n  return typeof x === "number";\n}', '2:10 PIV1007'],
  ['arguments', 'export function f(): number {\n  return arguments.length;\n}', '2:10 PIV1008'],
  ['eval', 'export function f(s: string): string {\n  return String(eval(s));\n}', '2:17 PIV1009'],
  ['function value', 'export function f(): number {\n  const g = (x: number) => x;\n  return [g].length;\n}', '3:11 PIV1011'],
  ['module let', 'let counter = 0;\nexport function f(): number {\n  return counter;\n}', '1:5 PIV1012'],
  ['try', 'export function f(): number {\n  try {\n    return 1;\n  } catch {\n    return 2;\n  }\n}', '2:3 PIV1013'],
  ['throw string', 'export function f(): number {\n  throw "bad";\n}', '2:3 PIV1014'],
  ['bitwise', 'export function f(x: number): number {\n  return x | 0;\n}', '2:10 PIV1017'],
  ['object identity', 'export interface P { a: number }\nexport function f(p: P, q: P): boolean {\n  return p === q;\n}', '3:10 PIV1019'],
  ['var', 'export function f(): number {\n  var x = 1;\n  return x;\n}', '2:3 PIV1024'],
  ['mixed union', 'export function f(x: string | number): number {\n  return 1;\n}', '1:19 PIV1102'],
  ['anonymous object', 'export function f(): number {\n  const p = { a: 1 };\n  return p.a;\n}', '2:9 PIV1103'],
  ['any', 'export function f(x: any): number {\n  return 1;\n}', '1:19 PIV1105'],
  ['console', 'export function f(): number {\n  console.log("x");\n  return 1;\n}', '2:3 PIV1202'],
  ['default sort', 'export function f(xs: number[]): number[] {\n  return xs.sort();\n}', '2:10 PIV1203'],
  ['date object', 'export function f(): number {\n  return new Date().getTime();\n}', '2:10 PIV1204'],
  ['setter', 'export class C {\n  private v = 0;\n  set value(x: number) { this.v = x; }\n}', '3:3 PIV1301'],
  ['static', 'export class C {\n  static count = 0;\n  get(): number { return 1; }\n}', '2:3 PIV1302'],
  ['extends', 'class A { x = 1; }\nexport class B extends A {\n  y(): number { return 2; }\n}', '2:24 PIV1303'],
  ['#private clashing with a member', 'export class C {\n  #x = 1;\n  x = 2;\n  get(): number { return this.#x; }\n}', '2:3 PIV1304'],
];

describe('refused constructs', () => {
  it.each(CASES)('%s', (_name, code, expected) => {
    const r = lower(code);
    const found = r.errors.map((d) => at(d).replace(`${r.file}:`, ''));
    expect(found).toContain(expected);
  });

  it('reports every problem of a file in one run and keeps placeholders in the IR', () => {
    const r = lower(
      [
        'export function audit(entries: Record<string, string>, raw: string): string[] {',
        '  const out: string[] = [];',
        '  for (const key in entries) out.push(key);',
        '  if (/drop/.test(raw)) out.push("suspicious");',
        '  try {',
        '    out.push(String(raw.length));',
        '  } finally {',
        '    out.push("done");',
        '  }',
        '  return out;',
        '}',
      ].join('\n'),
    );
    expect(r.errors.map((d) => at(d).replace(`${r.file}:`, ''))).toEqual(['1:23 PIV1101', '3:3 PIV1002', '4:7 PIV1005', '5:3 PIV1013']);
    const body = r.fn('audit').body;
    expect(stmtsOf(body, 'placeholderStmt').map((p) => p.diagnostic)).toEqual(['PIV1002', 'PIV1013']);
    expect(body.at(-1)).toMatchObject({ kind: 'return' });
    for (const d of r.diagnostics) {
      expect(d.hint.length).toBeGreaterThan(10);
      expect(d.construct.length).toBeGreaterThan(0);
    }
  });
});
