import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildAnalysis } from '../analyze/analysis.js';
import { loadConfig, type CollectorName } from '../analyze/config.js';
import { profileProject } from '../analyze/profile.js';
import { renderHtmlReport } from '../analyze/report/html.js';
import { renderMarkdownReport } from '../analyze/report/markdown.js';
import { renderTerminalReport } from '../analyze/report/terminal.js';
import { assertValidAnalysis } from '../analyze/schema.js';
import { planStart } from '../analyze/start.js';
import { KNOWN_FRAMEWORKS } from '../analyze/routes/frameworks.js';
import { runStaticPass } from '../analyze/static.js';
import type { Analysis, ProfileResult, Workload } from '../analyze/types.js';
import { VERSION } from '../cli.js';
import { UserError } from '../errors.js';
import { writeFilesAtomically } from '../fsutil.js';
import { createUi } from '../ui.js';
import { loadWorkloadFile, workloadFromRoutes } from '../workload/workload.js';

export interface AnalyzeOptions {
  dir: string;
  cwd: string;
  output: string;
  json?: boolean;
  profile: boolean;
  build: boolean;
  duration: number;
  connections: number;
  entry?: string;
  /** `--start "<command>"`: how to start the server, `{port}`/`{host}` filled in. */
  start?: string;
  collector?: CollectorName;
  workload?: string;
  /** Seconds; undefined when the flag was not given (pivot.config.json may set it, else 20). */
  startTimeout?: number;
  /** `--hop-cost-us`: µs per service hop; default HOP_COST_US (evidence.ts). */
  hopCostUs?: number;
  verbose?: boolean;
}

const DEFAULT_START_TIMEOUT = 20;

export const WORKLOAD_FILE = 'pivot.workload.json';

/** Which workload drives the profile: --workload, else pivot.workload.json in the project, else the routes. */
export function chooseWorkload(root: string, cwd: string, flag: string | undefined, fromRoutes: () => Workload): Workload {
  if (flag) {
    const file = resolve(cwd, flag);
    if (!existsSync(file)) throw new UserError(`workload file ${file} does not exist`, 'check the path given to --workload');
    return loadWorkloadFile(file);
  }
  const beside = join(root, WORKLOAD_FILE);
  if (existsSync(beside)) return loadWorkloadFile(beside);
  return fromRoutes();
}

/** No route found: which frameworks pivot knows, which the project imports, and how to give the load instead. */
export function noRoutesFound(root: string, imported: readonly string[], profiling: boolean): UserError {
  const known = `${KNOWN_FRAMEWORKS.slice(0, -1).join(', ')} and ${KNOWN_FRAMEWORKS.at(-1)}`;
  const seen = imported.length === 0
    ? 'the project imports none of them'
    : `the project imports ${imported.join(', ')} but registers no route pivot can read (paths built at run time are not followed)`;
  const workload = `write the requests to send in ${join(root, WORKLOAD_FILE)} (format: docs/analyze.md, "Workload files") or pass --workload <file>`;
  return new UserError(
    `no HTTP routes found in ${root}: pivot finds the routes of ${known}; ${seen}`,
    profiling ? `${workload}; --no-profile runs the static pass alone` : `to profile it, ${workload}`,
  );
}

export async function run(options: AnalyzeOptions): Promise<Analysis> {
  const ui = createUi({ verbose: options.verbose, quiet: options.json });
  const root = resolve(options.cwd, options.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError(`${root} is not a directory`, 'pass the monolith\'s project folder: pivot analyze <dir>');
  }
  const outputDir = resolve(options.cwd, options.output);

  const staticAnalysis = await ui.step('Static pass', async () => runStaticPass(root));
  if (staticAnalysis.problems.length > 0) {
    throw new UserError(
      `${staticAnalysis.problems.length} syntax error(s) in ${root}; pivot analyses only code that parses`,
      'fix the errors above (your compiler shows the same), then run pivot analyze again',
      staticAnalysis.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`),
    );
  }
  if (staticAnalysis.units.length === 0) {
    throw new UserError(`no functions or classes found in ${root}`, 'point pivot analyze at the folder that holds package.json and src/');
  }

  if (staticAnalysis.routes.length === 0) {
    const noRoutes = noRoutesFound(root, staticAnalysis.frameworks, options.profile);
    if (options.profile && !options.workload && !existsSync(join(root, WORKLOAD_FILE))) throw noRoutes;
    if (!options.profile) ui.warn(`${noRoutes.message}; ${noRoutes.hint ?? ''}`);
  }

  let profile: ProfileResult | null = null;
  let workload: Workload | null = null;
  if (options.profile) {
    workload = chooseWorkload(root, options.cwd, options.workload, () => workloadFromRoutes(staticAnalysis.routes));
    if (workload.requests.length === 0) {
      throw new UserError(
        `no routes to drive load at in ${root}`,
        `write ${WORKLOAD_FILE} (see docs/analyze.md) or pass --workload, or use --no-profile for the static pass alone`,
      );
    }
    const config = loadConfig(root);
    const plan = await ui.step('Resolving how to start the server', async () =>
      planStart({
        root,
        cwd: options.cwd,
        start: options.start,
        entry: options.entry,
        collector: options.collector,
        build: options.build,
        config,
        files: staticAnalysis.files,
        onStatus: (line) => ui.info(`  ${line}`),
      }),
    );
    const startTimeout = options.startTimeout ?? plan.startTimeout ?? DEFAULT_START_TIMEOUT;
    profile = await ui.step(`Profiling ${plan.label} under load for ${options.duration}s (${plan.collector.name}: ${plan.collector.reason})`, () =>
      profileProject({
        root,
        start: plan,
        workload: workload!,
        units: staticAnalysis.units,
        files: staticAnalysis.files,
        durationSeconds: options.duration,
        connections: options.connections,
        outputDir: join(outputDir, 'profile'),
        startTimeoutMs: startTimeout * 1000,
        onStatus: (line) => ui.info(`  ${line}`),
      }),
    );
  }

  const relativePath = (file: string) => relative(outputDir, file).split('\\').join('/');
  const analysis = buildAnalysis({
    staticAnalysis,
    profile,
    workload,
    flamegraphPath: profile?.flamegraphHtml ? relativePath(profile.flamegraphHtml) : undefined,
    cpuProfilePaths: profile?.cpuProfiles?.map(relativePath),
    version: VERSION,
    createdAt: new Date(),
    ...(options.hopCostUs !== undefined ? { hopCostUs: options.hopCostUs } : {}),
  });
  assertValidAnalysis(analysis);

  const json = `${JSON.stringify(analysis, null, 2)}\n`;
  writeFilesAtomically(outputDir, {
    'analysis.json': json,
    'report.md': renderMarkdownReport(analysis),
    'report.html': renderHtmlReport(analysis),
  });
  if (options.json) {
    ui.out(json);
  } else {
    ui.out(renderTerminalReport(analysis));
    const artefacts = profile?.flamegraphHtml ? ' and the flamegraph' : profile?.cpuProfiles ? ` and ${profile.cpuProfiles.length} CPU profile(s)` : '';
    ui.info(`\nwrote ${relative(options.cwd, join(outputDir, 'analysis.json'))}, report.md, report.html${artefacts} in ${relative(options.cwd, outputDir) || '.'}`);
  }
  return analysis;
}
