/**
 * Random programs of the translated subset (test/translate/fuzz-programs.ts) through the
 * translator harness: each is lowered, its golden vectors recorded from the TS original, emitted
 * as Rust and Go, built in one batch per language, linted and replayed. Every program must
 * translate and match. `npm test` runs a small budget; `npm run fuzz:translate` a larger one
 * (PIVOT_FUZZ_PROGRAMS, PIVOT_FUZZ_SEED). A failing program stays in the work dir, named in the
 * failure, to become a fixture.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { programArbitrary, programCase } from './fuzz-programs.js';
import { formatHarnessReport, missingTranslatorModules, runHarness, type CaseReport } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROGRAMS = Number(process.env.PIVOT_FUZZ_PROGRAMS ?? 3);
const SEED = Number(process.env.PIVOT_FUZZ_SEED ?? 20261208);
const VECTORS = Number(process.env.PIVOT_FUZZ_VECTORS ?? 40);
const workDir = process.env.PIVOT_FUZZ_DIR ?? join(tmpdir(), 'pivot-translate-fuzz');
const fixturesDir = join(workDir, 'programs');
const missing = missingTranslatorModules(ROOT);

describe('random program generator', () => {
  it('draws valid, varied programs from a seed, the same ones every time', () => {
    const draw = () => fc.sample(programArbitrary, { seed: SEED, numRuns: 20 });
    const programs = draw();
    expect(programs.map((p) => p.source)).toEqual(draw().map((p) => p.source));
    expect(new Set(programs.map((p) => p.source)).size).toBeGreaterThan(15);
    expect(programs.some((p) => p.source.includes('for ('))).toBe(true);
    expect(programs.some((p) => p.source.includes('if ('))).toBe(true);
    for (const p of programs) expect(p.source).toMatch(/^export function prog\(a: number, b: number, xs: number\[\], s: string\)/);
  });
});

describe.skipIf(missing.length > 0 || PROGRAMS <= 0)(`${PROGRAMS} random programs (seed ${SEED}) translate and match the TS original`, () => {
  let reports = new Map<string, CaseReport>();
  const ids: string[] = [];

  beforeAll(async () => {
    rmSync(fixturesDir, { recursive: true, force: true });
    mkdirSync(fixturesDir, { recursive: true });
    fc.sample(programArbitrary, { seed: SEED, numRuns: PROGRAMS }).forEach((program, i) => {
      const id = `${100 + i}-fuzz`;
      ids.push(id);
      writeFileSync(join(fixturesDir, `${id}.ts`), programCase(program, VECTORS, SEED, i));
    });
    reports = await runHarness({
      root: ROOT,
      fixturesDir,
      workDir,
      targetDir: process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'),
      lint: true,
      log: (line) => console.log(line),
    });
    console.log(formatHarnessReport(reports));
  }, 60 * 60_000);

  it('every program lowers, builds, passes lint and replays its vectors in Rust and Go', () => {
    const failures = ids.flatMap((id) => {
      const r = reports.get(id);
      if (!r) return [`${id}: not run`];
      const problems = [...r.problems];
      for (const language of ['rust', 'go'] as const) {
        const o = r[language];
        if (!o) problems.push(`${language}: not built`);
        else if (o.status !== 'pass') problems.push(...[...o.problems, ...o.lint].map((p) => `${language}: ${p}`));
      }
      return problems.length === 0 ? [] : [`${join(fixturesDir, `${id}.ts`)}:\n${problems.map((p) => `  - ${p}`).join('\n')}`];
    });
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
