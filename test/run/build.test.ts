/**
 * buildAll with real cargo: two generated trees whose crates have the same name share one
 * CARGO_TARGET_DIR (as CI and `pivot example` do). Each service must keep running its own binary,
 * even after the other tree was built last and this one is skipped as unchanged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../src/run/build.js';
import { buildSteps } from '../../src/run/local-system.js';
import type { SystemModel } from '../../src/scaffold/deploy/model.js';

const work = mkdtempSync(join(tmpdir(), 'pivot-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const hasCargo = (await execa('cargo', ['--version'], { reject: false })).exitCode === 0;

/** A generated tree with one Rust service (Cargo.lock included, as pivot writes it). */
async function tree(name: string, says: string): Promise<{ root: string; system: SystemModel }> {
  const root = join(work, name);
  const dir = join(root, 'services', 'pricing');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "pricing"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n');
  writeFileSync(join(dir, 'src', 'main.rs'), `fn main() {\n    println!("${says}");\n}\n`);
  await execa('cargo', ['generate-lockfile', '--offline'], { cwd: dir });
  const system = { services: [{ name: 'pricing', language: 'rust', dir: 'services/pricing', binary: 'pricing' }] } as unknown as SystemModel;
  return { root, system };
}

describe.skipIf(!hasCargo)('buildAll with a shared CARGO_TARGET_DIR', () => {
  it('keeps each tree its own copy of a same-named binary', async () => {
    const shared = { cargoTargetDir: join(work, 'target') };
    const env = { CARGO_TARGET_DIR: shared.cargoTargetDir };
    const a = await tree('a', 'from a');
    const b = await tree('b', 'from b');
    const [stepA] = buildSteps(a.root, a.system, shared);
    const [stepB] = buildSteps(b.root, b.system, shared);
    expect(stepA!.artefact).toBe(join(a.root, 'services', 'pricing', 'bin', 'pricing'));
    await buildAll(a.root, [stepA!], { env });
    await buildAll(b.root, [stepB!], { env });
    // a is unchanged, so it is not rebuilt, and the shared release/pricing is b's now.
    const again = await buildAll(a.root, [stepA!], { env });
    expect(again.map((r) => r.status)).toEqual(['unchanged']);
    expect((await execa(stepA!.artefact)).stdout).toBe('from a');
    expect((await execa(stepB!.artefact)).stdout).toBe('from b');
    expect((await execa(stepB!.builtAt!)).stdout).toBe('from b');
  }, 180_000);
});
