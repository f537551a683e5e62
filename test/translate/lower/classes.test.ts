import { describe, expect, it } from 'vitest';
import { exprsOf, lower, typeText } from './lower-helpers.js';

describe('classes', () => {
  it('lowers fields, initialisers, constructor, methods and getters', () => {
    const r = lower(`
export class Account {
  private balance = 0;
  readonly history: number[] = [];
  constructor(readonly owner: string, opening: number) {
    if (opening < 0) throw new Error('negative opening balance');
    this.balance = opening;
  }
  get total(): number { return this.balance; }
  deposit(amount: number): number {
    this.balance += amount;
    this.history.push(amount);
    return this.total;
  }
}`);
    expect(r.errors).toEqual([]);
    const cls = r.cls('Account');
    expect(cls.fields.map((f) => `${f.name}:${typeText(f.type)}${f.initializer ? '=' : ''}`)).toEqual([
      'balance:f64=', 'history:f64[]=', 'owner:string',
    ]);
    expect(cls.constructorParams.map((p) => p.name)).toEqual(['owner', 'opening']);
    expect(cls.constructorThrows).toBe(true);
    expect(cls.methods.map((m) => `${m.name}:${m.isGetter}`)).toEqual(['total:true', 'deposit:false']);
    const getterCall = exprsOf(r.method('Account', 'deposit').body, 'methodCall')[0]!;
    expect(getterCall).toMatchObject({ method: 'total', args: [], receiver: { kind: 'this' } });
    expect(r.method('Account', 'deposit').mutates).toBe(true);
    expect(r.method('Account', 'total').mutates).toBe(false);
  });

  it('constructs classes with new and calls their methods from functions', () => {
    const r = lower(`
class Counter { private n = 0; inc(): void { this.n++; } get value(): number { return this.n; } }
export function count(xs: string[]): number {
  const c = new Counter();
  for (const _ of xs) c.inc();
  return c.value;
}`);
    expect(r.errors).toEqual([]);
    expect(exprsOf(r.fn('count').body, 'new')[0]).toMatchObject({ className: 'Counter', args: [] });
    expect(typeText(r.fn('count').result)).toBe('i64');
  });

  it('monomorphises a generic container class per type argument', () => {
    const r = lower(`
class Stack<T> {
  private items: T[] = [];
  push(item: T): void { this.items.push(item); }
  pop(): T | undefined { return this.items.pop(); }
  get size(): number { return this.items.length; }
}
export function f(words: string[]): number {
  const a = new Stack<string>();
  const b = new Stack<number>();
  for (const w of words) { a.push(w); b.push(w.length); }
  return a.size + (b.pop() ?? 0);
}`);
    expect(r.errors).toEqual([]);
    expect(r.module.classes.map((c) => c.name)).toEqual(['StackString', 'StackNumber']);
    expect(r.cls('StackString').fields.map((f) => typeText(f.type))).toEqual(['string[]']);
    expect(r.cls('StackNumber').fields.map((f) => typeText(f.type))).toEqual(['i64[]']);
    expect(typeText(r.method('StackNumber', 'pop').result)).toBe('i64?');
    expect(exprsOf(r.fn('f').body, 'methodCall').map((m) => `${m.className}.${m.method}`)).toEqual([
      'StackString.push', 'StackNumber.push', 'StackString.size', 'StackNumber.pop',
    ]);
  });
});
