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
import { join, resolve } from 'node:path';

const NOT_SOURCE = new Set(['target', 'bin', 'node_modules', '.git', '.pivot']);

/** Files of a crate directory cargo may read (everything but build output), and the package names its manifests declare. */
function crateContents(dir: string): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (NOT_SOURCE.has(entry.name)) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        files.push(path);
        if (entry.name === 'Cargo.toml') {
          const name = /^\[package\][^[]*?^name\s*=\s*"([^"]+)"/m.exec(readFileSync(path, 'utf8'))?.[1];
          if (name) packages.push(name);
        }
      }
    }
  };
  walk(dir);
  return { files, packages };
}

/** Makes cargo rebuild the crate at `dir` when a same-named crate from elsewhere was built last into `targetDir`. */
export function claimSharedTarget(dir: string, targetDir: string | undefined): void {
  if (!targetDir || !existsSync(join(dir, 'Cargo.toml'))) return;
  const owner = resolve(dir);
  const { files, packages } = crateContents(owner);
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
