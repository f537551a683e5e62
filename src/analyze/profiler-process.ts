/**
 * The monolith running under 0x, as one supervised process group (see process-group.ts).
 *
 * 0x (`node 0x/cmd.js --write-ticks -- node <entry>`) does not forward signals: its child stops
 * only when a SIGINT reaches it too (a terminal's Ctrl+C hits the whole foreground group; 0x's
 * soft-exit preload then calls process.exit(), which flushes V8's tick log). So every signal
 * goes to the whole group: SIGINT to stop and profile, SIGKILL to make sure nothing outlives
 * the pass. 0x refuses cluster workers (its preload throws on fork): `refusedCluster` says so.
 */
import { createRequire } from 'node:module';
import { ProcessGroup } from './process-group.js';
import type { DirectNode } from './start-command.js';

export { HOST, freePort, livingGroupMembers } from './process-group.js';

/** 0x's progress messages (with or without its 🔥 prefix), kept out of the monolith's output. */
const ZERO_X_STATUS =
  /(?:🔥 {2})?(?:Waiting for subprocess to exit\.\.\.|Process exited, generating flamegraph|Flamegraph generated in|Closing subprocess is taking a long time.*?force close|Force closing subprocess\.\.\.)|^(?:🔥 {2})?Profiling|🔥 {2}Profiling/g;
// Terminal cursor escapes (ESC [ … letter), matched without a control character in a literal.
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const require = createRequire(import.meta.url);
const ZERO_X_CMD = require.resolve('0x/cmd.js');

export interface ZeroXRun {
  root: string;
  run: DirectNode;
  env: NodeJS.ProcessEnv;
  artefacts: string;
  workDir: string;
}

/** 0x and the monolith it runs, in their own process group. */
export class MonolithUnder0x extends ProcessGroup {
  /** Set when 0x reports that the monolith exited (0x itself goes on to write the flamegraph). */
  private monolithExitCode: number | undefined;
  private clusterRefusal = false;

  constructor(options: ZeroXRun) {
    const node = options.run.node === 'node' ? process.execPath : options.run.node;
    const args = [
      ZERO_X_CMD, '--write-ticks', '--output-dir', options.artefacts, '--working-dir', options.workDir,
      '--', node, ...options.run.execArgv, options.run.script, ...options.run.args,
    ];
    super({ file: process.execPath, args, cwd: options.root, env: { ...options.env, ...options.run.env } });
  }

  override get hasExited(): boolean {
    return this.monolithExitCode !== undefined || this.childExitCode !== undefined;
  }

  /** The monolith's exit code as 0x reported it, else 0x's own. */
  override get exitCode(): number | string | undefined {
    return this.monolithExitCode ?? super.exitCode;
  }

  /** True when 0x stopped the monolith because it forked cluster workers. */
  get refusedCluster(): boolean {
    return this.clusterRefusal;
  }

  protected override filterChunk(stream: 'stdout' | 'stderr', chunk: string): string {
    // 0x's status line rewrites itself with cursor escapes and no newline: cut it out of the text.
    let text = chunk.replace(ANSI_ESCAPE, '\n');
    if (stream === 'stderr') {
      if (text.includes('Process exited, generating flamegraph')) {
        this.monolithExitCode ??= 0;
        this.notifyExit();
      }
      text = text.replace(ZERO_X_STATUS, '\n');
    }
    return text;
  }

  protected override readLine(line: string): void {
    const failed = /Target subprocess error, code: (\d+)/.exec(line);
    if (failed) this.monolithExitCode = Number(failed[1]);
    if (line.includes('0x does not support clustering')) this.clusterRefusal = true;
    if (!failed) super.readLine(line);
  }
}
