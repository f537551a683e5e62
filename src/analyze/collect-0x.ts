/**
 * The 0x collector: stop the monolith with SIGINT so 0x writes ticks and flamegraph, re-run V8's
 * log preprocessor on the full isolate log meanwhile, and read the samples back.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { UserError } from '../errors.js';
import type { MonolithUnder0x } from './profiler-process.js';
import { parseTicksJson, parseV8Profile, type InlineRecord, type ProfileSample } from './ticks.js';

const V8_PROFILE = 'v8-profile.json';

/** Stops 0x's monolith and waits until 0x has written its profile; throws when it could not. */
export async function stopUnder0x(monolith: MonolithUnder0x, artefacts: string, stopTimeoutMs: number): Promise<void> {
  const cancelPreprocess = new AbortController();
  monolith.kill('SIGINT');
  // Preprocess the log as soon as 0x has moved it into place, while 0x renders the flamegraph.
  const preprocessed = preprocessIsolateLog(artefacts, () => monolith.hasFinished, cancelPreprocess.signal);
  try {
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
    cancelPreprocess.abort();
    await preprocessed.catch(() => undefined);
  }
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

/** What 0x wrote: the samples, its flamegraph and ticks; throws when they are missing. */
export function read0xArtefacts(artefacts: string): { samples: ProfileSample[]; flamegraphHtml: string; ticksFile: string } {
  const flamegraphHtml = join(artefacts, 'flamegraph.html');
  const ticksFile = join(artefacts, 'ticks.json');
  if (!existsSync(ticksFile) || !existsSync(flamegraphHtml)) {
    throw new UserError(`0x finished but did not write ticks.json and flamegraph.html in ${artefacts}`, 'run pivot analyze again; if it repeats, report the 0x version');
  }
  for (const file of readdirSync(artefacts)) {
    const filtered = /^isolate-.*-v8\.log\.json$/.test(file) && existsSync(join(artefacts, V8_PROFILE));
    if (file.endsWith('.preprocess-ready') || filtered) rmSync(join(artefacts, file), { force: true });
  }
  return { samples: readSamples(artefacts, ticksFile), flamegraphHtml, ticksFile };
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
