/**
 * The compile gate of `pivot evolve`: the emitted crate / module is written to a scratch
 * directory and checked (`cargo check --all-targets`; `go build ./...` then `go vet ./...`)
 * before the writer touches the output. Code that does not compile is a translator bug, so the
 * caller reports it instead of leaving a tree for the user to find out.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { UserError } from '../errors.js';
import type { FileTree, TargetLanguage } from '../translate/api.js';
import { claimSharedTarget } from './cargo-target.js';
import { runToolchain } from './toolchain.js';

export interface CompileCheckFailure {
  /** The command that failed, e.g. `cargo check --all-targets`. */
  command: string;
  /** The first compiler errors, their paths under `shownDir` (the output the tree was meant for). */
  errors: string[];
}

export interface CompileCheckOptions {
  /** How paths in the errors are shown: the output directory the tree would be written to. */
  shownDir: string;
  env?: NodeJS.ProcessEnv;
}

const MAX_ERRORS = 5;

/** Without CARGO_TARGET_DIR the checks still share one target, so dependencies are checked once. */
const defaultCargoTarget = (): string => join(tmpdir(), 'pivot-compile-check-target');

async function writeScratch(tree: FileTree): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pivot-compile-check-'));
  for (const [path, contents] of tree) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
  return dir;
}

const TOOLS: Record<TargetLanguage, string> = { rust: 'cargo', go: 'go' };

async function runIn(target: TargetLanguage, dir: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const missing = () =>
    new UserError(`${TOOLS[target]} was not found on PATH: evolve compiles the emitted code before writing it`, 'run `pivot doctor` to see how to install it, or pass --no-compile-check to skip the gate');
  const result = await runToolchain(command, args, { cwd: dir, env, all: true, maxBuffer: 64 * 1024 * 1024 }, missing);
  return { command: `${command} ${args.join(' ')}`, ok: result.exitCode === 0, output: String(result.all ?? '') };
}

/** First errors of `cargo check --message-format short`: `src/lib.rs:3:5: error[E0425]: …`. */
export function rustErrors(output: string, scratch: string, shownDir: string): string[] {
  const errors: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^(\S+?\.rs):(\d+):(\d+): (error.*)$/.exec(line.trim());
    if (m) errors.push(`${shownPath(m[1]!, scratch, shownDir)}:${m[2]}:${m[3]}: ${m[4]}`);
    if (errors.length >= MAX_ERRORS) break;
  }
  return errors;
}

/** First errors of `go build` / `go vet` (`./lib.go:3:5: undefined: x`, `vet: ./x_test.go:…`). */
export function goErrors(output: string, scratch: string, shownDir: string): string[] {
  const errors: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^(?:vet: )?(\S+?\.go):(\d+)(?::(\d+))?: (.*)$/.exec(line.trim());
    if (!m) continue;
    errors.push(`${shownPath(m[1]!, scratch, shownDir)}:${m[2]}${m[3] ? `:${m[3]}` : ''}: ${m[4]}`);
    if (errors.length >= MAX_ERRORS) break;
  }
  return errors;
}

function shownPath(path: string, scratch: string, shownDir: string): string {
  const relative = path.startsWith(scratch + sep) ? path.slice(scratch.length + 1) : path.replace(/^\.\//, '');
  return join(shownDir, relative);
}

function lastLines(output: string, n = MAX_ERRORS): string[] {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n);
}

/** Checks that the emitted tree compiles; undefined when it does, else the command and its first errors. */
export async function compileCheckTree(tree: FileTree, target: TargetLanguage, options: CompileCheckOptions): Promise<CompileCheckFailure | undefined> {
  const scratch = await writeScratch(tree);
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    if (target === 'rust') {
      env.CARGO_TARGET_DIR ||= defaultCargoTarget();
      claimSharedTarget(scratch, env.CARGO_TARGET_DIR);
      const run = await runIn(target, scratch, 'cargo', ['check', '--all-targets', '--message-format', 'short', '--quiet'], env);
      if (run.ok) return undefined;
      const errors = rustErrors(run.output, scratch, options.shownDir);
      return { command: run.command, errors: errors.length > 0 ? errors : lastLines(run.output) };
    }
    for (const args of [
      ['build', './...'],
      ['vet', './...'],
    ]) {
      const run = await runIn(target, scratch, 'go', args, env);
      if (run.ok) continue;
      const errors = goErrors(run.output, scratch, options.shownDir);
      return { command: run.command, errors: errors.length > 0 ? errors : lastLines(run.output) };
    }
    return undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
