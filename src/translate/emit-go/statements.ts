/**
 * IR statements → Go statement lines (relative indentation, tabs). Hoisted lines an expression
 * needs come first; code after a terminating statement is dropped (Go vet: unreachable code).
 */
import type { Expr, Stmt } from '../ir.js';
import { endsFlow, isTrueLiteral, labelUsed, readNames } from './analysis.js';
import { pushStatement } from './builtins-arrays.js';
import type { FnContext } from './context.js';
import { coerce, indent, printExpr, toGoString, typedExpr } from './expressions.js';
import { printForOf, printForRange, printForStmt, printSwitch } from './loops.js';
import { slicePointer } from './places.js';
import { atom, call, type GoExpr, LABEL_MARK, render, unary } from './syntax.js';
import { goType, zeroValue } from './types.js';

export function printBlock(ctx: FnContext, stmts: Stmt[]): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    out.push(...printStmt(ctx, s));
    if (endsFlow(s)) break;
  }
  return out;
}

/** Print `fn()`'s expression, returning hoisted lines followed by `use(expr)`. */
export function withPre(ctx: FnContext, fn: () => GoExpr, use: (x: string) => string[]): string[] {
  const { pre, value } = ctx.capture(fn);
  return [...pre, ...use(render(value))];
}

export function not(x: GoExpr): GoExpr {
  if (x.k === 'unary' && x.op === '!') return x.x;
  return unary('!', x);
}

const MUTATING_BUILTINS = new Set([
  'array.push', 'array.pop', 'array.shift', 'array.unshift', 'array.sort', 'array.reverse', 'array.fill',
  'array.forEach', 'map.set', 'map.delete', 'map.clear', 'set.add', 'set.delete', 'set.clear', 'Math.random',
]);

export function printStmt(ctx: FnContext, s: Stmt): string[] {
  switch (s.kind) {
    case 'var':
      return printVar(ctx, s);
    case 'assign':
      return printAssign(ctx, s);
    case 'expr':
      return printExprStmt(ctx, s.expr);
    case 'if':
      return printIf(ctx, s);
    case 'while': {
      const label = labelUsed(s.body, s.label) ? [`${LABEL_MARK}${s.label}:`] : [];
      if (isTrueLiteral(s.cond)) return [...label, 'for {', ...indent(printBlock(ctx, s.body)), '}'];
      const { pre, value } = ctx.capture(() => printExpr(ctx, s.cond));
      if (pre.length === 0) return [...label, `for ${render(value)} {`, ...indent(printBlock(ctx, s.body)), '}'];
      return [...label, 'for {', ...indent([...pre, `if ${render(not(value))} {`, '\tbreak', '}', ...printBlock(ctx, s.body)]), '}'];
    }
    case 'doWhile': {
      const label = labelUsed(s.body, s.label) ? [`${LABEL_MARK}${s.label}:`] : [];
      const { pre, value } = ctx.capture(() => printExpr(ctx, s.cond));
      if (pre.length === 0) {
        // The post statement re-checks the condition, so `continue` behaves as in a do-while.
        const more = ctx.temp();
        return [...label, `for ${more} := true; ${more}; ${more} = ${render(value)} {`, ...indent(printBlock(ctx, s.body)), '}'];
      }
      return [...label, 'for {', ...indent([...printBlock(ctx, s.body), ...pre, `if ${render(not(value))} {`, '\tbreak', '}']), '}'];
    }
    case 'for':
      return printForStmt(ctx, s);
    case 'forRange':
      return printForRange(ctx, s);
    case 'forOf':
      return printForOf(ctx, s);
    case 'switch':
      return printSwitch(ctx, s);
    case 'break':
      return [s.label ? `break ${s.label}` : 'break'];
    case 'continue':
      return [s.label ? `continue ${s.label}` : 'continue'];
    case 'return':
      return printReturn(ctx, s.value);
    case 'throw':
      ctx.use('errors');
      return withPre(ctx, () => toGoString(ctx, s.message), (m) => [ctx.failWith(`errors.New(${m})`)]);
    case 'swap': {
      const { pre, value } = ctx.capture(() => [printExpr(ctx, s.left), printExpr(ctx, s.right)] as const);
      const [l, r] = value.map((x) => render(x, 2));
      return [...unshare(ctx, s.left), ...unshare(ctx, s.right), ...pre, `${l}, ${r} = ${r}, ${l}`];
    }
    case 'block':
      return ['{', ...indent(printBlock(ctx, s.body)), '}'];
    case 'placeholderStmt':
      return [`jsUntranslatedStmt(${JSON.stringify(`${s.diagnostic}: ${s.text}`)})`];
  }
}

function printVar(ctx: FnContext, s: Extract<Stmt, { kind: 'var' }>): string[] {
  const name = ctx.local(s.name);
  const type = goType(s.type, ctx.names);
  const unused = ctx.scope.readNames.has(s.name) ? [] : [`_ = ${name}`];
  const init = s.init;
  if (!init || init.kind === 'none') return [`var ${name} ${type}`, ...unused];
  if (init.kind === 'conditional') {
    return [`var ${name} ${type}`, ...assignBranches(ctx, init, (v) => `${name} = ${v}`), ...unused];
  }
  if (init.kind === 'closure' && readNames(init.body).has(s.name)) {
    // A recursive local closure must be declared before it can refer to itself.
    return [`var ${name} ${type}`, ...withPre(ctx, () => printExpr(ctx, init), (v) => [`${name} = ${v}`]), ...unused];
  }
  const throwing = (init.kind === 'call' || init.kind === 'methodCall' || init.kind === 'new') && init.throws;
  if (throwing && init.type.kind === s.type.kind && JSON.stringify(init.type) === JSON.stringify(s.type)) {
    const { pre, value } = ctx.capture(() => printExpr(ctx, { ...init, throws: false } as Expr));
    return [...pre, `${name}, err := ${render(value)}`, ...ctx.propagate(), ...unused];
  }
  if (init.kind === 'string' && s.type.kind === 'enum') {
    return [`var ${name} ${type} = ${render(printExpr(ctx, init))}`, ...unused];
  }
  return [...withPre(ctx, () => typedExpr(ctx, init, s.type), (v) => [`${name} := ${v}`]), ...unused];
}

/** `if c { target = a } else { target = b }` for a conditional value. */
function assignBranches(ctx: FnContext, e: Extract<Expr, { kind: 'conditional' }>, assign: (v: string) => string): string[] {
  const { pre, value: cond } = ctx.capture(() => printExpr(ctx, e.cond));
  const a = withPre(ctx, () => coerce(ctx, e.then, e.type), (v) => [assign(v)]);
  const b = withPre(ctx, () => coerce(ctx, e.else, e.type), (v) => [assign(v)]);
  return [...pre, `if ${render(cond)} {`, ...indent(a), '} else {', ...indent(b), '}'];
}

/**
 * Before a resized parameter (`*[]T`) is rebound, point it at its own copy of the slice header:
 * the caller's array keeps what it had, as when a JS function assigns a new array to a parameter.
 */
function unshare(ctx: FnContext, target: Expr): string[] {
  if (target.kind !== 'ident' || !ctx.isSliceRef(target.name)) return [];
  const name = ctx.local(target.name);
  return [`${name} = jsPtr(*${name})`];
}

function printAssign(ctx: FnContext, s: Extract<Stmt, { kind: 'assign' }>): string[] {
  return [...unshare(ctx, s.target), ...printAssignValue(ctx, s)];
}

function printAssignValue(ctx: FnContext, s: Extract<Stmt, { kind: 'assign' }>): string[] {
  const targetType = s.target.type;
  const { pre: targetPre, value: target } = ctx.capture(() => printExpr(ctx, s.target));
  const t = render(target);
  if (s.op === '=' && s.value.kind === 'conditional') {
    return [...targetPre, ...assignBranches(ctx, s.value, (v) => `${t} = ${v}`)];
  }
  const body = ctx.capture((): string => {
    if (s.op === '=') return `${t} = ${render(coerce(ctx, s.value, targetType))}`;
    if (targetType.kind === 'string' && s.op === '+=') return `${t} += ${render(toGoString(ctx, s.value))}`;
    const numeric = targetType.kind === 'i64' || targetType.kind === 'f64' ? targetType : s.value.type;
    const value = coerce(ctx, s.value, numeric);
    if (s.op === '%=' && numeric.kind === 'f64') {
      ctx.use('math');
      return `${t} = ${render(call('math.Mod', target, value))}`;
    }
    if ((s.op === '+=' || s.op === '-=') && value.k === 'atom' && value.text === '1') return `${t}${s.op === '+=' ? '++' : '--'}`;
    return `${t} ${s.op} ${render(value)}`;
  });
  return [...targetPre, ...body.pre, body.value];
}

function printExprStmt(ctx: FnContext, e: Expr): string[] {
  switch (e.kind) {
    case 'call':
    case 'methodCall':
    case 'new':
      if (e.throws) {
        const { pre, value } = ctx.capture(() => printExpr(ctx, { ...e, throws: false } as Expr));
        const lhs = e.type.kind === 'void' ? 'err' : '_, err';
        return [...pre, `if ${lhs} := ${render(value)}; err != nil {`, `\t${ctx.failWith('err')}`, '}'];
      }
      if (e.kind === 'new') return withPre(ctx, () => printExpr(ctx, e), (v) => [`_ = ${v}`]);
      return withPre(ctx, () => printExpr(ctx, e), (v) => [v]);
    case 'conditional': {
      const { pre, value: cond } = ctx.capture(() => printExpr(ctx, e.cond));
      return [...pre, `if ${render(cond)} {`, ...indent(printExprStmt(ctx, e.then)), '} else {', ...indent(printExprStmt(ctx, e.else)), '}'];
    }
    case 'logical': {
      if (e.op === '??') break;
      const { pre, value: left } = ctx.capture(() => printExpr(ctx, e.left));
      const cond = e.op === '&&' ? left : not(left);
      return [...pre, `if ${render(cond)} {`, ...indent(printExprStmt(ctx, e.right)), '}'];
    }
    case 'builtin':
      if (e.name === 'array.push' && e.args.length > 0) return withPre(ctx, () => atom(pushStatement(ctx, e)), (v) => [v]);
      if (e.name === 'array.pop' || e.name === 'array.shift') {
        return withPre(ctx, () => call(e.name === 'array.pop' ? 'jsArrPop' : 'jsArrShift', slicePointer(ctx, e.receiver!)), (v) => [v]);
      }
      if (MUTATING_BUILTINS.has(e.name)) return withPre(ctx, () => printExpr(ctx, { ...e, type: { kind: 'void' } }), (v) => [v]);
      break;
    case 'placeholder':
      return [`jsUntranslatedStmt(${JSON.stringify(`${e.diagnostic}: ${e.text}`)})`];
    default:
      break;
  }
  return withPre(ctx, () => printExpr(ctx, e), (v) => [`_ = ${v}`]);
}

function printIf(ctx: FnContext, s: Extract<Stmt, { kind: 'if' }>): string[] {
  const { pre, value } = ctx.capture(() => printExpr(ctx, s.cond));
  const lines = [...pre, `if ${render(value)} {`, ...indent(printBlock(ctx, s.then))];
  const elseBody = s.else;
  if (elseBody && elseBody.length > 0) {
    const only = elseBody.length === 1 ? elseBody[0] : undefined;
    if (only?.kind === 'if') {
      const nested = printIf(ctx, only);
      if (nested[0]?.startsWith('if ')) return [...lines, `} else ${nested[0]}`, ...nested.slice(1)];
    }
    lines.push('} else {', ...indent(printBlock(ctx, elseBody)));
  }
  lines.push('}');
  return lines;
}

function printReturn(ctx: FnContext, value: Expr | undefined): string[] {
  const { scope } = ctx;
  if (scope.kind === 'constructor') return [scope.throws ? `return ${scope.receiver}, nil` : `return ${scope.receiver}`];
  if (!value || scope.result.kind === 'void') {
    const effect = value ? printExprStmt(ctx, value) : [];
    return [...effect, scope.throws && scope.kind !== 'closure' ? 'return nil' : 'return'];
  }
  const suffix = scope.throws && scope.kind !== 'closure' ? ', nil' : '';
  if (value.kind === 'conditional') {
    // `return c ? a : b` reads best as an if that returns, then the other return.
    const { pre, value: cond } = ctx.capture(() => printExpr(ctx, value.cond));
    return [...pre, `if ${render(cond)} {`, ...indent(printReturn(ctx, value.then)), '}', ...printReturn(ctx, value.else)];
  }
  return withPre(ctx, () => coerce(ctx, value, scope.result), (v) => [`return ${v}${suffix}`]);
}

/** `return <zero>` lines closing a function body Go does not see as terminating. */
export function fallOffEnd(ctx: FnContext): string[] {
  const { scope } = ctx;
  if (scope.kind === 'constructor') return [scope.throws ? `return ${scope.receiver}, nil` : `return ${scope.receiver}`];
  if (scope.result.kind === 'void') return scope.throws ? ['return nil'] : [];
  // TS proved this unreachable (a function with a result cannot fall off its end).
  const zero = zeroValue(scope.result, ctx.names);
  return [`panic(${JSON.stringify(`unreachable: end of a function returning ${goType(scope.result, ctx.names)} (${zero})`)})`];
}

