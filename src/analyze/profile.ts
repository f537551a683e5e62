/**
 * The profile pass: run the monolith under 0x (see profiler-process.ts), drive the workload at
 * it, stop it with SIGINT so 0x writes ticks and flamegraph, and turn the ticks into per-unit
 * samples at TypeScript positions. Whatever happens (errors, timeouts, pivot itself being
 * interrupted) the process group is SIGKILLed before this returns, so nothing outlives the pass.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { UserError } from '../errors.js';
import { driveLoad } from '../workload/load.js';
import { attributeSamples } from './attribute.js';
import { HOST, MonolithUnder0x, freePort } from './profiler-process.js';
import { locateSamples } from './sourcemap.js';
import { parseTicksJson, parseV8Profile, type InlineRecord, type ProfileSample } from './ticks.js';
import type { ProfileResult, StaticUnit, Workload } from './types.js';

export interface ProfileOptions {
  /** Absolute path of the project root. */
  root: string;
  /** Absolute path of the JS file to run (see resolveEntry). */
  entryFile: string;
  workload: Workload;
  /** The static pass's units, to attribute samples to. */
  units: readonly StaticUnit[];
  durationSeconds: number;
  connections?: number;
  /** Where 0x's artefacts go (a `0x/` folder is created inside). */
  outputDir: string;
  /** How long the monolith may take to accept connections; default 20 s. */
  startTimeoutMs?: number;
  /** How long 0x may take to write the profile after the stop; default 120 s. */
  stopTimeoutMs?: number;
  onStatus?: (message: string) => void;
}

const FUNCTIONS_KEPT = 50;
const V8_PROFILE = 'v8-profile.json';

export async function profileProject(options: ProfileOptions): Promise<ProfileResult> {
  const status = options.onStatus ?? (() => {});
  const artefacts = join(options.outputDir, '0x');
  const workDir = join(options.outputDir, '0x-work');
  rmSync(artefacts, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const port = await freePort();
  const entry = relative(options.root, options.entryFile).split('\\').join('/') || options.entryFile;

  const monolith = new MonolithUnder0x(options.root, options.entryFile, port, artefacts, workDir);
  const stopOnSignal = (signal: NodeJS.Signals) => {
    monolith.kill('SIGKILL');
    removeHandlers();
    // Without other listeners, re-raise so pivot still ends the way the signal asks.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const killOnExit = () => monolith.kill('SIGKILL');
  const removeHandlers = () => {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    process.removeListener('exit', killOnExit);
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  process.on('exit', killOnExit);

  let load: ProfileResult['load'];
  let preprocessed: Promise<void> = Promise.resolve();
  const cancelPreprocess = new AbortController();
  try {
    const startTimeoutMs = options.startTimeoutMs ?? 20_000;
    const started = await monolith.waitForPort(startTimeoutMs);
    if (started === 'exited') {
      throw new UserError(
        `the monolith exited during start-up (code ${monolith.exitCode ?? 'unknown'})`,
        `run node ${entry} yourself to see why, or pass --entry if pivot started the wrong file`,
        monolith.lastLines(),
      );
    }
    if (started === 'timeout') {
      throw new UserError(
        `the monolith did not accept connections on ${HOST}:${port} within ${startTimeoutMs / 1000} s`,
        'it must listen on the PORT (and HOST) environment variables; pass --entry if pivot started the wrong file, or raise --start-timeout',
        monolith.lastLines(),
      );
    }

    status(`${entry} is listening on port ${port}; sending load for ${options.durationSeconds} s`);
    const abort = new AbortController();
    monolith.onExit(() => abort.abort());
    load = await driveLoad(`http://${HOST}:${port}`, options.workload, {
      durationSeconds: options.durationSeconds,
      connections: options.connections ?? 10,
      signal: abort.signal,
    });
    if (monolith.hasExited) {
      throw new UserError(
        `the monolith exited while under load (code ${monolith.exitCode ?? 'unknown'})`,
        `run node ${entry} yourself and send it the workload to see why`,
        monolith.lastLines(),
      );
    }

    status('load done; stopping the monolith while 0x writes the flamegraph');
    monolith.kill('SIGINT');
    // Preprocess the log as soon as 0x has moved it into place, while 0x renders the flamegraph.
    preprocessed = preprocessIsolateLog(artefacts, () => monolith.hasFinished, cancelPreprocess.signal);
    const stopTimeoutMs = options.stopTimeoutMs ?? 120_000;
    const code = await monolith.waitForExit(stopTimeoutMs);
    if (code === undefined) {
      throw new UserError(
        `0x did not finish writing the profile within ${stopTimeoutMs / 1000} s of stopping the monolith`,
        'the monolith may ignore SIGINT; make it exit on SIGINT/SIGTERM, or profile a shorter --duration',
        monolith.lastLines(),
      );
    }
    if (code !== 0) {
      throw new UserError(`0x failed while writing the profile (exit code ${code})`, 'see 0x\'s output below; DEBUG=0x* shows more', monolith.lastLines());
    }
    await preprocessed;
  } finally {
    removeHandlers();
    cancelPreprocess.abort();
    await preprocessed.catch(() => undefined);
    await monolith.killGroup();
    rmSync(workDir, { recursive: true, force: true });
  }

  status('reading the ticks');
  return readProfile(options, artefacts, entry, load);
}

/**
 * Re-runs V8's log preprocessor on 0x's raw isolate log into `v8-profile.json`. 0x drops log
 * lines of 1024 characters or more before preprocessing, and those include the source-position
 * tables of large optimised functions, exactly the ones that inline the hot code; without
 * them inlined frames cannot be recovered. 0x's filtered copy is removed so it is not mistaken
 * for the full one.
 */
async function preprocessIsolateLog(artefacts: string, zeroXFinished: () => boolean, signal: AbortSignal): Promise<void> {
  let log: string | undefined;
  while (!log && !signal.aborted) {
    const finished = zeroXFinished();
    log = existsSync(artefacts) ? readdirSync(artefacts).find((file) => /^isolate-.*-v8\.log$/.test(file)) : undefined;
    if (!log && finished) return;
    if (!log) await sleep(100);
  }
  if (!log || signal.aborted) return;
  const target = join(artefacts, V8_PROFILE);
  const result = await execa(process.execPath, ['--no-warnings', '--prof-process', '--preprocess', join(artefacts, log)], {
    stdout: { file: target },
    reject: false,
    cancelSignal: signal,
    timeout: 120_000,
    stdin: 'ignore',
  });
  // On failure ticks.json still has every sample, only without inlined frames.
  if (result.exitCode !== 0) rmSync(target, { force: true });
}

/** Reads what 0x wrote and attributes it; throws when the profile holds nothing to rank. */
function readProfile(options: ProfileOptions, artefacts: string, entry: string, load: ProfileResult['load']): ProfileResult {
  const flamegraphHtml = join(artefacts, 'flamegraph.html');
  const ticksFile = join(artefacts, 'ticks.json');
  if (!existsSync(ticksFile) || !existsSync(flamegraphHtml)) {
    throw new UserError(`0x finished but did not write ticks.json and flamegraph.html in ${artefacts}`, 'run pivot analyze again; if it repeats, report the 0x version');
  }
  for (const file of readdirSync(artefacts)) {
    const filtered = /^isolate-.*-v8\.log\.json$/.test(file) && existsSync(join(artefacts, V8_PROFILE));
    if (file.endsWith('.preprocess-ready') || filtered) rmSync(join(artefacts, file), { force: true });
  }
  const samples = readSamples(artefacts, ticksFile);
  const located = locateSamples(samples, options.root);
  const attribution = attributeSamples(located.samples, options.units);
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
    flamegraphHtml,
    ticksFile,
    load,
    entry,
    sourceMapped: located.sourceMapped,
    startupSamples: attribution.startupSamples,
    inlinedSamples: attribution.inlinedSamples,
    functions: attribution.functions.slice(0, FUNCTIONS_KEPT),
  };
}

/**
 * Prefers the preprocessed V8 log (it has program counters, so inlined frames come back):
 * pivot's full `v8-profile.json`, else 0x's own filtered copy; falls back to ticks.json, where
 * inlined frames cannot be recovered.
 */
export function readSamples(artefacts: string, ticksFile = join(artefacts, 'ticks.json')): ProfileSample[] {
  const v8Json = existsSync(join(artefacts, V8_PROFILE))
    ? V8_PROFILE
    : readdirSync(artefacts).find((file) => /^isolate-.*-v8\.log\.json$/.test(file));
  if (v8Json) return parseV8Profile(JSON.parse(readFileSync(join(artefacts, v8Json), 'utf8')));
  let inlined: Record<string, InlineRecord[]> | undefined;
  const metaFile = join(artefacts, 'meta.json');
  if (existsSync(metaFile)) inlined = (JSON.parse(readFileSync(metaFile, 'utf8')) as { inlined?: Record<string, InlineRecord[]> }).inlined;
  return parseTicksJson(JSON.parse(readFileSync(ticksFile, 'utf8')), inlined);
}
