/**
 * A server started by the profile pass, as one supervised process group: spawned detached so
 * every signal reaches the whole group (the server, a wrapper around it, its workers and
 * helpers), its output kept as the last lines for error messages, and killed with SIGKILL on
 * every path so nothing outlives the pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { listeningSockets, type ListeningSocket } from './listening-ports.js';

export const HOST = '127.0.0.1';
/** Where a server that listens on `localhost` may be reached besides HOST. */
const LOOPBACK_HOSTS = [HOST, '::1'];
const TAIL_LINES = 20;
/** How long a server may listen on other ports but not on ours before pivot says the port was ignored. */
const IGNORED_PORT_GRACE_MS = 5000;
// Colour codes (ESC [ … m) servers print even into a pipe; built without a control character in a literal.
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type PortWait =
  | { state: 'open'; host: string }
  | { state: 'exited' }
  /** Timed out; `sockets` are the ports the group listens on instead (when /proc tells). */
  | { state: 'timeout'; sockets: ListeningSocket[] }
  /** The group listened on other ports, never on ours, for the grace period. */
  | { state: 'elsewhere'; sockets: ListeningSocket[] };

/** Asks the OS for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Pids of the living (non-zombie) processes in a process group; on non-Linux, [pgid] if any is alive. */
export function livingGroupMembers(pgid: number): number[] {
  if (process.platform === 'linux') {
    const members: number[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(group) === pgid && state !== 'Z' && state !== 'X') members.push(Number(name));
      } catch {
        // The process ended while we looked.
      }
    }
    return members;
  }
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch {
    return [];
  }
}

export class ProcessGroup {
  protected readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly partial = { stdout: '', stderr: '' };
  private readonly exitListeners: (() => void)[] = [];
  private readonly closed: Promise<number | null>;
  protected childExitCode: number | null | undefined;
  protected childSignal: NodeJS.Signals | null = null;

  constructor(spec: SpawnSpec, private readonly tailLines = TAIL_LINES) {
    this.child = spawn(spec.file, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: spec.env });
    this.closed = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.record('stderr', `${error.message}\n`);
        this.childExitCode = null;
        this.notifyExit();
        resolve(null);
      });
      this.child.once('exit', (code, signal) => {
        this.childExitCode = code;
        this.childSignal = signal;
        this.notifyExit();
        resolve(code);
      });
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.record('stdout', chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.record('stderr', chunk));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once the spawned process itself has exited. */
  get hasFinished(): boolean {
    return this.childExitCode !== undefined;
  }

  /** True once the server is gone (subclasses may know earlier than the spawned process exits). */
  get hasExited(): boolean {
    return this.childExitCode !== undefined;
  }

  /** The exit code, or the signal that ended the spawned process. */
  get exitCode(): number | string | undefined {
    return this.childExitCode ?? this.childSignal ?? undefined;
  }

  onExit(listener: () => void): void {
    if (this.hasExited) listener();
    else this.exitListeners.push(listener);
  }

  lastLines(): string[] {
    const pending = [this.partial.stdout, this.partial.stderr].filter((line) => line.trim() !== '');
    return [...this.lines, ...pending].slice(-this.tailLines);
  }

  /** The ports the group listens on now (Linux; [] elsewhere). */
  listening(): ListeningSocket[] {
    return this.child.pid === undefined ? [] : listeningSockets(livingGroupMembers(this.child.pid));
  }

  /** Waits until `port` accepts connections on a loopback address, the group exits, or it clearly listens elsewhere. */
  async waitForPort(port: number, timeoutMs: number): Promise<PortWait> {
    const deadline = Date.now() + timeoutMs;
    let elsewhereSince: number | undefined;
    for (let round = 0; ; round++) {
      if (this.hasExited) return { state: 'exited' };
      for (const host of LOOPBACK_HOSTS) {
        if (await canConnect(port, host)) return this.hasExited ? { state: 'exited' } : { state: 'open', host };
      }
      if (round % 5 === 4) {
        const sockets = this.listening();
        const others = sockets.length > 0 && !sockets.some((socket) => socket.port === port);
        elsewhereSince = others ? (elsewhereSince ?? Date.now()) : undefined;
        if (elsewhereSince !== undefined && Date.now() - elsewhereSince >= IGNORED_PORT_GRACE_MS) return { state: 'elsewhere', sockets };
      }
      if (Date.now() >= deadline) return { state: 'timeout', sockets: this.listening() };
      await sleep(100);
    }
  }

  /** The spawned process's exit code, or undefined when it did not exit in time. */
  async waitForExit(timeoutMs: number): Promise<number | undefined> {
    const timeout = sleep(timeoutMs, undefined, { ref: false }).then(() => undefined);
    const code = await Promise.race([this.closed, timeout]);
    return code === undefined ? undefined : (code ?? 1);
  }

  /** Waits until no process of the group runs; false when some still do after `timeoutMs`. */
  async waitForGroupEnd(timeoutMs: number): Promise<boolean> {
    const pgid = this.child.pid;
    if (pgid === undefined) return true;
    const deadline = Date.now() + timeoutMs;
    while (livingGroupMembers(pgid).length > 0) {
      if (Date.now() >= deadline) return false;
      await sleep(50);
    }
    return true;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  /** SIGKILLs whatever is left of the group and waits until nothing of it runs. */
  async killGroup(): Promise<void> {
    const pgid = this.child.pid;
    if (pgid === undefined) return;
    if (livingGroupMembers(pgid).length > 0) this.kill('SIGKILL');
    if (this.childExitCode === undefined) await this.waitForExit(5000);
    await this.waitForGroupEnd(1000);
  }

  protected notifyExit(): void {
    for (const listener of this.exitListeners.splice(0)) listener();
  }

  /** Turns a chunk of output into text to split into lines; subclasses filter their tool's own messages. */
  protected filterChunk(_stream: 'stdout' | 'stderr', text: string): string {
    return text;
  }

  /** Called for every complete line; subclasses may read their tool's messages. */
  protected readLine(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.tailLines) this.lines.shift();
  }

  private record(stream: 'stdout' | 'stderr', chunk: string): void {
    const parts = this.filterChunk(stream, this.partial[stream] + chunk.replace(SGR, '')).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.readLine(line);
    if (this.partial[stream].length > 4096) {
      this.readLine(this.partial[stream]);
      this.partial[stream] = '';
    }
  }
}
