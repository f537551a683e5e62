/**
 * Shared classes in Rust (`ClassDecl.shared`: list, tree and trie nodes). An instance is a
 * handle, `Node(jsrt::Shared<NodeState>)`: clones are the same object and `==` compares
 * identity, as JavaScript references do, so code that walks and relinks nodes through aliases
 * (`let current = this.head; … previous.next = node`) keeps its meaning exactly.
 *
 * The object's fields sit behind a lock that is taken only for one access: every read, write or
 * builtin call on a path through a handle prints as one closure over the object's state,
 * `node.0.read(|st| st.next.clone())`, `node.0.write(|st| st.children.set(key, child))`. What
 * the closure evaluates besides the state — index expressions, arguments, an assigned value —
 * is computed before it whenever it could reach an object (a call, a read through a handle), so
 * no object is ever locked twice and no lock outlives its statement. Values read out are owned
 * (a field of a node is cloned out; for a node, that is another handle).
 */
import type { AssignStmt, Expr, IrType } from '../ir.js';
import { methodKey } from './analysis.js';
import { out, P, paren, type EmitCtx, type Out, type Want } from './context.js';
import { expr } from './expressions.js';
import { typeName } from './names.js';
import { visitExpr } from './walk.js';

export function isSharedObject(type: IrType): boolean {
  return type.kind === 'class' && type.shared === true;
}

const STATE = '#state';
/** A struct no module declares: field access on the state prints as a plain `st.field`. */
const STATE_TYPE: IrType = { kind: 'struct', name: STATE };

const isState = (e: Expr): boolean => e.kind === 'ident' && e.name === STATE;

/** The access chain below `e`: the object a field, index, builtin or method call works on. */
function chainChild(ctx: EmitCtx, e: Expr): { child: Expr; rebuild: (c: Expr) => Expr } | undefined {
  switch (e.kind) {
    case 'field':
      if (isSharedObject(e.object.type) && !ctx.classes.get((e.object.type as { name: string }).name)?.fields.some((f) => f.name === e.field)) return undefined;
      return { child: e.object, rebuild: (c) => ({ ...e, object: c }) };
    case 'index':
      return { child: e.object, rebuild: (c) => ({ ...e, object: c }) };
    case 'builtin':
      if (!e.receiver || e.args.some((a) => a.kind === 'closure' && touchesObjects(a))) return undefined;
      return { child: e.receiver, rebuild: (c) => ({ ...e, receiver: c }) };
    case 'methodCall':
      // A shared class's own methods are called on the handle.
      if (isSharedObject(e.receiver.type)) return undefined;
      return { child: e.receiver, rebuild: (c) => ({ ...e, receiver: c }) };
    case 'isNone':
    case 'unwrap':
      return { child: e.value, rebuild: (c) => ({ ...e, value: c }) };
    default:
      return undefined;
  }
}

interface SharedAccess {
  /** The last handle on the path (`current`, `self`, `previous.next!`). */
  handle: Expr;
  /** The access with the handle replaced by the object's state. */
  rest: Expr;
}

/** Splits an access whose path runs through a handle at the last handle on it. */
export function splitShared(ctx: EmitCtx, e: Expr): SharedAccess | undefined {
  const step = chainChild(ctx, e);
  if (!step || isState(step.child)) return undefined;
  if (isSharedObject(step.child.type)) return { handle: step.child, rest: step.rebuild(stateIdent(e)) };
  const inner = splitShared(ctx, step.child);
  return inner && { handle: inner.handle, rest: step.rebuild(inner.rest) };
}

function stateIdent(at: Expr): Expr {
  return { kind: 'ident', name: STATE, binding: 'local', type: STATE_TYPE, origin: at.origin };
}

/** Whether evaluating `e` could reach an object behind a handle (then it runs before the lock). */
function touchesObjects(e: Expr): boolean {
  let found = false;
  visitExpr(e, {
    expr: (x) => {
      if (x.kind === 'call' || x.kind === 'methodCall' || x.kind === 'new') found = true;
      if ((x.kind === 'field' || x.kind === 'index') && isSharedObject(x.object.type)) found = true;
    },
  });
  return found;
}

interface Hoisted {
  name: string;
  value: Expr;
}

/** The rest of an access with every argument that could reach an object replaced by a local computed first. */
function hoistArgs(e: Expr, lets: Hoisted[]): Expr {
  const one = (arg: Expr): Expr => {
    if (arg.kind === 'closure' || !touchesObjects(arg)) return arg;
    const name = `#hoisted${lets.length}`;
    lets.push({ name, value: arg });
    return { kind: 'ident', name, binding: 'local', type: arg.type, origin: arg.origin };
  };
  switch (e.kind) {
    case 'field':
      return { ...e, object: hoistArgs(e.object, lets) };
    case 'index':
      return { ...e, object: hoistArgs(e.object, lets), index: one(e.index) };
    case 'builtin':
      return { ...e, receiver: e.receiver && hoistArgs(e.receiver, lets), args: e.args.map(one) };
    case 'methodCall':
      return { ...e, receiver: hoistArgs(e.receiver, lets), args: e.args.map(one) };
    case 'isNone':
    case 'unwrap':
      return { ...e, value: hoistArgs(e.value, lets) };
    default:
      return e;
  }
}

/** Whether the access changes the object (a mutating builtin or method on its state). */
function mutates(ctx: EmitCtx, e: Expr): boolean {
  let found = false;
  visitExpr(e, {
    expr: (x) => {
      if (x.kind === 'builtin' && MUTATING.has(x.name) && x.receiver && reachesState(x.receiver)) found = true;
      if (x.kind === 'methodCall' && reachesState(x.receiver) && (ctx.facts.methodMutates.get(methodKey(x.className, x.method)) ?? false)) found = true;
    },
  });
  return found;
}

const MUTATING = new Set(['array.push', 'array.pop', 'array.shift', 'array.unshift', 'array.sort', 'array.reverse', 'array.fill', 'map.set', 'map.delete', 'map.clear', 'set.add', 'set.delete', 'set.clear']);

function reachesState(e: Expr): boolean {
  let found = false;
  visitExpr(e, { expr: (x) => (isState(x) ? (found = true) : undefined) });
  return found;
}

/** A Rust name no binding in scope has (a TS local may be called `st` or `value` too). */
function freshName(ctx: EmitCtx, base: string): string {
  const taken = ctx.visibleRustNames();
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!taken.has(name)) return name;
  }
}

const HOISTED_NAMES: Record<string, string> = { '#handle': 'object', '#value': 'value' };

/** `let` lines for hoisted arguments, declared for what follows. */
function printLets(ctx: EmitCtx, lets: Hoisted[]): string[] {
  return lets.map((l) => {
    const rust = freshName(ctx, HOISTED_NAMES[l.name] ?? 'arg');
    const text = `let ${rust} = ${expr(ctx, l.value, 'owned').text};`;
    ctx.declare(l.name, { rust, kind: 'owned', type: l.value.type });
    return text;
  });
}

function lock(ctx: EmitCtx, handle: Expr, write: boolean, body: (st: string) => string): string {
  const h = paren(expr(ctx, handle, 'read'), P.postfix);
  const st = freshName(ctx, 'st');
  return ctx.scoped(() => {
    ctx.declare(STATE, { rust: st, kind: write ? 'mutref' : 'ref', type: STATE_TYPE });
    return `${h}.0.${write ? 'write' : 'read'}(|${st}| ${body(st)})`;
  });
}

/** An access through a handle (a read, a builtin or method call on a node's field), or undefined. */
export function printSharedAccess(ctx: EmitCtx, e: Expr, want: Want): Out | undefined {
  const split = splitShared(ctx, e);
  if (!split) return undefined;
  return ctx.scoped(() => {
    const lets: Hoisted[] = [];
    const rest = hoistArgs(split.rest, lets);
    const pre = printLets(ctx, lets);
    const call = lock(ctx, split.handle, mutates(ctx, rest), () => expr(ctx, rest, 'owned').text);
    const text = pre.length === 0 ? call : `{\n    ${pre.join('\n    ')}\n    ${call}\n}`;
    const o = out(text, pre.length === 0 ? P.postfix : P.atom);
    return want === 'borrow' || want === 'mut' ? out(`&${want === 'mut' ? 'mut ' : ''}${paren(o, P.unary)}`, P.unary) : o;
  });
}

/**
 * An assignment into an object behind a handle: `node.0.write(|st| st.next = value)`, the
 * value (and the handle, when the value could change what it names) computed first.
 */
export function printSharedAssign(ctx: EmitCtx, s: AssignStmt, printInner: (s: AssignStmt) => string[]): string[] | undefined {
  const split = splitShared(ctx, s.target);
  if (!split) return undefined;
  return ctx.scoped(() => {
    const lets: Hoisted[] = [];
    const simpleHandle = split.handle.kind === 'ident' || split.handle.kind === 'this';
    let handle = split.handle;
    if (!simpleHandle && touchesObjects(s.value)) {
      // JavaScript evaluates the object before the value.
      lets.push({ name: '#handle', value: split.handle });
      handle = { kind: 'ident', name: '#handle', binding: 'local', type: split.handle.type, origin: split.handle.origin };
    }
    const target = hoistArgs(split.rest, lets);
    let value = s.value;
    if (touchesObjects(value)) {
      lets.push({ name: '#value', value });
      value = { kind: 'ident', name: '#value', binding: 'local', type: value.type, origin: value.origin };
    }
    const pre = printLets(ctx, lets);
    const text = lock(ctx, handle, true, () => {
      const lines = printInner({ ...s, target, value });
      return lines.length === 1 ? lines[0]!.replace(/;$/, '') : `{\n${lines.map((l) => `    ${l}`).join('\n')}\n}`;
    });
    return [...pre, `${text};`];
  });
}

/** Rust name of a shared class's state struct: `ListNode` → `ListNodeState`. */
export function stateStructName(className: string): string {
  return `${typeName(className)}State`;
}
