/**
 * `jsrt::exp` / `jsrt::log` / `min` / `max` against V8 on the same inputs: a throwaway crate
 * holding only the emitted runtime is built twice, for plain x86-64 (libm) and for x86-64-v3
 * (FMA: the inlinable table-driven functions), and every result must be within 1 ulp of what
 * Node's Math.exp / Math.log return, with the special values exact. The tables themselves are
 * checked against the exact arithmetic that built them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeSource } from '../../../src/translate/emit-rust/runtime.js';
import { bitsToDouble, doubleBits, expTable, logTable } from '../../../src/translate/math-tables.js';

const work = mkdtempSync(join(tmpdir(), 'pivot-jsrt-math-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hasCargo = (await execa('cargo', ['--version'], { reject: false })).exitCode === 0;
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

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let mut words = line.split(' ');
        let op = words.next().unwrap();
        let mut arg = || f64::from_bits(u64::from_str_radix(words.next().unwrap(), 16).unwrap());
        let (a, b) = (arg(), arg());
        let r = match op {
            "exp" => jsrt::exp(a),
            "log" => jsrt::log(a),
            "min" => jsrt::min(a, b),
            _ => jsrt::max(a, b),
        };
        writeln!(out, "{:x}", r.to_bits()).unwrap();
    }
}
`;

async function run(cpu: string, list: Array<[Op, number, number]>): Promise<number[]> {
  const dir = join(work, cpu);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "jsrt-math"\nversion = "0.0.0"\nedition = "2021"\n');
  writeFileSync(join(dir, 'src', 'jsrt.rs'), runtimeSource(new Set(['exp', 'log', 'min', 'max'])));
  writeFileSync(join(dir, 'src', 'main.rs'), MAIN);
  const env = { CARGO_TARGET_DIR: join(dir, 'target'), RUSTFLAGS: `-C target-cpu=${cpu} -D warnings`, CARGO_TERM_COLOR: 'never' };
  await execa('cargo', ['build', '--release', '--quiet'], { cwd: dir, env });
  const input = list.map(([op, a, b]) => `${op} ${doubleBits(a).toString(16)} ${doubleBits(b).toString(16)}`).join('\n');
  const { stdout } = await execa(join(dir, 'target', 'release', 'jsrt-math'), { input: `${input}\n` });
  return stdout.trim().split('\n').map((h) => bitsToDouble(BigInt(`0x${h}`)));
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

  it('libm build (plain x86-64): within 1 ulp of V8, specials exact', async () => {
    const got = await run('x86-64', list);
    const { worst, specialsExact } = compare(list, got);
    expect(worst).toBeLessThanOrEqual(1);
    expect(specialsExact).toBe(true);
  }, 180_000);

  it.skipIf(!hasFma)('inlined build (x86-64-v3, FMA): within 1 ulp of V8, specials exact, not libm', async () => {
    const [inlined, libm] = await Promise.all([run('x86-64-v3', list), run('x86-64', list)]);
    const { worst, specialsExact } = compare(list, inlined);
    expect(worst).toBeLessThanOrEqual(1);
    expect(specialsExact).toBe(true);
    // The table-driven functions were compiled in: their last bits differ from libm's somewhere.
    expect(inlined.some((r, i) => !Object.is(r, libm[i]))).toBe(true);
  }, 180_000);
});
