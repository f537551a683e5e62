/**
 * How pivot starts the monolith for the profile pass, and which profiler follows it:
 *
 * - the command: `--start`, else pivot.config.json / package.json "pivot" `start`, else
 *   `node <entry>` (see entry.ts: `--entry`, package.json main, a `node <file>` start script),
 *   else `npm start` when package.json has a start script that is not `node <file>`;
 * - the collector: 0x for one plain node process (it keeps its flamegraph), V8's CPU profiler
 *   in every node process and thread (`cpu-prof`) when the command reaches node through a
 *   wrapper (npm, npx, tsx, nest, a shell), compiles TypeScript in memory, or the project forks
 *   cluster workers or worker threads, which 0x cannot follow. `--collector` forces either.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import type { CollectorName, LoadedConfig } from './config.js';
import { fileOfStartScript, readPackageJson, resolveEntry } from './entry.js';
import { directNode, transpilerOf, type DirectNode } from './start-command.js';

export interface CollectorChoice {
  name: CollectorName;
  /** Why, in one clause: shown in the table, the report and analysis.json. */
  reason: string;
  /** True when --collector or the configuration chose it: pivot does not switch then. */
  forced?: boolean;
}

export interface SetupCommand {
  command: string;
  /** Where it was declared, e.g. `pivot.config.json setup[0]`. */
  origin: string;
}

export interface StartPlan {
  /** The command as written, placeholders unfilled; run through sh by the cpu-prof collector. */
  command: string;
  /** Where the command came from, as the user would name it. */
  origin: string;
  /** What runs, for reports: the entry relative to the root, or the command. */
  label: string;
  /** The same command as `node <file>` when it is exactly that: what 0x runs. */
  direct?: DirectNode;
  /** The configuration's environment (values may hold placeholders). */
  env: Record<string, string>;
  setup: SetupCommand[];
  collector: CollectorChoice;
  /** The configuration's start timeout in seconds, if it sets one. */
  startTimeout?: number;
  /** True when pivot ran the project's build to get the entry. */
  built: boolean;
}

export interface StartOptions {
  root: string;
  cwd: string;
  /** `--start`. */
  start?: string;
  /** `--entry`. */
  entry?: string;
  /** `--collector`. */
  collector?: CollectorName;
  /** False with `--no-build`. */
  build?: boolean;
  config?: LoadedConfig;
  /** The static pass's files (relative to the root), scanned for cluster / worker_threads. */
  files: readonly string[];
  onStatus?: (message: string) => void;
}

/** Packages whose job is to fork workers or threads. */
const FORKING_PACKAGES = ['throng', 'piscina', 'workerpool', 'tinypool', 'threads'];
const FORKING_IMPORT = /(?:require\s*\(\s*|from\s+|import\s*\(\s*)['"](?:node:)?(cluster|worker_threads)['"]/;

export async function planStart(options: StartOptions): Promise<StartPlan> {
  const { root, config } = options;
  if (options.start !== undefined && options.entry !== undefined) {
    throw new UserError('--start and --entry both say what to run', 'pass one of them: --start "<command>" or --entry <file>');
  }
  const base = {
    env: config?.config.env ?? {},
    setup: (config?.config.setup ?? []).map((command, i) => ({ command, origin: `${config?.origin ?? ''} setup[${i}]` })),
    ...(config?.config.startTimeout === undefined ? {} : { startTimeout: config.config.startTimeout }),
  };
  const command = options.start ?? (options.entry === undefined ? config?.config.start : undefined);
  let plan: Omit<StartPlan, 'collector'>;
  if (command !== undefined) {
    const origin = options.start !== undefined ? '--start' : `${config?.origin} "start"`;
    if (command.trim() === '') throw new UserError(`the start command (${origin}) is empty`, 'give the command that starts the server, e.g. --start "npm start"');
    const direct = directNode(command);
    plan = { ...base, command, origin, label: command, built: false, ...(direct ? { direct } : {}) };
  } else if (options.entry === undefined && !hasNodeEntry(root)) {
    plan = { ...base, command: 'npm start', origin: 'package.json scripts.start (through npm start)', label: 'npm start', built: false };
  } else {
    const entry = await resolveEntry(root, { entry: options.entry, build: options.build, cwd: options.cwd, onStatus: options.onStatus });
    const label = relative(root, entry.entryFile).split('\\').join('/') || entry.entryFile;
    const origin = entry.source === 'flag' ? '--entry' : entry.source === 'main' ? 'package.json main' : 'package.json scripts.start';
    const direct: DirectNode = { node: process.execPath, env: {}, execArgv: [], script: entry.entryFile, args: [] };
    plan = { ...base, command: `node ${quoteWord(label)}`, origin, label, direct, built: entry.built };
  }
  return { ...plan, collector: chooseCollector(plan, options.collector ?? config?.config.collector, collectorOrigin(options, config), forkingUse(root, options.files)) };
}

/** True unless package.json names no node entry but has a start script (then pivot runs npm start). */
function hasNodeEntry(root: string): boolean {
  const pkg = readPackageJson(root);
  if (!pkg) return true;
  if (typeof pkg.main === 'string' && pkg.main.trim() !== '') return true;
  const start = pkg.scripts?.start;
  return typeof start !== 'string' || fileOfStartScript(start) !== undefined;
}

function collectorOrigin(options: StartOptions, config: LoadedConfig | undefined): string {
  return options.collector !== undefined ? '--collector' : `${config?.origin} "collector"`;
}

/** Pure: which profiler runs the plan, and why. */
export function chooseCollector(
  plan: Pick<StartPlan, 'command' | 'direct'>,
  forced: CollectorName | undefined,
  forcedBy: string,
  forking: string | undefined,
): CollectorChoice {
  if (forced === 'cpu-prof') return { name: 'cpu-prof', reason: `chosen with ${forcedBy}`, forced: true };
  if (forced === '0x') {
    if (!plan.direct) {
      throw new UserError(
        `${forcedBy} 0x needs a start command that runs node itself (node <file> …); "${plan.command}" does not`,
        'drop the collector setting so pivot uses V8\'s CPU profiler, or start the server with node <file>',
      );
    }
    return { name: '0x', reason: `chosen with ${forcedBy}`, forced: true };
  }
  if (!plan.direct) return { name: 'cpu-prof', reason: `"${plan.command}" reaches node through a wrapper or a shell, which 0x cannot follow` };
  if (/(?:^|[/\\])node_modules[/\\]/.test(plan.direct.script)) {
    return { name: 'cpu-prof', reason: `${plan.direct.script} is a package's command line, which may start the server in a process of its own` };
  }
  const transpiler = transpilerOf(plan.direct);
  if (transpiler) return { name: 'cpu-prof', reason: `${transpiler} compiles TypeScript in memory; only the process holds its source maps` };
  if (forking) return { name: 'cpu-prof', reason: `${forking}, and 0x cannot follow cluster workers or worker threads` };
  return { name: '0x', reason: 'one node process' };
}

/** Where the project forks workers or threads (`src/index.ts imports cluster`), if it does. */
export function forkingUse(root: string, files: readonly string[]): string | undefined {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const match = FORKING_IMPORT.exec(text);
    if (match) return `${file} imports ${match[1]}`;
  }
  const dependencies = readPackageJsonQuietly(root)?.dependencies;
  const found = FORKING_PACKAGES.find((name) => dependencies?.[name] !== undefined);
  return found ? `package.json depends on ${found}` : undefined;
}

function readPackageJsonQuietly(root: string): { dependencies?: Record<string, unknown> } | undefined {
  try {
    return readPackageJson(root) as { dependencies?: Record<string, unknown> } | undefined;
  } catch {
    return undefined;
  }
}

function quoteWord(word: string): string {
  return /^[\w./@:+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
