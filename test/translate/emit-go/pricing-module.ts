/**
 * A hand-built IR module in the spirit of pricing.ts (loops, Math.exp/log, a struct input, an enum
 * result, a throwing guard, closures in map/filter/reduce/sort/find, switch, for-range, do-while,
 * templates, optional/isNone/unwrap, swap, default parameters), plus the same code as plain JS
 * so the tests can record its vectors.
 */
import { arrayOf, enumType, optionalOf, structType, type Expr, type IrModule, type IrType } from '../../../src/translate/ir.js';
import {
  assign, bin, BOOL, builtin, call, closure, cmp, const_, constant, enumLit, exprStmt, F64, field, fn, forOf, forRange,
  I64, if_, index, int, let_, local, math, neg, not, num, o, p, param, ret, str, STRING, structLit, template, throw_, toF64,
} from './ir-builders.js';

const TIER = enumType('PriceTier');
const INPUT = structType('PriceInput');
const QUOTE = structType('PriceQuote');
const NUMS = arrayOf(F64);

const input = param('input', INPUT);
const inField = (name: string, t: IrType = F64): Expr => field(input, name, t);
const arr = (elements: Expr[], t: IrType = NUMS): Expr => ({ kind: 'array', elements, type: t, origin: o });
const len = (a: Expr): Expr => builtin('array.length', a, [], I64);
const cond = (c: Expr, a: Expr, b: Expr): Expr => ({ kind: 'conditional', cond: c, then: a, else: b, type: a.type, origin: o });

const demand = fn('demand', [p('price', F64), p('base', F64)], F64, [
  let_('total', F64, num(0)),
  forRange('i', int(0), int(5), [
    const_('ratio', F64, math('Math.log', [bin('/', param('price', F64), bin('*', param('base', F64), bin('+', num(1), bin('*', toF64(local('i', I64)), constant('STEP', F64)))))])),
    assign(local('total', F64), bin('/', num(1), bin('+', num(1), math('Math.exp', [bin('*', num(2), local('ratio', F64))]))), '+='),
  ]),
  ret(math('Math.min', [bin('/', bin('*', constant('MARKET_SIZE', F64), local('total', F64)), num(5)), constant('MARKET_SIZE', F64)])),
], { exported: false });

const roundToCents = fn('roundToCents', [p('amount', F64)], F64, [
  ret(bin('/', math('Math.round', [bin('*', param('amount', F64), num(100))]), num(100))),
]);

const chooseTier = fn('chooseTier', [p('price', F64)], TIER, [
  if_(cmp('>', param('price', F64), num(1000)), [ret(enumLit('PriceTier', 'premium'))]),
  if_(cmp('>', param('price', F64), num(500)), [ret(enumLit('PriceTier', 'standard'))]),
  ret(cond(cmp('>', param('price', F64), num(100)), enumLit('PriceTier', 'basic'), enumLit('PriceTier', 'economy'))),
], { exported: false });

const discountFor = fn('discountFor', [p('tier', TIER)], F64, [
  {
    kind: 'switch',
    subject: param('tier', TIER),
    cases: [
      { values: [enumLit('PriceTier', 'premium')], body: [ret(num(15))] },
      { values: [enumLit('PriceTier', 'standard'), enumLit('PriceTier', 'basic')], body: [ret(num(5))] },
    ],
    default: [ret(num(0))],
    origin: o,
  },
], { exported: false });

const quotePrice = fn('quotePrice', [p('input', INPUT)], QUOTE, [
  if_(not(cmp('>', inField('basePrice'), num(0))), [
    throw_(template('invalid base price ', inField('basePrice'), ' for product ', inField('productId'))),
  ]),
  let_('best', F64, inField('basePrice')),
  let_('bestRevenue', F64, neg(num(Infinity))),
  let_('price', F64, bin('*', inField('basePrice'), num(0.5))),
  {
    kind: 'while',
    cond: cmp('<=', local('price', F64), bin('*', inField('basePrice'), num(3))),
    body: [
      const_('revenue', F64, bin('*', local('price', F64), math('Math.min', [
        call('demand', [local('price', F64), inField('basePrice')], F64),
        math('Math.max', [inField('stock'), num(1)]),
      ]))),
      if_(cmp('>', local('revenue', F64), local('bestRevenue', F64)), [
        assign(local('bestRevenue', F64), local('revenue', F64)),
        assign(local('best', F64), local('price', F64)),
      ]),
      assign(local('price', F64), bin('/', inField('basePrice'), num(8)), '+='),
    ],
    origin: o,
  },
  const_('tier', TIER, call('chooseTier', [local('best', F64)], TIER)),
  const_('finalPrice', F64, call('roundToCents', [bin('/', bin('*', local('best', F64), bin('-', num(100), call('discountFor', [local('tier', TIER)], F64))), num(100))], F64)),
  const_('curve', NUMS, builtin('array.map', arr([num(0.5), num(1), num(2)]), [
    closure([p('m', F64)], F64, [ret(call('roundToCents', [call('demand', [bin('*', inField('basePrice'), param('m', F64)), inField('basePrice')], F64)], F64))]),
  ], NUMS)),
  const_('note', STRING, { kind: 'logical', op: '??', left: inField('note', optionalOf(STRING)), right: str('none'), type: STRING, origin: o }),
  ret(structLit('PriceQuote', [
    ['productId', inField('productId')],
    ['finalPrice', local('finalPrice', F64)],
    ['tier', local('tier', TIER)],
    ['label', template(local('tier', TIER), ':', local('note', STRING), ':', builtin('number.toFixed', local('finalPrice', F64), [int(2)], STRING))],
    ['demandCurve', local('curve', NUMS)],
  ])),
], { throws: true, doc: 'Searches prices from half to three times the base price and\n\napplies the tier discount.' });

const sortDescending = fn('sortDescending', [p('values', NUMS)], NUMS, [
  const_('out', NUMS, builtin('array.slice', param('values', NUMS), [], NUMS)),
  forRange('i', int(0), len(local('out', NUMS)), [
    forRange('j', bin('+', local('i', I64), int(1)), len(local('out', NUMS)), [
      if_(cmp('>', index(local('out', NUMS), local('j', I64), F64), index(local('out', NUMS), local('i', I64), F64)), [
        { kind: 'swap', left: index(local('out', NUMS), local('i', I64), F64), right: index(local('out', NUMS), local('j', I64), F64), origin: o },
      ]),
    ]),
  ]),
  ret(local('out', NUMS)),
]);

const v = param('v', F64);
const summarize = fn('summarize', [p('values', NUMS)], STRING, [
  const_('positives', NUMS, builtin('array.filter', param('values', NUMS), [closure([p('v', F64)], BOOL, [ret(cmp('>', v, num(0)))])], NUMS)),
  const_('total', F64, builtin('array.reduce', local('positives', NUMS), [closure([p('acc', F64), p('v', F64)], F64, [ret(bin('+', param('acc', F64), v))]), num(0)], F64)),
  const_('sorted', NUMS, builtin('array.sort', builtin('array.slice', param('values', NUMS), [], NUMS), [
    closure([p('a', F64), p('b', F64)], F64, [ret(bin('-', param('a', F64), param('b', F64)))]),
  ], NUMS)),
  const_('first', optionalOf(F64), builtin('array.find', local('positives', NUMS), [closure([p('v', F64)], BOOL, [ret(cmp('>', v, num(10)))])], optionalOf(F64))),
  const_('firstText', STRING, cond(
    { kind: 'isNone', value: local('first', optionalOf(F64)), negated: false, type: BOOL, origin: o },
    str('none'),
    builtin('String', undefined, [{ kind: 'unwrap', value: local('first', optionalOf(F64)), type: F64, origin: o }], STRING),
  )),
  let_('count', I64, int(0)),
  { kind: 'doWhile', body: [assign(local('count', I64), int(1), '+=')], cond: cmp('<', local('count', I64), len(local('positives', NUMS))), origin: o },
  ret(template(
    'n=', len(param('values', NUMS)), ' pos=', len(local('positives', NUMS)), ' total=', local('total', F64),
    ' min=', cond(cmp('>', len(local('sorted', NUMS)), int(0)), index(local('sorted', NUMS), int(0), F64), num(NaN)),
    ' first=', local('firstText', STRING), ' count=', local('count', I64),
    ' round=', math('Math.round', [bin('/', neg(local('total', F64)), num(4))]), ' mod=', bin('%', local('total', F64), num(-3)),
  )),
]);

const quoteAll = fn('quoteAll', [p('inputs', arrayOf(INPUT))], NUMS, [
  let_('out', NUMS, arr([])),
  forOf(['input'], param('inputs', arrayOf(INPUT)), INPUT, [
    const_('q', QUOTE, call('quotePrice', [local('input', INPUT)], QUOTE, true)),
    exprStmt(builtin('array.push', local('out', NUMS), [field(local('q', QUOTE), 'finalPrice', F64)], I64)),
  ]),
  ret(local('out', NUMS)),
], { throws: true });

const describe = fn('describe', [p('n', F64), p('digits', I64, int(2))], STRING, [
  if_(builtin('Number.isInteger', undefined, [param('n', F64)], BOOL), [ret(template('int ', param('n', F64)))]),
  ret(template(
    builtin('number.toFixed', param('n', F64), [param('digits', I64)], STRING), '|',
    builtin('string.padStart', builtin('String', undefined, [math('Math.trunc', [param('n', F64)])], STRING), [int(6), str('*')], STRING),
  )),
]);

const describeTwice = fn('describeTwice', [p('n', F64)], STRING, [
  ret(bin('concat', bin('concat', call('describe', [param('n', F64)], STRING), str(' / '), STRING), call('describe', [param('n', F64), int(0)], STRING), STRING)),
]);

export const pricingModule: IrModule = {
  sourceFile: 'hand/pricing.ts',
  name: 'pricing',
  enums: [{ kind: 'enum', name: 'PriceTier', variants: ['premium', 'standard', 'basic', 'economy'], exported: true, origin: o }],
  structs: [
    { kind: 'struct', name: 'PriceInput', exported: true, origin: o, fields: [
      { name: 'productId', type: F64, optional: false },
      { name: 'basePrice', type: F64, optional: false },
      { name: 'stock', type: F64, optional: false },
      { name: 'note', type: optionalOf(STRING), optional: true },
    ] },
    { kind: 'struct', name: 'PriceQuote', exported: true, origin: o, fields: [
      { name: 'productId', type: F64, optional: false },
      { name: 'finalPrice', type: F64, optional: false },
      { name: 'tier', type: TIER, optional: false },
      { name: 'label', type: STRING, optional: false },
      { name: 'demandCurve', type: NUMS, optional: false },
    ] },
  ],
  constants: [
    { kind: 'const', name: 'MARKET_SIZE', type: F64, value: num(120), exported: true, origin: o },
    { kind: 'const', name: 'STEP', type: F64, value: bin('*', num(0.1), num(3)), exported: false, origin: o },
  ],
  functions: [demand, roundToCents, chooseTier, discountFor, quotePrice, sortDescending, summarize, quoteAll, describe, describeTwice],
  classes: [],
  entryPoints: ['quotePrice', 'sortDescending', 'summarize', 'quoteAll', 'describe', 'describeTwice'],
};

// ---------------------------------------------------------------------------------------------
// The same code as JavaScript, to record vectors from.

type Input = { productId: number; basePrice: number; stock: number; note?: string };
const STEP = 0.1 * 3;
const jsDemand = (price: number, base: number): number => {
  let total = 0;
  for (let i = 0; i < 5; i++) total += 1 / (1 + Math.exp(2 * Math.log(price / (base * (1 + i * STEP)))));
  return Math.min((120 * total) / 5, 120);
};
const jsRound = (amount: number): number => Math.round(amount * 100) / 100;
const jsTier = (price: number): string => (price > 1000 ? 'premium' : price > 500 ? 'standard' : price > 100 ? 'basic' : 'economy');
const jsDiscount = (tier: string): number => (tier === 'premium' ? 15 : tier === 'standard' || tier === 'basic' ? 5 : 0);

export function jsQuotePrice(input: Input): object {
  if (!(input.basePrice > 0)) throw new Error(`invalid base price ${input.basePrice} for product ${input.productId}`);
  let best = input.basePrice;
  let bestRevenue = -Infinity;
  let price = input.basePrice * 0.5;
  while (price <= input.basePrice * 3) {
    const revenue = price * Math.min(jsDemand(price, input.basePrice), Math.max(input.stock, 1));
    if (revenue > bestRevenue) {
      bestRevenue = revenue;
      best = price;
    }
    price += input.basePrice / 8;
  }
  const tier = jsTier(best);
  const finalPrice = jsRound((best * (100 - jsDiscount(tier))) / 100);
  const curve = [0.5, 1, 2].map((m) => jsRound(jsDemand(input.basePrice * m, input.basePrice)));
  const note = input.note ?? 'none';
  return { productId: input.productId, finalPrice, tier, label: `${tier}:${note}:${finalPrice.toFixed(2)}`, demandCurve: curve };
}

export function jsSortDescending(values: number[]): number[] {
  const out = values.slice();
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) if (out[j]! > out[i]!) [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function jsSummarize(values: number[]): string {
  const positives = values.filter((x) => x > 0);
  const total = positives.reduce((acc, x) => acc + x, 0);
  const sorted = values.slice().sort((a, b) => a - b);
  const first = positives.find((x) => x > 10);
  const firstText = first === undefined ? 'none' : String(first);
  let count = 0;
  do count++;
  while (count < positives.length);
  const min = sorted.length > 0 ? sorted[0] : NaN;
  return `n=${values.length} pos=${positives.length} total=${total} min=${min} first=${firstText} count=${count} round=${Math.round(-total / 4)} mod=${total % -3}`;
}

export function jsQuoteAll(inputs: Input[]): number[] {
  return inputs.map((i) => (jsQuotePrice(i) as { finalPrice: number }).finalPrice);
}

export function jsDescribe(n: number, digits = 2): string {
  if (Number.isInteger(n)) return `int ${n}`;
  return `${n.toFixed(digits)}|${String(Math.trunc(n)).padStart(6, '*')}`;
}

export const jsDescribeTwice = (n: number): string => `${jsDescribe(n)} / ${jsDescribe(n, 0)}`;
