/**
 * Every translator fixture (fixtures/translate/README.md) through lower → vectors → emit →
 * build → replay, Rust and Go, in one batched run. Skips while the stage modules are missing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Diagnostic } from '../../src/translate/diagnostics.js';
import { replayFindings } from './harness-toolchains.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  casesFromEnv,
  formatHarnessReport,
  loadCases,
  missingTranslatorModules,
  parseCase,
  refusalProblems,
  runHarness,
  type CaseReport,
  type LanguageOutcome,
} from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures/translate');
const only = casesFromEnv(process.env.PIVOT_CASES);
const cases = loadCases(FIXTURES, only);
const missing = missingTranslatorModules(ROOT);
const workDir = process.env.PIVOT_HARNESS_DIR ?? join(tmpdir(), 'pivot-translate-harness');

describe('translator fixtures', () => {
  it('every fixture has a valid @pivot-case header', () => {
    const all = loadCases(FIXTURES);
    expect(all.length).toBeGreaterThanOrEqual(40);
    const number = (id: string): number => Number(/^\d+/.exec(id)![0]);
    expect(new Set(all.map((c) => number(c.id))).size).toBe(all.length);
    for (const c of all) {
      const refuseRange = number(c.id) >= 60 && number(c.id) <= 99;
      expect(refuseRange, `${c.id}: refuse cases are numbered 60-99, pass cases 01-59 and 100 on`).toBe(c.expect.kind === 'refuse');
    }
  });

  it('parses headers, continuation lines and refusal markers', () => {
    const source = [
      '/**',
      ' * @pivot-case',
      ' * unit: f',
      ' * expect: refuse PIV1002 PIV1005',
      ' * inputs: [[1, {"$num": "NaN"}],',
      ' *   [2, 3]]',
      ' * note: two lines',
      ' *   of note',
      ' */',
      'export function f(a: number, b: number) { for (const k in {}) {} // <- PIV1002',
      '}',
    ].join('\n');
    const c = parseCase('/x/61-f.ts', source);
    expect(c).toMatchObject({ id: '61-f', unit: 'f', expect: { kind: 'refuse', codes: ['PIV1002', 'PIV1005'] } });
    expect(c.inputs).toEqual([[1, { $num: 'NaN' }], [2, 3]]);
    expect(c.note).toBe('two lines of note');
    expect(c.markers.get('PIV1002')).toEqual([10]);
    const at = (code: string, line: number): Diagnostic => ({
      code,
      severity: 'error',
      origin: { file: '61-f.ts', line, column: 1 },
      construct: 'x',
      message: 'm',
      hint: 'h',
    });
    expect(refusalProblems(c, [at('PIV1002', 10), at('PIV1005', 3)])).toEqual([]);
    expect(refusalProblems(c, [at('PIV1002', 11)])).toEqual([
      'PIV1002 reported at line 11, expected line 10',
      'expected error PIV1005, lowering reported: PIV1002@11',
    ]);
    expect(() => parseCase('/x/01-g.ts', '/**\n * @pivot-case\n * unit: g\n * expect: maybe\n */')).toThrow(/expect:/);
  });

  it('reads the replay lines of the generated tests', () => {
    const out = [
      'test replay ... PIVOT-MISMATCH {"file":"f.json","index":3,"input":[1],"expected":{"result":1},"actual":{"error":"boom"}}',
      'PIVOT-VECTORS {"file":"f.json","unit":"x#f","total":10,"passed":9,"failed":1}',
    ].join('\n');
    expect(replayFindings(out)).toEqual({
      total: 10,
      passed: 9,
      mismatches: ['f.json #3: input [1] expected {"result":1} actual {"error":"boom"}'],
    });
  });

  it('every fixture is valid strict TypeScript', async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await execa(process.execPath, [tsc, '-p', join(FIXTURES, 'tsconfig.json')], { reject: false });
    expect(result.stdout + result.stderr).toBe('');
  });
});

const title = missing.length === 0 ? 'translator harness' : `translator harness (skipped: not written yet: ${missing.join(', ')})`;

describe.skipIf(missing.length > 0)(title, () => {
  let reports = new Map<string, CaseReport>();

  beforeAll(async () => {
    reports = await runHarness({
      root: ROOT,
      fixturesDir: FIXTURES,
      only,
      workDir,
      targetDir: process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'),
      lint: process.env.PIVOT_HARNESS_LINT !== '0',
      log: (line) => console.log(line),
    });
  }, 60 * 60_000);

  afterAll(() => {
    if (reports.size === 0) return;
    const text = formatHarnessReport(reports);
    mkdirSync(workDir, { recursive: true });
    writeFileSync(join(workDir, 'report.txt'), `${text}\n`);
    console.log(`${text}\n(report: ${join(workDir, 'report.txt')})`);
  });

  const report = (id: string): CaseReport => {
    const r = reports.get(id);
    if (!r) throw new Error(`${id} was not run (the harness failed before reaching it)`);
    return r;
  };
  const fail = (id: string, what: string, problems: string[]): never => {
    throw new Error(`${id} ${what}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  };
  const checkLanguage = (id: string, language: 'rust' | 'go') => {
    const r = report(id);
    if (r.problems.length > 0) fail(id, `has no ${language} build`, r.problems);
    const outcome: LanguageOutcome | undefined = r[language];
    if (!outcome) fail(id, `was not built in ${language}`, ['no outcome recorded']);
    else if (outcome.status !== 'pass') fail(id, `does not match the TS original in ${language}`, [...outcome.problems, ...outcome.lint]);
  };

  for (const c of cases) {
    if (c.expect.kind === 'refuse') {
      it(`${c.id}: refused with ${c.expect.codes.join(' ')}`, () => {
        const r = report(c.id);
        if (r.problems.length > 0) fail(c.id, 'is not refused as expected', r.problems);
      });
      continue;
    }
    it(`${c.id}: lowers and records vectors`, () => {
      const r = report(c.id);
      if (r.problems.length > 0) fail(c.id, 'does not lower cleanly', r.problems);
    });
    it(`${c.id}: rust matches the TS original`, () => checkLanguage(c.id, 'rust'));
    it(`${c.id}: go matches the TS original`, () => checkLanguage(c.id, 'go'));
  }
});
