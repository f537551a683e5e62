/**
 * Golden snapshots of the emitted, formatted Rust and Go source of the `golden: yes` fixture
 * cases, committed under test/translate/__golden__/<case>/{rust,go}/. Vector JSON files are
 * left out (the cases test checks behaviour). Regenerate after an intended emitter change:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/translate/golden.test.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileTree, TargetLanguage } from '../../src/translate/api.js';
import { DEFAULT_TOLERANCE, type VectorFile } from '../../src/translate/vectors-format.js';
import {
  emitCase,
  HARNESS_CLOCK_MS,
  HARNESS_SEED,
  loadCases,
  loadTranslator,
  missingTranslatorModules,
  type PivotCase,
  type Translator,
} from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures/translate');
const GOLDEN = join(ROOT, 'test/translate/__golden__');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const LANGUAGES: TargetLanguage[] = ['rust', 'go'];

const cases = loadCases(FIXTURES).filter((c) => c.golden);
const missing = missingTranslatorModules(ROOT).filter((m) => m !== 'vectors' && m !== 'record-runner');

/** A vector file without vectors: the emitted tree's shape, without recording anything. */
function stubVectors(c: PivotCase, sourceFile: string, isClass: boolean): Map<string, VectorFile> {
  const header = {
    schema: 1 as const,
    unit: `${sourceFile}#${c.unit}`,
    tolerance: DEFAULT_TOLERANCE,
    seed: HARNESS_SEED,
    clockMs: HARNESS_CLOCK_MS,
    randomSeed: HARNESS_SEED,
  };
  const file: VectorFile = isClass
    ? { ...header, kind: 'class', class: c.unit, sequences: [] }
    : { ...header, kind: 'function', function: c.unit, vectors: [] };
  return new Map([[`${c.unit}.json`, file]]);
}

const sourcesOnly = (tree: FileTree): FileTree =>
  new Map([...tree].filter(([path]) => !path.startsWith('vectors/')).sort(([a], [b]) => a.localeCompare(b)));

function readGolden(dir: string): FileTree {
  const tree: FileTree = new Map();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else tree.set(relative(dir, full).split('\\').join('/'), readFileSync(full, 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return new Map([...tree].sort(([a], [b]) => a.localeCompare(b)));
}

function writeGolden(dir: string, tree: FileTree): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, contents] of tree) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
}

const title =
  missing.length === 0 ? 'golden emitted source' : `golden emitted source (skipped: not written yet: ${missing.join(', ')})`;

describe.skipIf(missing.length > 0)(title, () => {
  let translator: Translator;
  beforeAll(async () => {
    translator = await loadTranslator(ROOT);
  }, 120_000);

  for (const c of cases) {
    for (const language of LANGUAGES) {
      const dir = join(GOLDEN, c.id, language);
      const recorded = existsSync(dir);
      const name = recorded || UPDATE ? `${c.id} ${language}` : `${c.id} ${language} (skipped: no snapshot yet; UPDATE_GOLDEN=1 records it)`;
      it.skipIf(!recorded && !UPDATE)(name, async () => {
        const lowered = translator.lowerModule({ root: FIXTURES, file: c.file, units: [c.unit] });
        const errors = lowered.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.code} line ${d.origin.line}: ${d.message}`), `${c.id} lowers without errors`).toEqual([]);
        const isClass = lowered.module.classes.some((k) => k.name === c.unit);
        const emitted = await emitCase(translator, language, c, lowered.module, stubVectors(c, lowered.module.sourceFile, isClass));
        expect(emitted.problems, `${c.id} emits formatted ${language}`).toEqual([]);
        const actual = sourcesOnly(emitted.tree!);
        if (UPDATE) {
          writeGolden(dir, actual);
          return;
        }
        const expected = readGolden(dir);
        expect([...actual.keys()], `${c.id} ${language}: file list`).toEqual([...expected.keys()]);
        for (const [path, contents] of expected) {
          expect.soft(actual.get(path), `${c.id} ${language}: ${path} differs from its snapshot`).toBe(contents);
        }
      }, 120_000);
    }
  }
});
