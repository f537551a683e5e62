import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ui } from '../ui.js';
import { buildAll, type BuildResult } from './build.js';
import { buildSteps, localServiceSpecs, readSystemFile, stateRoot, type SystemFile } from './local-system.js';
import { redisSpec } from './redis.js';
import { startSystem, type RunningSystem, type StartOptions } from './supervisor.js';

export interface LocalRunOptions {
  /** Build (skipping unchanged services) before starting; default true. */
  build?: boolean;
  /** Start Redis when the system has one and redis-server is installed; default true. */
  redis?: boolean;
  ui: Ui;
  start?: StartOptions;
  /** Start from empty state (delete .pivot/state first), as parity needs; default false: state is kept. */
  freshState?: boolean;
}

export interface LocalRun {
  file: SystemFile;
  system: RunningSystem;
  /** Base URL of the entry service (the gateway). */
  entryUrl: string;
  /** Why Redis is not running, when it is not. */
  redisSkipped?: string;
}

export function cargoTargetDir(): string | undefined {
  return process.env.CARGO_TARGET_DIR || undefined;
}

/** Build (when asked) and report each service's outcome through the Ui. */
export async function buildTree(root: string, file: SystemFile, ui: Ui, force = false): Promise<BuildResult[]> {
  const steps = buildSteps(root, file.system, { cargoTargetDir: cargoTargetDir() });
  const results = await ui.step(`Building ${steps.length} services`, () =>
    buildAll(root, steps, { force, onStart: (s) => ui.info(`  building ${s.service} (${s.tool})`) }),
  );
  for (const r of results) ui.info(`  ${r.service}: ${r.status === 'built' ? `built in ${r.seconds.toFixed(1)}s` : 'unchanged, not rebuilt'}`);
  return results;
}

/** Build and start a generated tree as local processes: Redis first, then services in dependency order. */
export async function startLocal(dir: string, options: LocalRunOptions): Promise<LocalRun> {
  const root = resolve(dir);
  const file = readSystemFile(root);
  if (options.build !== false) await buildTree(root, file, options.ui);
  if (options.freshState === true) rmSync(stateRoot(root), { recursive: true, force: true });
  let redis = null;
  let redisSkipped: string | undefined;
  if (file.system.redis && options.redis !== false) {
    const found = await redisSpec(file.system.redis.port);
    if (found.spec) redis = found.spec;
    else redisSkipped = found.reason;
  } else if (file.system.redis) {
    redisSkipped = 'disabled with --no-redis';
  }
  if (redisSkipped) options.ui.warn(`Redis is not started (${redisSkipped}); the gateway serves without its cache`);
  const specs = localServiceSpecs(root, file.system, redis, { cargoTargetDir: cargoTargetDir() });
  const system = await options.ui.step(`Starting ${specs.map((s) => s.name).join(', ')}`, () => startSystem(specs, options.start));
  const entry = system.services.get(file.entry);
  return { file, system, entryUrl: entry?.url ?? `http://127.0.0.1:${file.system.services.find((s) => s.name === file.entry)?.port}`, redisSkipped };
}
