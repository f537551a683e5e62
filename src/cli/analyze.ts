import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildAnalysis } from '../analyze/analysis.js';
import { resolveEntry } from '../analyze/entry.js';
import { profileProject } from '../analyze/profile.js';
import { renderHtmlReport } from '../analyze/report/html.js';
import { renderMarkdownReport } from '../analyze/report/markdown.js';
import { renderTerminalReport } from '../analyze/report/terminal.js';
import { assertValidAnalysis } from '../analyze/schema.js';
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
  workload?: string;
  startTimeout: number;
  verbose?: boolean;
}

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
    const entry = await ui.step('Resolving the entry', async () =>
      resolveEntry(root, { entry: options.entry, build: options.build }),
    );
    profile = await ui.step(`Profiling ${relative(options.cwd, entry.entryFile) || entry.entryFile} under load for ${options.duration}s (0x)`, () =>
      profileProject({
        root,
        entryFile: entry.entryFile,
        workload: workload!,
        units: staticAnalysis.units,
        durationSeconds: options.duration,
        connections: options.connections,
        outputDir: join(outputDir, 'profile'),
        startTimeoutMs: options.startTimeout * 1000,
        onStatus: (line) => ui.info(`  ${line}`),
      }),
    );
  }

  const analysis = buildAnalysis({
    staticAnalysis,
    profile,
    workload,
    flamegraphPath: profile ? relative(outputDir, profile.flamegraphHtml).split('\\').join('/') : undefined,
    version: VERSION,
    createdAt: new Date(),
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
    ui.info(`\nwrote ${relative(options.cwd, join(outputDir, 'analysis.json'))}, report.md, report.html${profile ? ' and the flamegraph' : ''} in ${relative(options.cwd, outputDir) || '.'}`);
  }
  return analysis;
}
