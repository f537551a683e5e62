import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Processes spawned in their own process group (the leader's pid is the group id), so a
 * service and everything it forks can be signalled at once — and a process-wide registry
 * that makes sure no group outlives pivot.
 */

export interface GroupExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all (not found, not executable). */
  spawnError?: Error;
}

export interface ProcessGroup {
  readonly child: ChildProcess;
  /** Leader pid and group id; 0 when the spawn failed. */
  readonly pid: number;
  /** Resolves once the leader has exited or failed to spawn; never rejects. */
  readonly exit: Promise<GroupExit>;
  /** Resolves once the leader's stdout and stderr are closed (all output read). */
  readonly closed: Promise<void>;
}

export interface SpawnGroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function spawnGroup(command: string, args: string[], options: SpawnGroupOptions): ProcessGroup {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? 0;
  const exit = new Promise<GroupExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      if (pid === 0) resolve({ code: null, signal: null, spawnError: err });
    });
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  if (pid) registerGroup(pid);
  return { child, pid, exit, closed };
}

/** Send `signal` to every process of the group; false when none was left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    // Some member runs as another user: it is there, but not ours to signal.
    if (code === 'EPERM') return true;
    throw err;
  }
}

/**
 * Whether any process of the group still runs. Zombies do not count: where PID 1 does not
 * reap orphans (some containers and VMs), an orphaned grandchild stays a zombie forever.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  return liveMembers(pgid) > 0;
}

/** Whether a single process still runs (zombies count as gone, see groupAlive). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  const stat = readStat(pid);
  return stat === null ? false : stat.state !== 'Z' && stat.state !== 'X';
}

function readStat(pid: number): { state: string; pgid: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name sits in parentheses and may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgid: Number(fields[2]) };
}

function liveMembers(pgid: number): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') count++;
  }
  return count;
}

/** Poll until the group is gone or `timeoutMs` passed; true when gone. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
}

/** SIGTERM the group, wait up to `graceMs`, then SIGKILL it. Returns whether SIGKILL was needed. */
export async function terminateGroup(pgid: number, graceMs: number): Promise<boolean> {
  let forced = false;
  if (signalGroup(pgid, 'SIGTERM') && !(await waitGroupGone(pgid, graceMs))) {
    forced = true;
    signalGroup(pgid, 'SIGKILL');
    await waitGroupGone(pgid, 2_000);
  }
  unregisterGroup(pgid);
  return forced;
}

// --- the process-wide registry ------------------------------------------------------------------

const liveGroups = new Set<number>();
const teardowns = new Set<() => Promise<void>>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;
let tearingDown = false;

export function registerGroup(pgid: number): void {
  liveGroups.add(pgid);
  install();
}

export function unregisterGroup(pgid: number): void {
  liveGroups.delete(pgid);
  uninstallWhenIdle();
}

/**
 * A graceful teardown (e.g. a system's stop) to run when pivot gets SIGINT/SIGTERM/SIGHUP.
 * Returns the function that removes it again.
 */
export function registerTeardown(teardown: () => Promise<void>): () => void {
  teardowns.add(teardown);
  install();
  return () => {
    teardowns.delete(teardown);
    uninstallWhenIdle();
  };
}

/** Last resort, synchronous: SIGKILL every group still registered. */
export function killAllGroups(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Someone else listens too (e.g. the command stops the system itself): tear down, do not exit.
  const othersListen = process.listenerCount(signal) > 1;
  if (tearingDown) {
    // A second Ctrl-C: no more waiting.
    killAllGroups();
    if (!othersListen) reraise(signal);
    return;
  }
  tearingDown = true;
  void Promise.allSettled([...teardowns].map((t) => t())).then(() => {
    tearingDown = false;
    killAllGroups();
    if (othersListen) uninstallWhenIdle();
    else reraise(signal);
  });
}

/** Die of the signal as if nobody had caught it, so the exit status tells the truth. */
function reraise(signal: NodeJS.Signals): void {
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllGroups);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', killAllGroups);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function uninstallWhenIdle(): void {
  // Our signal handlers replace Node's default "exit on SIGINT"; keep them only while needed.
  if (liveGroups.size === 0 && teardowns.size === 0 && !tearingDown) uninstall();
}
