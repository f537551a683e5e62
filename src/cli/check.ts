import { resolve } from 'node:path';
import { ExitError, UserError } from '../errors.js';
import { checkDeployFiles, runTool, serviceChecks, type CheckStep } from '../run/check.js';
import { readSystemFile } from '../run/local-system.js';
import { buildTree } from '../run/up.js';
import { driftOf } from '../scaffold/generate.js';
import { renderTable } from '../table.js';
import { createUi } from '../ui.js';
import { generateSystem } from './evolve-plan.js';

export interface CheckOptions {
  dir: string;
  cwd: string;
  drift: boolean;
  build: boolean;
  json?: boolean;
  verbose?: boolean;
}

/**
 * `pivot check`: what CI runs on a generated tree — deploy files valid, no drift from what pivot
 * generates now, every service builds, lints clean and passes its tests.
 */
export async function run(options: CheckOptions): Promise<CheckStep[]> {
  const ui = createUi({ verbose: options.verbose, quiet: options.json });
  const root = resolve(options.cwd, options.dir);
  const file = readSystemFile(root);
  const steps: CheckStep[] = [...checkDeployFiles(root, file)];

  if (options.drift) {
    if (!file.plan || !file.monolith) {
      throw new UserError(`${root}/pivot.system.json has no plan to regenerate from`, 'regenerate the tree with this pivot version (pivot example / evolve --plan), or pass --no-drift');
    }
    const regenerated = await generateSystem(resolve(root, file.monolith), file.plan, { outputDir: root, profile: file.plan.profile, seed: file.generator?.seed ?? 1, vectors: file.generator?.vectors, systemName: file.system.name, ui }, `${root}/pivot.system.json`, file.analysis === undefined ? undefined : resolve(root, file.analysis));
    const drift = await driftOf(regenerated.tree, root);
    steps.push({
      name: 'generated files up to date',
      ok: drift.length === 0,
      detail: drift.length === 0 ? `${regenerated.tree.size} files match what pivot generates` : `${drift.length} file(s) drifted`,
      output: drift.map((d) => `${d.action === 'create' ? 'missing' : d.action === 'delete' ? 'no longer generated' : 'differs'}: ${d.path}`),
    });
  }

  if (options.build) {
    try {
      await buildTree(root, file, ui);
      steps.push({ name: 'build', ok: true, detail: `${file.system.services.length} services` });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      steps.push({ name: 'build', ok: false, detail: err.message, output: err.details });
    }
    if (steps.at(-1)!.ok) {
      for (const tool of serviceChecks(root, file)) steps.push(await ui.step(tool.name, () => runTool(tool)));
    }
  }

  if (options.json) ui.out(JSON.stringify(steps, null, 2));
  else {
    ui.out(renderTable([{ header: 'check' }, { header: 'result' }, { header: 'detail', max: 80 }], steps.map((s) => [s.name, s.ok ? 'ok' : 'FAIL', s.detail])));
    for (const s of steps.filter((x) => !x.ok)) ui.out(`\n${s.name}:\n${(s.output ?? []).map((l) => `  ${l}`).join('\n')}`);
    const failed = steps.filter((s) => !s.ok).length;
    ui.out(failed === 0 ? `\ncheck: ${steps.length} checks passed` : `\ncheck: ${failed} of ${steps.length} checks failed`);
  }
  if (steps.some((s) => !s.ok)) throw new ExitError(1);
  return steps;
}
