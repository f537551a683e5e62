/**
 * A hand-built IR module for the less common paths: labeled break/continue, Map/Set, tuples and
 * destructuring for-of, recursion, a two-variable C-style for, a nullable result, string methods,
 * a throwing loop condition, and an immutable class (no lock); plus the same code as JavaScript.
 */
import { arrayOf, classType, mapOf, optionalOf, setOf, type Expr, type IrModule, type IrType, type Stmt } from '../../../src/translate/ir.js';
import {
  assign, bin, BOOL, builtin, call, closure, cmp, const_, exprStmt, F64, field, fn, forOf, forRange, I64, if_, int, let_, local,
  method, num, o, p, param, ret, str, STRING, template, thisExpr, throw_,
} from './ir-builders.js';

const NUMS = arrayOf(F64);
const COUNTS: IrType = mapOf(STRING, F64);
const ENTRY: IrType = { kind: 'tuple', elements: [STRING, F64] };
const PAIR: IrType = { kind: 'tuple', elements: [I64, STRING] };
const loop = (kind: 'break' | 'continue', label?: string): Stmt => ({ kind, label, origin: o });
const ternary = (c: Expr, a: Expr, b: Expr): Expr => ({ kind: 'conditional', cond: c, then: a, else: b, type: a.type, origin: o });
const i = local('i', I64);
const j = local('j', I64);

const labels = fn('labels', [p('n', I64)], I64, [
  let_('count', I64, int(0)),
  { ...forRange('i', int(0), param('n', I64), [
    forRange('j', int(0), param('n', I64), [
      if_(cmp('>', bin('*', i, j), int(6)), [loop('break', 'outer')]),
      if_(cmp('>', j, i), [loop('continue', 'outer')]),
      assign(local('count', I64), int(1), '+='),
    ]),
  ]), label: 'outer' } as Stmt,
  ret(local('count', I64)),
]);

const w = local('w', STRING);
const wordCounts = fn('wordCounts', [p('text', STRING)], COUNTS, [
  const_('counts', COUNTS, builtin('Map.new', undefined, [], COUNTS)),
  forOf(['raw'], builtin('string.split', param('text', STRING), [str(' ')], arrayOf(STRING)), STRING, [
    const_('w', STRING, builtin('string.toLowerCase', builtin('string.trim', local('raw', STRING), [], STRING), [], STRING)),
    if_(cmp('==', builtin('string.length', w, [], I64), int(0)), [loop('continue')]),
    exprStmt(builtin('map.set', local('counts', COUNTS), [w, bin('+', { kind: 'logical', op: '??', left: builtin('map.get', local('counts', COUNTS), [w], optionalOf(F64)), right: num(0), type: F64, origin: o }, num(1))], COUNTS)),
  ]),
  ret(local('counts', COUNTS)),
]);

const a = param('a', ENTRY);
const b = param('b', ENTRY);
const at = (t: Expr, k: number, type: IrType): Expr => ({ kind: 'index', object: t, index: int(k), type, origin: o });
const topWords = fn('topWords', [p('text', STRING), p('k', I64, int(2))], arrayOf(STRING), [
  let_('entries', arrayOf(ENTRY), { kind: 'array', elements: [], type: arrayOf(ENTRY), origin: o }),
  forOf(['word', 'count'], call('wordCounts', [param('text', STRING)], COUNTS), ENTRY, [
    exprStmt(builtin('array.push', local('entries', arrayOf(ENTRY)), [{ kind: 'tuple', elements: [local('word', STRING), local('count', F64)], type: ENTRY, origin: o }], I64)),
  ]),
  exprStmt(builtin('array.sort', local('entries', arrayOf(ENTRY)), [closure([p('a', ENTRY), p('b', ENTRY)], F64, [
    if_(cmp('!=', at(a, 1, F64), at(b, 1, F64)), [ret(bin('-', at(b, 1, F64), at(a, 1, F64)))]),
    ret(ternary(cmp('<', at(a, 0, STRING), at(b, 0, STRING)), num(-1), num(1))),
  ])], arrayOf(ENTRY))),
  ret(builtin('array.map', builtin('array.slice', local('entries', arrayOf(ENTRY)), [int(0), param('k', I64)], arrayOf(ENTRY)), [
    closure([p('e', ENTRY)], STRING, [ret(template(at(param('e', ENTRY), 0, STRING), ':', at(param('e', ENTRY), 1, F64)))]),
  ], arrayOf(STRING))),
]);

const fib = fn('fib', [p('n', I64)], I64, [
  if_(cmp('<', param('n', I64), int(2)), [ret(param('n', I64))]),
  ret(bin('+', call('fib', [bin('-', param('n', I64), int(1))], I64), call('fib', [bin('-', param('n', I64), int(2))], I64))),
]);

const pairs = fn('pairs', [p('n', I64)], arrayOf(PAIR), [
  // As lowering gives it: the `(_, i) =>` mapper's unused first parameter is already dropped.
  ret(builtin('Array.from', undefined, [param('n', I64), closure([p('i', I64)], PAIR, [
    ret({ kind: 'tuple', elements: [param('i', I64), builtin('string.repeat', str('x'), [param('i', I64)], STRING)], type: PAIR, origin: o }),
  ])], arrayOf(PAIR))),
]);

const uniqueSorted = fn('uniqueSorted', [p('xs', NUMS)], NUMS, [
  const_('seen', setOf(F64), builtin('Set.new', undefined, [param('xs', NUMS)], setOf(F64))),
  exprStmt(builtin('set.add', local('seen', setOf(F64)), [num(0)], setOf(F64))),
  ret(builtin('array.sort', builtin('Array.from', undefined, [builtin('set.values', local('seen', setOf(F64)), [], NUMS)], NUMS), [
    closure([p('a', F64), p('b', F64)], F64, [ret(bin('-', param('a', F64), param('b', F64)))]),
  ], NUMS)),
]);

const classic = fn('classic', [p('n', I64)], STRING, [
  let_('out', STRING, str('')),
  { kind: 'for', init: [let_('i', I64, int(0)), let_('j', I64, param('n', I64))], cond: cmp('<', i, j), update: [assign(i, int(1), '+='), assign(j, int(1), '-=')], body: [
    assign(local('out', STRING), template(i, '-', j, ' '), '+='),
  ], origin: o },
  ret(local('out', STRING)),
]);

const firstNegative = fn('firstNegative', [p('xs', NUMS)], optionalOf(F64), [
  forOf(['x'], param('xs', NUMS), F64, [if_(cmp('<', local('x', F64), num(0)), [ret({ kind: 'some', value: local('x', F64), type: optionalOf(F64), origin: o })])]),
  ret({ kind: 'none', type: optionalOf(F64), origin: o }),
]);

const s = param('s', STRING);
const charInfo = fn('charInfo', [p('s', STRING)], STRING, [
  ret(template(
    builtin('string.length', s, [], I64), ':', builtin('string.charCodeAt', s, [int(0)], F64), ':', builtin('string.slice', s, [int(1), int(3)], STRING), ':',
    builtin('string.indexOf', s, [str('b')], I64), ':', builtin('string.includes', s, [str('c')], BOOL), ':', builtin('string.toUpperCase', s, [], STRING), ':',
    builtin('string.padEnd', s, [int(6), str('.')], STRING), ':', builtin('array.join', builtin('string.split', s, [str('')], arrayOf(STRING)), [str('|')], STRING), ':',
    builtin('array.length', builtin('Array.from', undefined, [s], arrayOf(STRING)), [], I64), ':',
    builtin('Date.toISOString', undefined, [bin('*', builtin('string.length', s, [], I64), int(86_400_000))], STRING),
  )),
]);

const check = fn('check', [p('x', F64)], BOOL, [
  if_(cmp('<', param('x', F64), num(0)), [throw_(template('negative ', param('x', F64)))]),
  ret(cmp('<', param('x', F64), num(10))),
], { throws: true, exported: false });

const sumWhileSmall = fn('sumWhileSmall', [p('xs', NUMS)], F64, [
  let_('k', I64, int(0)),
  let_('sum', F64, num(0)),
  { kind: 'while', cond: { kind: 'logical', op: '&&', left: cmp('<', local('k', I64), builtin('array.length', param('xs', NUMS), [], I64)), right: call('check', [{ kind: 'index', object: param('xs', NUMS), index: local('k', I64), type: F64, origin: o }], BOOL, true), type: BOOL, origin: o }, body: [
    assign(local('sum', F64), { kind: 'index', object: param('xs', NUMS), index: local('k', I64), type: F64, origin: o }, '+='),
    assign(local('k', I64), int(1), '+='),
  ], origin: o },
  ret(local('sum', F64)),
], { throws: true });

const self = thisExpr('Vec');
const vec = {
  kind: 'class' as const, name: 'Vec', exported: true, origin: o,
  fields: [
    { name: 'x', type: F64, readonly: true, visibility: 'private' as const, origin: o },
    { name: 'y', type: F64, readonly: true, visibility: 'private' as const, origin: o },
  ],
  constructorParams: [p('x', F64), p('y', F64)],
  constructorThrows: false,
  constructorBody: [assign(field(self, 'x', F64), param('x', F64)), assign(field(self, 'y', F64), param('y', F64))],
  methods: [
    method('length', [], F64, [ret(builtin('Math.hypot', undefined, [field(self, 'x', F64), field(self, 'y', F64)], F64))], { isGetter: true }),
    method('dot', [p('k', F64)], F64, [ret(bin('*', bin('+', field(self, 'x', F64), field(self, 'y', F64)), param('k', F64)))]),
    method('describe', [], STRING, [ret(template('(', field(self, 'x', F64), ', ', field(self, 'y', F64), ') |', { kind: 'methodCall', receiver: self, className: 'Vec', method: 'length', args: [], type: F64, throws: false, origin: o }, '|'))]),
  ],
};

export const miscModule: IrModule = {
  sourceFile: 'hand/misc.ts',
  name: 'misc',
  structs: [],
  enums: [],
  constants: [],
  functions: [labels, wordCounts, topWords, fib, pairs, uniqueSorted, classic, firstNegative, charInfo, check, sumWhileSmall],
  classes: [vec],
  entryPoints: ['labels', 'wordCounts', 'topWords', 'fib', 'pairs', 'uniqueSorted', 'classic', 'firstNegative', 'charInfo', 'sumWhileSmall', 'Vec'],
};
export const VEC_TYPE = classType('Vec');

// ---------------------------------------------------------------------------------------------
// The same code as JavaScript.

export const jsMisc = {
  labels(n: number): number {
    let count = 0;
    outer: for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i * j > 6) break outer;
        if (j > i) continue outer;
        count += 1;
      }
    }
    return count;
  },
  wordCounts(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const raw of text.split(' ')) {
      const w = raw.trim().toLowerCase();
      if (w.length === 0) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    return counts;
  },
  topWords(text: string, k = 2): string[] {
    const entries: [string, number][] = [];
    for (const [word, count] of jsMisc.wordCounts(text)) entries.push([word, count]);
    entries.sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : a[0] < b[0] ? -1 : 1));
    return entries.slice(0, k).map((e) => `${e[0]}:${e[1]}`);
  },
  fib(n: number): number {
    return n < 2 ? n : jsMisc.fib(n - 1) + jsMisc.fib(n - 2);
  },
  pairs: (n: number): [number, string][] => Array.from({ length: n }, (_, i) => [i, 'x'.repeat(i)]),
  uniqueSorted(xs: number[]): number[] {
    const seen = new Set(xs);
    seen.add(0);
    return Array.from(seen.values()).sort((a, b) => a - b);
  },
  classic(n: number): string {
    let out = '';
    for (let i = 0, j = n; i < j; i++, j--) out += `${i}-${j} `;
    return out;
  },
  firstNegative: (xs: number[]): number | undefined => xs.find((x) => x < 0),
  charInfo: (s: string): string =>
    `${s.length}:${s.charCodeAt(0)}:${s.slice(1, 3)}:${s.indexOf('b')}:${s.includes('c')}:${s.toUpperCase()}:${s.padEnd(6, '.')}:${s.split('').join('|')}:` +
    `${Array.from(s).length}:${new Date(s.length * 86_400_000).toISOString()}`,
  sumWhileSmall(xs: number[]): number {
    const check = (x: number): boolean => {
      if (x < 0) throw new Error(`negative ${x}`);
      return x < 10;
    };
    let k = 0;
    let sum = 0;
    while (k < xs.length && check(xs[k]!)) sum += xs[k++]!;
    return sum;
  },
};

export class JsVec {
  constructor(private readonly x: number, private readonly y: number) {}
  get length(): number {
    return Math.hypot(this.x, this.y);
  }
  dot(k: number): number {
    return (this.x + this.y) * k;
  }
  describe(): string {
    return `(${this.x}, ${this.y}) |${this.length}|`;
  }
}
