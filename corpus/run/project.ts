/**
 * One corpus project from pinned commit to table rows: get the source, install, start its
 * databases, write its pivot.config.json, build, run `pivot analyze` with its workload, and — for
 * TypeScript — build with source maps the other way and run again. Its databases are stopped
 * whatever happens.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Analysis } from '../../src/analyze/types.js';
import { UserError } from '../../src/errors.js';
import { startDatabases } from './databases.js';
import { fillCorpusPlaceholders, type CorpusDefinition, type CorpusProject, type Placeholders } from './definition.js';
import { buildMaps, cleanBuild, restoreTsconfig, setMaps } from './maps.js';
import { runCommand, type Supervisor } from './processes.js';
import { rowOf, type MapsVariant, type RunRow } from './results.js';
import { fetchSource } from './sources.js';

export interface CorpusOptions {
  work: string;
  mirrors: string;
  duration: number;
  connections: number;
  /** Also run with source maps the other way (TypeScript projects). */
  bothMaps: boolean;
  verbose: boolean;
}

const PIVOT = fileURLToPath(new URL('../../bin/pivot.js', import.meta.url));

export async function runProject(definition: CorpusDefinition, project: CorpusProject, options: CorpusOptions, supervisor: Supervisor): Promise<RunRow[]> {
  const dir = join(options.work, project.name);
  const results = join(options.work, 'results', project.name);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const log = join(results, 'run.log');
  writeFileSync(log, `# ${project.name}: ${project.repo}@${project.commit}\n`);
  const say = (line: string) => process.stderr.write(`[${project.name}] ${line}\n`);
  const failed = (variant: MapsVariant, error: unknown): RunRow => ({
    project: project.name, framework: project.framework, variant, error: oneLine(error), output: results,
  });

  let source;
  try {
    source = fetchSource(project, dir, options.mirrors);
  } catch (error) {
    return [failed(project.tsconfig ? 'maps' : 'plain JS', error)];
  }
  say(`source: ${project.repo}@${project.commit.slice(0, 7)} from ${source.origin} in ${dir}`);
  const env = { ...process.env, CI: '1' };
  const step = (command: string, what: string) => runCommand(supervisor, command, { cwd: dir, env, log, what, echo: options.verbose });
  const rows: RunRow[] = [];
  let databases: Awaited<ReturnType<typeof startDatabases>> | undefined;
  try {
    if (source.origin !== 'kept') {
      say(`installing: ${project.install}`);
      await step(project.install, 'install');
    }
    if (project.tsconfig) restoreTsconfig(dir, project.tsconfig);
    const needs = project.databases ?? {};
    if (Object.keys(needs).length > 0) {
      say(`starting ${Object.keys(needs).join(', ')}`);
      databases = await startDatabases(needs, { supervisor, dir: join(results, 'databases'), log, env });
    }
    const placeholders: Placeholders = { corpus: definition.dir, work: dir, ...databases?.ports };
    writePivotConfig(project, dir, placeholders);

    const variants = variantsOf(project, dir, options.bothMaps);
    for (const [index, variant] of variants.entries()) {
      try {
        if (project.tsconfig && index > 0) {
          const before = buildMaps(dir, project.tsconfig);
          setMaps(dir, project.tsconfig, variant === 'maps');
          cleanBuild(dir, before.outDir);
        }
        if (project.build) {
          say(`building (${variant}): ${project.build}`);
          await step(project.build, 'build');
        }
        say(`pivot analyze (${variant}) for ${options.duration} s`);
        const output = join(results, variant.replace(' ', '-'));
        rows.push(rowOf(project, variant, await analyze(project, definition, dir, output, options, supervisor, log), output));
      } catch (error) {
        if (supervisor.interrupted) throw error;
        rows.push(failed(variant, error));
      }
    }
  } catch (error) {
    if (supervisor.interrupted) throw error;
    rows.push(failed(project.tsconfig ? 'maps' : 'plain JS', error));
  } finally {
    await databases?.stop();
  }
  return rows;
}

/** The runs of a project: as its tsconfig builds it, then (when asked) with source maps the other way. */
function variantsOf(project: CorpusProject, dir: string, bothMaps: boolean): MapsVariant[] {
  if (!project.tsconfig) return ['plain JS'];
  const first: MapsVariant = buildMaps(dir, project.tsconfig).maps ? 'maps' : 'no maps';
  return bothMaps ? [first, first === 'maps' ? 'no maps' : 'maps'] : [first];
}

function writePivotConfig(project: CorpusProject, dir: string, placeholders: Placeholders): void {
  const where = `corpus/analyze.json (${project.name})`;
  const fill = (text: string) => fillCorpusPlaceholders(text, placeholders, where);
  const config = {
    start: fill(project.start),
    ...(project.env ? { env: Object.fromEntries(Object.entries(project.env).map(([key, value]) => [key, fill(value)])) } : {}),
    ...(project.setup ? { setup: project.setup.map(fill) } : {}),
    ...(project.startTimeout ? { startTimeout: project.startTimeout } : {}),
  };
  writeFileSync(join(dir, 'pivot.config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

async function analyze(
  project: CorpusProject, definition: CorpusDefinition, dir: string, output: string, options: CorpusOptions, supervisor: Supervisor, log: string,
): Promise<Analysis> {
  const args = [PIVOT, 'analyze', dir, '--workload', resolve(definition.dir, project.workload), '--output', output,
    '--duration', String(options.duration), '--connections', String(options.connections), '--no-build'];
  const pivotLog = `${output}.log`;
  writeFileSync(pivotLog, `$ node ${args.join(' ')}\n`);
  const group = supervisor.start({ file: process.execPath, args, cwd: dir, env: { ...process.env, FORCE_COLOR: '0' } }, pivotLog, options.verbose);
  const code = await group.waitForExit(30 * 60 * 1000);
  await supervisor.stop(group, 'SIGINT', 20_000);
  writeFileSync(log, readFileSync(log, 'utf8') + readFileSync(pivotLog, 'utf8'));
  const file = join(output, 'analysis.json');
  if (code !== 0 || !existsSync(file)) {
    const lines = group.lastLines();
    const error = lines.find((line) => line.startsWith('error ')) ?? lines.at(-1) ?? `exit ${code}`;
    throw new UserError(`pivot analyze exited ${code ?? '(timeout)'}: ${error.replace(/^error /, '')}`, `see ${pivotLog}`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Analysis;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof UserError && error.hint ? ` (${error.hint})` : '';
  const details = error instanceof UserError && error.details?.length ? ` — ${error.details.slice(-3).join(' / ')}` : '';
  return `${message}${hint}${details}`.replace(/\s+/g, ' ');
}
