/**
 * The runtimes' Math.exp / Math.log (Rust `jsrt::exp` / `jsrt::log` / `min` / `max`, Go `jsExp` /
 * `jsLog`) against V8 on the same inputs: a throwaway crate
 * holding only the emitted runtime is built twice, for plain x86-64 (libm) and for x86-64-v3
 * (FMA: the inlinable table-driven functions), and every result must be within 1 ulp of what
 * Node's Math.exp / Math.log return, with the special values exact. Their four-lane versions
 * (`jsrt::F64x4`: AVX2 registers on x86-64-v3, a per-lane fallback on x86-64) must return the
 * scalar results bit for bit, with special and ordinary inputs mixed in one vector. Go's run
 * the same operations with math.FMA and must return the Rust FMA build's bits. The tables themselves are
 * checked against the exact arithmetic that built them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { goRuntime } from '../../src/translate/emit-go/runtime.js';
import { runtimeSource } from '../../src/translate/emit-rust/runtime.js';
import { bitsToDouble, doubleBits, expTable, logTable } from '../../src/translate/math-tables.js';

const work = mkdtempSync(join(tmpdir(), 'pivot-jsrt-math-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hasCargo = (await execa('cargo', ['--version'], { reject: false })).exitCode === 0;
const hasGo = (await execa('go', ['version'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;
const cpuFlags = (() => {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
})();
const hasFma = process.arch === 'x64' && /\bfma\b/.test(cpuFlags) && /\bavx2\b/.test(cpuFlags);

/** Distance in units in the last place (0 for two NaNs; large across a sign change). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b) || Math.sign(a) !== Math.sign(b)) return Number.MAX_SAFE_INTEGER;
  return Number(doubleBits(Math.abs(a)) - doubleBits(Math.abs(b))) * (Math.abs(a) > Math.abs(b) ? 1 : -1);
}

type Op = 'exp' | 'log' | 'min' | 'max';

const SPECIALS = [0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, 5e-324, 2.2250738585072014e-308, 1e-300,
  709.782712893384, 709.79, 710, -708.39, -745.13, -745.2, -746, 511.99, 512, -512, 1e-20, -1e-20, 1.7976931348623157e308];

/** Seeded inputs: every range the reductions treat differently, plus the boundaries. */
function inputs(): Array<[Op, number, number]> {
  let seed = 0x2545f491;
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const list: Array<[Op, number, number]> = [];
  for (const x of SPECIALS) list.push(['exp', x, 0], ['log', x, 0]);
  for (let i = 0; i < 20000; i++) {
    list.push(['exp', (rnd() - 0.5) * 40, 0], ['exp', (rnd() - 0.5) * 1500, 0], ['exp', (rnd() - 0.5) * 1e-3, 0]);
    list.push(['log', rnd() * 4, 0], ['log', Math.exp((rnd() - 0.5) * 1400), 0], ['log', 1 + (rnd() - 0.5) * 0.02, 0]);
  }
  for (let d = -300; d <= 300; d++) {
    const near = 1 + d * 2 ** -45;
    list.push(['log', near, 0], ['exp', (Math.LN2 / 256) * (1 + d * 2 ** -50), 0]);
  }
  const pairs = [0, -0, 1, -1, NaN, Infinity, -Infinity, 2.5];
  for (const a of pairs) for (const b of pairs) list.push(['min', a, b], ['max', a, b]);
  return list;
}

const MAIN = `#[allow(dead_code)]
mod jsrt;

use std::io::{BufRead, Write};

fn scalar(op: &str, a: f64, b: f64) -> f64 {
    match op {
        "exp" => jsrt::exp(a),
        "log" => jsrt::log(a),
        "min" => jsrt::min(a, b),
        _ => jsrt::max(a, b),
    }
}

fn lanes(op: &str, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    let (a, b) = (jsrt::F64x4::new(a), jsrt::F64x4::new(b));
    let r = match op {
        "exp" => jsrt::exp_x4(a),
        "log" => jsrt::log_x4(a),
        "min" => jsrt::min_x4(a, b),
        _ => jsrt::max_x4(a, b),
    };
    r.to_array()
}

/// Per input line: the scalar result, and the same operation's result as one lane of four
/// (each op's inputs taken four at a time in input order, the last group padded with 1).
fn main() {
    let lines: Vec<(String, f64, f64)> = std::io::stdin()
        .lock()
        .lines()
        .map(|line| {
            let line = line.unwrap();
            let mut words = line.split(' ');
            let op = words.next().unwrap().to_string();
            let mut arg = || f64::from_bits(u64::from_str_radix(words.next().unwrap(), 16).unwrap());
            let (a, b) = (arg(), arg());
            (op, a, b)
        })
        .collect();
    let mut lane = vec![0.0; lines.len()];
    for op in ["exp", "log", "min", "max"] {
        let at: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].0 == op).collect();
        for group in at.chunks(4) {
            let pick = |f: fn(&(String, f64, f64)) -> f64| std::array::from_fn(|l| group.get(l).map_or(1.0, |&i| f(&lines[i])));
            let r = lanes(op, pick(|x| x.1), pick(|x| x.2));
            for (l, &i) in group.iter().enumerate() {
                lane[i] = r[l];
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (i, (op, a, b)) in lines.iter().enumerate() {
        writeln!(out, "{:x} {:x}", scalar(op, *a, *b).to_bits(), lane[i].to_bits()).unwrap();
    }
}
`;

interface Run {
  /** jsrt's scalar results, in input order. */
  scalar: number[];
  /** jsrt::F64x4's results for the same inputs, four at a time. */
  lanes: number[];
}

async function run(cpu: string, list: Array<[Op, number, number]>): Promise<Run> {
  const dir = join(work, cpu);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "jsrt-math"\nversion = "0.0.0"\nedition = "2021"\n');
  writeFileSync(join(dir, 'src', 'jsrt.rs'), runtimeSource(new Set(['exp', 'log', 'min', 'max', 'lanes'])));
  writeFileSync(join(dir, 'src', 'main.rs'), MAIN);
  const env = { CARGO_TARGET_DIR: join(dir, 'target'), RUSTFLAGS: `-C target-cpu=${cpu} -D warnings`, CARGO_TERM_COLOR: 'never' };
  await execa('cargo', ['build', '--release', '--quiet'], { cwd: dir, env });
  const input = list.map(([op, a, b]) => `${op} ${doubleBits(a).toString(16)} ${doubleBits(b).toString(16)}`).join('\n');
  const { stdout } = await execa(join(dir, 'target', 'release', 'jsrt-math'), { input: `${input}\n` });
  const rows = stdout.trim().split('\n').map((row) => row.split(' ').map((h) => bitsToDouble(BigInt(`0x${h}`))));
  return { scalar: rows.map((r) => r[0]!), lanes: rows.map((r) => r[1]!) };
}

const JS: Record<Op, (a: number, b: number) => number> = { exp: Math.exp, log: Math.log, min: Math.min, max: Math.max };

function compare(list: Array<[Op, number, number]>, got: number[]): { off: number; worst: number; specialsExact: boolean } {
  let off = 0;
  let worst = 0;
  let specialsExact = true;
  list.forEach(([op, a, b], i) => {
    const want = JS[op](a, b);
    const d = Math.abs(ulps(got[i]!, want));
    if (d > 0) off += 1;
    worst = Math.max(worst, d);
    const special = op === 'min' || op === 'max' || !Number.isFinite(want) || want === 0 || want === 1 || Object.is(want, -0);
    if (special && !Object.is(got[i], want) && !(Number.isNaN(got[i]) && Number.isNaN(want))) specialsExact = false;
  });
  return { off, worst, specialsExact };
}

/** Inputs whose lane result is not bit for bit the scalar one (NaN payloads aside), at most 5. */
function laneMismatches(list: Array<[Op, number, number]>, got: Run): string[] {
  const bad: string[] = [];
  list.forEach(([op, a, b], i) => {
    const [s, l] = [got.scalar[i]!, got.lanes[i]!];
    if (!Object.is(s, l) && !(Number.isNaN(s) && Number.isNaN(l))) bad.push(`${op}(${a}, ${b}): scalar ${s}, lane ${l}`);
  });
  return bad.slice(0, 5);
}

describe('math tables', () => {
  it('hold 2^(j/128) and -ln(1/c) to the last bit', () => {
    const exp = expTable();
    exp.entries.forEach(({ scale, tail }, j) => {
      expect(Math.abs(ulps(scale, 2 ** (j / 128)))).toBeLessThanOrEqual(1);
      expect(Math.abs(tail)).toBeLessThanOrEqual(2 ** -53);
    });
    expect(exp.ln2NHi + exp.ln2NLo).toBe(Math.LN2 / 128);
    const log = logTable();
    expect(log.ln2Hi + log.ln2Lo).toBe(Math.LN2);
    log.entries.forEach(({ invc, logc, logcLo }) => {
      expect(Math.abs(ulps(logc, -Math.log(invc)))).toBeLessThanOrEqual(1);
      expect(Math.abs(logcLo)).toBeLessThanOrEqual(Math.abs(logc) * 2 ** -52);
    });
    expect(log.entries.filter((e) => e.invc === 1)).toHaveLength(2);
  });
});

describe.skipIf(!hasCargo)('jsrt exp/log/min/max against V8', () => {
  const list = inputs();

  it('libm build (plain x86-64): within 1 ulp of V8, specials exact; lanes equal to scalar bit for bit', async () => {
    const got = await run('x86-64', list);
    const { worst, specialsExact } = compare(list, got.scalar);
    expect(worst).toBeLessThanOrEqual(1);
    expect(specialsExact).toBe(true);
    expect(laneMismatches(list, got)).toEqual([]);
  }, 180_000);

  it.skipIf(!hasFma)('inlined build (x86-64-v3, FMA): within 1 ulp of V8, specials exact, not libm; AVX2 lanes equal to scalar bit for bit', async () => {
    const [inlined, libm] = await Promise.all([run('x86-64-v3', list), run('x86-64', list)]);
    const { worst, specialsExact } = compare(list, inlined.scalar);
    expect(worst).toBeLessThanOrEqual(1);
    expect(specialsExact).toBe(true);
    // The table-driven functions were compiled in: their last bits differ from libm's somewhere.
    expect(inlined.scalar.some((r, i) => !Object.is(r, libm.scalar[i]))).toBe(true);
    // The AVX2 lanes run the scalar functions' operations: the same bits, specials included.
    expect(laneMismatches(list, inlined)).toEqual([]);
  }, 180_000);
});

const GO_MAIN = `package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		words := strings.Fields(in.Text())
		bits, _ := strconv.ParseUint(words[1], 16, 64)
		x := math.Float64frombits(bits)
		r := math.NaN()
		switch words[0] {
		case "exp":
			r = jsExp(x)
		case "log":
			r = jsLog(x)
		}
		fmt.Fprintf(out, "%x\\n", math.Float64bits(r))
	}
}
`;

/** Go's jsExp / jsLog (jsrt.go) on the exp and log inputs, as doubles in input order. */
async function runGo(list: Array<[Op, number, number]>): Promise<number[]> {
  const dir = join(work, 'go');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module jsrtmath\n\ngo 1.22\n');
  writeFileSync(join(dir, 'jsrt.go'), goRuntime('main', ['jsExp', 'jsLog']));
  writeFileSync(join(dir, 'main.go'), GO_MAIN);
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };
  const vet = await execa('go', ['vet', '.'], { cwd: dir, env, reject: false, all: true });
  expect(vet.exitCode, vet.all).toBe(0);
  await execa('go', ['build', '-o', 'jsrt-math', '.'], { cwd: dir, env });
  const input = list.map(([op, a]) => `${op} ${doubleBits(a).toString(16)}`).join('\n');
  const { stdout } = await execa(join(dir, 'jsrt-math'), { input: `${input}\n` });
  return stdout.trim().split('\n').map((h) => bitsToDouble(BigInt(`0x${h}`)));
}

describe.skipIf(!hasCargo || !hasGo || !hasFma)('Go jsExp / jsLog', () => {
  it('are within 1 ulp of V8 with the specials exact, and return the Rust runtime\'s bits where both use the tables', async () => {
    const list = inputs().filter(([op]) => op === 'exp' || op === 'log');
    const [go, rust] = await Promise.all([runGo(list), run('x86-64-v3', list)]);
    // Rust hands |x| >= 512 (exp) and what is not a positive normal (log) to libm.
    const tables = ([op, a]: [Op, number, number]): boolean => (op === 'exp' ? Math.abs(a) < 512 : a >= 2.2250738585072014e-308 && a < Infinity);
    const differ = list.flatMap((input, i) =>
      !tables(input) || Object.is(go[i], rust.scalar[i]) || (Number.isNaN(go[i]) && Number.isNaN(rust.scalar[i])) ? [] : [`${input[0]}(${input[1]}): go ${go[i]}, rust ${rust.scalar[i]}`],
    );
    expect(differ.slice(0, 5)).toEqual([]);
    const { worst, specialsExact } = compare(list, go);
    expect(worst).toBeLessThanOrEqual(1);
    expect(specialsExact).toBe(true);
  }, 180_000);
});
