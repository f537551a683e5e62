/**
 * The profile pass: run the setup commands, start the monolith under its collector (0x for one
 * node process, V8's CPU profiler in every process and thread otherwise; see start.ts), drive the
 * workload at it, stop it so the profiles are written, and turn the samples into per-unit counts
 * at TypeScript positions. Whatever happens (errors, timeouts, pivot itself being interrupted)
 * the process group is SIGKILLed before this returns, so nothing outlives the pass.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { driveLoad } from '../workload/load.js';
import { attributeSamples } from './attribute.js';
import { read0xArtefacts, stopUnder0x } from './collect-0x.js';
import { readCpuProfiles, startUnderCpuProf, stopGracefully } from './collect-cpu-prof.js';
import { CompiledSourceFinder } from './compiled-source.js';
import type { LoadWindow } from './cpuprofile.js';
import { readTsProject } from './entry.js';
import { MonolithUnder0x } from './profiler-process.js';
import { HOST, freePort, type ProcessGroup } from './process-group.js';
import { runSetup, serverEnv, startFailure } from './server-start.js';
import { locateSamples, type EncodedSourceMap } from './sourcemap.js';
import { fillPlaceholders, directNode } from './start-command.js';
import { chooseCollector, forkingUse, type CollectorChoice, type StartPlan } from './start.js';
import type { ProfileSample } from './ticks.js';
import type { CollectorInfo, ProfiledProcess, ProfileResult, StaticUnit, Workload } from './types.js';

export { readSamples } from './collect-0x.js';

export interface ProfileOptions {
  /** Absolute path of the project root. */
  root: string;
  /** How to start the monolith and which collector follows it (see planStart). */
  start?: StartPlan;
  /** Without `start`: the JS file to run with node (see resolveEntry). */
  entryFile?: string;
  workload: Workload;
  /** The static pass's units, to attribute samples to. */
  units: readonly StaticUnit[];
  /** The static pass's files (relative to the root); default: the units' files. */
  files?: readonly string[];
  durationSeconds: number;
  connections?: number;
  /** Where the profiles go (`0x/` or `cpu-prof/` inside). */
  outputDir: string;
  /** How long the monolith may take to accept connections; default 20 s. */
  startTimeoutMs?: number;
  /** How long 0x may take to write the profile after the stop; default 120 s. */
  stopTimeoutMs?: number;
  /** cpu-prof: how long the processes have after SIGINT (and half that after SIGTERM) before SIGKILL; default 10 s. */
  stopGraceMs?: number;
  /** False: ignore source maps, to see what the name-based mapping alone attributes. */
  sourceMaps?: boolean;
  onStatus?: (message: string) => void;
}

interface Collected {
  samples: ProfileSample[];
  collector: CollectorInfo;
  load: ProfileResult['load'];
  flamegraphHtml?: string;
  ticksFile?: string;
  cpuProfiles?: string[];
  processes?: ProfiledProcess[];
  runtimeMaps?: ReadonlyMap<string, EncodedSourceMap>;
}

interface Run {
  plan: StartPlan;
  port: number;
  env: NodeJS.ProcessEnv;
  options: ProfileOptions;
  status: (line: string) => void;
}

const FUNCTIONS_KEPT = 50;

export async function profileProject(options: ProfileOptions): Promise<ProfileResult> {
  const status = options.onStatus ?? (() => {});
  const plan = options.start ?? planForEntry(options);
  const port = await freePort();
  const env = serverEnv(plan, port);
  await runSetup(plan, options.root, env, port, status);
  const run: Run = { plan, port, env, options, status };
  let collected = await collect(run, plan.collector);
  if (collected === 'cluster-refused') {
    status('0x cannot follow cluster workers: profiling again with V8\'s CPU profiler in every process');
    collected = await collect(run, { name: 'cpu-prof', reason: 'the server forks cluster workers, which 0x refuses' });
    if (collected === 'cluster-refused') throw new Error('unreachable: the cpu-prof collector never refuses');
  }
  status('reading the profile');
  return resultOf(options, plan, collected);
}

/** The plan for a bare `entryFile` (callers that resolved the entry themselves). */
function planForEntry(options: ProfileOptions): StartPlan {
  if (!options.entryFile) throw new Error('profileProject needs start or entryFile');
  const label = relative(options.root, options.entryFile).split('\\').join('/') || options.entryFile;
  const direct = { node: process.execPath, env: {}, execArgv: [], script: options.entryFile, args: [] };
  const files = options.files ?? [...new Set(options.units.map((unit) => unit.file))];
  const collector = chooseCollector({ command: `node ${label}`, direct }, undefined, '', forkingUse(options.root, files));
  return { command: `node ${label}`, origin: 'the entry', label, direct, env: {}, setup: [], collector, built: false };
}

async function collect(run: Run, collector: CollectorChoice): Promise<Collected | 'cluster-refused'> {
  const { plan, port, env, options, status } = run;
  const ran = fillPlaceholders(plan.command, port, HOST);
  const direct = plan.direct && ran !== plan.command ? directNode(ran) : plan.direct;
  const artefacts = join(options.outputDir, collector.name === '0x' ? '0x' : 'cpu-prof');
  const workDir = join(options.outputDir, '0x-work');
  rmSync(artefacts, { recursive: true, force: true });
  mkdirSync(collector.name === '0x' ? workDir : artefacts, { recursive: true });
  const group: ProcessGroup = collector.name === '0x'
    ? new MonolithUnder0x({ root: options.root, run: direct ?? unreachable(), env, artefacts, workDir })
    : startUnderCpuProf({ root: options.root, command: ran, ...(direct ? { direct } : {}), env, dir: artefacts });
  const removeHandlers = killOnSignals(group);
  let load: ProfileResult['load'];
  let window: LoadWindow | undefined;
  try {
    const startTimeoutMs = options.startTimeoutMs ?? 20_000;
    const wait = await group.waitForPort(port, startTimeoutMs);
    if (wait.state === 'exited' && group instanceof MonolithUnder0x && group.refusedCluster && !collector.forced) return 'cluster-refused';
    const failure = startFailure(wait, group, { plan, port, timeoutMs: startTimeoutMs, ran });
    if (failure) throw failure;
    const host = wait.state === 'open' && wait.host.includes(':') ? `[${wait.host}]` : HOST;

    status(`${plan.label} is listening on port ${port}; sending load for ${options.durationSeconds} s (${collector.name})`);
    const abort = new AbortController();
    group.onExit(() => abort.abort());
    window = { fromUs: monotonicMicros(), toUs: Infinity };
    load = await driveLoad(`http://${host}:${port}`, options.workload, {
      durationSeconds: options.durationSeconds,
      connections: options.connections ?? 10,
      signal: abort.signal,
    });
    window.toUs = monotonicMicros();
    if (group.hasExited) {
      throw new UserError(
        `the monolith exited while under load (code ${group.exitCode ?? 'unknown'})`,
        `run ${ran} yourself and send it the workload to see why`,
        group.lastLines(),
      );
    }
    if (group instanceof MonolithUnder0x) {
      status('load done; stopping the monolith while 0x writes the flamegraph');
      await stopUnder0x(group, artefacts, options.stopTimeoutMs ?? 120_000);
    } else {
      status('load done; stopping the monolith (SIGINT, then SIGTERM) so every process writes its CPU profile');
      const grace = options.stopGraceMs ?? 10_000;
      const stopped = await stopGracefully(group, grace, grace / 2);
      if (stopped.signal !== 'SIGINT') status(`it needed ${stopped.signal} to stop`);
    }
  } finally {
    removeHandlers();
    await group.killGroup();
    rmSync(workDir, { recursive: true, force: true });
  }

  if (collector.name === '0x') return { ...read0xArtefacts(artefacts), collector, load };
  const read = readCpuProfiles(artefacts, options.root, window);
  if (read.samples.length === 0) throw noCpuProfile(read.processes, ran, group);
  const cpuProfiles = read.processes.filter((p) => p.state === 'merged' && p.profile).map((p) => join(artefacts, p.profile as string));
  return { samples: read.samples, collector, load, cpuProfiles, processes: read.processes, runtimeMaps: read.runtimeMaps };
}

/** Now on the monotonic clock V8's CPU profiler stamps its samples with, in microseconds. */
function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function unreachable(): never {
  throw new Error('the 0x collector needs a node command');
}

/** SIGKILLs the group when pivot is interrupted or exits; returns the function that removes the handlers. */
function killOnSignals(group: ProcessGroup): () => void {
  const stopOnSignal = (signal: NodeJS.Signals) => {
    group.kill('SIGKILL');
    removeHandlers();
    // Without other listeners, re-raise so pivot still ends the way the signal asks.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const killOnExit = () => group.kill('SIGKILL');
  const removeHandlers = () => {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    process.removeListener('exit', killOnExit);
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  process.on('exit', killOnExit);
  return removeHandlers;
}

function noCpuProfile(processes: ProfiledProcess[], ran: string, group: ProcessGroup): UserError {
  const lost = processes.filter((p) => p.state === 'lost');
  if (processes.length === 0) {
    return new UserError(
      `"${ran}" started no node process pivot could profile`,
      'the cpu-prof collector reaches node through NODE_OPTIONS; check that the command runs node (not a container or another runtime) and does not reset NODE_OPTIONS',
      group.lastLines(),
    );
  }
  if (lost.length > 0) {
    return new UserError(
      `no CPU profile of the server was written: ${lost.length} of its node processes were killed before they could write one`,
      'a profile is written on a clean exit only: make the server exit on SIGINT or SIGTERM (pivot sends SIGINT, then SIGTERM 10 s later, then SIGKILL)',
      [...lost.map((p) => `lost: pid ${p.pid}${p.threadId ? ` thread ${p.threadId}` : ''} (${p.role}) ${p.command}`), ...group.lastLines()],
    );
  }
  return new UserError(
    `none of the ${processes.length} node processes "${ran}" started ran the project's own code`,
    'check that the start command runs this project (not a copy built elsewhere) and that the workload hits its routes',
    processes.map((p) => `${p.role} pid ${p.pid}: ${p.command}`),
  );
}

function resultOf(options: ProfileOptions, plan: StartPlan, collected: Collected): ProfileResult {
  const files = new Set(options.files ?? options.units.map((unit) => unit.file));
  const located = locateSamples(collected.samples, options.root, {
    ...(collected.runtimeMaps ? { runtimeMaps: collected.runtimeMaps } : {}),
    ...(options.sourceMaps === false ? { sourceMaps: false } : {}),
    compiled: new CompiledSourceFinder(options.root, readTsProject(options.root)),
    sourceFiles: files,
  });
  const attribution = attributeSamples(located.samples, options.units);
  const { load } = collected;
  const hint = 'profile longer with --duration, and check that the workload hits the app\'s routes (see the load summary)';
  const loadLine = `load: ${load.requests} requests, ${load.non2xx} non-2xx, ${load.errors} errors`;
  if (attribution.totalSamples === 0) throw new UserError('the profile has no samples', hint, [loadLine]);
  if (attribution.projectSamples === 0) {
    throw new UserError(`none of the ${attribution.totalSamples} samples ran the project's own code`, hint, [loadLine]);
  }
  return {
    totalSamples: attribution.totalSamples,
    projectSamples: attribution.projectSamples,
    byUnit: attribution.byUnit,
    unattributedSamples: attribution.unattributedSamples,
    collector: { name: collected.collector.name, reason: collected.collector.reason },
    ...(collected.flamegraphHtml ? { flamegraphHtml: collected.flamegraphHtml } : {}),
    ...(collected.ticksFile ? { ticksFile: collected.ticksFile } : {}),
    ...(collected.cpuProfiles ? { cpuProfiles: collected.cpuProfiles } : {}),
    ...(collected.processes ? { processes: collected.processes } : {}),
    load,
    entry: plan.label,
    sourceMapped: located.sourceMapped,
    attribution: attribution.summary,
    startupSamples: attribution.startupSamples,
    busySamples: attribution.busySamples,
    inlinedSamples: attribution.inlinedSamples,
    functions: attribution.functions.slice(0, FUNCTIONS_KEPT),
    packages: attribution.packages,
  };
}
