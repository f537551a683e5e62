/**
 * Two hand-built IR modules for the Rust printer's end-to-end test — a pricing-like function
 * module and a stateful store class — with JS reference implementations that produce their
 * golden vectors (so the expected values really are what the TS would compute).
 */
import { arrayOf, BOOL, enumType, F64, I64, mapOf, optionalOf, STRING, structType, VOID, type IrModule } from '../../../src/translate/ir.js';
import type { ClassVectorFile, FunctionVectorFile, VectorFile } from '../../../src/translate/vectors-format.js';
import {
  and, arg, array, assign, bin, builtin, call, closure, coalesce, cond, doWhile, enumLit, exprStmt, field, fn, forOf,
  forRange, if_, index, int, isNone, konst, let_, local, method, methodDecl, not, num, o, or, param, ret, self,
  str, structLit, swap, switch_, template, throw_, toF64, unwrap, none, some, bool,
} from './ir-build.js';

const NUMS = arrayOf(F64);
const TIER = enumType('PriceTier');

export function pricingModule(): IrModule {
  const input = arg('input', structType('PriceInput'));
  const inField = (n: string): ReturnType<typeof field> => field(input, n, F64);
  const v = local('v', F64);
  const values = arg('values', NUMS);
  const limit = arg('limit', F64);
  const lam = (body: ReturnType<typeof bin>, name = 'v') => closure([param(name, F64)], body.type, body);
  return {
    sourceFile: 'src/pricing.ts',
    name: 'pricing',
    entryPoints: ['quotePrice', 'summarize', 'describeFirst', 'bubbleSort', 'backoff', 'searchGrid', 'orderNames', 'buckets'],
    enums: [{ kind: 'enum', name: 'PriceTier', variants: ['premium', 'standard', 'basic', 'economy'], exported: true, origin: o }],
    structs: [
      {
        kind: 'struct', name: 'PriceInput', exported: true, origin: o, doc: 'What a quote is asked for.',
        fields: [{ name: 'productId', type: F64, optional: false }, { name: 'basePrice', type: F64, optional: false }, { name: 'stock', type: F64, optional: false }],
      },
      { kind: 'struct', name: 'TierChoice', exported: true, origin: o, fields: [{ name: 'tier', type: TIER, optional: false }, { name: 'discountPercent', type: F64, optional: false }] },
      {
        kind: 'struct', name: 'PriceQuote', exported: true, origin: o,
        fields: [
          { name: 'productId', type: F64, optional: false }, { name: 'optimalPrice', type: F64, optional: false },
          { name: 'tier', type: TIER, optional: false }, { name: 'finalPrice', type: F64, optional: false }, { name: 'label', type: STRING, optional: false },
        ],
      },
    ],
    constants: [
      { kind: 'const', name: 'WEIGHTS', type: NUMS, value: array([num(0.5), num(0.3), num(0.2)], F64), exported: false, origin: o },
      { kind: 'const', name: 'MARKET_SIZE', type: F64, value: num(120), exported: true, origin: o },
    ],
    classes: [],
    functions: [
      fn('roundToCents', [param('amount', F64)], F64, [
        ret(bin('/', builtin('Math.round', undefined, [bin('*', arg('amount', F64), num(100))], F64), num(100))),
      ]),
      fn('demand', [param('price', F64), param('basePrice', F64)], F64, [
        let_('total', F64, num(0), true),
        forOf(['w'], konst('WEIGHTS', NUMS), F64, [
          assign(local('total', F64), bin('/', local('w', F64), bin('+', num(1), builtin('Math.exp', undefined, [
            bin('*', num(3), builtin('Math.log', undefined, [bin('/', arg('price', F64), bin('*', arg('basePrice', F64), bin('+', num(1), local('w', F64))))], F64)),
          ], F64))), '+='),
        ]),
        ret(bin('*', konst('MARKET_SIZE', F64), local('total', F64))),
      ], { exported: false }),
      fn('searchGrid', [param('basePrice', F64), param('stock', F64), param('points', I64)], F64, [
        if_(bin('<', arg('points', I64), int(2)), [throw_(template('grid needs at least 2 points, got ', arg('points', I64)))]),
        let_('low', F64, bin('*', arg('basePrice', F64), num(0.5))),
        let_('high', F64, bin('*', arg('basePrice', F64), num(3))),
        let_('step', F64, bin('/', bin('-', local('high', F64), local('low', F64)), toF64(bin('-', arg('points', I64), int(1))))),
        let_('bestPrice', F64, local('low', F64), true),
        let_('bestRevenue', F64, num(-1), true),
        forRange('i', int(0), arg('points', I64), [
          let_('price', F64, bin('+', local('low', F64), bin('*', local('step', F64), toF64(local('i', I64))))),
          let_('units', F64, builtin('Math.min', undefined, [
            call('demand', [local('price', F64), arg('basePrice', F64)], F64),
            builtin('Math.max', undefined, [arg('stock', F64), num(1)], F64),
          ], F64)),
          let_('revenue', F64, bin('*', local('price', F64), local('units', F64))),
          if_(bin('>', local('revenue', F64), local('bestRevenue', F64)), [
            assign(local('bestRevenue', F64), local('revenue', F64)),
            assign(local('bestPrice', F64), local('price', F64)),
          ]),
        ]),
        ret(local('bestPrice', F64)),
      ], { throws: true, doc: 'Best price among `points` evenly spaced candidates.' }),
      fn('chooseTier', [param('price', F64)], structType('TierChoice'), [
        if_(bin('>', arg('price', F64), num(1000)), [ret(structLit('TierChoice', [['tier', enumLit('PriceTier', 'premium')], ['discountPercent', num(15)]]))]),
        if_(bin('>', arg('price', F64), num(500)), [ret(structLit('TierChoice', [['tier', enumLit('PriceTier', 'standard')], ['discountPercent', num(10)]]))]),
        if_(bin('>', arg('price', F64), num(100)), [ret(structLit('TierChoice', [['tier', enumLit('PriceTier', 'basic')], ['discountPercent', num(5)]]))]),
        ret(structLit('TierChoice', [['tier', enumLit('PriceTier', 'economy')], ['discountPercent', num(0)]])),
      ]),
      fn('tierLabel', [param('tier', TIER)], STRING, [
        switch_(arg('tier', TIER), [
          [[enumLit('PriceTier', 'premium')], [ret(str('P'))]],
          [[enumLit('PriceTier', 'standard'), enumLit('PriceTier', 'basic')], [ret(str('S'))]],
        ], [ret(str('E'))]),
      ], { exported: false }),
      fn('quotePrice', [param('input', structType('PriceInput'))], structType('PriceQuote'), [
        if_(not(bin('>', inField('basePrice'), num(0))), [
          throw_(template('invalid base price ', inField('basePrice'), ' for product ', inField('productId'))),
        ]),
        let_('optimal', F64, call('roundToCents', [call('searchGrid', [inField('basePrice'), inField('stock'), int(200)], F64, true)], F64)),
        let_('choice', structType('TierChoice'), call('chooseTier', [local('optimal', F64)], structType('TierChoice'))),
        let_('finalPrice', F64, call('roundToCents', [bin('/', bin('*', local('optimal', F64), bin('-', num(100), field(local('choice', structType('TierChoice')), 'discountPercent', F64))), num(100))], F64)),
        ret(structLit('PriceQuote', [
          ['productId', inField('productId')],
          ['optimalPrice', local('optimal', F64)],
          ['tier', field(local('choice', structType('TierChoice')), 'tier', TIER)],
          ['finalPrice', local('finalPrice', F64)],
          ['label', template(call('tierLabel', [field(local('choice', structType('TierChoice')), 'tier', TIER)], STRING), '-', inField('productId'), ': ', builtin('number.toFixed', local('finalPrice', F64), [int(2)], STRING))],
        ])),
      ], { throws: true }),
      fn('summarize', [param('values', NUMS), param('limit', F64)], STRING, [
        let_('scaled', NUMS, builtin('array.map', values, [lam(bin('*', v, num(2)))], NUMS)),
        let_('small', NUMS, builtin('array.filter', local('scaled', NUMS), [lam(bin('<', v, limit))], NUMS)),
        let_('total', F64, builtin('array.reduce', local('small', NUMS), [closure([param('acc', F64), param('v', F64)], F64, bin('+', local('acc', F64), v)), num(0)], F64)),
        let_('sorted', NUMS, builtin('array.slice', values, [], NUMS), true),
        exprStmt(builtin('array.sort', local('sorted', NUMS), [closure([param('a', F64), param('b', F64)], F64, bin('-', local('b', F64), local('a', F64)))], NUMS)),
        let_('firstBig', optionalOf(F64), builtin('array.find', values, [lam(bin('>=', v, limit))], optionalOf(F64))),
        let_('where', I64, builtin('array.findIndex', values, [lam(bin('>=', v, limit))], I64)),
        ret(template(
          builtin('array.length', local('small', NUMS), [], I64), ' small, total ', local('total', F64), ', top ',
          builtin('array.join', local('sorted', NUMS), [str('|')], STRING), ', first ', coalesce(local('firstBig', optionalOf(F64)), num(-1)),
          ' at ', local('where', I64), ', any ', builtin('array.some', values, [lam(bin('<', v, num(0)))], BOOL),
        )),
      ]),
      fn('firstOver', [param('values', NUMS), param('limit', F64)], optionalOf(F64), [
        forOf(['v'], values, F64, [if_(bin('>', v, limit), [ret(some(v))])]),
        ret(none(optionalOf(F64))),
      ], { exported: false }),
      fn('describeFirst', [param('values', NUMS), param('limit', F64)], STRING, [
        let_('found', optionalOf(F64), call('firstOver', [values, limit], optionalOf(F64))),
        if_(isNone(local('found', optionalOf(F64))), [ret(str('none'))]),
        ret(template('found ', unwrap(local('found', optionalOf(F64))), cond(bin('>', unwrap(local('found', optionalOf(F64))), num(100)), str(' (big)'), str('')))),
      ]),
      fn('bubbleSort', [param('input', NUMS)], NUMS, [
        let_('values', NUMS, builtin('array.slice', arg('input', NUMS), [], NUMS), true),
        forRange('end', bin('-', builtin('array.length', local('values', NUMS), [], I64), int(1)), int(0), [
          forRange('i', int(0), local('end', I64), [
            if_(bin('>', index(local('values', NUMS), local('i', I64), F64), index(local('values', NUMS), bin('+', local('i', I64), int(1)), F64)), [
              swap(index(local('values', NUMS), local('i', I64), F64), index(local('values', NUMS), bin('+', local('i', I64), int(1)), F64)),
            ]),
          ]),
        ], { step: -1 }),
        ret(local('values', NUMS)),
      ]),
      fn('orderNames', [param('names', arrayOf(STRING))], arrayOf(STRING), [
        let_('sorted', arrayOf(STRING), builtin('array.slice', arg('names', arrayOf(STRING)), [], arrayOf(STRING)), true),
        exprStmt(builtin('array.sort', local('sorted', arrayOf(STRING)), [], arrayOf(STRING))),
        ret(builtin('array.filter', local('sorted', arrayOf(STRING)), [closure([param('n', STRING)], BOOL, bin('<', local('n', STRING), str('m')))], arrayOf(STRING))),
      ]),
      fn('buckets', [param('values', NUMS)], mapOf(F64, STRING), [
        let_('counts', mapOf(F64, F64), builtin('Map.new', undefined, [], mapOf(F64, F64)), true),
        forOf(['v'], values, F64, [
          let_('k', F64, builtin('Math.floor', undefined, [v], F64)),
          exprStmt(builtin('map.set', local('counts', mapOf(F64, F64)), [local('k', F64), bin('+', coalesce(builtin('map.get', local('counts', mapOf(F64, F64)), [local('k', F64)], optionalOf(F64)), num(0)), num(1))], mapOf(F64, F64))),
        ]),
        let_('out', mapOf(F64, STRING), builtin('Map.new', undefined, [], mapOf(F64, STRING)), true),
        forOf(['k', 'c'], local('counts', mapOf(F64, F64)), { kind: 'tuple', elements: [F64, F64] }, [
          exprStmt(builtin('map.set', local('out', mapOf(F64, STRING)), [local('k', F64), template(local('c', F64), 'x')], mapOf(F64, STRING))),
        ]),
        if_(builtin('map.has', local('out', mapOf(F64, STRING)), [num(NaN)], BOOL), [exprStmt(builtin('map.delete', local('out', mapOf(F64, STRING)), [num(NaN)], BOOL))]),
        ret(local('out', mapOf(F64, STRING))),
      ]),
      fn('backoff', [param('initial', F64), param('factor', F64), param('cap', F64)], NUMS, [
        if_(or(not(bin('>', arg('initial', F64), num(0))), not(bin('>', arg('factor', F64), num(1)))), [throw_(str('initial must be > 0 and factor > 1'))]),
        let_('delays', NUMS, array([], F64), true),
        let_('delay', F64, arg('initial', F64), true),
        doWhile([
          exprStmt(builtin('array.push', local('delays', NUMS), [builtin('Math.min', undefined, [local('delay', F64), arg('cap', F64)], F64)], I64)),
          assign(local('delay', F64), arg('factor', F64), '*='),
        ], and(bin('<', local('delay', F64), arg('cap', F64)), bin('<', builtin('array.length', local('delays', NUMS), [], I64), int(50)))),
        ret(local('delays', NUMS)),
      ], { throws: true }),
    ],
  };
}

// --- JS reference implementations (what the TS above computes) ---------------------------------

const WEIGHTS = [0.5, 0.3, 0.2];
const roundToCents = (a: number): number => Math.round(a * 100) / 100;
function demand(price: number, base: number): number {
  let total = 0;
  for (const w of WEIGHTS) total += w / (1 + Math.exp(3 * Math.log(price / (base * (1 + w)))));
  return 120 * total;
}
function searchGrid(base: number, stock: number, points: number): number {
  if (points < 2) throw new Error(`grid needs at least 2 points, got ${points}`);
  const low = base * 0.5;
  const step = (base * 3 - low) / (points - 1);
  let bestPrice = low;
  let bestRevenue = -1;
  for (let i = 0; i < points; i++) {
    const price = low + step * i;
    const revenue = price * Math.min(demand(price, base), Math.max(stock, 1));
    if (revenue > bestRevenue) {
      bestRevenue = revenue;
      bestPrice = price;
    }
  }
  return bestPrice;
}
function quotePrice(input: { productId: number; basePrice: number; stock: number }): unknown {
  if (!(input.basePrice > 0)) throw new Error(`invalid base price ${input.basePrice} for product ${input.productId}`);
  const optimal = roundToCents(searchGrid(input.basePrice, input.stock, 200));
  const [tier, discount] = optimal > 1000 ? ['premium', 15] : optimal > 500 ? ['standard', 10] : optimal > 100 ? ['basic', 5] : ['economy', 0];
  const finalPrice = roundToCents((optimal * (100 - (discount as number))) / 100);
  const label = tier === 'premium' ? 'P' : tier === 'economy' ? 'E' : 'S';
  return { productId: input.productId, optimalPrice: optimal, tier, finalPrice, label: `${label}-${input.productId}: ${finalPrice.toFixed(2)}` };
}
function summarize(values: number[], limit: number): string {
  const small = values.map((v) => v * 2).filter((v) => v < limit);
  const total = small.reduce((acc, v) => acc + v, 0);
  const sorted = values.slice().sort((a, b) => b - a);
  const firstBig = values.find((v) => v >= limit);
  return `${small.length} small, total ${total}, top ${sorted.join('|')}, first ${firstBig ?? -1} at ${values.findIndex((v) => v >= limit)}, any ${values.some((v) => v < 0)}`;
}
function describeFirst(values: number[], limit: number): string {
  const found = values.find((v) => v > limit);
  return found === undefined ? 'none' : `found ${found}${found > 100 ? ' (big)' : ''}`;
}
function backoff(initial: number, factor: number, cap: number): number[] {
  if (!(initial > 0) || !(factor > 1)) throw new Error('initial must be > 0 and factor > 1');
  const delays: number[] = [];
  let delay = initial;
  do {
    delays.push(Math.min(delay, cap));
    delay *= factor;
  } while (delay < cap && delays.length < 50);
  return delays;
}

const enc = (v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : Array.isArray(v) ? v.map(enc) : v);

function functionFile(fnName: string, inputs: unknown[][], impl: (...a: never[]) => unknown): FunctionVectorFile {
  return {
    schema: 1, kind: 'function', unit: `src/pricing.ts#${fnName}`, function: fnName, tolerance: { absolute: 1e-9, relative: 1e-9 },
    seed: 1, clockMs: 1_700_000_000_000, randomSeed: 42,
    vectors: inputs.map((args) => {
      try {
        return { args: args.map(enc), result: enc((impl as (...a: unknown[]) => unknown)(...args)) };
      } catch (err) {
        return { args: args.map(enc), error: (err as Error).message };
      }
    }),
  };
}

export function pricingVectors(): Map<string, VectorFile> {
  return new Map<string, VectorFile>([
    ['quotePrice.json', functionFile('quotePrice', [[{ productId: 1, basePrice: 100, stock: 5 }], [{ productId: 2, basePrice: 899.99, stock: 400 }], [{ productId: 3, basePrice: -1, stock: 1 }], [{ productId: 4, basePrice: 12.5, stock: 0 }]], quotePrice)],
    ['summarize.json', functionFile('summarize', [[[3, 1.5, 10, -2], 5], [[], 1], [[0.1, 0.2, 1e21, 1e-7], 0.5]], summarize)],
    ['describeFirst.json', functionFile('describeFirst', [[[1, 2, 300], 1.5], [[1], 5], [[250], 100]], describeFirst)],
    ['bubbleSort.json', functionFile('bubbleSort', [[[5, 3, 9, -1, 3]], [[]], [[2.5, NaN, 1]]], (a: number[]) => {
      const v = a.slice();
      for (let end = v.length - 1; end > 0; end--) for (let i = 0; i < end; i++) if (v[i]! > v[i + 1]!) [v[i], v[i + 1]] = [v[i + 1]!, v[i]!];
      return v;
    })],
    ['backoff.json', functionFile('backoff', [[100, 2, 1000], [1, 1.5, 1], [0, 2, 10], [10, 3, 1e6]], backoff)],
    ['orderNames.json', functionFile('orderNames', [[['b', 'a', '\u{1F600}', '\uff01', 'M', 'z', 'é']], [[]]], (names: string[]) => names.slice().sort().filter((n) => n < 'm'))],
    ['buckets.json', functionFile('buckets', [[[1.5, 1.2, -0.5, 3, NaN, NaN, -0]], [[]]], (values: number[]) => {
      const counts = new Map<number, number>();
      for (const v of values) counts.set(Math.floor(v), (counts.get(Math.floor(v)) ?? 0) + 1);
      const out = new Map<number, string>();
      for (const [k, c] of counts) out.set(k, `${c}x`);
      if (out.has(NaN)) out.delete(NaN);
      return [...out.entries()];
    })],
    ['searchGrid.json', functionFile('searchGrid', [[50, 10, 30], [50, 10, 1], [1000, 2, 2]], searchGrid)],
  ]);
}

// --- the store class -----------------------------------------------------------------------------

const STOCK = mapOf(STRING, F64);

export function storeModule(): IrModule {
  const me = self('Store');
  const stock = field(me, 'stock', STOCK);
  const sku = arg('sku', STRING);
  const qty = arg('quantity', F64);
  const get = builtin('map.get', stock, [sku], optionalOf(F64));
  return {
    sourceFile: 'src/store.ts',
    name: 'store',
    entryPoints: ['Store'],
    enums: [],
    structs: [],
    constants: [],
    functions: [],
    classes: [
      {
        kind: 'class', name: 'Store', exported: true, origin: o, doc: 'Units per SKU in one warehouse.',
        fields: [
          { name: 'stock', type: STOCK, readonly: true, visibility: 'private', initializer: builtin('Map.new', undefined, [], STOCK), origin: o },
          { name: 'reservations', type: I64, readonly: false, visibility: 'private', initializer: int(0), origin: o },
          { name: 'name', type: STRING, readonly: true, visibility: 'private', origin: o },
        ],
        constructorParams: [param('name', STRING)],
        constructorBody: [assign(field(me, 'name', STRING), arg('name', STRING))],
        constructorThrows: false,
        methods: [
          methodDecl('add', [param('sku', STRING), param('quantity', F64)], F64, [
            if_(or(bin('<', qty, num(0)), not(builtin('Number.isInteger', undefined, [qty], BOOL))), [throw_(template('invalid quantity ', qty, ' for ', sku))]),
            let_('next', F64, bin('+', coalesce(get, num(0)), qty)),
            exprStmt(builtin('map.set', stock, [sku, local('next', F64)], STOCK)),
            ret(local('next', F64)),
          ], { throws: true, mutates: true }),
          methodDecl('reserve', [param('sku', STRING), param('quantity', F64)], BOOL, [
            let_('current', F64, method(me, 'Store', 'available', [sku], F64)),
            if_(bin('<', local('current', F64), qty), [ret(bool(false))]),
            exprStmt(builtin('map.set', stock, [sku, bin('-', local('current', F64), qty)], STOCK)),
            assign(field(me, 'reservations', I64), int(1), '+='),
            ret(bool(true)),
          ], { mutates: true }),
          methodDecl('remove', [param('sku', STRING)], BOOL, [ret(builtin('map.delete', stock, [sku], BOOL))], { mutates: true }),
          methodDecl('available', [param('sku', STRING)], F64, [ret(coalesce(get, num(0)))]),
          methodDecl('skus', [], arrayOf(STRING), [
            let_('names', arrayOf(STRING), array([], STRING), true),
            forOf(['sku'], builtin('map.keys', stock, [], arrayOf(STRING)), STRING, [exprStmt(builtin('array.push', local('names', arrayOf(STRING)), [local('sku', STRING)], I64))]),
            ret(local('names', arrayOf(STRING))),
          ]),
          methodDecl('totalUnits', [], F64, [
            let_('total', F64, num(0), true),
            forOf(['units'], builtin('map.values', stock, [], NUMS), F64, [assign(local('total', F64), local('units', F64), '+=')]),
            ret(local('total', F64)),
          ], { isGetter: true }),
          methodDecl('describe', [], STRING, [
            ret(template(field(me, 'name', STRING), ': ', builtin('map.size', stock, [], I64), ' skus, ', field(me, 'totalUnits', F64), ' units, ', field(me, 'reservations', I64), ' reservations')),
          ]),
          methodDecl('stamp', [], STRING, [ret(builtin('Date.toISOString', undefined, [], STRING))], { nondeterministic: true }),
          methodDecl('clear', [], VOID, [exprStmt(builtin('map.clear', stock, [], VOID)), if_(bin('>', field(me, 'reservations', I64), int(0)), [ret()]), assign(field(me, 'reservations', I64), int(-1))], { mutates: true }),
        ],
      },
    ],
  };
}

class Store {
  private readonly stock = new Map<string, number>();
  private reservations = 0;
  constructor(private readonly name: string) {}
  add(sku: string, quantity: number): number {
    if (quantity < 0 || !Number.isInteger(quantity)) throw new Error(`invalid quantity ${quantity} for ${sku}`);
    const next = (this.stock.get(sku) ?? 0) + quantity;
    this.stock.set(sku, next);
    return next;
  }
  reserve(sku: string, quantity: number): boolean {
    const current = this.available(sku);
    if (current < quantity) return false;
    this.stock.set(sku, current - quantity);
    this.reservations += 1;
    return true;
  }
  remove(sku: string): boolean {
    return this.stock.delete(sku);
  }
  available(sku: string): number {
    return this.stock.get(sku) ?? 0;
  }
  skus(): string[] {
    return [...this.stock.keys()];
  }
  get totalUnits(): number {
    let total = 0;
    for (const units of this.stock.values()) total += units;
    return total;
  }
  describe(): string {
    return `${this.name}: ${this.stock.size} skus, ${this.totalUnits} units, ${this.reservations} reservations`;
  }
  stamp(): string {
    return new Date(1_700_000_000_000).toISOString();
  }
  clear(): void {
    this.stock.clear();
    if (this.reservations > 0) return;
    this.reservations = -1;
  }
}

export function storeVectors(): Map<string, VectorFile> {
  const plans: [string, unknown[]][][] = [
    [['ctor', ['main']], ['add', ['apple', 5]], ['add', ['pear', 2]], ['add', ['apple', 3]], ['reserve', ['apple', 6]], ['reserve', ['pear', 3]], ['available', ['apple']], ['totalUnits', []], ['skus', []], ['remove', ['pear']], ['skus', []], ['describe', []], ['stamp', []]],
    [['ctor', ['spare']], ['add', ['x', 0]], ['add', ['y', -1]], ['add', ['z', 0.5]], ['remove', ['nothing']], ['clear', []], ['describe', []]],
  ];
  const file: ClassVectorFile = {
    schema: 1, kind: 'class', unit: 'src/store.ts#Store', class: 'Store', tolerance: { absolute: 1e-9, relative: 1e-9 },
    seed: 1, clockMs: 1_700_000_000_000, randomSeed: 7,
    sequences: plans.map(([ctor, ...calls]) => {
      const store = new Store(ctor![1][0] as string) as unknown as Record<string, unknown>;
      return {
        constructorArgs: ctor![1] as unknown[],
        calls: calls.map(([m, args]) => {
          try {
            const value = m === 'totalUnits' ? store[m] : (store[m] as (...a: unknown[]) => unknown).apply(store, args);
            return { method: m, args, result: value === undefined ? null : value };
          } catch (err) {
            return { method: m, args, error: (err as Error).message };
          }
        }),
      };
    }),
  };
  return new Map<string, VectorFile>([['Store.json', file]]);
}


