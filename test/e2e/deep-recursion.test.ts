/**
 * Deep recursion through the user's path (evolve, then verify): recursion that Node completes
 * completes in the generated tests of both languages, and a vector that kills the test binary is
 * a failed vector with its input, never "0 passed, 0 failed".
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src/run/verify.js';
import type { FunctionVectorFile } from '../../src/translate/vectors-format.js';
import { nestedLabel } from '../../fixtures/translate/106-deep-recursion.js';
import { pivot } from './cli.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pivot-deep-recursion-'));
  await writeFile(join(work, 'package.json'), '{"type":"module"}');
  // No guard: JavaScript throws RangeError on inputs too deep for its stack; the test writes its own vectors.
  await writeFile(join(work, 'sum.ts'), 'export function sumTo(n: number): number {\n  return n <= 0 ? 0 : n + sumTo(n - 1);\n}\n');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const verify = async (dir: string) => {
  const json = await pivot(['verify', dir, '--json'], { timeoutMs: 600_000 });
  const text = await pivot(['verify', dir], { timeoutMs: 600_000 });
  return { code: json.code, result: JSON.parse(json.stdout) as VerifyResult, text: text.stdout, textCode: text.code };
};

describe('deep recursion in the generated tests (real toolchains)', () => {
  for (const target of ['rust', 'go'] as const) {
    it(`${target}: 6,000-deep recursion from the fixture passes every vector`, async () => {
      const out = join(work, `nested-${target}`);
      const evolve = await pivot(['evolve', 'fixtures/translate/106-deep-recursion.ts#nestedLabel', '--target', target, '--vectors', '30', '--output', out], {
        timeoutMs: 300_000,
      });
      expect(evolve.code, evolve.stderr).toBe(0);
      const file = join(out, 'vectors', 'nestedLabel.json');
      const vectors = JSON.parse(await readFile(file, 'utf8')) as FunctionVectorFile;
      // Random inputs are rarely deep: add deep ones, their results from the TS original run here.
      for (const depth of [3000, 5999, 6000]) vectors.vectors.push({ args: [depth, 'deep'], result: nestedLabel(depth, 'deep') });
      await writeFile(file, JSON.stringify(vectors));
      const { code, result } = await verify(out);
      const [unit] = result.projects[0]!.units;
      expect(code, JSON.stringify(result.projects[0], null, 2).slice(0, 3000)).toBe(0);
      expect(unit).toMatchObject({ failed: 0, passed: 33, total: 33 });
      expect(unit!.inferred).toBeUndefined();
    }, 900_000);

    it(`${target}: a vector that overflows the stack and kills the binary is a failed vector with its input`, async () => {
      const out = join(work, `sum-${target}`);
      const evolve = await pivot(['evolve', 'sum.ts#sumTo', '--target', target, '--vectors', '5', '--output', out], { cwd: work, timeoutMs: 300_000 });
      expect(evolve.code, evolve.stderr).toBe(0);
      const file = join(out, 'vectors', 'sumTo.json');
      const recorded = JSON.parse(await readFile(file, 'utf8')) as FunctionVectorFile;
      // 10^9 frames: more than any stack the tests give it, in either language.
      const deep = 1e9;
      recorded.vectors = [
        { args: [0], result: 0 },
        { args: [10], result: 55 },
        { args: [1000], result: 500500 },
        { args: [deep], result: (deep * (deep + 1)) / 2 },
        { args: [20], result: 210 },
      ];
      await writeFile(file, JSON.stringify(recorded));
      const { code, result, text, textCode } = await verify(out);
      expect(code).toBe(1);
      expect(textCode).toBe(1);
      const project = result.projects[0]!;
      expect(project.status).toBe('failed');
      const [unit] = project.units;
      expect(unit, JSON.stringify(project, null, 2).slice(0, 3000)).toMatchObject({ total: 5, passed: 3, failed: 1, firstMismatch: { index: 3, input: [deep] } });
      expect(unit!.crashed).toMatch(target === 'rust' ? /overflowed its stack|stack overflow/ : /stack overflow|stack exceeds/);
      expect(text).toContain('the test binary crashed on vector 3');
      expect(text).toContain('vectors: 3 passed, 1 failed, 1 not run (the tests stopped early)');
      expect(text).not.toContain('0 passed, 0 failed');
    }, 900_000);
  }
});
