import { execa, type Options, type Result } from 'execa';
import type { UserError } from '../errors.js';

/** What pivot needs from the machine, and what goes missing without each tool. */
export interface ToolSpec {
  name: string;
  command: string;
  args: string[];
  /** Required for the default flow (`pivot example`); optional ones only disable extras. */
  required: boolean;
  purpose: string;
  disables: string;
  install: string;
  /** Minimum major version, when it matters. */
  minMajor?: number;
  /** A second command that must succeed for the tool to be usable (e.g. a daemon answering). */
  usable?: { args: string[]; failure: string };
}

export const TOOLS: ToolSpec[] = [
  { name: 'node', command: 'node', args: ['--version'], required: true, minMajor: 20, purpose: 'runs pivot, the monolith and the gateway', disables: 'everything', install: 'install Node.js 20 or later (https://nodejs.org or your package manager)' },
  { name: 'npm', command: 'npm', args: ['--version'], required: true, purpose: 'builds the monolith and the TypeScript gateway', disables: 'building TypeScript projects', install: 'comes with Node.js' },
  { name: 'cargo', command: 'cargo', args: ['--version'], required: true, purpose: 'builds and tests Rust translations and services', disables: '--target rust, pivot verify of Rust crates, the pricing service', install: 'install Rust with rustup (https://rustup.rs) or apt-get install cargo' },
  { name: 'rustfmt', command: 'rustfmt', args: ['--version'], required: true, purpose: 'formats generated Rust', disables: '--target rust (generated code is always formatted)', install: 'rustup component add rustfmt' },
  { name: 'clippy', command: 'cargo', args: ['clippy', '--version'], required: false, purpose: 'lints generated Rust in pivot check', disables: 'the clippy step of pivot check', install: 'rustup component add clippy' },
  { name: 'go', command: 'go', args: ['version'], required: true, purpose: 'builds and tests Go translations and services', disables: '--target go, pivot verify of Go modules, the inventory service', install: 'install Go 1.22+ (https://go.dev/dl) or apt-get install golang' },
  { name: 'redis-server', command: 'redis-server', args: ['--version'], required: false, purpose: "the gateway's cache in pivot up", disables: 'the Redis cache (the gateway serves without it and says so in /health)', install: 'apt-get install redis-server (or brew install redis)' },
  { name: 'docker', command: 'docker', args: ['--version'], required: false, purpose: 'builds images from the generated Dockerfiles', disables: 'docker build / docker compose (pivot up runs the same topology as local processes)', install: 'install Docker Engine (https://docs.docker.com/engine/install/)', usable: { args: ['info', '--format', '{{.ServerVersion}}'], failure: 'client only: no Docker engine answers' } },
  { name: 'kubectl', command: 'kubectl', args: ['version', '--client'], required: false, purpose: 'applies the generated Kubernetes manifests', disables: 'kubectl apply (manifests are still generated and schema-checked offline)', install: 'install kubectl (https://kubernetes.io/docs/tasks/tools/)' },
];

export interface ToolStatus {
  name: string;
  required: boolean;
  found: boolean;
  version?: string;
  problem?: string;
  purpose: string;
  disables: string;
  install: string;
}

const VERSION_RE = /(\d+)\.(\d+)(?:\.(\d+))?/;

/** Pure: what a probe's output means for a tool. */
export function judgeTool(spec: ToolSpec, output: string | null, usableFailure?: string): ToolStatus {
  const base = { name: spec.name, required: spec.required, purpose: spec.purpose, disables: spec.disables, install: spec.install };
  if (output === null) return { ...base, found: false, problem: 'not found on PATH' };
  const match = VERSION_RE.exec(output);
  const version = match ? match[0] : output.trim().split('\n')[0];
  if (spec.minMajor !== undefined && match && Number(match[1]) < spec.minMajor) {
    return { ...base, found: false, version, problem: `version ${version} is older than ${spec.minMajor}` };
  }
  if (usableFailure) return { ...base, found: true, version, problem: usableFailure };
  return { ...base, found: true, version };
}

async function probe(command: string, args: string[]): Promise<string | null> {
  try {
    const r = await execa(command, args, { timeout: 15_000, reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0 || r.failed) return null;
    return `${r.stdout}\n${r.stderr}`.trim();
  } catch {
    return null;
  }
}

export async function checkTool(spec: ToolSpec): Promise<ToolStatus> {
  const output = await probe(spec.command, spec.args);
  let usableFailure: string | undefined;
  if (output !== null && spec.usable) {
    const usable = await probe(spec.command, spec.usable.args);
    if (usable === null) usableFailure = spec.usable.failure;
  }
  return judgeTool(spec, output, usableFailure);
}

export async function checkTools(specs: ToolSpec[] = TOOLS): Promise<ToolStatus[]> {
  return Promise.all(specs.map(checkTool));
}

/** For commands that need a toolchain: a clear error pointing to pivot doctor. */
export function missingToolMessage(status: ToolStatus): string {
  return `${status.name} is ${status.problem ?? 'missing'}: it ${status.purpose}`;
}

/**
 * Runs a toolchain command without throwing on its exit code; a command that is not on PATH
 * throws `whenMissing` (the caller's words for what the tool was needed for).
 */
export async function runToolchain(command: string, args: string[], options: Options & { cwd: string }, whenMissing: () => UserError): Promise<Result> {
  const result = await execa(command, args, { stdin: 'ignore', ...options, reject: false });
  if ((result as { code?: string }).code === 'ENOENT' && result.exitCode === undefined) throw whenMissing();
  return result;
}
