import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { UserError } from '../../errors.js';

/** The ts-morph project lowering reads a module with: the nearest tsconfig.json, or strict defaults. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
};

export function openSourceFile(root: string, file: string): SourceFile {
  if (!existsSync(file)) {
    throw new UserError(`TypeScript module not found: ${file}`, 'pass the path of a .ts file, e.g. `pivot evolve src/pricing.ts#quotePrice`');
  }
  const config = nearestTsConfig(path.dirname(file), root);
  let project: Project;
  try {
    project = config
      ? new Project({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true })
      : new Project({ compilerOptions: DEFAULT_OPTIONS });
  } catch {
    project = new Project({ compilerOptions: DEFAULT_OPTIONS });
  }
  return project.addSourceFileAtPath(file);
}

function nearestTsConfig(start: string, root: string): string | undefined {
  const stop = path.resolve(root);
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dir === stop || path.dirname(dir) === dir) return undefined;
  }
}
