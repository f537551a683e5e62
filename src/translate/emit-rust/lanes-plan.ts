/**
 * Which loops the lane printer (lanes.ts) takes, and the kernels they call.
 *
 * Only shapes where nothing about the result changes are taken (see lanes.ts): a loop over an array held in a place (a local, a
 * parameter, a constant, a field; or a counted loop over 0..xs.length that only reads xs[i])
 * whose body is one `acc += …` / `acc -= …`. The value is either `f(…)`, a module function
 * returning a number that takes the element exactly once, whose other arguments are pure
 * number expressions that mention neither the element nor the accumulator, and whose body is
 * `const` declarations then `return`; or an expression of the element, made into a kernel of
 * its own. Everything that depends on the element is built from its number fields, `+ - * /`,
 * unary minus, and Math.exp / log / sqrt / abs / min / max, with at least one exp, log, sqrt
 * or division (lighter work does not pay for the lanes). Anything else prints as the ordinary
 * loop.
 */
import type { AssignStmt, CallExpr, Expr, ForOfStmt, ForRangeStmt, FunctionDecl, IrModule, Param, Stmt } from '../ir.js';
import type { IrType } from '../ir-types.js';
import { F64 } from '../ir-types.js';
import { mapExpr } from '../ir-walk.js';
import { usedNames } from './analysis.js';
import { snakeCase } from './names.js';
import { countMentionsInExpr, stmtBodies, visitExpr } from './walk.js';

/** A function printed a second time with one parameter in lanes (a module function, or a loop's fold made into one). */
export interface LaneKernel {
  fn: FunctionDecl;
  /** Index of the parameter that receives the element. */
  lane: number;
  /** Rust name of the lane version. */
  rust: string;
  /** For a kernel made from a loop's own fold expression: the function the loop is in. */
  foldOf?: string;
}

export interface LaneLoop {
  kernel: LaneKernel;
  fold: AssignStmt;
  call: CallExpr;
}

export interface LanePlan {
  loops: Map<ForOfStmt, LaneLoop>;
  /** Counted loops over `0 .. xs.length` that only read `xs[i]`: the for-of they are planned as. */
  ranges: Map<ForRangeStmt, ForOfStmt>;
  /** Lane versions to print, keyed by the function they follow (the scalar one, or the loop's). */
  kernels: Map<string, LaneKernel[]>;
}

const LANE_MATH = new Set(['Math.exp', 'Math.log', 'Math.sqrt', 'Math.abs', 'Math.min', 'Math.max']);
const PURE_MATH = new Set([
  'Math.abs', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.sign', 'Math.sqrt', 'Math.cbrt', 'Math.exp',
  'Math.expm1', 'Math.log', 'Math.log1p', 'Math.log2', 'Math.log10', 'Math.pow', 'Math.min', 'Math.max', 'Math.hypot',
]);
const isNumber = (t: IrType): boolean => t.kind === 'f64' || t.kind === 'i64';
export const mentions = (e: Expr, names: ReadonlySet<string>): boolean => [...names].some((n) => countMentionsInExpr(e, n) > 0);

/** A value read from a place: a local, parameter, constant or `this`, or a field of one. */
function pureObject(e: Expr): boolean {
  if (e.kind === 'field') return pureObject(e.object);
  return e.kind === 'this' || (e.kind === 'ident' && e.binding !== 'function');
}

/** A number (or boolean) expression without side effects, cheap to evaluate once instead of per element. */
function pure(e: Expr): boolean {
  switch (e.kind) {
    case 'number':
    case 'bool':
      return true;
    case 'ident':
      return e.binding !== 'function' && (isNumber(e.type) || e.type.kind === 'bool');
    case 'field':
      return isNumber(e.type) && pureObject(e.object);
    case 'unary':
    case 'convert':
      return pure(e.kind === 'unary' ? e.operand : e.value);
    case 'binary':
      return e.op !== 'concat' && pure(e.left) && pure(e.right);
    case 'conditional':
      return pure(e.cond) && pure(e.then) && pure(e.else);
    case 'builtin':
      return PURE_MATH.has(e.name) && e.args.every(pure);
    default:
      return false;
  }
}

/** Whether `e` can be printed in lanes, given the names that hold lane values. */
function laneable(e: Expr, lanes: ReadonlySet<string>, laneStruct: string | undefined): boolean {
  if (!mentions(e, lanes)) return pure(e);
  switch (e.kind) {
    case 'ident':
      return e.name !== laneStruct;
    case 'field':
      return e.object.kind === 'ident' && e.object.name === laneStruct && isNumber(e.type);
    case 'convert':
      return e.to === 'f64' && laneable(e.value, lanes, laneStruct);
    case 'unary':
      return e.op === '-' && e.type.kind === 'f64' && laneable(e.operand, lanes, laneStruct);
    case 'binary':
      return ['+', '-', '*', '/'].includes(e.op) && e.type.kind === 'f64' && laneable(e.left, lanes, laneStruct) && laneable(e.right, lanes, laneStruct);
    case 'builtin': {
      const arity = e.name === 'Math.min' || e.name === 'Math.max' ? e.args.length >= 1 : e.args.length === 1;
      return LANE_MATH.has(e.name) && arity && e.type.kind === 'f64' && e.args.every((a) => laneable(a, lanes, laneStruct));
    }
    default:
      return false;
  }
}

/** Whether the lane-dependent part of `e` does something worth four lanes: exp, log, sqrt or a division. */
function heavy(e: Expr, lanes: ReadonlySet<string>): boolean {
  let found = false;
  visitExpr(e, {
    expr: (x) => {
      const costly = (x.kind === 'builtin' && ['Math.exp', 'Math.log', 'Math.sqrt'].includes(x.name)) || (x.kind === 'binary' && x.op === '/');
      if (costly && mentions(x, lanes)) found = true;
    },
  });
  return found;
}

/** Whether `fn` can run with parameter `lane` in lanes (see the file comment). */
function laneKernel(fn: FunctionDecl, lane: number): boolean {
  if (fn.throws || fn.nondeterministic || fn.result.kind !== 'f64' || fn.body.length === 0) return false;
  const laneParam = fn.params[lane]!;
  const laneStruct = laneParam.type.kind === 'struct' ? laneParam.name : undefined;
  if (laneParam.type.kind !== 'f64' && !laneStruct) return false;
  if (fn.params.some((p, i) => p.reassigned || (i !== lane && !isNumber(p.type)))) return false;
  const lanes = new Set([laneParam.name]);
  const last = fn.body[fn.body.length - 1]!;
  if (last.kind !== 'return' || !last.value || !mentions(last.value, lanes)) return false;
  let worth = false;
  for (const s of fn.body.slice(0, -1)) {
    if (s.kind !== 'var' || s.mutable || !s.init || s.writeBack) return false;
    if (!laneable(s.init, lanes, laneStruct)) return false;
    if (mentions(s.init, lanes)) {
      if (s.type.kind !== 'f64') return false;
      worth ||= heavy(s.init, lanes);
      lanes.add(s.name);
    }
  }
  // A light body (x * x) gains nothing: building the lanes and the in-order fold cost more.
  return laneable(last.value, lanes, laneStruct) && (worth || heavy(last.value, lanes));
}

type KernelFor = (fn: FunctionDecl, lane: number, foldOf?: string) => LaneKernel;

/**
 * `acc += <expression of the element>` without a function of its own: the expression becomes
 * the body of a kernel whose parameters are the element and the numbers it reads.
 */
function inlineFold(s: ForOfStmt, fold: AssignStmt, owner: string, kernelFor: KernelFor): LaneLoop | undefined {
  const binding = s.bindings[0]!;
  const value = fold.value;
  const laneStruct = s.elementType.kind === 'struct' ? binding : undefined;
  const lanes = new Set([binding]);
  if (!mentions(value, lanes) || !laneable(value, lanes, laneStruct) || !heavy(value, lanes)) return undefined;
  const free = new Map<string, Expr & { kind: 'ident' }>();
  let usesThis = false;
  visitExpr(value, {
    expr: (e) => {
      if (e.kind === 'this') usesThis = true;
      if (e.kind === 'ident' && e.name !== binding && (e.binding === 'local' || e.binding === 'param')) free.set(e.name, e);
    },
  });
  if (usesThis || [...free.values()].some((e) => !isNumber(e.type)) || free.has((fold.target as { name: string }).name)) return undefined;
  const param = (name: string, type: IrType): Param => ({ name, type, reassigned: false, origin: s.origin });
  const fn: FunctionDecl = {
    kind: 'function',
    name: `${owner}#fold`,
    params: [param(binding, s.elementType), ...[...free.values()].map((e) => param(e.name, e.type))],
    result: F64,
    throws: false,
    body: [{ kind: 'return', value, origin: fold.origin }],
    exported: false,
    nondeterministic: false,
    origin: s.origin,
  };
  const call: CallExpr = { kind: 'call', callee: fn.name, args: [{ kind: 'ident', name: binding, binding: 'local', type: s.elementType, origin: s.origin }, ...free.values()], throws: false, type: F64, origin: fold.origin };
  return { kernel: kernelFor(fn, 0, owner), fold, call };
}

/** The loop's lane form, if it has one. */
function laneLoop(module: IrModule, s: ForOfStmt, owner: string, kernelFor: KernelFor): LaneLoop | undefined {
  const [binding] = s.bindings;
  const element = s.elementType;
  if (s.bindings.length !== 1 || s.resized?.length || s.body.length !== 1 || !binding) return undefined;
  if (s.iterable.type.kind !== 'array' || (s.iterable.kind !== 'ident' && s.iterable.kind !== 'field')) return undefined;
  if (element.kind !== 'f64' && element.kind !== 'struct') return undefined;
  const fold = s.body[0]!;
  if (fold.kind !== 'assign' || (fold.op !== '+=' && fold.op !== '-=') || fold.target.kind !== 'ident' || fold.target.type.kind !== 'f64') return undefined;
  const acc = fold.target.name;
  if (acc === binding) return undefined;
  if (fold.value.kind !== 'call') return inlineFold(s, fold, owner, kernelFor);
  const call = fold.value;
  if (call.closureType || call.throws) return undefined;
  const fn = module.functions.find((f) => f.name === call.callee);
  if (!fn || call.args.length !== fn.params.length) return undefined;
  const lane = call.args.findIndex((a) => a.kind === 'ident' && a.name === binding);
  if (lane < 0 || fn.params[lane]!.type.kind !== element.kind) return undefined;
  if (element.kind === 'struct' && (fn.params[lane]!.type as { name: string }).name !== element.name) return undefined;
  const others = call.args.filter((_, i) => i !== lane);
  if (others.some((a) => !pure(a) || mentions(a, new Set([binding, acc])))) return undefined;
  if (!laneKernel(fn, lane)) return undefined;
  return { kernel: kernelFor(fn, lane), fold, call };
}

/** The place an expression reads (`xs`, `this.items`, `order.lines`), as a comparable key. */
function placeKey(e: Expr): string | undefined {
  if (e.kind === 'ident') return e.binding === 'function' ? undefined : e.name;
  if (e.kind === 'this') return 'this';
  if (e.kind === 'field') {
    const base = placeKey(e.object);
    return base === undefined ? undefined : `${base}.${e.field}`;
  }
  return undefined;
}

/**
 * `for (let i = 0; i < xs.length; i++) acc += f(xs[i], …)`, where `i` is only used to read
 * `xs[i]`, as the for-of over `xs` it is (the element named `element`).
 */
function indexedAsForOf(s: ForRangeStmt, element: string): ForOfStmt | undefined {
  if (s.type.kind !== 'i64' || s.start.kind !== 'number' || s.start.value !== 0 || s.step !== 1 || s.inclusive || s.body.length !== 1) return undefined;
  if (s.end.kind !== 'builtin' || s.end.name !== 'array.length' || !s.end.receiver) return undefined;
  const array = s.end.receiver;
  const key = placeKey(array);
  const fold = s.body[0]!;
  if (key === undefined || array.type.kind !== 'array' || fold.kind !== 'assign') return undefined;
  const isRead = (x: Expr): boolean => x.kind === 'index' && placeKey(x.object) === key && x.index.kind === 'ident' && x.index.name === s.variable;
  let reads = 0;
  let closures = false;
  visitExpr(fold.value, {
    expr: (e) => {
      if (isRead(e)) reads++;
      if (e.kind === 'closure') closures = true;
    },
  });
  if (closures || reads === 0 || reads !== countMentionsInExpr(fold.value, s.variable) || countMentionsInExpr(fold.target, s.variable) > 0) return undefined;
  const item: Expr = { kind: 'ident', name: element, binding: 'local', type: array.type.element, origin: s.origin };
  const body = [{ ...fold, value: mapExpr(fold.value, (e) => (isRead(e) ? item : undefined)) }];
  return { kind: 'forOf', bindings: [element], iterable: array, elementType: array.type.element, body, label: s.label, origin: s.origin };
}

/** Finds every loop of the module that runs in lanes, and the lane versions they call. */
export function planLanes(module: IrModule): LanePlan {
  const plan: LanePlan = { loops: new Map(), ranges: new Map(), kernels: new Map() };
  const taken = new Set(module.functions.map((f) => snakeCase(f.name)));
  const kernelFor: KernelFor = (fn, lane, foldOf) => {
    const key = foldOf ?? fn.name;
    const list = plan.kernels.get(key) ?? [];
    const found = foldOf === undefined ? list.find((k) => k.fn === fn && k.lane === lane) : undefined;
    if (found) return found;
    const base = snakeCase((foldOf ?? fn.name).replace(/\./g, '_')).replace(/^r#/, '');
    const sameBase = list.filter((k) => k.foldOf === foldOf).length;
    let rust = foldOf === undefined ? `${base}_x4${fn.params.length > 1 && sameBase > 0 ? `_${lane}` : ''}` : `${base}_fold${sameBase > 0 ? sameBase + 1 : ''}_x4`;
    while (taken.has(rust)) rust += '_lanes';
    taken.add(rust);
    const kernel: LaneKernel = { fn, lane, rust, ...(foldOf === undefined ? {} : { foldOf }) };
    plan.kernels.set(key, [...list, kernel]);
    return kernel;
  };
  const visitBody = (owner: string, params: readonly Param[], body: readonly Stmt[]): void => {
    const used = new Set([...usedNames(body), ...params.map((p) => p.name)]);
    let element = 'item';
    for (let i = 2; used.has(element); i++) element = `item${i}`;
    const visit = (stmts: readonly Stmt[]): void => {
      for (const s of stmts) {
        const loop = s.kind === 'forOf' ? s : s.kind === 'forRange' ? indexedAsForOf(s, element) : undefined;
        const lanes = loop && laneLoop(module, loop, owner, kernelFor);
        if (loop && lanes) {
          plan.loops.set(loop, lanes);
          if (s.kind === 'forRange') plan.ranges.set(s, loop);
        }
        for (const block of stmtBodies(s)) visit(block);
      }
    };
    visit(body);
  };
  for (const f of module.functions) visitBody(f.name, f.params, f.body);
  for (const c of module.classes) {
    visitBody(c.name, c.constructorParams, c.constructorBody);
    for (const m of c.methods) visitBody(`${c.name}.${m.name}`, m.params, m.body);
  }
  return plan;
}
