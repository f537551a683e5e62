import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { formatProblem, validateCompose, validateDockerfile, validateK8s } from '../scaffold/deploy/index.js';
import type { SystemFile } from './local-system.js';
import { claimSharedTarget } from './cargo-target.js';
import { stateProblems, type ComposeDocument, type K8sDocument } from './check-state.js';

/** One line of `pivot check`'s table. */
export interface CheckStep {
  name: string;
  ok: boolean;
  detail: string;
  /** The tool's own output when it failed. */
  output?: string[];
}

/** Schema and structure of every deploy file, in the user's terms (compose key, k8s kind/name/field). */
export function checkDeployFiles(root: string, file: SystemFile): CheckStep[] {
  const steps: CheckStep[] = [];
  const compose = join(root, 'docker-compose.yml');
  const composeText = existsSync(compose) ? readFileSync(compose, 'utf8') : undefined;
  const composeProblems = composeText !== undefined ? validateCompose(composeText).map(formatProblem) : ['docker-compose.yml is missing'];
  steps.push({ name: 'docker-compose.yml schema', ok: composeProblems.length === 0, detail: composeProblems.length === 0 ? 'valid (compose-spec)' : `${composeProblems.length} problem(s)`, output: composeProblems });
  const k8sDir = join(root, 'k8s');
  const k8sFiles = existsSync(k8sDir) ? readdirSync(k8sDir).filter((f) => f.endsWith('.yaml')) : [];
  const k8sTexts = new Map(k8sFiles.map((f) => [f, readFileSync(join(k8sDir, f), 'utf8')]));
  const k8sProblems = [...k8sTexts].flatMap(([f, text]) => validateK8s(text).map((p) => `k8s/${f}: ${formatProblem(p)}`));
  if (k8sFiles.length === 0) k8sProblems.push('k8s/ has no manifests');
  steps.push({ name: 'Kubernetes manifests', ok: k8sProblems.length === 0, detail: k8sProblems.length === 0 ? `${k8sFiles.length} files valid (schemas, restricted profile)` : `${k8sProblems.length} problem(s)`, output: k8sProblems });
  const dockerProblems = file.system.services.flatMap((s) => {
    const path = join(root, s.dir, 'Dockerfile');
    return existsSync(path) ? validateDockerfile(readFileSync(path, 'utf8'), `${s.dir}/Dockerfile`).map(formatProblem) : [`${s.dir}/Dockerfile is missing`];
  });
  steps.push(checkStateFit(file, k8sTexts, composeText));
  steps.push({ name: 'Dockerfiles', ok: dockerProblems.length === 0, detail: dockerProblems.length === 0 ? `${file.system.services.length} valid (multi-stage, non-root, HEALTHCHECK)` : `${dockerProblems.length} problem(s)`, output: dockerProblems });
  return steps;
}

/** The documents of a YAML text, skipping what does not parse (the schema steps report that). */
function readYaml<T>(text: string): T[] {
  return parseAllDocuments(text).flatMap((doc) => ('empty' in doc || doc.errors.length > 0 ? [] : [doc.toJS() as T]));
}

/** Whether each service's k8s objects and compose entry scale it the way its state allows. */
function checkStateFit(file: SystemFile, k8sTexts: Map<string, string>, composeText: string | undefined): CheckStep {
  const docs = [...k8sTexts].flatMap(([f, text]) => readYaml<Omit<K8sDocument, 'file'> | null>(text).flatMap((d) => (d ? [{ ...d, file: `k8s/${f}` }] : [])));
  let compose: ComposeDocument;
  try {
    compose = composeText !== undefined ? (parseYaml(composeText) as ComposeDocument) : undefined;
  } catch {
    compose = undefined; // reported by the schema step
  }
  const problems = stateProblems(file.system.services, docs, compose);
  const kinds = file.system.services.map((s) => `${s.name} ${s.state ?? '?'}`).join(', ');
  return { name: 'scaling fits state', ok: problems.length === 0, detail: problems.length === 0 ? kinds : `${problems.length} problem(s)`, output: problems };
}

interface ToolRun {
  name: string;
  command: string;
  args: string[];
  cwd: string;
}

/** Pure: the test and lint commands of each service, by its language. */
export function serviceChecks(root: string, file: SystemFile): ToolRun[] {
  const runs: ToolRun[] = [];
  for (const s of file.system.services) {
    const cwd = join(root, s.dir);
    if (s.language === 'rust') {
      runs.push(
        { name: `${s.name}: cargo fmt --check`, command: 'cargo', args: ['fmt', '--all', '--check'], cwd },
        { name: `${s.name}: cargo clippy -D warnings`, command: 'cargo', args: ['clippy', '--release', '--workspace', '--all-targets', '--quiet', '--', '-D', 'warnings'], cwd },
        { name: `${s.name}: cargo test`, command: 'cargo', args: ['test', '--release', '--workspace', '--quiet'], cwd },
      );
    } else if (s.language === 'go') {
      runs.push(
        { name: `${s.name}: gofmt -l`, command: 'gofmt', args: ['-l', '.'], cwd },
        { name: `${s.name}: go vet`, command: 'go', args: ['vet', './...'], cwd },
        { name: `${s.name}: go test -race`, command: 'go', args: ['test', '-race', '-count=1', './...'], cwd },
      );
    } else {
      runs.push(
        { name: `${s.name}: tsc --strict`, command: 'npx', args: ['--no-install', 'tsc', '--noEmit', '-p', '.'], cwd },
        { name: `${s.name}: runtime tests`, command: 'npx', args: ['--no-install', 'vitest', 'run', '--root', '.', 'test/pivot-runtime.test.ts'], cwd },
      );
    }
  }
  return runs;
}

/** Runs one tool; gofmt -l "fails" by printing file names. */
export async function runTool(run: ToolRun): Promise<CheckStep> {
  if (run.command === 'cargo') claimSharedTarget(run.cwd, process.env.CARGO_TARGET_DIR);
  const result = await execa(run.command, run.args, { cwd: run.cwd, reject: false, all: true, stdin: 'ignore', env: { CI: 'true' } });
  const lines = (result.all ?? '').split('\n').filter((l) => l.trim() !== '');
  const listedFiles = run.command === 'gofmt' && lines.length > 0;
  const ok = result.exitCode === 0 && !listedFiles;
  return { name: run.name, ok, detail: ok ? 'ok' : listedFiles ? `not gofmt-formatted: ${lines.join(', ')}` : `exit ${result.exitCode ?? result.signal}`, output: ok ? undefined : lines.slice(-30) };
}
