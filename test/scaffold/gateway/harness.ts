/**
 * Test helpers for the gateway: render the fixture's gateway into a temp dir whose
 * node_modules is a symlink to the repository's (so tsc, tsx and vitest resolve the gateway's
 * dependencies there), and run child processes in their own process groups, so afterAll can
 * kill each of them and whatever it forked.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnGroup, terminateGroup, type ProcessGroup } from '../../../src/run/process-group.js';
import { loadMonolithProject, renderGatewayTree, type GatewayRender } from '../../../src/scaffold/gateway/index.js';
import { fixturePlan, MONOLITH_ROOT, REPO_ROOT } from './fixture-plan.js';

export const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

export function renderFixtureGateway(typecheck: boolean): GatewayRender {
  return renderGatewayTree({ plan: fixturePlan(), project: loadMonolithProject(MONOLITH_ROOT), typecheck });
}

/** Writes the tree to a fresh temp dir with node_modules → the repository's; returns the dir. */
export function writeTree(files: Map<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pivot-gateway-'));
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export function removeTree(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

export interface Child {
  name: string;
  group: ProcessGroup;
  output: string[];
}

const children: Child[] = [];

export function start(name: string, command: string, args: string[], cwd: string, env: Record<string, string> = {}): Child {
  const group = spawnGroup(command, args, { cwd, env: { ...process.env, ...env } });
  const child: Child = { name, group, output: [] };
  group.child.stdout?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  group.child.stderr?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  children.push(child);
  return child;
}

export async function stop(child: Child, graceMs = 2_000): Promise<void> {
  if (child.group.pid !== 0) await terminateGroup(child.group.pid, graceMs);
  await child.group.exit;
}

export async function stopAll(): Promise<void> {
  await Promise.all(children.splice(0).map((c) => stop(c)));
}

/** Polls `url` until it answers 2xx; throws with the child's output after `timeoutMs`. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output.join('')}`);
}
