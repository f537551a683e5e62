import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import type { Column } from '../table.js';
import { DEFAULT_HEALTH_TIMEOUT_MS, describeCheck, waitForHealthy } from './health.js';
import { LineSplitter, LogBuffer, type LogStream } from './logs.js';
import { assertPortsFree, LOOPBACK, type PortClaim } from './ports.js';
import { registerTeardown, spawnGroup, terminateGroup, type GroupExit, type ProcessGroup } from './process-group.js';
import { DEFAULT_BACKOFF_MS, startOrder, type ServiceSpec } from './spec.js';

/**
 * The local process supervisor behind `pivot up`, `pivot bench` and `pivot parity`: starts
 * services as plain processes in dependency order, waits for each to be healthy, restarts
 * crashed ones with backoff, and tears everything down — process groups included — on stop,
 * on failure, and when pivot itself is interrupted or dies.
 */

export type { HealthCheck } from './health.js';
export { DEFAULT_BACKOFF_MS, startOrder, type RestartPolicy, type ServiceSpec } from './spec.js';

export type SystemEvent =
  | { kind: 'starting'; service: string; pid: number; attempt: number }
  | { kind: 'healthy'; service: string; pid: number; attempt: number; afterMs: number }
  | { kind: 'crashed'; service: string; pid: number; code: number | null; signal: string | null }
  | { kind: 'restarting'; service: string; attempt: number; delayMs: number }
  | { kind: 'gave-up'; service: string; restarts: number; error: UserError }
  | { kind: 'stopping'; service: string; pid: number }
  | { kind: 'stopped'; service: string; forced: boolean };

export interface StartOptions {
  onLog?(service: string, stream: LogStream, line: string): void;
  onEvent?(event: SystemEvent): void;
  /** Aborting it stops the system (or the start-up in progress). */
  signal?: AbortSignal;
  /** How long stop() waits after SIGTERM before it sends SIGKILL; default 5000. */
  graceMs?: number;
  /** The hint of a "port in use" error, so a command can name its own flag. */
  portHint?(claim: PortClaim): string;
}

export type ServiceStatus = 'pending' | 'starting' | 'healthy' | 'crashed' | 'restarting' | 'failed' | 'stopping' | 'stopped';

export interface RunningService {
  readonly name: string;
  /** The current (or last) process; it changes when the service is restarted. */
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly status: ServiceStatus;
  readonly restarts: number;
  lastLines(n?: number): string[];
}

export type SystemOutcome = { reason: 'stopped' } | { reason: 'failed'; service: string; error: UserError };

export interface RunningSystem {
  /** In start order. */
  readonly services: ReadonlyMap<string, RunningService>;
  /** SIGTERM every group in reverse start order, SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void>;
  /** Resolves once everything is down: after stop(), or when a service gave up. Never rejects. */
  readonly exited: Promise<SystemOutcome>;
}

const LOG_CAPACITY = 200;
const DETAIL_LINES = 20;
/** A service that stayed up this long has recovered: its crash count starts again. */
const RECOVERED_AFTER_MS = 30_000;
/** How long to wait for a dead process's last output before quoting it. */
const DRAIN_MS = 500;

interface SystemContext {
  readonly stopSignal: AbortSignal;
  readonly graceMs: number;
  emit(event: SystemEvent): void;
  onLog?(service: string, stream: LogStream, line: string): void;
  fail(service: string, error: UserError): void;
}

function exitText(info: GroupExit): string {
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code ?? '?'}`;
}

function commandLine(spec: ServiceSpec): string {
  return [spec.command, ...spec.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

class SupervisedService implements RunningService {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  status: ServiceStatus = 'pending';
  pid = 0;
  restarts = 0;
  private group: ProcessGroup | undefined;
  private readonly logs = new LogBuffer(LOG_CAPACITY);
  private crashesInARow = 0;
  private healthySince = 0;

  constructor(
    readonly spec: ServiceSpec,
    private readonly ctx: SystemContext,
  ) {
    this.name = spec.name;
    this.port = spec.port;
    this.url = spec.url ?? `http://${LOOPBACK}:${spec.port}`;
  }

  lastLines(n = DETAIL_LINES): string[] {
    return this.logs.last(n);
  }

  /** Spawn and wait until healthy. On failure nothing of it is left running and a UserError says why. */
  async start(attempt: number): Promise<void> {
    const { spec, ctx } = this;
    if (ctx.stopSignal.aborted) throw this.interrupted();
    this.status = attempt === 0 ? 'starting' : 'restarting';
    const group = spawnGroup(spec.command, spec.args, { cwd: spec.cwd, env: { ...process.env, ...spec.env } });
    this.group = group;
    this.pid = group.pid;
    this.pipeLogs(group);
    if (group.pid) ctx.emit({ kind: 'starting', service: this.name, pid: group.pid, attempt });

    const gate = new AbortController();
    const onStop = () => gate.abort('stopping');
    ctx.stopSignal.addEventListener('abort', onStop, { once: true });
    let exited: GroupExit | undefined;
    void group.exit.then((info) => {
      exited = info;
      gate.abort('exited');
    });
    const check = spec.health ?? { tcp: true };
    const result = await waitForHealthy(spec.port, check, gate.signal);
    ctx.stopSignal.removeEventListener('abort', onStop);

    if (result.healthy && !exited && !ctx.stopSignal.aborted) {
      this.status = 'healthy';
      this.healthySince = Date.now();
      ctx.emit({ kind: 'healthy', service: this.name, pid: group.pid, attempt, afterMs: result.afterMs });
      void group.exit
        .then((info) => this.onExit(group, info))
        .catch((err: unknown) => ctx.fail(this.name, new UserError(`supervising ${this.name} failed: ${String(err)}`)));
      return;
    }
    // Taken before the kill below, which ends the process too.
    const exitedEarly = exited;
    if (group.pid) await terminateGroup(group.pid, ctx.graceMs);
    this.status = 'failed';
    if (ctx.stopSignal.aborted) throw this.interrupted();
    await Promise.race([group.closed, sleep(DRAIN_MS)]);
    if (exitedEarly?.spawnError) {
      throw new UserError(
        `could not start ${this.name}: ${exitedEarly.spawnError.message}`,
        isAbsolute(spec.command) && !existsSync(spec.command)
          ? `${spec.command} is not built: run pivot build on the tree first (a Rust service's binary is in bin/ when CARGO_TARGET_DIR is set, in target/release when not: build and run with the same setting)`
          : `check that ${spec.command} is installed and on PATH (working directory ${spec.cwd})`,
      );
    }
    const details = this.details();
    if (exitedEarly) {
      throw new UserError(`${this.name} ${exitText(exitedEarly)} while starting`, `run it by hand to see why: cd ${spec.cwd} && ${commandLine(spec)}`, details);
    }
    const reason = result.healthy ? 'it stopped answering' : result.reason;
    const timeoutMs = check.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    throw new UserError(
      `${this.name} did not become healthy (${describeCheck(spec.port, check)}): ${reason}`,
      `it must listen on ${LOOPBACK}:${spec.port}${'path' in check ? ` and answer 2xx at ${check.path}` : ''} within ${timeoutMs} ms`,
      details,
    );
  }

  /** Stop whatever runs of this service: SIGTERM the group, SIGKILL after the grace period. */
  async terminate(graceMs: number): Promise<void> {
    const group = this.group;
    if (!group?.pid || this.status === 'stopped') return;
    if (this.status === 'failed' || this.status === 'pending') {
      await terminateGroup(group.pid, 0);
      return;
    }
    this.status = 'stopping';
    this.ctx.emit({ kind: 'stopping', service: this.name, pid: group.pid });
    const forced = await terminateGroup(group.pid, graceMs);
    this.status = 'stopped';
    this.ctx.emit({ kind: 'stopped', service: this.name, forced });
  }

  private async onExit(group: ProcessGroup, info: GroupExit): Promise<void> {
    if (group !== this.group || this.status !== 'healthy' || this.ctx.stopSignal.aborted) return;
    this.status = 'crashed';
    this.ctx.emit({ kind: 'crashed', service: this.name, pid: group.pid, code: info.code, signal: info.signal });
    // Whatever it forked may still hold the port; clear the group before a restart.
    await terminateGroup(group.pid, 0);
    if (Date.now() - this.healthySince > RECOVERED_AFTER_MS) this.crashesInARow = 0;
    await this.recover(`${exitText(info)} after it was healthy`);
  }

  private async recover(crash: string): Promise<void> {
    const { spec, ctx } = this;
    const maxRestarts = spec.restart?.maxRestarts ?? 0;
    const backoff = spec.restart?.backoffMs?.length ? spec.restart.backoffMs : DEFAULT_BACKOFF_MS;
    let last = crash;
    while (this.crashesInARow < maxRestarts) {
      this.crashesInARow++;
      this.restarts++;
      const delayMs = backoff[Math.min(this.crashesInARow, backoff.length) - 1] ?? 1_000;
      this.status = 'restarting';
      ctx.emit({ kind: 'restarting', service: this.name, attempt: this.restarts, delayMs });
      try {
        await sleep(delayMs, undefined, { signal: ctx.stopSignal });
        await this.start(this.restarts);
        return;
      } catch (err) {
        if (ctx.stopSignal.aborted) return;
        last = err instanceof Error ? err.message : String(err);
      }
    }
    this.status = 'failed';
    await Promise.race([this.group?.closed, sleep(DRAIN_MS)]);
    const message =
      maxRestarts === 0 ? `${this.name} ${crash}` : `${this.name} gave up after ${this.crashesInARow} restarts in a row (last: ${last})`;
    const hint = `run it by hand to see why: cd ${spec.cwd} && ${commandLine(spec)}`;
    const error = new UserError(message, hint, this.details());
    ctx.emit({ kind: 'gave-up', service: this.name, restarts: this.crashesInARow, error });
    ctx.fail(this.name, error);
  }

  private details(): string[] {
    const lines = this.lastLines(DETAIL_LINES);
    return lines.length ? [`last lines of ${this.name}:`, ...lines] : [`${this.name} printed nothing`];
  }

  private interrupted(): UserError {
    return new UserError(`start-up was interrupted while ${this.name} was starting`, undefined, ['nothing was left running']);
  }

  private pipeLogs(group: ProcessGroup): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const readable = group.child[stream];
      if (!readable) continue;
      readable.setEncoding('utf8');
      const splitter = new LineSplitter((line) => {
        this.logs.push(line);
        this.ctx.onLog?.(this.name, stream, line);
      });
      readable.on('data', (chunk: string) => splitter.push(chunk));
      readable.on('end', () => splitter.end());
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function checkDirectories(specs: ServiceSpec[]): void {
  for (const spec of specs) {
    if (!isDirectory(spec.cwd)) {
      throw new UserError(`the working directory of ${spec.name} does not exist: ${spec.cwd}`, 'generate and build the services first, or fix the path');
    }
  }
}

/**
 * Check every port, then start the services in dependency order, each once the ones it
 * depends on are healthy. If any fails to start, everything already started is stopped
 * and the UserError names the service and quotes its last lines.
 */
export async function startSystem(specs: ServiceSpec[], options: StartOptions = {}): Promise<RunningSystem> {
  const order = startOrder(specs);
  checkDirectories(order);
  if (options.signal?.aborted) throw new UserError('start-up was interrupted before anything started');
  await assertPortsFree(order, options.portHint);

  const graceMs = options.graceMs ?? 5_000;
  const stopController = new AbortController();
  let failure: { service: string; error: UserError } | undefined;
  let resolveExited: (outcome: SystemOutcome) => void = () => undefined;
  const exited = new Promise<SystemOutcome>((resolve) => (resolveExited = resolve));
  let stopping: Promise<void> | undefined;

  const ctx: SystemContext = {
    stopSignal: stopController.signal,
    graceMs,
    emit: (event) => options.onEvent?.(event),
    onLog: options.onLog,
    fail: (service, error) => {
      failure ??= { service, error };
      void stop();
    },
  };
  const services = new Map(order.map((spec) => [spec.name, new SupervisedService(spec, ctx)]));

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      stopController.abort('stopping');
      options.signal?.removeEventListener('abort', onAbort);
      for (const service of [...services.values()].reverse()) await service.terminate(graceMs);
      removeTeardown();
      resolveExited(failure ? { reason: 'failed', ...failure } : { reason: 'stopped' });
    })());
  const onAbort = () => void stop();
  const removeTeardown = registerTeardown(stop);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    for (const service of services.values()) await service.start(0);
  } catch (err) {
    await stop();
    // A service that gave up while a later one was starting is the real story.
    throw failure?.error ?? err;
  }
  return { services, stop, exited };
}

/** Run `fn` against a started system; the system is stopped however `fn` ends. */
export async function withSystem<T>(specs: ServiceSpec[], options: StartOptions, fn: (system: RunningSystem) => Promise<T>): Promise<T> {
  const system = await startSystem(specs, options);
  try {
    return await fn(system);
  } finally {
    await system.stop();
  }
}

export const SYSTEM_COLUMNS: Column[] = [{ header: 'service' }, { header: 'pid', align: 'right' }, { header: 'url' }, { header: 'status' }];

/** Rows for `renderTable(SYSTEM_COLUMNS, rows)`: service, pid, url, status. */
export function describeSystem(system: RunningSystem): string[][] {
  return [...system.services.values()].map((s) => [
    s.name,
    s.pid ? String(s.pid) : '-',
    s.url,
    s.restarts ? `${s.status} (restarted ${s.restarts}×)` : s.status,
  ]);
}
