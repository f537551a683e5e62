/** The files of a service (or crate) directory that are its inputs: everything but build output and tool state. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const NOT_INPUT = new Set(['target', 'bin', 'dist', 'node_modules', '.pivot', 'coverage', '.git']);

/** Absolute paths of the input files under `dir`, in a stable order (by name, depth first). */
export function inputFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (NOT_INPUT.has(entry.name)) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(dir);
  return files;
}
