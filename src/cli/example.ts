import { fileURLToPath } from 'node:url';
import { join, relative, resolve } from 'node:path';
import { ExitError } from '../errors.js';
import { readSystemFile } from '../run/local-system.js';
import { printParity } from './parity.js';
import { printSmoke } from './smoke.js';
import { runPipeline } from '../run/pipeline.js';
import { summariseWrite, writeTree } from '../scaffold/generate.js';
import { planFromAnalysis } from '../scaffold/plan.js';
import type { BuildProfile } from '../translate/api.js';
import { createUi } from '../ui.js';
import { run as analyze } from './analyze.js';
import { generateSystem } from './evolve-plan.js';

export const FIXTURE = fileURLToPath(new URL('../../fixtures/monolith', import.meta.url));
export const EXAMPLE_NAME = 'polyglot-shop';

export interface ExampleOptions {
  cwd: string;
  output: string;
  duration: number;
  run: boolean;
  force?: boolean;
  profile: BuildProfile;
  seed: number;
  verbose?: boolean;
}

/**
 * `pivot example`: the whole flow on the bundled monolith — analyze (0x profile), plan, translate
 * with golden vectors, render services + gateway + deploy files; then, unless --no-run, build,
 * start everything as local processes, smoke-test, check parity with the monolith, and stop.
 */
export async function run(options: ExampleOptions): Promise<void> {
  const ui = createUi({ verbose: options.verbose });
  const outputDir = resolve(options.cwd, options.output);
  const analysisDir = join(outputDir, '..', '.pivot-example');
  const analysis = await analyze({
    dir: FIXTURE,
    cwd: options.cwd,
    output: relative(options.cwd, analysisDir),
    profile: true,
    build: true,
    duration: options.duration,
    connections: 10,
    startTimeout: 30,
    verbose: options.verbose,
  });
  const plan = planFromAnalysis(analysis, { profile: options.profile });
  ui.info(`\nplan: ${plan.services.map((s) => `${s.name} (${s.language}, :${s.port}) ← ${s.units.join(', ')}`).join('; ')}; gateway :${plan.gatewayPort}`);
  const result = await generateSystem(FIXTURE, plan, { outputDir, profile: options.profile, seed: options.seed, systemName: EXAMPLE_NAME, ui, verbose: options.verbose }, 'the fresh analysis');
  const report = await writeTree(result.tree, outputDir, { force: options.force, ui });
  ui.info(`${report.written ? 'wrote' : 'up to date:'} ${relative(options.cwd, outputDir) || '.'} (${summariseWrite(report.entries)})`);
  if (!options.run) return;

  const outcome = await runPipeline(outputDir, readSystemFile(outputDir), { ui });
  printSmoke(ui, outcome.smoke);
  if (outcome.parity) printParity(ui, outcome.parity.results, outcome.parity.config);
  if (!outcome.ok) throw new ExitError(1);
  ui.out(`\nexample: generated, built, started, smoke-tested and parity-checked ${relative(options.cwd, outputDir)}; everything stopped.`);
}
