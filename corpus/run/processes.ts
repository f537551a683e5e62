/**
 * Every process the corpus run starts (installs, builds, databases, pivot itself) runs as its own
 * process group and is known here, so an error or Ctrl-C stops all of them: nothing the run
 * started outlives it.
 */
import { appendFileSync } from 'node:fs';
import { ProcessGroup, type SpawnSpec } from '../../src/analyze/process-group.js';
import { UserError } from '../../src/errors.js';

/** A process group whose every line also goes to a log file (and to the terminal when asked). */
export class LoggedGroup extends ProcessGroup {
  constructor(spec: SpawnSpec, private readonly log: string, private readonly echo: boolean) {
    super(spec, 40);
  }

  protected override readLine(line: string): void {
    super.readLine(line);
    appendFileSync(this.log, `${line}\n`);
    if (this.echo) process.stderr.write(`    ${line}\n`);
  }
}

export class Supervisor {
  private readonly groups = new Set<ProcessGroup>();
  private stopping = false;

  get interrupted(): boolean {
    return this.stopping;
  }

  start(spec: SpawnSpec, log: string, echo = false): LoggedGroup {
    if (this.stopping) throw new UserError('the corpus run was interrupted');
    const group = new LoggedGroup(spec, log, echo);
    this.groups.add(group);
    return group;
  }

  /** Stops one group: `signal` first, SIGKILL for whatever is left after `graceMs`. */
  async stop(group: ProcessGroup, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    group.kill(signal);
    if (!(await group.waitForGroupEnd(graceMs))) group.kill('SIGKILL');
    await group.killGroup();
    this.groups.delete(group);
  }

  /** Stops everything still running, in reverse order of start (pivot before the databases it uses). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const groups = [...this.groups].reverse();
    await Promise.all(groups.map((group) => this.stop(group, 'SIGINT', 10_000)));
  }
}

/** Runs a shell command in `cwd` as its own group, its output to `log`; a non-zero exit is a UserError with its last lines. */
export async function runCommand(
  supervisor: Supervisor,
  command: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; log: string; what: string; echo?: boolean },
): Promise<void> {
  appendFileSync(options.log, `\n$ ${command}\n`);
  const group = supervisor.start({ file: '/bin/sh', args: ['-c', command], cwd: options.cwd, env: options.env }, options.log, options.echo);
  const code = await group.waitForExit(60 * 60 * 1000);
  await supervisor.stop(group, 'SIGKILL', 0);
  if (code !== 0) {
    throw new UserError(`${options.what} failed: ${command} exited with ${code ?? 'a timeout'}`, `see ${options.log}`, group.lastLines());
  }
}
