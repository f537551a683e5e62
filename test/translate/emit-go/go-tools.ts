/** Running the real Go tools on a generated tree (tests only). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import type { FileTree } from '../../../src/translate/api.js';

const goVersion = await execa('go', ['version'], { reject: false }).catch(() => undefined);
export const haveGo = goVersion?.exitCode === 0;

export function writeTree(dir: string, tree: FileTree): void {
  for (const [path, text] of tree) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** gofmt -l, go vet and go test -race in `dir`; returns the test output. */
export async function goCheck(dir: string, opts: { test?: boolean } = {}): Promise<string> {
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
  const fmt = await execa('gofmt', ['-l', '.'], { cwd: dir, env, reject: false });
  expect(fmt.stderr).toBe('');
  expect(fmt.stdout, `gofmt would reformat:\n${fmt.stdout}`).toBe('');
  const vet = await execa('go', ['vet', './...'], { cwd: dir, env, reject: false });
  expect(vet.exitCode, `go vet:\n${vet.stderr}`).toBe(0);
  if (opts.test === false) return '';
  const test = await execa('go', ['test', '-race', '-count=1', '-v', './...'], { cwd: dir, env, reject: false, all: true });
  expect(test.exitCode, `go test:\n${test.all}`).toBe(0);
  return test.all ?? '';
}
