import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { UserError } from '../errors.js';
import { claimSharedTarget } from './cargo-target.js';
import { inputFiles } from './service-files.js';
import type { BuildStep, LocalCommand } from './local-system.js';
import { checkTool, TOOLS } from './toolchain.js';

/** Folders that are build output or dependencies, never build input. */
export const BUILD_STATE = '.pivot/build-state.json';

/** sha256 over every input file's path and contents, in a stable order. */
export function hashInputs(dir: string): string {
  const hash = createHash('sha256');
  for (const path of inputFiles(dir)) hash.update(relative(dir, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

type BuildState = Record<string, string>;

function readState(root: string): BuildState {
  try {
    return JSON.parse(readFileSync(join(root, BUILD_STATE), 'utf8')) as BuildState;
  } catch {
    return {};
  }
}

function writeState(root: string, state: BuildState): void {
  const file = join(root, BUILD_STATE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** A TypeScript service inside a checkout resolves its deps from a parent node_modules; elsewhere it needs npm install. */
function needsInstall(cwd: string): boolean {
  const pkgFile = join(cwd, 'package.json');
  if (!existsSync(pkgFile)) return false;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const require = createRequire(pkgFile);
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).some((dep) => {
    try {
      require.resolve(`${dep}/package.json`);
      return false;
    } catch {
      return !existsSync(join(cwd, 'node_modules', dep));
    }
  });
}

export interface BuildResult {
  service: string;
  status: 'built' | 'unchanged';
  seconds: number;
}

export interface BuildOptions {
  force?: boolean;
  /** Builds that run at once; default 2 (this is a compile, not a server). */
  concurrency?: number;
  env?: Record<string, string>;
  onStart?(step: BuildStep): void;
}

async function runCommand(step: BuildStep, cmd: LocalCommand, env: Record<string, string> | undefined): Promise<void> {
  const result = await execa(cmd.command, cmd.args, { cwd: step.cwd, reject: false, all: true, env, stdin: 'ignore' });
  if (result.exitCode !== 0) {
    const lines = (result.all ?? '').split('\n').filter((l) => l.trim() !== '');
    throw new UserError(
      `building ${step.service} failed: ${cmd.command} ${cmd.args.join(' ')} exited with ${result.exitCode ?? result.signal}`,
      `fix the error above in ${step.cwd} (or regenerate it with --force), then run pivot build again`,
      lines.slice(-40),
    );
  }
}

async function buildOne(root: string, step: BuildStep, state: BuildState, options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const inputs = hashInputs(step.cwd);
  if (!options.force && state[step.service] === inputs && existsSync(step.artefact)) {
    return { service: step.service, status: 'unchanged', seconds: 0 };
  }
  options.onStart?.(step);
  const commands = step.tool === 'npm' && needsInstall(step.cwd) ? [{ command: 'npm', args: ['install', '--no-audit', '--no-fund'] }, ...step.commands] : step.commands;
  if (step.tool === 'cargo') claimSharedTarget(step.cwd, options.env?.CARGO_TARGET_DIR ?? process.env.CARGO_TARGET_DIR);
  for (const cmd of commands) await runCommand(step, cmd, options.env);
  if (step.builtAt && existsSync(step.builtAt)) {
    // Copied beside, then renamed over: a running copy of the old binary is not disturbed.
    mkdirSync(dirname(step.artefact), { recursive: true });
    const partial = `${step.artefact}.${process.pid}.partial`;
    copyFileSync(step.builtAt, partial);
    renameSync(partial, step.artefact);
  }
  if (!existsSync(step.artefact)) {
    throw new UserError(`building ${step.service} succeeded but ${relative(root, step.artefact)} is missing`, 'check the binary name in pivot.system.json against the build configuration');
  }
  state[step.service] = inputs;
  return { service: step.service, status: 'built', seconds: (Date.now() - started) / 1000 };
}

/** Checks the toolchains first, so a missing one is one clear message, not a failed build. */
export async function assertToolchains(steps: BuildStep[]): Promise<void> {
  for (const tool of new Set(steps.map((s) => s.tool))) {
    const spec = TOOLS.find((t) => t.name === tool)!;
    const status = await checkTool(spec);
    if (!status.found) {
      throw new UserError(`${tool} is ${status.problem}: it ${spec.purpose}`, `run pivot doctor for what is missing and how to install it (${spec.install})`);
    }
  }
}

/** Build every service, `concurrency` at a time, skipping those whose inputs did not change. */
export async function buildAll(root: string, steps: BuildStep[], options: BuildOptions = {}): Promise<BuildResult[]> {
  for (const step of steps) {
    if (!existsSync(step.cwd) || !statSync(step.cwd).isDirectory()) {
      throw new UserError(`the ${step.service} service has no folder ${step.cwd}`, 'regenerate the tree (pivot example / pivot evolve --plan)');
    }
  }
  await assertToolchains(steps);
  const state = readState(root);
  const results: BuildResult[] = [];
  const queue = [...steps];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      try {
        results.push(await buildOne(root, step, state, options));
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  writeState(root, state);
  if (errors.length > 0) throw errors[0];
  return steps.map((s) => results.find((r) => r.service === s.service)!);
}
