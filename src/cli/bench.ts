import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveEntry } from '../analyze/entry.js';
import { VERSION } from '../cli.js';
import { ExitError, UserError } from '../errors.js';
import { writeFilesAtomically } from '../fsutil.js';
import { createLogPrinter } from '../run/logs.js';
import { freePort } from '../run/ports.js';
import { findAnalysis, loadPrediction } from '../run/bench/compare.js';
import { chooseMix } from '../run/bench/mixes.js';
import { benchSettings, planBench } from '../run/bench/plan.js';
import { renderBenchHtml } from '../run/bench/report-html.js';
import { renderBenchMarkdown, renderBenchTerminal } from '../run/bench/report-md.js';
import { runBench } from '../run/bench/run.js';
import { polyglotResolver } from '../run/bench/polyglot.js';
import { monolithClusterTarget, monolithTarget, type PolyglotResolver } from '../run/bench/targets.js';
import { readSystemFile, SYSTEM_FILE } from '../run/local-system.js';
import type { BenchReport, BenchTarget } from '../run/bench/types.js';
import { createUi } from '../ui.js';

export interface BenchOptions {
  cwd: string;
  /** The monolith's folder; default the bundled fixtures/monolith. */
  monolith?: string;
  /** The generated polyglot system's folder; without it the monolith is measured alone. */
  polyglot?: string;
  /** read | pricing | order | mixed, or a workload file. */
  mix?: string;
  /** Seconds per measured run; default 10. */
  duration?: number;
  /** Runs per point; default 3. */
  runs?: number;
  json?: boolean;
  /** Where bench.json, bench.md and bench.html go; default .pivot. */
  output?: string;
  verbose?: boolean;
  /** analysis.json with the predicted gains; default: the one the polyglot tree records, else <output>/analysis.json, else <monolith>/.pivot/analysis.json. */
  analysis?: string;
  /** Also measure the monolith under node:cluster, one worker per core; default true (`--no-cluster`). */
  cluster?: boolean;
  /** Cluster workers; default one per core. Not on the command line. */
  clusterWorkers?: number;
  /** Not on the command line (tests, bench:e2e): */
  levels?: number[];
  warmup?: number;
  connections?: number;
  /** The monolith's port; default a free one. */
  port?: number;
  build?: boolean;
  signal?: AbortSignal;
}

export interface BenchDeps {
  /** Turns --polyglot into a target; replaced once pivot up knows how to start a generated system. */
  resolvePolyglot?: PolyglotResolver;
}

const BUNDLED_MONOLITH = fileURLToPath(new URL('../../fixtures/monolith', import.meta.url));

/** `pivot bench`: measure the monolith (and the polyglot system, when there is one) under the same load. */
export async function run(options: BenchOptions, deps: BenchDeps = {}): Promise<BenchReport> {
  const ui = createUi({ verbose: options.verbose, quiet: options.json });
  const root = options.monolith ? resolve(options.cwd, options.monolith) : BUNDLED_MONOLITH;
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError(`${root} is not a directory`, 'pass the monolith\'s project folder with --monolith <dir>');
  }
  const outputDir = resolve(options.cwd, options.output ?? '.pivot');
  const mix = chooseMix(options.mix, options.cwd, root);
  const settings = benchSettings({
    mix: mix.name,
    workload: mix.workload,
    changesState: mix.changesState,
    durationSeconds: options.duration,
    runs: options.runs,
    levels: options.levels,
    warmupSeconds: options.warmup,
    connections: options.connections,
  });

  const treeDir = options.polyglot ? resolve(options.cwd, options.polyglot) : undefined;
  const analysisFile = findAnalysis({
    cwd: options.cwd, flag: options.analysis, outputDir, monolithRoot: root,
    ...(treeDir ? { tree: { dir: treeDir, analysis: existsSync(join(treeDir, SYSTEM_FILE)) ? readSystemFile(treeDir).analysis : undefined } } : {}),
  });
  ui.info(analysisFile ? `Predicted gain from ${relative(options.cwd, analysisFile)}.` : 'No analysis.json found (--analysis, the tree\'s, <output>/analysis.json, <monolith>/.pivot/analysis.json): no predicted gain.');
  const entry = await ui.step('Resolving the monolith\'s entry', () =>
    resolveEntry(root, { build: options.build, cwd: options.cwd, onStatus: (line) => ui.info(`  ${line}`) }),
  );
  const targets: BenchTarget[] = [monolithTarget({ root, entryFile: entry.entryFile, port: options.port ?? (await freePort()) })];
  if (options.cluster !== false) {
    const cluster = monolithClusterTarget({ root, entryFile: entry.entryFile, port: await freePort(), ...(options.clusterWorkers === undefined ? {} : { workers: options.clusterWorkers }) });
    targets.push(cluster);
    if (settings.changesState) ui.info(`The mix ${relative(options.cwd, mix.name) || mix.name} changes state: ${cluster.statePerProcess}; its rows are marked.`);
  }
  if (treeDir) targets.push({ ...(await (deps.resolvePolyglot ?? polyglotResolver(ui))(treeDir)), role: 'candidate' });
  else ui.info('No polyglot system to compare yet (--polyglot not given): measuring the monolith only.');

  const plan = planBench(settings, targets);
  ui.info(`Mix ${relative(options.cwd, mix.name) || mix.name}: ${plan.steps.length} step(s), about ${Math.ceil(plan.estimatedSeconds)}s of load.`);
  const prediction = loadPrediction(analysisFile, settings.workload, root);
  const printLog = createLogPrinter(targets.flatMap((t) => t.services.map((x) => x.name)), (text) => process.stderr.write(text), ui.color);
  const report = await runBench(
    { targets, settings, prediction, version: VERSION },
    {
      onProgress: (line) => ui.info(`  ${line}`),
      ...(options.verbose ? { onLog: printLog } : {}),
      signal: options.signal,
    },
  );

  writeFilesAtomically(outputDir, {
    'bench.json': `${JSON.stringify(report, null, 2)}\n`,
    'bench.md': renderBenchMarkdown(report),
    'bench.html': renderBenchHtml(report),
  });
  if (options.json) ui.out(`${JSON.stringify(report, null, 2)}\n`);
  else ui.out(renderBenchTerminal(report));
  ui.info(`\nwrote bench.json, bench.md and bench.html in ${relative(options.cwd, outputDir) || '.'}`);
  if (!report.valid) {
    for (const system of report.systems.filter((s) => s.failure)) {
      ui.error(`${system.name}: ${system.failure}`);
      for (const line of system.failureDetails ?? []) process.stderr.write(`  ${line}\n`);
    }
    ui.error(`the figures are marked invalid (${report.problems.length} problem(s), listed above and in bench.md)`);
    throw new ExitError(1);
  }
  return report;
}
