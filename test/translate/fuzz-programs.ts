/**
 * Random programs in the translated subset, as fixture files the translator harness runs: number
 * arithmetic (+ - * and a division whose divisor is never 0), Math.abs/min/max/sqrt, comparisons
 * and conditionals, ifs, counted loops and for-of over an array, string length / indexOf /
 * slice, and a number printed into a template string. Every program terminates and is valid
 * strict TypeScript; locals start from a parameter so they are f64 (the subset stays clear of
 * the documented i64-beyond-2^53 assumption).
 */
import fc from 'fast-check';

interface Scope {
  /** Number-valued names readable here (parameters, locals, loop variables). */
  readable: string[];
  /** Locals that statements may assign. */
  locals: string[];
  depth: number;
}

const LITERALS = ['0', '1', '2', '3', '0.5', '10', '-1', '2.25'];

function numExpr(scope: Scope, depth: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    fc.constantFrom(...scope.readable),
    fc.constantFrom(...LITERALS),
    fc.constantFrom('xs.length', 's.length', 's.indexOf("a")', 's.slice(1).length'),
  );
  if (depth <= 0) return leaf;
  const sub = numExpr(scope, depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: fc.tuple(sub, fc.constantFrom('+', '-', '*'), sub).map(([l, op, r]) => `(${l} ${op} ${r})`), weight: 4 },
    { arbitrary: fc.tuple(sub, sub).map(([l, r]) => `(${l} / (${r} * ${r} + 1))`), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom('Math.max', 'Math.min'), sub, sub).map(([f, l, r]) => `${f}(${l}, ${r})`), weight: 1 },
    { arbitrary: sub.map((e) => `Math.abs(${e})`), weight: 1 },
    { arbitrary: sub.map((e) => `Math.sqrt(Math.abs(${e}))`), weight: 1 },
    { arbitrary: fc.tuple(condition(scope, depth - 1), sub, sub).map(([c, t, f]) => `(${c} ? ${t} : ${f})`), weight: 1 },
  );
}

function condition(scope: Scope, depth: number): fc.Arbitrary<string> {
  const sub = numExpr(scope, Math.max(depth, 0));
  // Two bare literals compared are a TypeScript error (TS2367: no overlap between 2 and 10).
  const left = sub.filter((e) => !LITERALS.includes(e));
  return fc.tuple(left, fc.constantFrom('<', '<=', '>', '>=', '===', '!=='), sub).map(([l, op, r]) => `${l} ${op} ${r}`);
}

function statement(scope: Scope, loopVar: number): fc.Arbitrary<string[]> {
  const assign = fc
    .tuple(fc.constantFrom(...scope.locals), fc.constantFrom('=', '+=', '-='), numExpr(scope, 2))
    // `v = v` is dead code in Rust (a useless self-assignment), and no one writes it.
    .filter(([v, op, e]) => !(op === '=' && e === v))
    .map(([v, op, e]) => [`${v} ${op} ${e};`]);
  if (scope.depth >= 2) return assign;
  const inner = (extra: string[]): fc.Arbitrary<string[]> =>
    block({ readable: [...scope.readable, ...extra], locals: scope.locals, depth: scope.depth + 1 }, loopVar + 1);
  const indent = (lines: string[]) => lines.map((l) => `  ${l}`);
  const i = `i${loopVar}`;
  const x = `x${loopVar}`;
  return fc.oneof(
    { arbitrary: assign, weight: 4 },
    {
      arbitrary: fc.tuple(condition(scope, 1), inner([]), inner([])).map(([c, t, f]) => [`if (${c}) {`, ...indent(t), '} else {', ...indent(f), '}']),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), inner([i])).map(([n, body]) => [`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`, ...indent(body), '}']),
      weight: 1,
    },
    { arbitrary: inner([x]).map((body) => [`for (const ${x} of xs) {`, ...indent(body), '}']), weight: 1 },
  );
}

function block(scope: Scope, loopVar: number): fc.Arbitrary<string[]> {
  return fc.array(statement(scope, loopVar), { minLength: 1, maxLength: 3 }).map((parts) => parts.flat());
}

export interface FuzzProgram {
  /** The unit's name in the source. */
  unit: string;
  source: string;
}

/** One random program: a function `prog(a, b, xs, s)` returning a number or a string. */
export const programArbitrary: fc.Arbitrary<FuzzProgram> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.boolean())
  .chain(([localCount, returnsString]) => {
    const locals = Array.from({ length: localCount }, (_, k) => `v${k}`);
    const params = ['a', 'b'];
    const initial = locals.map((_, k) => numExpr({ readable: params.slice(), locals: [], depth: 0 }, 1).map((e) => `(a + ${e}) * 0.5`).map((e) => [k, e] as const));
    const scope: Scope = { readable: [...params, ...locals], locals, depth: 0 };
    return fc.tuple(fc.tuple(...initial), block(scope, 0), numExpr(scope, 2)).map(([inits, body, result]) => {
      const decls = inits.map(([k, e]) => `  let v${k} = ${e};`);
      // Every local is read: a local written but never read is an unused variable in Rust and Go.
      const value = [result, ...locals].join(' + ');
      const returned = returnsString ? `\`\${s.slice(0, 3)}=\${${value}}\`` : value;
      const source = [
        `export function prog(a: number, b: number, xs: number[], s: string): ${returnsString ? 'string' : 'number'} {`,
        ...decls,
        ...body.map((l) => `  ${l}`),
        `  return ${returned};`,
        '}',
        '',
      ].join('\n');
      return { unit: 'prog', source };
    });
  });

/** The fixture file of a program: the @pivot-case header the harness reads, then the source. */
export function programCase(program: FuzzProgram, vectors: number, seed: number, index: number): string {
  return [
    '/**',
    ' * @pivot-case',
    ` * unit: ${program.unit}`,
    ' * expect: pass',
    ' * inputs: [[1, 2, [1, 2, 3], "abc"], [0, -1, [], ""], [{"$num": "NaN"}, 0.5, [0.5, -2], "banana"]]',
    ` * vectors: ${vectors}`,
    ` * note: generated by test/translate/fuzz-programs.ts, seed ${seed}, program ${index}.`,
    ' */',
    '',
    program.source,
  ].join('\n');
}
