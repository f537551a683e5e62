/**
 * Differential verification: find generated Rust crates and Go modules (a manifest plus a
 * `vectors/` folder), run their tests — which replay the golden vectors recorded from the TS
 * original — and turn the output into a per-unit result with the first mismatch of each.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import type { TargetLanguage } from '../translate/api.js';
import { TRACE_ENV, type ReplayMismatchLine, type ReplayStartLine, type VectorFile } from '../translate/vectors-format.js';
import { crashReason, parseCargoTest, parseGoTestJson, parseReplayLines, type TestRunSummary } from './verify-report.js';
import { claimSharedTarget } from './cargo-target.js';
import { runToolchain } from './toolchain.js';

export interface GeneratedProject {
  target: TargetLanguage;
  /** Absolute directory of the crate / module. */
  dir: string;
}

export interface UnitVerification {
  /** Vector file name under vectors/. */
  file: string;
  unit: string;
  total: number;
  passed: number;
  failed: number;
  firstMismatch?: ReplayMismatchLine;
  /**
   * True when the tests printed no PIVOT-VECTORS line: after a clean run every vector passed;
   * after a failed one the counts are unknown (passed and failed are 0).
   */
  inferred?: boolean;
  /**
   * Set when the test binary died (stack overflow, abort) while replaying this file: what killed
   * it. The vector it died on counts as failed (firstMismatch); the vectors after it did not run.
   */
  crashed?: string;
}

export type ProjectStatus = 'passed' | 'failed' | 'build-failed';

export interface ProjectVerification {
  target: TargetLanguage;
  dir: string;
  status: ProjectStatus;
  command: string;
  units: UnitVerification[];
  tests: { passed: number; failed: number };
  /** Last lines of the tool's output when something failed. */
  log?: string[];
  note?: string;
}

const SKIP_DIRS = new Set(['node_modules', 'target', 'dist', 'vendor']);

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Crates (Cargo.toml + vectors/) and Go modules (go.mod + vectors/) at or under `dir`. */
export async function findGeneratedProjects(dir: string): Promise<GeneratedProject[]> {
  const found: GeneratedProject[] = [];
  const visit = async (current: string, depth: number): Promise<void> => {
    if (await isDir(join(current, 'vectors'))) {
      if (await isFile(join(current, 'Cargo.toml'))) return void found.push({ target: 'rust', dir: current });
      if (await isFile(join(current, 'go.mod'))) return void found.push({ target: 'go', dir: current });
    }
    if (depth >= 6) return;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
      await visit(join(current, entry.name), depth + 1);
    }
  };
  await visit(dir, 0);
  return found;
}

async function readVectorFiles(dir: string): Promise<Map<string, VectorFile>> {
  const files = new Map<string, VectorFile>();
  const names = (await readdir(join(dir, 'vectors')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  for (const name of names) {
    try {
      files.set(name, JSON.parse(await readFile(join(dir, 'vectors', name), 'utf8')) as VectorFile);
    } catch {
      // An unreadable file shows up as a unit the tests never reported.
    }
  }
  return files;
}

const TOOL_FOR: Record<TargetLanguage, { tool: string; purpose: string }> = {
  rust: { tool: 'cargo', purpose: 'builds and tests the generated Rust crates' },
  go: { tool: 'go', purpose: 'builds and tests the generated Go modules' },
};

interface ToolRun {
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

async function runTool(target: TargetLanguage, command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<ToolRun> {
  const result = await runToolchain(command, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, () => {
    const { tool, purpose } = TOOL_FOR[target];
    return new UserError(`${tool} was not found on PATH: it ${purpose}`, 'run `pivot doctor` to see what is missing and how to install it');
  });
  return { command: `${command} ${args.join(' ')}`, stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode };
}

async function runTests(project: GeneratedProject, baseEnv?: NodeJS.ProcessEnv): Promise<{ run: ToolRun; summary: TestRunSummary; note?: string }> {
  // Traced vectors name the one a crash stopped at; one test thread so only one file is in flight.
  const env: NodeJS.ProcessEnv = { ...process.env, ...baseEnv, [TRACE_ENV]: '1' };
  if (project.target === 'rust') {
    claimSharedTarget(project.dir, env.CARGO_TARGET_DIR);
    const run = await runTool('rust', 'cargo', ['test', '--release', '--', '--nocapture', '--test-threads=1'], project.dir, env);
    return { run, summary: parseCargoTest(run.stdout, run.stderr, run.exitCode) };
  }
  let run = await runTool('go', 'go', ['test', '-race', '-json', './...'], project.dir, env);
  let note: string | undefined;
  if (run.exitCode !== 0 && /-race requires cgo|race detector .*not supported|cgo: C compiler .* not found/i.test(run.stdout + run.stderr)) {
    note = 'the race detector is unavailable here (it needs cgo and a C compiler); tests ran without -race';
    run = await runTool('go', 'go', ['test', '-json', './...'], project.dir, env);
  }
  return { run, summary: parseGoTestJson(run.stdout), note };
}

/** The vector (or call sequence) a crash stopped at, as a mismatch whose actual outcome is the crash. */
function crashedVector(name: string, file: VectorFile, start: ReplayStartLine, reason: string): ReplayMismatchLine {
  const actual = { error: `(the test binary crashed: ${reason})` };
  if (file.kind === 'function') {
    const vector = file.vectors[start.index];
    const expected = vector?.error !== undefined ? { error: vector.error } : { result: vector?.result };
    return { file: name, index: start.index, input: vector?.args ?? null, expected, actual };
  }
  const sequence = file.sequences[start.index];
  return { file: name, index: start.index, input: { constructorArgs: sequence?.constructorArgs ?? [], calls: sequence?.calls ?? [] }, expected: {}, actual };
}

function unitsOf(vectorFiles: Map<string, VectorFile>, summary: TestRunSummary, clean: boolean, output: string): UnitVerification[] {
  const replay = parseReplayLines(summary.lines);
  const units: UnitVerification[] = [];
  for (const [name, file] of vectorFiles) {
    const total = file.kind === 'function' ? file.vectors.length : file.sequences.length;
    const reported = replay.summaries.filter((s) => s.file === name);
    const firstMismatch = replay.mismatches.find((m) => m.file === name);
    const start = replay.lastStarts.get(name);
    if (reported.length === 0 && start && !clean) {
      // Started but never summarised: the binary died on that vector (tests run one at a time).
      const reason = crashReason(output) ?? 'it exited before reporting this file';
      const crash = crashedVector(name, file, start, reason);
      units.push({ file: name, unit: file.unit, total, passed: start.index - start.failed, failed: start.failed + 1, firstMismatch: crash, crashed: reason });
    } else if (reported.length > 0) {
      const passed = reported.reduce((n, s) => n + s.passed, 0);
      const failed = reported.reduce((n, s) => n + s.failed, 0);
      units.push({ file: name, unit: file.unit, total: passed + failed, passed, failed, firstMismatch });
    } else {
      // No replay line: a clean run still proves every vector passed (a file's test fails on any
      // mismatch); a failed run leaves the counts unknown (0/0, inferred, and the project failed).
      units.push({ file: name, unit: file.unit, total, passed: clean ? total : 0, failed: 0, firstMismatch, inferred: true });
    }
  }
  return units;
}

function tail(text: string, n = 30, width = 300): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
}

export async function verifyProject(project: GeneratedProject, env?: NodeJS.ProcessEnv): Promise<ProjectVerification> {
  const vectorFiles = await readVectorFiles(project.dir);
  const { run, summary, note } = await runTests(project, env);
  const clean = run.exitCode === 0 && !summary.buildFailed;
  const base = { target: project.target, dir: project.dir, command: run.command, tests: { passed: summary.passed, failed: summary.failed }, note };
  if (summary.buildFailed) {
    const units = [...vectorFiles].map(([name, f]) => ({
      file: name,
      unit: f.unit,
      total: f.kind === 'function' ? f.vectors.length : f.sequences.length,
      passed: 0,
      failed: 0,
    }));
    return { ...base, status: 'build-failed', units, log: tail(`${run.stderr}\n${project.target === 'go' ? summary.lines.join('\n') : ''}`) };
  }
  const units = unitsOf(vectorFiles, summary, clean, `${summary.lines.join('\n')}\n${run.stderr}`);
  const ok = clean && units.every((u) => u.failed === 0);
  return { ...base, status: ok ? 'passed' : 'failed', units, ...(ok ? {} : { log: tail(`${summary.lines.join('\n')}\n${run.stderr}`) }) };
}

export interface VerifyResult {
  root: string;
  ok: boolean;
  projects: ProjectVerification[];
}

/** Verifies every generated project under `dir`, one after the other (builds share two cores). */
export async function verifyTree(
  dir: string,
  options: { env?: NodeJS.ProcessEnv; onProject?: (project: GeneratedProject) => void } = {},
): Promise<VerifyResult> {
  if (!(await isDir(dir))) {
    throw new UserError(`no such directory: ${dir}`, 'pass the directory pivot evolve wrote (default generated/<name>-<target>)');
  }
  const projects = await findGeneratedProjects(dir);
  if (projects.length === 0) {
    throw new UserError(
      `no generated crate or Go module (Cargo.toml or go.mod next to a vectors/ folder) under ${dir}`,
      'generate one first, e.g. pivot evolve src/pricing.ts#quotePrice --target rust, then pivot verify generated/',
    );
  }
  const results: ProjectVerification[] = [];
  for (const project of projects) {
    options.onProject?.(project);
    results.push(await verifyProject(project, options.env));
  }
  return { root: dir, ok: results.every((r) => r.status === 'passed'), projects: results };
}

export const projectLabel = (root: string, dir: string): string => relative(root, dir) || '.';
