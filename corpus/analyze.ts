/**
 * `npm run corpus:analyze`: pivot analyze on public services no one here wrote (corpus/analyze.json),
 * each at a pinned commit, installed, built and given its databases outside the repository, loaded
 * with its workload (corpus/workloads/). Prints per project and source-map setting the routes
 * found against those declared, the collector, the share of the project's own samples attributed,
 * the top units and the verdict; writes the same to <work>/results/corpus.{json,md}.
 * Exits 1 when a run failed or missed the acceptance (every declared route found, ≥ 95 % attributed).
 * Not part of npm test: it installs real projects and runs them under load for minutes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { UserError } from '../src/errors.js';
import { loadCorpus } from './run/definition.js';
import { Supervisor } from './run/processes.js';
import { runProject, type CorpusOptions } from './run/project.js';
import { markdownTable, missesOf, terminalSummary, type RunRow } from './run/results.js';

const DEFINITION = fileURLToPath(new URL('./analyze.json', import.meta.url));

function positive(flag: string) {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`${flag} takes a positive number`);
    return number;
  };
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('corpus:analyze')
    .description('pivot analyze on the real-world corpus of corpus/analyze.json')
    .option('--only <names>', 'comma-separated project names (default: all)')
    .option('--keep', 'keep the installed projects in the work folder (a later run reuses them)')
    .option('-d, --duration <seconds>', 'seconds of load per analyze run', positive('--duration'), 10)
    .option('-c, --connections <n>', 'concurrent connections of the load', positive('--connections'), 10)
    .option('--work <dir>', 'where projects are installed and results written', join(tmpdir(), 'pivot-corpus'))
    .option('--mirrors <dir>', 'folder of bare git mirrors (<owner>+<name>/repo) used before git clone', process.env.PIVOT_CORPUS_MIRRORS ?? '/work/.mirror')
    .option('--maps <which>', 'source-map runs of TypeScript projects: both (as built, then the other way) or default', 'both')
    .option('--verbose', 'show the output of installs, builds and pivot as they run')
    .parse(argv);
  const flags = program.opts<{ only?: string; keep?: boolean; duration: number; connections: number; work: string; mirrors: string; maps: string; verbose?: boolean }>();
  if (flags.maps !== 'both' && flags.maps !== 'default') throw new UserError(`--maps ${flags.maps} is not both or default`, 'pass --maps both or --maps default');

  const definition = loadCorpus(DEFINITION);
  const wanted = flags.only?.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted?.filter((name) => !definition.projects.some((project) => project.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new UserError(`--only: no project named ${unknown.join(', ')}`, `the projects are ${definition.projects.map((p) => p.name).join(', ')}`);
  }
  const projects = definition.projects.filter((project) => !wanted || wanted.includes(project.name));
  const options: CorpusOptions = {
    work: resolve(flags.work), mirrors: resolve(flags.mirrors), duration: flags.duration, connections: flags.connections,
    bothMaps: flags.maps === 'both', verbose: flags.verbose === true,
  };
  mkdirSync(options.work, { recursive: true });

  const supervisor = new Supervisor();
  const cleanUp = () => {
    if (flags.keep) return;
    for (const project of projects) rmSync(join(options.work, project.name), { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping every process the corpus run started\n`);
    void supervisor.stopAll().finally(() => {
      cleanUp();
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const rows: RunRow[] = [];
  try {
    for (const project of projects) rows.push(...(await runProject(definition, project, options, supervisor)));
  } finally {
    await supervisor.stopAll();
    cleanUp();
  }

  const machine = `${process.platform} ${process.arch}, node ${process.version}, ${new Date().toISOString()}`;
  const misses = rows.flatMap((row) => missesOf(row).map((miss) => `- ${row.project} (${row.variant}): ${miss}`));
  const results = join(options.work, 'results');
  writeFileSync(join(results, 'corpus.json'), `${JSON.stringify({ machine, duration: options.duration, rows }, null, 2)}\n`);
  writeFileSync(join(results, 'corpus.md'), `${machine}, ${options.duration} s of load per run\n\n${markdownTable(rows)}\n\n${misses.join('\n')}\n`);
  process.stdout.write(`\n${terminalSummary(rows)}\n\n${machine}\nresults: ${results}/corpus.{json,md}${flags.keep ? `; projects kept in ${options.work}` : ''}\n`);
  if (misses.length > 0) process.stdout.write(`\n${misses.length} miss(es) of the acceptance:\n${misses.join('\n')}\n`);
  return misses.length > 0 ? 1 : 0;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const hint = error instanceof UserError && error.hint ? `\n  hint: ${error.hint}` : '';
    const details = error instanceof UserError && error.details?.length ? `\n  ${error.details.join('\n  ')}` : '';
    process.stderr.write(`error ${error instanceof Error ? error.message : String(error)}${details}${hint}\n`);
    if (!(error instanceof UserError) && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = error instanceof UserError ? 1 : 70;
  },
);
