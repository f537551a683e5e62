/**
 * End to end for the Rust printer: hand-built IR modules (and, when lowering is available,
 * the monolith's pricing.ts) become crates that build, replay their golden vectors, and are
 * clean under `cargo clippy --all-targets -- -D warnings` and `cargo fmt --check`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileTree } from '../../../src/translate/api.js';
import { emitRustCrate } from '../../../src/translate/emit-rust/index.js';
import { formatTree } from '../../../src/translate/format.js';
import type { IrModule } from '../../../src/translate/ir.js';
import type { VectorFile } from '../../../src/translate/vectors-format.js';
import { pricingModule, pricingVectors, storeModule, storeVectors } from './modules.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TARGET = process.env.CARGO_TARGET_DIR ?? '/work/cargo-target';
const work = mkdtempSync(join(tmpdir(), 'pivot-emit-rust-'));
const hasCargo = (await execa('cargo', ['--version'], { reject: false })).exitCode === 0;

afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(dir: string, tree: FileTree): void {
  for (const [path, contents] of tree) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

async function cargo(dir: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  const r = await execa('cargo', args, { cwd: dir, reject: false, all: true, env: { CARGO_TARGET_DIR: TARGET } });
  return { ok: r.exitCode === 0, output: String(r.all ?? '') };
}

/**
 * Emits, writes and checks one crate; returns the test output. `raw` crates are written as the
 * printer emitted them (so `cargo fmt --check` checks the printer's own layout); the others go
 * through the format step first, as `pivot evolve` does.
 */
async function buildAndCheck(name: string, module: IrModule, vectors: Map<string, VectorFile>, raw = true): Promise<string> {
  const emitted = emitRustCrate(module, { profile: 'conservative', vectors });
  const formatted = await formatTree(emitted, 'rust');
  // The runtime is fixed text: it must already be exactly what rustfmt makes of it.
  expect(emitted.get('src/jsrt.rs')).toBe(formatted.get('src/jsrt.rs'));
  const tree = raw ? emitted : formatted;
  const dir = join(work, name);
  write(dir, tree);
  const test = await cargo(dir, ['test', '--', '--nocapture']);
  expect(test.ok, `${name}: cargo test\n${test.output.slice(-6000)}`).toBe(true);
  const clippy = await cargo(dir, ['clippy', '--all-targets', '--', '-D', 'warnings']);
  expect(clippy.ok, `${name}: cargo clippy\n${clippy.output.slice(-6000)}`).toBe(true);
  const fmt = await cargo(dir, ['fmt', '--check']);
  expect(fmt.ok, `${name}: cargo fmt --check\n${fmt.output.slice(-4000)}`).toBe(true);
  return test.output;
}

describe.skipIf(!hasCargo)('generated crates', () => {
  it(
    'a function module and a class module build, replay their vectors and pass clippy and rustfmt',
    async () => {
      const pricing = await buildAndCheck('pricing', pricingModule(), pricingVectors());
      for (const file of pricingVectors().keys()) {
        expect(pricing).toMatch(new RegExp(`PIVOT-VECTORS \\{[^\\n]*"failed":0,"file":"${file.replace('.', '\\.')}"`));
      }
      const store = await buildAndCheck('store', storeModule(), storeVectors());
      expect(store).toMatch(/PIVOT-VECTORS \{"failed":0,"file":"Store\.json","passed":2,"total":2/);
    },
    20 * 60_000,
  );

  const lowerPath = join(ROOT, 'src/translate/lower/index.ts');
  it.skipIf(!existsSync(lowerPath))(
    "the monolith's pricing.ts, lowered, builds and replays vectors recorded from the TypeScript",
    async () => {
      const { lowerModule } = (await import('../../../src/translate/lower/index.js')) as typeof import('../../../src/translate/lower/index.js');
      const { recordVectors } = (await import('../../../src/translate/vectors.js')) as typeof import('../../../src/translate/vectors.js');
      const root = join(ROOT, 'fixtures/monolith');
      const file = join(root, 'src/pricing.ts');
      const lowered = lowerModule({ root, file, units: ['quotePrice'] });
      expect(lowered.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const recorded = await recordVectors({ module: lowered.module, file, root, seed: 7, count: 25 });
      expect(recorded.files.size).toBeGreaterThan(0);
      const output = await buildAndCheck('monolith-pricing', lowered.module, recorded.files, false);
      expect(output).toMatch(/PIVOT-VECTORS \{"failed":0,"file":"quotePrice\.json"/);
    },
    20 * 60_000,
  );
});
