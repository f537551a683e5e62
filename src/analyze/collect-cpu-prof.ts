/**
 * The cpu-prof collector: V8's CPU profiler in every node process and thread the start command
 * leads to (npm, npx, tsx, nest, a shell, cluster workers, worker threads), through
 * NODE_OPTIONS=--require of preload/cpu-profile.cjs, and the profiles read back and merged.
 *
 * Profiles are written on a clean exit only, so the stop is a sequence: SIGINT to the group (a
 * terminal's Ctrl+C), then SIGTERM, then SIGKILL; a process that had to be killed, or died
 * without writing its profile, is reported as lost rather than silently dropped. Worker threads
 * write theirs through node's own --cpu-prof, which survives their process ending.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCpuProfile, type LoadWindow } from './cpuprofile.js';
import { ProcessGroup } from './process-group.js';
import type { DirectNode } from './start-command.js';
import type { ProfileSample } from './ticks.js';
import type { EncodedSourceMap } from './sourcemap.js';
import type { ProfiledProcess } from './types.js';

const PRELOAD = fileURLToPath(new URL('../../preload/cpu-profile.cjs', import.meta.url));
const MODULE_LOADING = /^node:internal\/(?:modules\/|main\/run_main_module)/;

export interface CpuProfStart {
  root: string;
  /** The command for sh, used when `direct` is absent. */
  command: string;
  direct?: DirectNode;
  env: NodeJS.ProcessEnv;
  /** Where the profiles go. */
  dir: string;
}

export interface CollectedProfiles {
  /** Samples of every process and thread that ran the project's code, merged. */
  samples: ProfileSample[];
  /** Source maps the processes held in memory, by script path. */
  runtimeMaps: Map<string, EncodedSourceMap>;
  processes: ProfiledProcess[];
}

interface ProcessRecord {
  pid: number;
  threadId: number;
  role: ProfiledProcess['role'];
  argv?: string[];
  error?: string;
}

/** Starts the command with the preload in NODE_OPTIONS. */
export function startUnderCpuProf(options: CpuProfStart): ProcessGroup {
  const nodeOptions = [options.env.NODE_OPTIONS, `--require "${PRELOAD.replace(/(["\\])/g, '\\$1')}"`].filter(Boolean).join(' ');
  const env = { ...options.env, NODE_OPTIONS: nodeOptions, PIVOT_CPU_PROFILE_DIR: options.dir, PIVOT_PROJECT_ROOT: options.root };
  if (options.direct) {
    const { node, execArgv, script, args } = options.direct;
    return new ProcessGroup({ file: node === 'node' ? process.execPath : node, args: [...execArgv, script, ...args], cwd: options.root, env: { ...env, ...options.direct.env } });
  }
  return new ProcessGroup({ file: '/bin/sh', args: ['-c', options.command], cwd: options.root, env });
}

export interface StopOutcome {
  /** The last signal the group needed. */
  signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL';
}

/** SIGINT, then SIGTERM, then SIGKILL to the group, each after the previous one had its time. */
export async function stopGracefully(group: ProcessGroup, sigintMs = 10_000, sigtermMs = 5000): Promise<StopOutcome> {
  group.kill('SIGINT');
  if (await group.waitForGroupEnd(sigintMs)) return { signal: 'SIGINT' };
  group.kill('SIGTERM');
  if (await group.waitForGroupEnd(sigtermMs)) return { signal: 'SIGTERM' };
  await group.killGroup();
  return { signal: 'SIGKILL' };
}

/** Reads what the preload wrote in `dir`: every process and thread, its samples (marked outside `window` when given) and maps. */
export function readCpuProfiles(dir: string, root: string, window?: LoadWindow): CollectedProfiles {
  const samples: ProfileSample[] = [];
  const runtimeMaps = new Map<string, EncodedSourceMap>();
  const processes: ProfiledProcess[] = [];
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const records = files.filter((file) => file.endsWith('.process.json'));
  // node's own --cpu-prof (worker threads): CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile
  const nativeProfiles = new Map<string, string>();
  for (const file of files) {
    const match = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(file);
    if (match) nativeProfiles.set(`${match[1]}-${match[2]}`, file);
  }
  for (const recordFile of records) {
    const base = recordFile.slice(0, -'.process.json'.length);
    const record = readJson(join(dir, recordFile)) as ProcessRecord | undefined;
    if (!record) continue;
    const entry: ProfiledProcess = { pid: record.pid, threadId: record.threadId, role: record.role, command: commandOf(record.argv), samples: 0, projectSamples: 0, state: 'lost' };
    const profileFile = existsSync(join(dir, `${base}.cpuprofile`)) ? `${base}.cpuprofile` : nativeProfiles.get(`${record.pid}-${record.threadId}`);
    const profile = profileFile === undefined ? undefined : readJson(join(dir, profileFile));
    if (record.error) entry.note = record.error;
    if (profile !== undefined) {
      const own = parseCpuProfile(profile, join(dir, profileFile as string), window);
      entry.samples = own.length;
      entry.projectSamples = own.filter((sample) => runsProjectCode(sample, root)).length;
      entry.profile = profileFile;
      entry.state = entry.projectSamples > 0 ? 'merged' : 'not-project';
      if (entry.state === 'merged') for (const sample of own) samples.push(sample);
      const maps = readJson(join(dir, `${base}.maps.json`)) as Record<string, EncodedSourceMap> | undefined;
      for (const [url, map] of Object.entries(maps ?? {})) runtimeMaps.set(url.startsWith('file:') ? fileURLToPath(url) : url, map);
    }
    processes.push(entry);
  }
  return { samples, runtimeMaps, processes };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Missing, or cut short by a kill: the process counts as lost.
    return undefined;
  }
}

/** `node dist/main.js --port 3000` from an argv, shortened for tables. */
function commandOf(argv: string[] | undefined): string {
  if (!argv || argv.length === 0) return '(unknown)';
  const [node = '', ...rest] = argv;
  const text = [node.split(sep).pop() ?? node, ...rest].join(' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A sample of workload time (not module loading, not outside the load) with a frame in the project's own files. */
function runsProjectCode(sample: ProfileSample, root: string): boolean {
  if (sample.outsideLoad) return false;
  let project = false;
  for (const frame of sample.frames) {
    if (frame.kind === 'node' && frame.url !== undefined && MODULE_LOADING.test(frame.url)) return false;
    if (!project && frame.kind === 'js' && frame.file) {
      const rel = relative(root, frame.file);
      project = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('node_modules');
    }
  }
  return project;
}
