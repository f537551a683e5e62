/**
 * One CARGO_TARGET_DIR shared by many crates (CI, `pivot example`, a user who exports it) saves
 * rebuilding axum and tokio for every generated service, but cargo does not tell apart two local
 * crates with the same name and version: they get the same fingerprint, and cargo decides
 * freshness by comparing source mtimes with the last build. Building `b/pricing` after
 * `a/pricing` then keeps a's binary whenever b's files are older than that build.
 *
 * Before cargo runs on a crate directory, `claimSharedTarget` checks which directory last built
 * each of its package names into the shared target (a marker pivot keeps there); when another
 * one did, it sets the mtimes of this crate's files to now, so cargo rebuilds it (and only it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { inputFiles } from './service-files.js';

/** The package names the crate directory's manifests declare. */
function packageNames(files: readonly string[]): string[] {
  return files
    .filter((f) => basename(f) === 'Cargo.toml')
    .flatMap((f) => /^\[package\][^[]*?^name\s*=\s*"([^"]+)"/m.exec(readFileSync(f, 'utf8'))?.[1] ?? []);
}

/** Makes cargo rebuild the crate at `dir` when a same-named crate from elsewhere was built last into `targetDir`. */
export function claimSharedTarget(dir: string, targetDir: string | undefined): void {
  if (!targetDir || !existsSync(join(dir, 'Cargo.toml'))) return;
  const owner = resolve(dir);
  const files = inputFiles(owner);
  const packages = packageNames(files);
  const markers = join(resolve(targetDir), '.pivot-crates');
  const marker = (name: string): string => join(markers, name);
  // No marker but a fingerprint of that name: built before pivot kept markers, by whom unknown.
  const fingerprinted = (name: string): boolean =>
    ['release', 'debug'].some((profile) => {
      const dir = join(resolve(targetDir), profile, '.fingerprint');
      return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(`${name}-`));
    });
  const foreign = packages.some((name) => (existsSync(marker(name)) ? readFileSync(marker(name), 'utf8') !== owner : fingerprinted(name)));
  if (foreign) {
    const now = new Date();
    for (const file of files) utimesSync(file, now, now);
  }
  mkdirSync(markers, { recursive: true });
  for (const name of packages) writeFileSync(marker(name), owner);
}
