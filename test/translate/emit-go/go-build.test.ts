/**
 * Emits the hand-built function and class modules with vectors recorded from their JS twins,
 * then runs the real Go tools: gofmt -l (nothing to reformat), go vet, go test -race.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitGoModule } from '../../../src/translate/emit-go/index.js';
import type { VectorFile } from '../../../src/translate/vectors-format.js';
import {
  jsDescribe, jsDescribeTwice, jsQuoteAll, jsQuotePrice, jsSortDescending, jsSummarize, pricingModule,
} from './pricing-module.js';
import { goCheck, haveGo, writeTree } from './go-tools.js';
import { jsMisc, JsVec, miscModule } from './misc-module.js';
import { CLOCK_MS, classFile, functionFile } from './record.js';
import { JsStockStore, storeModule } from './store-module.js';

const root = mkdtempSync(join(tmpdir(), 'pivot-emit-go-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const q = (productId: number, basePrice: number, stock: number, note?: string): object => ({ productId, basePrice, stock, note });

function pricingVectors(): Map<string, VectorFile> {
  const unit = (name: string): string => `hand/pricing.ts#${name}`;
  const files: VectorFile[] = [
    functionFile(unit('quotePrice'), 'quotePrice', jsQuotePrice, [
      [q(1, 10, 5)], [q(2, 250, 100, 'vip')], [q(3, 0, 1)], [q(4, NaN, 1)], [q(5, 1200, 0)], [q(6, 99.99, 40)],
    ]),
    functionFile(unit('sortDescending'), 'sortDescending', jsSortDescending, [[[3, 1, 2]], [[]], [[-0.5, 10, NaN, 2]]]),
    functionFile(unit('summarize'), 'summarize', jsSummarize, [[[1, 20, -3, 4.5]], [[]], [[-1, -2]], [[0.1, 0.2, 12]]]),
    functionFile(unit('quoteAll'), 'quoteAll', jsQuoteAll, [[[q(1, 10, 5), q(2, 600, 3)]], [[q(1, 10, 5), q(9, -1, 1)]]]),
    functionFile(unit('describe'), 'describe', jsDescribe, [[3.14159], [2.5, 0], [-1.005, 2], [7], [1e21], [-0.5, 0], [1.25, 1]]),
    functionFile(unit('describeTwice'), 'describeTwice', jsDescribeTwice, [[2.345], [10], [-7.5]]),
  ];
  return new Map(files.map((f) => [`${f.kind === 'function' ? f.function : f.class}.json`, f]));
}

function storeVectors(): Map<string, VectorFile> {
  const file = classFile('hand/store.ts#StockStore', 'StockStore', (prefix) => new JsStockStore(prefix as string, CLOCK_MS), [
    {
      ctor: ['shop'],
      calls: [
        ['add', 'a', 3], ['add', 'a', 2], ['add', 'b', 1.5], ['take', 'a', 4], ['take', 'zz', 1], ['has', 'a'], ['total'],
        ['skus'], ['add', 'c', 7], ['skus'], ['stats'], ['remove', 'a'], ['has', 'a'], ['remove', 'a'], ['stats'], ['take', 'c', 8],
      ],
    },
    { ctor: ['x'], calls: [['stats'], ['skus'], ['total'], ['add', 'q', 1], ['take', 'q', 1], ['total']] },
  ]);
  return new Map([['StockStore.json', file]]);
}

describe.skipIf(!haveGo)('generated Go modules', () => {
  it('function module: gofmt-clean, vet-clean, vectors pass under -race', async () => {
    const dir = join(root, 'pricing');
    writeTree(dir, emitGoModule(pricingModule, { profile: 'balanced', vectors: pricingVectors() }));
    const out = await goCheck(dir);
    expect(out).toContain('--- PASS: TestVectors/quotePrice.json');
    expect(out).toContain('--- PASS: TestVectors/summarize.json');
  }, 600_000);

  it('class module: gofmt-clean, vet-clean, vectors and concurrency pass under -race', async () => {
    const dir = join(root, 'store');
    writeTree(dir, emitGoModule(storeModule, { profile: 'conservative', vectors: storeVectors() }));
    const out = await goCheck(dir);
    expect(out).toContain('--- PASS: TestVectors/StockStore.json');
    expect(out).toContain('--- PASS: TestConcurrentStockStore');
  }, 600_000);

  it('less common constructs: labels, Map/Set, tuples, recursion, nullable results, a lock-free class', async () => {
    const unit = (name: string): string => `hand/misc.ts#${name}`;
    const files: VectorFile[] = [
      functionFile(unit('labels'), 'labels', jsMisc.labels, [[0], [3], [5]]),
      functionFile(unit('wordCounts'), 'wordCounts', jsMisc.wordCounts, [['The cat  the DOG cat the'], ['']]),
      functionFile(unit('topWords'), 'topWords', jsMisc.topWords, [['b a b c a b'], ['x y', 1], ['']]),
      functionFile(unit('fib'), 'fib', jsMisc.fib, [[0], [1], [20]]),
      functionFile(unit('pairs'), 'pairs', jsMisc.pairs, [[0], [3]]),
      functionFile(unit('uniqueSorted'), 'uniqueSorted', jsMisc.uniqueSorted, [[[3, 1, 3, -2, 1]], [[]]]),
      functionFile(unit('classic'), 'classic', jsMisc.classic, [[0], [5]]),
      functionFile(unit('firstNegative'), 'firstNegative', jsMisc.firstNegative, [[[1, -2, -3]], [[1, 2]]]),
      functionFile(unit('charInfo'), 'charInfo', jsMisc.charInfo, [['abc'], ['héb😀c'], ['']]),
      functionFile(unit('sumWhileSmall'), 'sumWhileSmall', jsMisc.sumWhileSmall, [[[1, 2, 30, 4]], [[1, -1]], [[]]]),
      classFile(unit('Vec'), 'Vec', (x, y) => new JsVec(x as number, y as number), [
        { ctor: [3, 4], calls: [['length'], ['dot', 2], ['describe']] },
        { ctor: [0.1, 0.2], calls: [['describe'], ['dot', -1]] },
      ]),
    ];
    const dir = join(root, 'misc');
    const vectors = new Map(files.map((f) => [`${f.kind === 'function' ? f.function : f.class}.json`, f]));
    writeTree(dir, emitGoModule(miscModule, { profile: 'balanced', vectors }));
    const out = await goCheck(dir);
    expect(out).toContain('--- PASS: TestVectors/Vec.json');
    expect(out).not.toContain('TestConcurrentVec');
  }, 600_000);
});
