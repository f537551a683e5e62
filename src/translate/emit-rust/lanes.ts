/**
 * The lane printer: a `for … of` loop that folds a pure float function of each element into an
 * accumulator,
 *
 *     for (const s of segments) total += demand(s, price, base);
 *
 * runs the function on four elements at a time (`jsrt::F64x4`, one AVX2 register where the
 * target has it) and then adds the four results to the accumulator one by one, in order; the
 * one to three elements left over go through the scalar function as before. The scalar body
 * is printed a second time as `demand_x4`, every lane-dependent operation on four lanes.
 *
 * Nothing about the result changes: each lane operation is bit for bit the scalar one
 * (runtime-lanes.ts), the values that do not depend on the element are computed by the scalar
 * printer, and the fold keeps the loop's order, so the sum rounds exactly as in JavaScript. What
 * changes is how many exp/log/div chains the CPU has in flight.
 *
 * What is taken is decided by lanes-plan.ts; this file prints it.
 */
import type { AssignStmt, Expr, ForOfStmt } from '../ir.js';
import { F64 } from '../ir-types.js';
import { usedNames } from './analysis.js';
import { printAssign } from './bindings.js';
import { indentText } from './closures.js';
import { EmitCtx, out, P, paren, type Out } from './context.js';
import { paramText } from './items.js';
import { expr, numeric } from './expressions.js';
import { mentions, type LaneKernel, type LaneLoop } from './lanes-plan.js';
import { snakeCase } from './names.js';
import { rustType } from './types.js';

const LANES_TYPE = 'jsrt::F64x4';
const splat = (text: string): Out => out(`${LANES_TYPE}::splat(${text})`, P.postfix);

/** Prints `e` on four lanes; `lanes` maps the names holding lane values to their Rust names. */
function laneExpr(ctx: EmitCtx, e: Expr, lanes: ReadonlyMap<string, string>, laneStruct: string | undefined): Out {
  if (!mentions(e, new Set(lanes.keys()))) return splat(numeric(ctx, e, F64).text);
  const sub = (x: Expr): Out => laneExpr(ctx, x, lanes, laneStruct);
  switch (e.kind) {
    case 'ident':
      return out(lanes.get(e.name)!);
    case 'field': {
      // Each lane's field, read by the scalar printer from a reference to that lane's element.
      const item = ctx.scoped(() => {
        ctx.declare('#lane', { rust: 'lane', kind: 'ref', type: e.object.type });
        return numeric(ctx, { ...e, object: { kind: 'ident', name: '#lane', binding: 'local', type: e.object.type, origin: e.origin } }, F64).text;
      });
      return out(`${LANES_TYPE}::new(${lanes.get(laneStruct!)}.map(|lane| ${item}))`, P.postfix);
    }
    case 'convert':
      return sub(e.value);
    case 'unary':
      return out(`-${paren(sub(e.operand), P.unary)}`, P.unary);
    case 'binary': {
      const prec = e.op === '+' || e.op === '-' ? P.add : P.mul;
      return out(`${paren(sub(e.left), prec)} ${e.op} ${paren(sub(e.right), prec + 1)}`, prec);
    }
    case 'builtin': {
      const args = e.args.map(sub);
      switch (e.name) {
        case 'Math.sqrt':
        case 'Math.abs':
          return out(`${paren(args[0]!, P.postfix)}.${e.name.slice(5)}()`, P.postfix);
        case 'Math.exp':
        case 'Math.log':
          ctx.needs.add('lanes');
          return out(`jsrt::${e.name.slice(5)}_x4(${args[0]!.text})`, P.postfix);
        default: {
          ctx.needs.add('lanes');
          const name = `jsrt::${e.name.slice(5)}_x4`;
          return args.slice(1).reduce((acc, a) => out(`${name}(${acc.text}, ${a.text})`, P.postfix), args[0]!);
        }
      }
    }
    default:
      throw new Error(`lane printer: ${e.kind} is not laneable (planLanes let it through)`);
  }
}

/** The lane version of a kernel: the element parameter takes four elements, the rest stay scalar. */
export function printLaneKernel(ctx: EmitCtx, k: LaneKernel): string {
  ctx.needs.add('lanes');
  const { fn } = k;
  return ctx.inFunction({ throws: false, result: F64, selfName: 'self' }, () => {
    const laneParam = fn.params[k.lane]!;
    const laneRust = snakeCase(laneParam.name);
    const laneStruct = laneParam.type.kind === 'struct' ? laneParam.name : undefined;
    const lanes = new Map([[laneParam.name, laneRust]]);
    const used = usedNames(fn.body);
    const params = fn.params.map((p, i) => {
      if (i !== k.lane) return paramText(ctx, p, 'copy', used, fn.body);
      ctx.declare(p.name, { rust: laneRust, kind: 'owned', type: F64 });
      return `${laneRust}: ${laneStruct ? `[&${rustType(laneParam.type, ctx.needs)}; 4]` : LANES_TYPE}`;
    });
    const lines: string[] = [];
    for (const s of fn.body) {
      if (s.kind === 'var') {
        const rust = snakeCase(s.name);
        const inLanes = mentions(s.init!, new Set(lanes.keys()));
        const value = inLanes ? laneExpr(ctx, s.init!, lanes, laneStruct) : numeric(ctx, s.init!, s.type);
        if (inLanes) lanes.set(s.name, rust);
        ctx.declare(s.name, { rust, kind: 'owned', type: s.type });
        lines.push(`let ${rust} = ${value.text};`);
      } else if (s.kind === 'return') {
        lines.push(laneExpr(ctx, s.value!, lanes, laneStruct).text);
      }
    }
    const doc = k.foldOf
      ? `/// The value the loop in \`${k.foldOf}\` folds, on four elements at once (see \`jsrt::F64x4\`).`
      : `/// \`${snakeCase(fn.name)}\` on four elements at once: bit for bit four calls (see \`jsrt::F64x4\`).`;
    const signature = `fn ${k.rust}(${params.join(', ')}) -> ${LANES_TYPE}`;
    return [doc, '#[inline]', `${signature} {`, ...lines.map((l) => `    ${l}`), '}'].join('\n');
  });
}

/** A Rust name for the printer's own binding that none of `texts` mentions. */
function fresh(base: string, texts: readonly string[]): string {
  let name = base;
  for (let i = 2; texts.some((t) => new RegExp(`\\b${name}\\b`).test(t)); i++) name = `${base}${i}`;
  return name;
}

/**
 * The loop in lanes: whole chunks of four through the lane version, each chunk's results folded
 * into the accumulator in order, then the remainder through the ordinary loop (`remainder`
 * prints it over the given Rust iterator).
 */
export function printLaneLoop(ctx: EmitCtx, loop: LaneLoop, s: ForOfStmt, remainder: (iter: string) => string[]): string[] {
  const { kernel, call } = loop;
  const source = paren(expr(ctx, s.iterable, 'read'), P.postfix);
  const args = call.args.map((a, i) => (i === kernel.lane ? '' : numeric(ctx, a, kernel.fn.params[i]!.type).text));
  const foldText = ctx.scoped(() => {
    ctx.declare('#lanes', { rust: '#folded', kind: 'owned', type: F64 });
    const fold: AssignStmt = { ...loop.fold, value: { kind: 'ident', name: '#lanes', binding: 'local', type: F64, origin: loop.fold.origin } };
    return printAssign(ctx, fold);
  });
  const texts = [...args, ...foldText];
  const chunks = fresh('chunks', texts);
  const chunk = fresh('chunk', texts);
  const value = fresh('value', texts);
  const results = fresh('lanes', texts);
  const elements = [0, 1, 2, 3].map((i) => `${s.elementType.kind === 'struct' ? '&' : ''}${chunk}[${i}]`).join(', ');
  args[kernel.lane] = s.elementType.kind === 'struct' ? `[${elements}]` : `${LANES_TYPE}::new([${elements}])`;
  const fold = foldText.map((l) => l.replace(/#folded/g, value));
  return [
    '{',
    `    let mut ${chunks} = ${source}.chunks_exact(4);`,
    `    for ${chunk} in &mut ${chunks} {`,
    `        let ${results} = ${kernel.rust}(${args.join(', ')});`,
    `        for ${value} in ${results}.to_array() {`,
    ...fold.map((l) => indentText(indentText(indentText(l)))),
    '        }',
    '    }',
    ...remainder(`${chunks}.remainder()`).map(indentText),
    '}',
  ];
}
