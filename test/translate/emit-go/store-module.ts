/**
 * A hand-built IR class module in the spirit of inventory.ts: a Map field, a counter with an
 * initializer, mutating and reading methods, a getter, private helpers, a throwing constructor,
 * the clock; plus the same class as JavaScript to record call sequences from.
 */
import { arrayOf, optionalOf, structType, type ClassDecl, type Expr, type IrModule, type IrType, type Stmt } from '../../../src/translate/ir.js';
import {
  assign, BOOL, builtin, cmp, closure, const_, F64, field, forOf, I64, if_, int, let_, local, method, not, num, o, p, param,
  ret, str, STRING, structLit, template, thisExpr, throw_,
} from './ir-builders.js';

const ITEM = structType('StockItem');
const ITEMS: IrType = { kind: 'map', key: STRING, value: ITEM };
const self = thisExpr('StockStore');
const items = field(self, 'items', ITEMS);
const prefix = field(self, 'prefix', STRING);
const writes = field(self, 'writes', I64);
const sku = param('sku', STRING);
const quantity = param('quantity', F64);
const key = template(prefix, '-', sku);
const callThis = (name: string, args: Expr[], t: IrType, throws = false): Expr => ({
  kind: 'methodCall', receiver: self, className: 'StockStore', method: name, args, type: t, throws, origin: o,
});
const stamp = builtin('Date.toISOString', undefined, [], STRING);
const itemField = (e: Expr, name: string, t: IrType = F64): Expr => field(e, name, t);
const conditional = (c: Expr, a: Expr, b: Expr): Expr => ({ kind: 'conditional', cond: c, then: a, else: b, type: a.type, origin: o });

const addBody: Stmt[] = [
  if_({ kind: 'logical', op: '||', left: not(builtin('Number.isInteger', undefined, [quantity], BOOL)), right: cmp('<', quantity, num(1)), type: BOOL, origin: o }, [
    throw_(template('invalid quantity ', quantity)),
  ]),
  const_('key', STRING, key),
  const_('existing', optionalOf(ITEM), builtin('map.get', items, [local('key', STRING)], optionalOf(ITEM))),
  if_({ kind: 'isNone', value: local('existing', optionalOf(ITEM)), negated: true, type: BOOL, origin: o }, [
    assign(itemField(local('existing', ITEM), 'quantity'), quantity, '+='),
    assign(itemField(local('existing', ITEM), 'updatedAt', STRING), callThis('now', [], STRING)),
    assign(writes, int(1), '+='),
    ret(callThis('copy', [local('existing', ITEM)], ITEM)),
  ]),
  const_('item', ITEM, structLit('StockItem', [['sku', local('key', STRING)], ['quantity', quantity], ['updatedAt', callThis('now', [], STRING)]])),
  { kind: 'expr', expr: builtin('map.set', items, [local('key', STRING), local('item', ITEM)], ITEMS), origin: o },
  assign(writes, int(1), '+='),
  ret(callThis('copy', [local('item', ITEM)], ITEM)),
];

const takeBody: Stmt[] = [
  const_('item', ITEM, callThis('requireItem', [sku], ITEM, true)),
  if_(cmp('<', itemField(local('item', ITEM), 'quantity'), quantity), [
    throw_(template('insufficient stock for ', sku, ': ', itemField(local('item', ITEM), 'quantity'), ' < ', quantity)),
  ]),
  assign(itemField(local('item', ITEM), 'quantity'), quantity, '-='),
  assign(writes, int(1), '+='),
  ret(itemField(local('item', ITEM), 'quantity')),
];

const totalBody: Stmt[] = [
  let_('sum', F64, num(0)),
  forOf(['item'], builtin('map.values', items, [], arrayOf(ITEM)), ITEM, [assign(local('sum', F64), itemField(local('item', ITEM), 'quantity'), '+=')]),
  ret(local('sum', F64)),
];

const a = param('a', STRING);
const b = param('b', STRING);
const skusBody: Stmt[] = [
  ret(builtin('array.sort', builtin('Array.from', undefined, [builtin('map.keys', items, [], arrayOf(STRING))], arrayOf(STRING)), [
    closure([p('a', STRING), p('b', STRING)], I64, [ret(conditional(cmp('<', a, b), int(-1), conditional(cmp('>', a, b), int(1), int(0))))]),
  ], arrayOf(STRING))),
];

const removeBody: Stmt[] = [
  const_('removed', BOOL, builtin('map.delete', items, [key], BOOL)),
  if_(local('removed', BOOL), [assign(writes, int(1), '+=')]),
  ret(local('removed', BOOL)),
];

const statsBody: Stmt[] = [
  ret(template('items=', builtin('map.size', items, [], I64), ' writes=', writes, ' total=', field(self, 'total', F64))),
];

const requireItemBody: Stmt[] = [
  const_('item', optionalOf(ITEM), builtin('map.get', items, [key], optionalOf(ITEM))),
  if_({ kind: 'isNone', value: local('item', optionalOf(ITEM)), negated: false, type: BOOL, origin: o }, [throw_(template('unknown sku ', sku))]),
  ret({ kind: 'unwrap', value: local('item', optionalOf(ITEM)), type: ITEM, origin: o }),
];

const itemParam = param('item', ITEM);
const store: ClassDecl = {
  kind: 'class',
  name: 'StockStore',
  exported: true,
  origin: o,
  doc: 'Stock per SKU, read-heavy.',
  fields: [
    { name: 'items', type: ITEMS, readonly: true, visibility: 'private', origin: o },
    { name: 'prefix', type: STRING, readonly: true, visibility: 'private', origin: o },
    { name: 'writes', type: I64, readonly: false, visibility: 'private', initializer: int(0), origin: o },
  ],
  constructorParams: [p('prefix', STRING)],
  constructorThrows: true,
  constructorBody: [
    if_(cmp('==', builtin('string.length', param('prefix', STRING), [], I64), int(0)), [throw_(str('prefix must not be empty'))]),
    assign(items, builtin('Map.new', undefined, [], ITEMS)),
    assign(prefix, builtin('string.toUpperCase', param('prefix', STRING), [], STRING)),
  ],
  methods: [
    method('add', [p('sku', STRING), p('quantity', F64)], ITEM, addBody, { mutates: true, throws: true }),
    method('take', [p('sku', STRING), p('quantity', F64)], F64, takeBody, { mutates: true, throws: true }),
    method('has', [p('sku', STRING)], BOOL, [ret(builtin('map.has', items, [key], BOOL))]),
    method('total', [], F64, totalBody, { isGetter: true }),
    method('skus', [], arrayOf(STRING), skusBody),
    method('remove', [p('sku', STRING)], BOOL, removeBody, { mutates: true }),
    method('stats', [], STRING, statsBody),
    method('requireItem', [p('sku', STRING)], ITEM, requireItemBody, { visibility: 'private', throws: true }),
    method('copy', [p('item', ITEM)], ITEM, [
      ret(structLit('StockItem', [['sku', itemField(itemParam, 'sku', STRING)], ['quantity', itemField(itemParam, 'quantity')], ['updatedAt', itemField(itemParam, 'updatedAt', STRING)]])),
    ], { visibility: 'private' }),
    method('now', [], STRING, [ret(stamp)], { visibility: 'private', nondeterministic: true }),
  ],
};

export const storeModule: IrModule = {
  sourceFile: 'hand/store.ts',
  name: 'store',
  enums: [],
  structs: [{ kind: 'struct', name: 'StockItem', exported: true, origin: o, fields: [
    { name: 'sku', type: STRING, optional: false },
    { name: 'quantity', type: F64, optional: false },
    { name: 'updatedAt', type: STRING, optional: false },
  ] }],
  constants: [],
  functions: [],
  classes: [store],
  entryPoints: ['StockStore'],
};

// ---------------------------------------------------------------------------------------------
// The same class as JavaScript; `clockMs` stands in for the pinned clock.

interface Item { sku: string; quantity: number; updatedAt: string }

export class JsStockStore {
  private items = new Map<string, Item>();
  private prefix: string;
  private writes = 0;
  constructor(prefix: string, private readonly clockMs: number) {
    if (prefix.length === 0) throw new Error('prefix must not be empty');
    this.prefix = prefix.toUpperCase();
  }
  add(sku: string, quantity: number): Item {
    if (!Number.isInteger(quantity) || quantity < 1) throw new Error(`invalid quantity ${quantity}`);
    const key = `${this.prefix}-${sku}`;
    const existing = this.items.get(key);
    if (existing !== undefined) {
      existing.quantity += quantity;
      existing.updatedAt = this.now();
      this.writes += 1;
      return { ...existing };
    }
    const item = { sku: key, quantity, updatedAt: this.now() };
    this.items.set(key, item);
    this.writes += 1;
    return { ...item };
  }
  take(sku: string, quantity: number): number {
    const item = this.items.get(`${this.prefix}-${sku}`);
    if (item === undefined) throw new Error(`unknown sku ${sku}`);
    if (item.quantity < quantity) throw new Error(`insufficient stock for ${sku}: ${item.quantity} < ${quantity}`);
    item.quantity -= quantity;
    this.writes += 1;
    return item.quantity;
  }
  has(sku: string): boolean {
    return this.items.has(`${this.prefix}-${sku}`);
  }
  get total(): number {
    let sum = 0;
    for (const item of this.items.values()) sum += item.quantity;
    return sum;
  }
  skus(): string[] {
    return Array.from(this.items.keys()).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  }
  remove(sku: string): boolean {
    const removed = this.items.delete(`${this.prefix}-${sku}`);
    if (removed) this.writes += 1;
    return removed;
  }
  stats(): string {
    return `items=${this.items.size} writes=${this.writes} total=${this.total}`;
  }
  private now(): string {
    return new Date(this.clockMs).toISOString();
  }
}
