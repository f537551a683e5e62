/**
 * The monolith running under 0x, as one supervised process group.
 *
 * 0x (`node 0x/cmd.js --write-ticks -- node <entry>`) does not forward signals: its child stops
 * only when a SIGINT reaches it too (a terminal's Ctrl+C hits the whole foreground group; 0x's
 * soft-exit preload then calls process.exit(), which flushes V8's tick log). So 0x is spawned
 * detached, in a group of its own, and every signal goes to the whole group: SIGINT to stop
 * and profile, SIGKILL to make sure nothing outlives the pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const HOST = '127.0.0.1';
const TAIL_LINES = 20;
/** 0x's progress messages (with or without its 🔥 prefix), kept out of the monolith's output. */
const ZERO_X_STATUS =
  /(?:🔥 {2})?(?:Waiting for subprocess to exit\.\.\.|Process exited, generating flamegraph|Flamegraph generated in|Closing subprocess is taking a long time.*?force close|Force closing subprocess\.\.\.)|^(?:🔥 {2})?Profiling|🔥 {2}Profiling/g;
// Terminal cursor escapes (ESC [ … letter), matched without a control character in a literal.
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const require = createRequire(import.meta.url);
const ZERO_X_CMD = require.resolve('0x/cmd.js');

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

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: HOST });
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

/** 0x and the monolith it runs, in their own process group. */
export class MonolithUnder0x {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly partial = { stdout: '', stderr: '' };
  private readonly exitListeners: (() => void)[] = [];
  private readonly closed: Promise<number | null>;
  private childExitCode: number | null | undefined;
  /** Set when 0x reports that the monolith exited (0x itself goes on to write the flamegraph). */
  private monolithExitCode: number | undefined;

  constructor(root: string, entryFile: string, private readonly port: number, artefacts: string, workDir: string) {
    const args = [ZERO_X_CMD, '--write-ticks', '--output-dir', artefacts, '--working-dir', workDir, '--', process.execPath, entryFile];
    this.child = spawn(process.execPath, args, {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), HOST },
    });
    this.closed = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.record('stderr', `${error.message}\n`);
        this.childExitCode = null;
        this.notifyExit();
        resolve(null);
      });
      this.child.once('exit', (code) => {
        this.childExitCode = code;
        this.notifyExit();
        resolve(code);
      });
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.record('stdout', chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.record('stderr', chunk));
  }

  /** True once 0x itself has exited. */
  get hasFinished(): boolean {
    return this.childExitCode !== undefined;
  }

  get hasExited(): boolean {
    return this.monolithExitCode !== undefined || this.childExitCode !== undefined;
  }

  /** The monolith's exit code as 0x reported it, else 0x's own. */
  get exitCode(): number | null | undefined {
    return this.monolithExitCode ?? this.childExitCode;
  }

  onExit(listener: () => void): void {
    if (this.hasExited) listener();
    else this.exitListeners.push(listener);
  }

  lastLines(): string[] {
    const pending = [this.partial.stdout, this.partial.stderr].filter((line) => line.trim() !== '');
    return [...this.lines, ...pending].slice(-TAIL_LINES);
  }

  async waitForPort(timeoutMs: number): Promise<'open' | 'exited' | 'timeout'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.hasExited) return 'exited';
      if (await canConnect(this.port)) return this.hasExited ? 'exited' : 'open';
      if (Date.now() >= deadline) return 'timeout';
      await sleep(100);
    }
  }

  /** 0x's exit code, or undefined when it did not exit in time. */
  async waitForExit(timeoutMs: number): Promise<number | undefined> {
    const timeout = sleep(timeoutMs, undefined, { ref: false }).then(() => undefined);
    const code = await Promise.race([this.closed, timeout]);
    return code === undefined ? undefined : (code ?? 1);
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
    for (let i = 0; i < 50 && livingGroupMembers(pgid).length > 0; i++) await sleep(20);
  }

  private notifyExit(): void {
    for (const listener of this.exitListeners.splice(0)) listener();
  }

  private record(stream: 'stdout' | 'stderr', chunk: string): void {
    // 0x's status line rewrites itself with cursor escapes and no newline: cut it out of the text.
    let text = this.partial[stream] + chunk.replace(ANSI_ESCAPE, '\n');
    if (stream === 'stderr') {
      if (text.includes('Process exited, generating flamegraph')) {
        this.monolithExitCode ??= 0;
        this.notifyExit();
      }
      text = text.replace(ZERO_X_STATUS, '\n');
    }
    const parts = text.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.readLine(line);
    if (this.partial[stream].length > 4096) {
      this.readLine(this.partial[stream]);
      this.partial[stream] = '';
    }
  }

  private readLine(line: string): void {
    const failed = /Target subprocess error, code: (\d+)/.exec(line);
    if (failed) this.monolithExitCode = Number(failed[1]);
    if (line.trim() === '' || failed) return;
    this.lines.push(line);
    if (this.lines.length > TAIL_LINES) this.lines.shift();
  }
}
