/**
 * jsrt.go against Node: the same inputs through the Go helpers and through JavaScript must print
 * the same lines (Math.round, String(n), toFixed, toString(radix), parseFloat/parseInt, UTF-16
 * string positions, padStart, trim, mulberry32, toISOString, ** and %).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { goRuntime } from '../../../src/translate/emit-go/runtime.js';
import { mulberry32 } from '../../../src/translate/vectors-format.js';
import { goCheck, haveGo } from './go-tools.js';

const NUMBERS = [
  0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 1e21, 1e-7, 1.5e-7,
  123456789012345680000, 0.30000000000000004, 1e-6, 123e-20, -1e21, NaN, Infinity, -Infinity, 1.005, 1.25, 1.35, 2.345,
  8.345, 1e20, 4.35, 0.000001234, 5e-324, 1.7976931348623157e308, 255.5, 0.1, 1 / 3,
];
const PARSED = ['  12.5abc', '-.5', '.e5', '1e', '1e+', '+Infinityx', '-Infinity', 'abc', '0x1A', ' 42 ', '1.5e3x', '5.', '-0', '\u00a0 7'];
const TEXT = 'héllo😀wörld';
/** Positions JS truncates (ToIntegerOrInfinity) before clamping: jsToInt then the helper must agree. */
const POSITIONS = [NaN, Infinity, -Infinity, 1.7, -1.5, 2.9, 1e300, -1e300, 2 ** 53, -0.5];

/** Go literal for a double (bit-exact). */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'math.NaN()';
  if (!Number.isFinite(x)) return `math.Inf(${x > 0 ? 1 : -1})`;
  if (Object.is(x, -0)) return 'math.Copysign(0, -1)';
  return `math.Float64frombits(0x${new DataView(Float64Array.of(x).buffer).getBigUint64(0, true).toString(16)})`;
}

function jsLines(): string[] {
  const out: string[] = [];
  for (const x of NUMBERS) {
    out.push(`S ${String(x)} R ${String(Math.round(x))} F2 ${x.toFixed(2)} F0 ${x.toFixed(0)}`);
    if (Number.isFinite(x)) out.push(`X ${x.toString(2)} ${x.toString(16)} ${x.toString(36)}`);
  }
  for (const s of PARSED) out.push(`P ${String(parseFloat(s))} ${String(parseInt(s))} ${String(parseInt(s, 16))}`);
  out.push(`U ${TEXT.length} ${TEXT.slice(1, 7)} ${TEXT.slice(-3)} ${TEXT.substring(8, 2)} ${TEXT.indexOf('w')} ${TEXT.charCodeAt(6)}`);
  out.push(`T ${'7'.padStart(3, '0')} ${'ab'.padEnd(5, 'xy')} [${'\ufeff a \u2028'.trim()}] ${'a,b,,c'.split(',').length}`);
  const random = mulberry32(42);
  out.push(`M ${random()} ${random()} ${random()}`);
  out.push(`D ${new Date(1700000000123.9).toISOString()} ${new Date(-1).toISOString()} ${new Date(-62198755200000).toISOString()}`);
  out.push(`O ${1 ** NaN} ${(-1) ** Infinity} ${2 ** 0.5} ${-5 % 3} ${5.5 % -2}`);
  for (const p of POSITIONS) {
    out.push(`Q ${'hello'.slice(p)}|${'hello'.substring(p, 3)}|${'hello'.charAt(p)}|${[1, 2, 3, 2].indexOf(2, p)}|${[1, 2, 3].includes(1, p)}`);
  }
  const some = (v: string | undefined, w: string | undefined): string => String(v === w);
  out.push(`E ${some('a', 'a')} ${some('a', 'b')} ${some(undefined, 'a')} ${some(undefined, undefined)}`);
  return out;
}

function goTest(): string {
  const nums = NUMBERS.map(goFloat).join(',\n\t\t');
  const parsed = PARSED.map((s) => JSON.stringify(s)).join(', ');
  return `package jsrtcheck

import (
	"fmt"
	"math"
	"testing"
)

func TestDump(t *testing.T) {
	nums := []float64{
		${nums},
	}
	for _, x := range nums {
		fmt.Printf("S %s R %s F2 %s F0 %s\\n", jsNumStr(x), jsNumStr(jsRound(x)), jsToFixed(x, 2), jsToFixed(x, 0))
		if jsIsFinite(x) {
			fmt.Printf("X %s %s %s\\n", jsNumStrRadix(x, 2), jsNumStrRadix(x, 16), jsNumStrRadix(x, 36))
		}
	}
	for _, s := range []string{${parsed}} {
		fmt.Printf("P %s %s %s\\n", jsNumStr(jsParseFloat(s)), jsNumStr(jsParseInt(s)), jsNumStr(jsParseInt(s, 16)))
	}
	s := ${JSON.stringify(TEXT)}
	fmt.Printf("U %d %s %s %s %d %s\\n", jsStrLen(s), jsStrSlice(s, 1, 7), jsStrSlice(s, -3), jsSubstring(s, 8, 2), jsStrIndexOf(s, "w"), jsNumStr(jsCharCodeAt(s, 6)))
	fmt.Printf("T %s %s [%s] %d\\n", jsPadStart("7", 3, "0"), jsPadEnd("ab", 5, "xy"), jsTrim("\\ufeff a \\u2028"), len(jsSplit("a,b,,c", ",")))
	SeedRandom(42)
	fmt.Printf("M %s %s %s\\n", jsNumStr(jsRandom()), jsNumStr(jsRandom()), jsNumStr(jsRandom()))
	fmt.Printf("D %s %s %s\\n", jsISOString(1700000000123.9), jsISOString(-1), jsISOString(-62198755200000))
	fmt.Printf("O %s %s %s %s %s\\n", jsNumStr(jsPow(1, math.NaN())), jsNumStr(jsPow(-1, math.Inf(1))), jsNumStr(jsPow(2, 0.5)), jsNumStr(math.Mod(-5, 3)), jsNumStr(math.Mod(5.5, -2)))
	for _, p := range []float64{${POSITIONS.map(goFloat).join(', ')}} {
		k := jsToInt(p)
		fmt.Printf("Q %s|%s|%s|%d|%t\\n", jsStrSlice("hello", k), jsSubstring("hello", k, 3), jsCharAt("hello", k), jsArrIndexOf([]int64{1, 2, 3, 2}, 2, k), jsArrIncludes([]int64{1, 2, 3}, 1, k))
	}
	a, b := "a", "b"
	fmt.Printf("E %t %t %t %t\\n", jsOptEq(&a, jsPtr("a")), jsOptEq(&a, &b), jsOptEq(nil, &a), jsOptEq[string](nil, nil))
}
`;
}

const root = mkdtempSync(join(tmpdir(), 'pivot-jsrt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(!haveGo)('jsrt.go', () => {
  it('behaves like JavaScript on edge cases', async () => {
    writeFileSync(join(root, 'go.mod'), 'module pivot.local/jsrtcheck\n\ngo 1.22\n');
    writeFileSync(join(root, 'jsrt.go'), goRuntime('jsrtcheck'));
    writeFileSync(join(root, 'dump_test.go'), goTest());
    await goCheck(root, { test: false });
    const run = await execa('go', ['test', '-count=1', '-run', 'TestDump', '-v', '.'], { cwd: root, env: { ...process.env, GOTOOLCHAIN: 'local' } });
    const lines = run.stdout.split('\n').filter((l) => /^[SXPUTMDOQE] /.test(l));
    expect(lines).toEqual(jsLines());
  }, 300_000);
});
