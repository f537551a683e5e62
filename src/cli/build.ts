import { resolve } from 'node:path';
import { readSystemFile } from '../run/local-system.js';
import { buildTree } from '../run/up.js';
import { createUi } from '../ui.js';

export interface BuildCommandOptions {
  dir: string;
  cwd: string;
  force?: boolean;
  json?: boolean;
  verbose?: boolean;
}

export async function run(options: BuildCommandOptions) {
  const ui = createUi({ verbose: options.verbose, quiet: options.json });
  const root = resolve(options.cwd, options.dir);
  const results = await buildTree(root, readSystemFile(root), ui, options.force);
  if (options.json) ui.out(JSON.stringify(results, null, 2));
  return results;
}
