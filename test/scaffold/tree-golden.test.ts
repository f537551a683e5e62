import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readSystemFile } from '../../src/run/local-system.js';
import { renderSystemTree } from '../../src/scaffold/apply.js';
import { writeTree } from '../../src/scaffold/generate.js';
import { createUi } from '../../src/ui.js';
import { REPO } from '../e2e/cli.js';

/**
 * Golden test of a whole generated tree: the committed examples/polyglot-shop is the expected
 * output of its own plan. YAML is compared structurally (key order and quoting do not matter),
 * everything else byte for byte; a mismatch shows the first differing lines.
 * Regenerate with UPDATE_GOLDEN=1 npx vitest run test/scaffold/tree-golden.test.ts
 */
const example = join(REPO, 'examples/polyglot-shop');

function firstDifferences(expected: string, actual: string, max = 8): string[] {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max * 2; i++) {
    if (a[i] !== b[i]) out.push(`  ${i + 1}- ${a[i] ?? '(end of file)'}`, `  ${i + 1}+ ${b[i] ?? '(end of file)'}`);
  }
  return out;
}

const yamlValue = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as unknown);

describe.skipIf(!existsSync(join(example, 'pivot.system.json')))('generated tree (golden): examples/polyglot-shop', () => {
  it('is exactly what its plan generates', async () => {
    const file = readSystemFile(example);
    const result = await renderSystemTree({
      monolithRoot: resolve(example, file.monolith!),
      outputDir: example,
      plan: file.plan!,
      systemName: file.system.name,
      seed: file.generator?.seed ?? 1,
      vectorCount: file.generator?.vectors,
    });
    if (process.env.UPDATE_GOLDEN) {
      await writeTree(result.tree, example, { force: true, ui: createUi({ quiet: true }) });
      return;
    }
    const problems: string[] = [];
    for (const [path, actual] of result.tree) {
      const onDisk = join(example, path);
      if (!existsSync(onDisk)) {
        problems.push(`${path}: missing from the golden tree`);
        continue;
      }
      const expected = readFileSync(onDisk, 'utf8');
      const same = /\.ya?ml$/.test(path) ? isDeepStrictEqual(yamlValue(expected), yamlValue(actual)) : expected === actual;
      if (!same) problems.push(`${path} differs:`, ...firstDifferences(expected, actual));
    }
    expect(problems.join('\n'), 'regenerate with UPDATE_GOLDEN=1 if the change is intended').toBe('');
    expect(result.tree.size).toBeGreaterThan(50);
  }, 300_000);
});
