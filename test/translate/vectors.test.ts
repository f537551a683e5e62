import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arbitraryFor,
  boundaryVariants,
  F64_BOUNDARIES,
  functionInputs,
  sampleSeeded,
} from '../../src/translate/arbitraries.js';
import {
  arrayOf,
  BOOL,
  enumType,
  F64,
  I64,
  mapOf,
  optionalOf,
  STRING,
  structType,
  VOID,
  type ClassDecl,
  type FunctionDecl,
  type IrModule,
  type IrType,
  type MethodDecl,
  type Origin,
} from '../../src/translate/ir.js';
import { planSequences } from '../../src/translate/sequences.js';
import { SizeAnalysis } from '../../src/translate/size-params.js';
import { decodeValue, encodeValue, typeTableOf } from '../../src/translate/vector-codec.js';
import { recordVectors } from '../../src/translate/vectors.js';
import type { ClassVectorFile, FunctionVectorFile } from '../../src/translate/vectors-format.js';

const at: Origin = { file: 'src/mod.ts', line: 1, column: 1 };

function fn(name: string, params: IrType[], result: IrType, exported = true): FunctionDecl {
  return {
    kind: 'function',
    name,
    params: params.map((type, i) => ({ name: `p${i}`, type, reassigned: false, origin: at })),
    result,
    throws: true,
    body: [],
    exported,
    nondeterministic: false,
    origin: at,
  };
}

function method(name: string, params: IrType[], result: IrType, extra: Partial<MethodDecl> = {}): MethodDecl {
  return { ...fn(name, params, result), kind: 'method', mutates: true, isGetter: false, visibility: 'public', ...extra };
}

const counter: ClassDecl = {
  kind: 'class',
  name: 'Counter',
  fields: [],
  constructorParams: [{ name: 'start', type: arrayOf(STRING), reassigned: false, origin: at }],
  constructorBody: [],
  constructorThrows: true,
  methods: [
    method('add', [STRING], I64),
    method('remove', [STRING], VOID),
    method('size', [], I64, { isGetter: true, mutates: false }),
    method('snapshot', [], mapOf(STRING, I64), { mutates: false }),
    method('secret', [], STRING, { visibility: 'private' }),
  ],
  exported: true,
  origin: at,
};

const module: IrModule = {
  sourceFile: 'src/mod.ts',
  name: 'mod',
  structs: [
    {
      kind: 'struct',
      name: 'Item',
      fields: [
        { name: 'id', type: I64, optional: false },
        { name: 'price', type: F64, optional: false },
        { name: 'tier', type: enumType('Tier'), optional: false },
        { name: 'note', type: optionalOf(STRING), optional: true },
      ],
      exported: true,
      origin: at,
    },
  ],
  enums: [{ kind: 'enum', name: 'Tier', variants: ['gold', 'silver'], exported: true, origin: at }],
  constants: [],
  functions: [
    fn('div', [F64, F64], F64),
    fn('describe', [structType('Item')], STRING),
    fn('histogram', [arrayOf(STRING)], mapOf(STRING, I64)),
    fn('stamp', [], STRING),
    fn('roll', [], F64),
    fn('double', [I64], I64, false),
  ],
  classes: [counter],
  entryPoints: ['div', 'describe', 'histogram', 'stamp', 'roll', 'double', 'Counter'],
};
const table = typeTableOf(module);

const SOURCE = `
export type Tier = 'gold' | 'silver';
export interface Item { id: number; price: number; tier: Tier; note?: string }
export function div(a: number, b: number): number {
  if (b === 0) throw new Error('division by zero');
  return a / b;
}
export function describe(item: Item): string {
  return \`\${item.id}:\${item.tier}:\${item.note ?? '-'}\`;
}
export function histogram(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
export function stamp(): string { return new Date().toISOString() + ':' + Date.now(); }
export function roll(): number { return Math.random(); }
function double(n: number): number { return n * 2; }
export class Counter {
  private counts = new Map<string, number>();
  constructor(start: string[]) {
    if (start.includes('boom')) throw new Error('boom in start');
    for (const s of start) this.add(s);
  }
  add(key: string): number { const n = (this.counts.get(key) ?? 0) + 1; this.counts.set(key, n); return n; }
  remove(key: string): void {
    if (!this.counts.has(key)) throw new Error(\`unknown key \${key}\`);
    this.counts.delete(key);
  }
  get size(): number { return this.counts.size; }
  snapshot(): Map<string, number> { return new Map(this.counts); }
  private secret(): string { return 'no'; }
}
`;

describe('arbitraries', () => {
  it('are deterministic per seed and differ across seeds', () => {
    const arb = arbitraryFor(structType('Item'), table, 'function');
    const a = sampleSeeded(arb, 50, 7);
    expect(sampleSeeded(arb, 50, 7)).toEqual(a);
    expect(sampleSeeded(arb, 50, 8)).not.toEqual(a);
  });

  it('respect the IR types', () => {
    const items = sampleSeeded(arbitraryFor(structType('Item'), table, 'function'), 300, 3) as Record<string, unknown>[];
    for (const item of items) {
      expect(Number.isInteger(item.id)).toBe(true);
      expect(typeof item.price).toBe('number');
      expect(['gold', 'silver']).toContain(item.tier);
      if ('note' in item) expect(typeof item.note).toBe('string');
    }
    expect(items.some((i) => !('note' in i))).toBe(true);
    const ints = sampleSeeded(arbitraryFor(I64, table, 'function'), 500, 1) as number[];
    expect(ints.every((n) => Number.isInteger(n))).toBe(true);
    const maps = sampleSeeded(arbitraryFor(mapOf(STRING, BOOL), table, 'function'), 20, 1);
    expect(maps.every((m) => m instanceof Map)).toBe(true);
  });

  it('put boundary values first', () => {
    const inputs = functionInputs([F64, arrayOf(I64), STRING], table, 1000, 1);
    expect(inputs).toHaveLength(1000);
    const firsts = inputs.map((args) => args[0]);
    for (const b of [0, -1, 1, 1e9, 2 ** 31, Infinity, -Infinity]) expect(firsts).toContain(b);
    expect(firsts.some((n) => Number.isNaN(n))).toBe(true);
    expect(inputs.some((args) => Array.isArray(args[1]) && args[1].length === 0)).toBe(true);
    expect(inputs.some((args) => args[2] === '')).toBe(true);
    expect(functionInputs([F64, arrayOf(I64), STRING], table, 1000, 1)).toEqual(inputs);
    expect(F64_BOUNDARIES.length).toBeGreaterThan(5);
  });

  it('keep i64 boundaries integral and vary struct fields one at a time', () => {
    const base = { id: 3, price: 9.99, tier: 'gold', note: 'x' };
    const variants = boundaryVariants(structType('Item'), base, table) as Record<string, unknown>[];
    expect(variants).toContainEqual({ ...base, id: 2 ** 31 });
    expect(variants.filter((v) => v.id !== 3).every((v) => Number.isInteger(v.id))).toBe(true);
    expect(variants).toContainEqual({ id: 3, price: 9.99, tier: 'gold' });
    expect(variants).toContainEqual({ ...base, tier: 'silver' });
  });

  it('plan call sequences of 5–30 public calls with refs to earlier values', () => {
    const publicMethods = counter.methods.filter((m) => m.visibility === 'public');
    const sequences = planSequences(counter, publicMethods, table, 50, 2);
    expect(sequences).toHaveLength(50);
    for (const s of sequences) {
      expect(s.calls.length).toBeGreaterThanOrEqual(5);
      expect(s.calls.length).toBeLessThanOrEqual(30);
      expect(s.calls.every((c) => c.method !== 'secret')).toBe(true);
    }
    const args = sequences.flatMap((s) => s.calls.flatMap((c) => c.args));
    expect(args.some((a) => typeof a === 'object' && a !== null && '$ref' in a)).toBe(true);
    expect(planSequences(counter, publicMethods, table, 50, 2)).toEqual(sequences);
  });
});

describe('size analysis', () => {
  const o = at;
  const param = (name: string, binding: 'param' | 'local' = 'param') => ({ kind: 'ident' as const, name, binding, type: F64, origin: o });
  const grid = fn('grid', [F64, F64], F64);
  grid.params = [
    { name: 'price', type: F64, reassigned: false, origin: o },
    { name: 'points', type: F64, reassigned: false, origin: o },
  ];
  grid.body = [
    { kind: 'var', name: 'n', type: F64, init: { kind: 'binary', op: '-', left: param('points'), right: { kind: 'number', value: 1, type: F64, origin: o }, type: F64, origin: o }, mutable: false, origin: o },
    { kind: 'while', cond: { kind: 'binary', op: '<', left: param('price'), right: param('n', 'local'), type: BOOL, origin: o }, body: [], origin: o },
  ];
  const quote = fn('quote', [structType('Item')], F64);
  quote.params = [{ name: 'item', type: structType('Item'), reassigned: false, origin: o }];
  quote.body = [
    {
      kind: 'return',
      value: {
        kind: 'call',
        callee: 'grid',
        args: [{ kind: 'number', value: 1, type: F64, origin: o }, { kind: 'field', object: param('item'), field: 'price', type: F64, origin: o }],
        throws: false,
        type: F64,
        origin: o,
      },
      origin: o,
    },
  ];

  it('finds inputs that bound loops, through locals, calls and struct fields', () => {
    const sizes = new SizeAnalysis({ functions: [grid, quote] });
    expect(sizes.hints('grid', grid.params, grid.body).map((h) => h.whole)).toEqual([true, true]);
    const [item] = sizes.hints('quote', quote.params, quote.body);
    expect(item?.whole).toBe(false);
    expect([...item!.fields]).toEqual(['price']);
  });

  it('keeps size inputs modest', () => {
    const hints = [{ whole: true, fields: new Set<string>() }];
    const inputs = functionInputs([F64], table, 500, 1, hints).map((args) => args[0] as number);
    expect(inputs.every((n) => Number.isNaN(n) || n <= 5000)).toBe(true);
    const items = functionInputs([structType('Item')], table, 300, 1, [{ whole: false, fields: new Set(['price']) }]);
    expect(items.every(([item]) => !((item as { price: number }).price > 5000))).toBe(true);
  });
});

describe('value codec', () => {
  it('encodes NaN/Infinity, maps as pairs and drops absent optional fields', () => {
    expect(encodeValue([NaN, Infinity, -Infinity, 1.5], arrayOf(F64), table)).toEqual([
      { $num: 'NaN' },
      { $num: 'Infinity' },
      { $num: '-Infinity' },
      1.5,
    ]);
    expect(encodeValue(new Map([['a', 1]]), mapOf(STRING, I64), table)).toEqual([['a', 1]]);
    const item = { id: 1, price: NaN, tier: 'gold', note: undefined };
    const encoded = encodeValue(item, structType('Item'), table);
    expect(encoded).toEqual({ id: 1, price: { $num: 'NaN' }, tier: 'gold' });
    expect(decodeValue(encoded, structType('Item'), table)).toEqual({ id: 1, price: NaN, tier: 'gold' });
    expect(decodeValue(null, optionalOf(F64), table)).toBeUndefined();
  });

  it('round-trips generated values', () => {
    const type = arrayOf(structType('Item'));
    fc.assert(
      fc.property(arbitraryFor(type, table, 'function'), (value) => {
        const json = JSON.parse(JSON.stringify(encodeValue(value, type, table)));
        expect(decodeValue(json, type, table)).toEqual(value);
      }),
      { seed: 1, numRuns: 200 },
    );
  });
});

describe('recordVectors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pivot-vectors-test-'));
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    await writeFile(join(dir, 'mod.ts'), SOURCE);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records results, thrown errors, maps, a pinned clock and a seeded Math.random', async () => {
    const { files, diagnostics } = await recordVectors({
      module,
      file: join(dir, 'mod.ts'),
      root: dir,
      seed: 5,
      count: 60,
      clockMs: 1_700_000_000_000,
    });
    expect(diagnostics).toEqual([]);
    expect([...files.keys()].sort()).toEqual(
      ['Counter.json', 'describe.json', 'div.json', 'double.json', 'histogram.json', 'roll.json', 'stamp.json'].sort(),
    );
    const div = files.get('div.json') as FunctionVectorFile;
    expect(div.unit).toBe('src/mod.ts#div');
    expect(div.vectors).toHaveLength(60);
    const zero = div.vectors.find((v) => v.args[1] === 0);
    expect(zero?.error).toBe('division by zero');
    expect(div.vectors.some((v) => JSON.stringify(v).includes('"$num":"NaN"'))).toBe(true);
    for (const v of div.vectors.filter((x) => typeof x.args[0] === 'number' && typeof x.args[1] === 'number' && x.args[1] !== 0)) {
      const expected = (v.args[0] as number) / (v.args[1] as number);
      if (Number.isFinite(expected)) expect(v.result).toBe(expected === 0 ? 0 : expected);
    }
    const hist = files.get('histogram.json') as FunctionVectorFile;
    const some = hist.vectors.find((v) => (v.args[0] as string[]).length > 1)!;
    expect(Array.isArray(some.result)).toBe(true);
    expect((some.result as [string, number][]).every((pair) => pair.length === 2)).toBe(true);
    const stamp = files.get('stamp.json') as FunctionVectorFile;
    expect(stamp.vectors[0]?.result).toBe('2023-11-14T22:13:20.000Z:1700000000000');
    const roll = files.get('roll.json') as FunctionVectorFile;
    const first = roll.vectors.map((v) => v.result);
    expect(new Set(first).size).toBe(1);
    expect(first[0]).toBeGreaterThan(0);
    const internal = files.get('double.json') as FunctionVectorFile;
    expect(internal.vectors.every((v) => v.error !== undefined || v.result === (v.args[0] as number) * 2)).toBe(true);
    const describeFile = files.get('describe.json') as FunctionVectorFile;
    expect(describeFile.vectors.some((v) => typeof v.result === 'string' && v.result.endsWith(':-'))).toBe(true);

    const cls = files.get('Counter.json') as ClassVectorFile;
    expect(cls.sequences).toHaveLength(60);
    const calls = cls.sequences.flatMap((s) => s.calls);
    expect(calls.some((c) => c.method === 'remove' && c.error?.startsWith('unknown key'))).toBe(true);
    expect(calls.some((c) => c.method === 'remove' && c.error === undefined)).toBe(true);
    expect(calls.some((c) => c.method === 'size' && typeof c.result === 'number')).toBe(true);
    expect(JSON.stringify(cls)).not.toContain('$ref');
  });

  it('drops an input the original hangs on and keeps the rest', async () => {
    await writeFile(join(dir, 'hang.ts'), 'export function spin(n: number): number { while (n === 0) {} return n; }\n');
    const hangModule: IrModule = { ...module, sourceFile: 'hang.ts', functions: [fn('spin', [I64], I64)], classes: [], entryPoints: ['spin'] };
    const { files, diagnostics } = await recordVectors({
      module: hangModule,
      file: join(dir, 'hang.ts'),
      root: dir,
      seed: 1,
      count: 20,
      itemTimeoutMs: 1500,
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['PIV1601']);
    const spin = files.get('spin.json') as FunctionVectorFile;
    expect(spin.vectors).toHaveLength(19);
    expect(spin.vectors.every((v) => v.args[0] !== 0)).toBe(true);
  });

  it('reports a module that does not load', async () => {
    await writeFile(join(dir, 'broken.ts'), 'throw new Error("no way");\nexport function f(): number { return 1; }\n');
    const broken: IrModule = { ...module, functions: [fn('f', [], F64)], classes: [], entryPoints: ['f'] };
    await expect(recordVectors({ module: broken, file: join(dir, 'broken.ts'), root: dir, seed: 1, count: 3 })).rejects.toThrow(
      /importing the module failed: no way/,
    );
  });
});
