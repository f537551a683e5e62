import { describe, expect, it } from 'vitest';
import { atom, binary, call, render, unary, type GoExpr } from '../../../src/translate/emit-go/syntax.js';
import { GoNames, goLocalName, goPackageName, receiverName, toCamel, toPascal } from '../../../src/translate/emit-go/names.js';
import type { FunctionDecl, IrModule } from '../../../src/translate/ir.js';
import { fn, VOID } from './ir-builders.js';

const emptyModule: IrModule = { sourceFile: 'x.ts', name: 'x', structs: [], enums: [], constants: [], functions: [], classes: [], entryPoints: [] };
const emptyFn: FunctionDecl = fn('f', [], VOID, []);

const x = atom('x');
const y = atom('y');
const b = (op: string, l: GoExpr, r: GoExpr): GoExpr => binary(op, l, r);

describe('Go expression printing follows gofmt spacing', () => {
  // Expected strings are what gofmt prints for the same expressions.
  it.each<[string, GoExpr, string]>([
    ['one precedence level keeps blanks', b('/', b('*', x, atom('100')), atom('100')), 'x * 100 / 100'],
    ['mixed levels drop blanks around the tighter operator', b('+', b('*', atom('amount'), atom('100')), atom('3')), 'amount*100 + 3'],
    ['arguments of a multi-argument call are compact', call('f2', b('*', x, atom('2')), b('+', y, atom('1'))), 'f2(x*2, y+1)'],
    ['unary operands', b('*', unary('-', x), unary('-', y)), '-x * -y'],
    ['binary minus before a unary minus keeps its blanks', b('-', x, unary('-', y)), 'x - -y'],
    ['a looser left operand is parenthesised', b('*', b('+', x, y), atom('2')), '(x + y) * 2'],
    ['a right operand of equal precedence is parenthesised', b('/', x, b('*', y, atom('2'))), 'x / (y * 2)'],
    ['nested call inside parentheses', b('/', atom('1'), b('+', atom('1'), call('f3', b('*', x, y)))), '1 / (1 + f3(x*y))'],
    ['comparison of sums', b('<', b('+', x, atom('1')), b('*', y, atom('2'))), 'x+1 < y*2'],
    ['! of a comparison', unary('!', b('>', x, atom('0'))), '!(x > 0)'],
  ])('%s', (_, expr, expected) => {
    expect(render(expr)).toBe(expected);
  });
});

describe('Go names', () => {
  it('exported names are PascalCase with Go initialisms', () => {
    expect(toPascal('productId')).toBe('ProductID');
    expect(toPascal('MARKET_SIZE')).toBe('MarketSize');
    expect(toPascal('httpServerUrl')).toBe('HTTPServerURL');
    expect(toPascal('quotePrice')).toBe('QuotePrice');
  });
  it('internal names are camelCase', () => {
    expect(toCamel('reservationId')).toBe('reservationID');
    expect(toCamel('MIN_PRICE_MULTIPLE')).toBe('minPriceMultiple');
    expect(toCamel('URLPath')).toBe('urlPath');
  });
  it('locals avoid keywords, builtins, package names and reserved prefixes', () => {
    const none = new Set<string>();
    expect(goLocalName('type', none)).toBe('type_');
    expect(goLocalName('len', none)).toBe('len_');
    expect(goLocalName('math', none)).toBe('math_');
    expect(goLocalName('err', none)).toBe('err_');
    expect(goLocalName('jsRound', none)).toBe('vJsRound');
    expect(goLocalName('tmp1', none)).toBe('vTmp1');
    expect(goLocalName('s', new Set(['s']))).toBe('s_');
    expect(goLocalName('price', none)).toBe('price');
  });
  it('package names and receivers', () => {
    expect(goPackageName('order-service')).toBe('orderservice');
    expect(goPackageName('strings')).toBe('stringspkg');
    expect(goPackageName('jsrt')).toBe('jsrtpkg');
    expect(receiverName('InventoryStore')).toBe('s');
    expect(receiverName('Counter')).toBe('c');
    const names = new GoNames({ ...emptyModule, functions: [{ ...emptyFn, name: 'init', exported: false }] });
    expect(names.func('init')).toBe('init_');
  });
});
