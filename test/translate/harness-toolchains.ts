/**
 * Builds and tests many generated trees at once: every Rust crate as a member of ONE cargo
 * workspace, every Go module in ONE go.work workspace. Two shared cores make per-case builds
 * unaffordable, so each toolchain runs once per harness run and its output is mapped back to
 * the case that produced it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';

export type FileTree = Map<string, string>;

export interface LanguageOutcome {
  status: 'pass' | 'fail';
  /** Vectors (or call sequences) replayed / passed, from the PIVOT-VECTORS lines. */
  total?: number;
  passed?: number;
  /** One line per problem: build error, first mismatch, test panic, lint finding. */
  problems: string[];
  /** Lint findings (clippy / go vet) only; they also make the status `fail`. */
  lint: string[];
}

export interface MemberTree {
  caseId: string;
  /** Directory name inside the workspace (crate / module directory). */
  dirName: string;
  tree: FileTree;
}

const MAX_LINES = 12;
const MAX_BUILD_ERRORS = 3;
/** The replay contract of vectors-format.ts: without the summary line `pivot verify` cannot count, and a test that replays nothing looks green. */
const NO_SUMMARY = 'replay contract: the tests passed but printed no PIVOT-VECTORS summary line (did they replay any vector?)';
const clip = (text: string): string => text.split('\n').slice(0, MAX_LINES).join('\n');

/** Writes `tree` under `dir`, touching only files whose contents changed, and deletes stale files. */
export function syncTree(dir: string, tree: FileTree): void {
  mkdirSync(dir, { recursive: true });
  const keep = new Set<string>();
  for (const [path, contents] of tree) {
    const target = join(dir, path);
    keep.add(target);
    if (existsSync(target) && readFileSync(target, 'utf8') === contents) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!keep.has(full) && entry.name !== 'Cargo.lock') rmSync(full);
    }
  };
  walk(dir);
}

/** Summary and first mismatch from the replay lines the generated tests print (vectors-format.ts). */
export function replayFindings(output: string): { total: number; passed: number; mismatches: string[] } {
  let total = 0;
  let passed = 0;
  const mismatches: string[] = [];
  for (const line of output.split('\n')) {
    const summary = /PIVOT-VECTORS (\{.*\})\s*$/.exec(line);
    if (summary) {
      try {
        const parsed = JSON.parse(summary[1]!) as { total: number; passed: number };
        total += parsed.total;
        passed += parsed.passed;
      } catch {
        // A line split by the test runner; the mismatch lines still tell what failed.
      }
    }
    const mismatch = /PIVOT-MISMATCH (\{.*\})\s*$/.exec(line);
    if (mismatch) mismatches.push(describeMismatch(mismatch[1]!));
  }
  return { total, passed, mismatches };
}

function describeMismatch(json: string): string {
  try {
    const m = JSON.parse(json) as { file: string; index: number; call?: number; input: unknown; expected: unknown; actual: unknown };
    const call = m.call === undefined ? '' : ` call ${m.call}`;
    return `${m.file} #${m.index}${call}: input ${JSON.stringify(m.input)} expected ${JSON.stringify(m.expected)} actual ${JSON.stringify(m.actual)}`;
  } catch {
    return json;
  }
}

function outcomeFrom(problems: string[], lint: string[], replay?: { total: number; passed: number }): LanguageOutcome {
  return {
    status: problems.length === 0 && lint.length === 0 ? 'pass' : 'fail',
    total: replay?.total,
    passed: replay?.passed,
    problems,
    lint,
  };
}

// ---------------------------------------------------------------------------------------------
// Rust

interface CargoMessage {
  reason: string;
  manifest_path?: string;
  message?: { level: string; rendered?: string };
  profile?: { test: boolean };
  executable?: string | null;
}

function parseCargoJson(stdout: string): CargoMessage[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as CargoMessage];
      } catch {
        return [];
      }
    });
}

/** Member Cargo.toml without a `[workspace]` table of its own (a standalone crate may carry one). */
function asMemberManifest(toml: string): string {
  return toml.replace(/^\[workspace\][^[]*/m, '');
}

export interface RustRunOptions {
  workspaceDir: string;
  targetDir: string;
  lint: boolean;
}

export async function runRustWorkspace(members: MemberTree[], opts: RustRunOptions): Promise<Map<string, LanguageOutcome>> {
  const { workspaceDir } = opts;
  for (const m of members) {
    const tree = new Map(m.tree);
    const manifest = tree.get('Cargo.toml');
    if (manifest !== undefined) tree.set('Cargo.toml', asMemberManifest(manifest));
    syncTree(join(workspaceDir, m.dirName), tree);
  }
  const root = `[workspace]\nresolver = "2"\nmembers = [\n${members.map((m) => `  "${m.dirName}",`).join('\n')}\n]\n`;
  if (!existsSync(join(workspaceDir, 'Cargo.toml')) || readFileSync(join(workspaceDir, 'Cargo.toml'), 'utf8') !== root) {
    writeFileSync(join(workspaceDir, 'Cargo.toml'), root);
  }
  const env = { CARGO_TARGET_DIR: opts.targetDir, CARGO_TERM_COLOR: 'never' };
  const byDir = (manifest: string | undefined): MemberTree | undefined =>
    manifest === undefined ? undefined : members.find((m) => relative(workspaceDir, dirname(manifest)) === m.dirName);

  const problems = new Map<string, string[]>(members.map((m) => [m.caseId, []]));
  const lint = new Map<string, string[]>(members.map((m) => [m.caseId, []]));
  const executables = new Map<string, string[]>();
  const build = await execa(
    'cargo',
    ['build', '--workspace', '--tests', '--keep-going', '--message-format=json'],
    { cwd: workspaceDir, env, reject: false, all: false, maxBuffer: 512 * 1024 * 1024 },
  );
  for (const msg of parseCargoJson(build.stdout)) {
    const member = byDir(msg.manifest_path);
    if (!member) continue;
    if (msg.reason === 'compiler-message' && msg.message?.level === 'error') {
      const error = `rust build: ${clip(msg.message.rendered ?? '')}`;
      // The library is compiled for its own target and for its unit tests: the same error twice.
      if (!problems.get(member.caseId)!.includes(error) && !/aborting due to/.test(error)) problems.get(member.caseId)!.push(error);
    }
    if (msg.reason === 'compiler-artifact' && msg.profile?.test && msg.executable) {
      executables.set(member.caseId, [...(executables.get(member.caseId) ?? []), msg.executable]);
    }
  }
  if (build.exitCode !== 0 && [...problems.values()].every((p) => p.length === 0)) {
    // Not a compiler error of a member (e.g. a manifest problem, a registry outage): every case learns why.
    const why = `cargo build failed: ${clip(build.stderr.split('\n').filter((l) => /error/i.test(l)).join('\n') || build.stderr)}`;
    for (const m of members) problems.get(m.caseId)!.push(why);
  }
  for (const list of problems.values()) {
    if (list.length > MAX_BUILD_ERRORS) list.splice(MAX_BUILD_ERRORS, list.length, `(+${list.length - MAX_BUILD_ERRORS} more build errors)`);
  }
  const replays = new Map<string, { total: number; passed: number }>();
  for (const m of members) {
    if (problems.get(m.caseId)!.length > 0) continue;
    const exes = executables.get(m.caseId) ?? [];
    if (exes.length === 0) problems.get(m.caseId)!.push('rust: no test executable was built');
    let total = 0;
    let passed = 0;
    for (const exe of exes) {
      const run = await execa(exe, ['--nocapture', '--test-threads=1'], {
        cwd: join(workspaceDir, m.dirName),
        env: { CARGO_MANIFEST_DIR: join(workspaceDir, m.dirName), RUST_BACKTRACE: '0' },
        reject: false,
        timeout: 180_000,
        all: true,
      });
      const found = replayFindings(run.all ?? '');
      total += found.total;
      passed += found.passed;
      if (run.exitCode !== 0 || run.timedOut) {
        const lines = (run.all ?? '').split('\n');
        const at = lines.findIndex((l) => /panicked at/.test(l));
        const panic = at < 0 ? undefined : lines.slice(at, at + 2).join(' ');
        const first = found.mismatches[0] ?? panic ?? clip(run.all ?? '');
        const count = found.mismatches.length > 1 ? ` (+${found.mismatches.length - 1} more mismatches)` : '';
        problems.get(m.caseId)!.push(`rust test${run.timedOut ? ' timed out' : ' failed'}: ${first}${count}`);
      }
    }
    replays.set(m.caseId, { total, passed });
    if (exes.length > 0 && total === 0 && problems.get(m.caseId)!.length === 0) lint.get(m.caseId)!.push(NO_SUMMARY);
  }
  if (opts.lint) {
    const clippy = await execa(
      'cargo',
      ['clippy', '--workspace', '--all-targets', '--keep-going', '--message-format=json', '--', '-D', 'warnings'],
      { cwd: workspaceDir, env, reject: false, maxBuffer: 512 * 1024 * 1024 },
    );
    for (const msg of parseCargoJson(clippy.stdout)) {
      const member = byDir(msg.manifest_path);
      if (!member || msg.reason !== 'compiler-message' || !msg.message) continue;
      if (msg.message.level !== 'error' && msg.message.level !== 'warning') continue;
      if (problems.get(member.caseId)!.some((p) => p.startsWith('rust build:'))) continue;
      if (/aborting due to|generated \d+ (warning|error)/.test(msg.message.rendered ?? '')) continue;
      const finding = `clippy: ${clip(msg.message.rendered ?? '')}`;
      // lib and lib-test targets check the same source: report each finding once.
      if (!lint.get(member.caseId)!.includes(finding)) lint.get(member.caseId)!.push(finding);
    }
  }
  return new Map(members.map((m) => [m.caseId, outcomeFrom(problems.get(m.caseId)!, lint.get(m.caseId)!, replays.get(m.caseId))]));
}

// ---------------------------------------------------------------------------------------------
// Go

interface GoTestEvent {
  Action: string;
  Package?: string;
  ImportPath?: string;
  Test?: string;
  Output?: string;
}

export interface GoRunOptions {
  workspaceDir: string;
  lint: boolean;
}

const modulePathOf = (tree: FileTree): string | undefined => /^module\s+(\S+)/m.exec(tree.get('go.mod') ?? '')?.[1];

export async function runGoWorkspace(members: MemberTree[], opts: GoRunOptions): Promise<Map<string, LanguageOutcome>> {
  const { workspaceDir } = opts;
  const problems = new Map<string, string[]>(members.map((m) => [m.caseId, []]));
  const lint = new Map<string, string[]>(members.map((m) => [m.caseId, []]));
  const byPath = new Map<string, MemberTree>();
  for (const m of members) {
    syncTree(join(workspaceDir, m.dirName), m.tree);
    const path = modulePathOf(m.tree);
    if (path === undefined) problems.get(m.caseId)!.push('go: the tree has no go.mod with a module line');
    else if (byPath.has(path)) problems.get(m.caseId)!.push(`go: module path ${path} is used by ${byPath.get(path)!.caseId} too`);
    else byPath.set(path, m);
  }
  const work = `go 1.22\n\nuse (\n${[...byPath.values()].map((m) => `\t./${m.dirName}`).join('\n')}\n)\n`;
  writeFileSync(join(workspaceDir, 'go.work'), work);
  const paths = [...byPath.keys()];
  if (paths.length === 0) return new Map(members.map((m) => [m.caseId, outcomeFrom(problems.get(m.caseId)!, [])]));
  const env = { GOWORK: join(workspaceDir, 'go.work') };

  const test = await execa('go', ['test', '-json', '-p', '2', ...paths], {
    cwd: workspaceDir,
    env,
    reject: false,
    maxBuffer: 512 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
  const output = new Map<string, string>();
  const status = new Map<string, string>();
  for (const line of test.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: GoTestEvent;
    try {
      event = JSON.parse(line) as GoTestEvent;
    } catch {
      continue;
    }
    const pkg = event.Package ?? event.ImportPath?.replace(/ \[.*\]$/, '');
    if (pkg === undefined) continue;
    if (event.Output !== undefined) output.set(pkg, (output.get(pkg) ?? '') + event.Output);
    if (event.Test === undefined && ['pass', 'fail', 'skip', 'build-fail'].includes(event.Action)) status.set(pkg, event.Action);
  }
  const replays = new Map<string, { total: number; passed: number }>();
  for (const [path, m] of byPath) {
    const out = output.get(path) ?? '';
    const found = replayFindings(out);
    replays.set(m.caseId, found);
    const state = status.get(path);
    if (state === 'pass') {
      if (found.total === 0) lint.get(m.caseId)!.push(NO_SUMMARY);
      continue;
    }
    if (state === 'skip') {
      problems.get(m.caseId)!.push('go: no test files');
      continue;
    }
    const buildLines = out.split('\n').filter((l) => /\.go:\d+:\d+:/.test(l));
    if (buildLines.length > 0 && found.total === 0) {
      // `go test` also runs a subset of vet checks before testing; their findings look the same.
      problems.get(m.caseId)!.push(`go build/vet: ${clip(buildLines.join('\n'))}`);
      continue;
    }
    const failLine = out.split('\n').find((l) => /panic:|--- FAIL|\.go:\d+:/.test(l));
    const first = found.mismatches[0] ?? failLine ?? clip(out || test.stderr);
    const count = found.mismatches.length > 1 ? ` (+${found.mismatches.length - 1} more mismatches)` : '';
    problems.get(m.caseId)!.push(`go test failed: ${first.trim()}${count}`);
  }
  if (test.exitCode !== 0 && status.size === 0) {
    for (const m of byPath.values()) problems.get(m.caseId)!.push(`go test did not run: ${clip(test.stderr)}`);
  }
  if (opts.lint) {
    const vet = await execa('go', ['vet', ...paths], { cwd: workspaceDir, env, reject: false, all: true });
    let current: MemberTree | undefined;
    for (const line of (vet.all ?? '').split('\n')) {
      const header = /^# (\S+)/.exec(line);
      if (header) {
        current = byPath.get(header[1]!.replace(/ \[.*\]$/, ''));
        continue;
      }
      if (current && line.trim() !== '' && !problems.get(current.caseId)!.some((p) => p.startsWith('go build'))) {
        lint.get(current.caseId)!.push(`go vet: ${line.trim()}`);
      }
    }
  }
  return new Map(members.map((m) => [m.caseId, outcomeFrom(problems.get(m.caseId)!, lint.get(m.caseId)!, replays.get(m.caseId))]));
}
