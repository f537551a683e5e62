import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createLogPrinter, formatLogLine, LineSplitter, LogBuffer } from '../../src/run/logs.js';
import { checkPort, freePort } from '../../src/run/ports.js';
import { processAlive } from '../../src/run/process-group.js';
import {
  describeSystem,
  startOrder,
  startSystem,
  withSystem,
  type ServiceSpec,
  type SystemEvent,
} from '../../src/run/supervisor.js';

const SERVICES = fileURLToPath(new URL('../fixtures/services/', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'pivot-supervisor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function service(name: string, port: number, env: Record<string, string> = {}, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name,
    command: process.execPath,
    args: ['http-service.mjs'],
    cwd: SERVICES,
    env: { NAME: name, PORT: String(port), ...env },
    port,
    health: { path: '/health', timeoutMs: 5_000, intervalMs: 50 },
    ...extra,
  };
}

/** Collects events and logs, and remembers every pid that was ever started. */
function recorder() {
  const events: SystemEvent[] = [];
  const lines: string[] = [];
  const pids = new Set<number>();
  return {
    events,
    lines,
    pids,
    onEvent: (e: SystemEvent) => {
      events.push(e);
      if (e.kind === 'starting') pids.add(e.pid);
    },
    onLog: (s: string, _stream: string, line: string) => lines.push(formatLogLine(s, line, false, 8)),
    kinds: (service: string) => events.filter((e) => e.service === service).map((e) => e.kind),
  };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

// Zombies count as dead: PID 1 on some machines (this one's VM init) never reaps orphans.
const running = (pid: number) => processAlive(pid);

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('startSystem', () => {
  it('starts a dependency first, waits for health, prefixes logs, and stops everything', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const rec = recorder();
    // B refuses to start unless A already answers, so the order is observable.
    const b = service('b', portB, { UPSTREAM: `http://127.0.0.1:${portA}/health` }, { dependsOn: ['a'] });
    const system = await startSystem([b, service('a', portA)], rec);
    try {
      expect([...system.services.keys()]).toEqual(['a', 'b']);
      const order = rec.events.filter((e) => e.kind === 'starting' || e.kind === 'healthy').map((e) => `${e.kind} ${e.service}`);
      expect(order).toEqual(['starting a', 'healthy a', 'starting b', 'healthy b']);
      await until(() => rec.lines.includes(`b        │ b listening on ${portB}`));
      expect(rec.lines).toContain(`a        │ a listening on ${portA}`);
      expect(system.services.get('a')?.lastLines(5)).toContain(`a listening on ${portA}`);
      const rows = describeSystem(system);
      expect(rows[0]).toEqual(['a', String(system.services.get('a')?.pid), `http://127.0.0.1:${portA}`, 'healthy']);
    } finally {
      await system.stop();
    }
    await system.stop(); // idempotent
    expect(await system.exited).toEqual({ reason: 'stopped' });
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
    expect(rec.kinds('a').slice(-2)).toEqual(['stopping', 'stopped']);
    // Reverse order: b stops before a.
    const stops = rec.events.filter((e) => e.kind === 'stopping').map((e) => e.service);
    expect(stops).toEqual(['b', 'a']);
    expect(await checkPort(portA)).toBe('free');
  });

  it('stops what already runs when a service exits at start-up, and quotes its last lines', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const rec = recorder();
    const err = await rejection(
      startSystem([service('a', portA), service('b', portB, { EXIT_AT_START: '3' }, { dependsOn: ['a'] })], rec),
    );
    expect(err.message).toBe('b exited with code 3 while starting');
    expect(err.details).toEqual(expect.arrayContaining(['b cannot find its config', 'b fatal: giving up']));
    expect(err.hint).toContain('http-service.mjs');
    expect(rec.pids.size).toBe(2);
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('gives up on a service that never becomes healthy', async () => {
    const port = await freePort();
    const rec = recorder();
    const slow = service('slow', port, { HEALTH_STATUS: '503' }, { health: { path: '/health', timeoutMs: 600, intervalMs: 50 } });
    const err = await rejection(startSystem([slow], rec));
    expect(err.message).toContain('slow did not become healthy');
    expect(err.message).toContain('answered 503');
    expect(err.details).toContain(`slow listening on ${port}`);
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('refuses to start anything when a port is taken', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(portB, '127.0.0.1', resolve));
    try {
      const rec = recorder();
      const err = await rejection(startSystem([service('a', portA), service('pricing', portB)], rec));
      expect(err.message).toBe(`port ${portB} (pricing) is already in use by another process`);
      expect(err.hint).toContain('another port');
      expect(rec.events).toEqual([]);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('restarts a service that crashes after it was healthy', async () => {
    const port = await freePort();
    const rec = recorder();
    const flaky = service(
      'flaky',
      port,
      { CRASH_AFTER_HEALTHY: '50', CRASH_ONCE_FILE: join(scratch, 'crashed-once') },
      { restart: { maxRestarts: 2, backoffMs: [100] } },
    );
    await withSystem([flaky], rec, async (system) => {
      await until(() => rec.events.filter((e) => e.kind === 'healthy').length === 2);
      expect(rec.kinds('flaky')).toEqual(['starting', 'healthy', 'crashed', 'restarting', 'starting', 'healthy']);
      expect(rec.events.find((e) => e.kind === 'restarting')).toMatchObject({ attempt: 1, delayMs: 100 });
      expect(system.services.get('flaky')?.restarts).toBe(1);
      expect(describeSystem(system)[0]?.[3]).toBe('healthy (restarted 1×)');
      expect(rec.pids.size).toBe(2);
    });
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('stops the whole system when a crashing service runs out of restarts', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const rec = recorder();
    const doomed = service('doomed', portB, { CRASH_AFTER_HEALTHY: '20' }, { restart: { maxRestarts: 1, backoffMs: [50] } });
    const system = await startSystem([service('a', portA), doomed], rec);
    const outcome = await system.exited;
    expect(outcome.reason).toBe('failed');
    if (outcome.reason !== 'failed') return;
    expect(outcome.service).toBe('doomed');
    expect(outcome.error.message).toContain('doomed gave up after 1 restarts in a row');
    expect(outcome.error.details).toContain('doomed crashing on purpose');
    expect(rec.kinds('doomed')).toContain('gave-up');
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('kills the whole process group, grandchildren included', async () => {
    const port = await freePort();
    const rec = recorder();
    const system = await startSystem([service('parent', port, { SPAWN_CHILD: '1' })], rec);
    await until(() => rec.lines.some((l) => l.includes('child pid')));
    const grandchild = Number(/child pid (\d+)/.exec(rec.lines.find((l) => l.includes('child pid'))!)?.[1]);
    expect(running(grandchild)).toBe(true);
    await system.stop();
    expect(running(grandchild)).toBe(false);
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('sends SIGKILL when a service ignores SIGTERM past the grace period', async () => {
    const port = await freePort();
    const rec = recorder();
    const system = await startSystem([service('stubborn', port, { IGNORE_SIGTERM: '1' })], { ...rec, graceMs: 300 });
    await system.stop();
    expect(rec.events.at(-1)).toEqual({ kind: 'stopped', service: 'stubborn', forced: true });
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('stops the system when fn throws inside withSystem, and when the signal aborts', async () => {
    const port = await freePort();
    const rec = recorder();
    await expect(withSystem([service('a', port)], rec, () => Promise.reject(new Error('bench failed')))).rejects.toThrow('bench failed');
    for (const pid of rec.pids) expect(running(pid)).toBe(false);

    const controller = new AbortController();
    const system = await startSystem([service('a', await freePort())], { ...rec, signal: controller.signal });
    controller.abort();
    expect(await system.exited).toEqual({ reason: 'stopped' });
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('abandons the start-up when the signal aborts while a service is starting', async () => {
    const rec = recorder();
    const controller = new AbortController();
    const onEvent = (e: SystemEvent) => {
      rec.onEvent(e);
      if (e.kind === 'starting') setTimeout(() => controller.abort(), 100);
    };
    const stuck = service('stuck', await freePort(), { HEALTH_STATUS: '503' }, { health: { path: '/health', timeoutMs: 10_000 } });
    const err = await rejection(startSystem([stuck], { onEvent, signal: controller.signal }));
    expect(err.message).toBe('start-up was interrupted while stuck was starting');
    for (const pid of rec.pids) expect(running(pid)).toBe(false);
  });

  it('says when a command cannot be started at all', async () => {
    const port = await freePort();
    const spec: ServiceSpec = { name: 'ghost', command: 'pivot-no-such-binary', args: [], cwd: SERVICES, port };
    const err = await rejection(startSystem([spec]));
    expect(err.message).toContain('could not start ghost');
    expect(err.hint).toContain('pivot-no-such-binary is installed');
  });

  it('says a service binary of the tree was not built, and how to build it', async () => {
    const missing = join(SERVICES, 'bin', 'pivot-not-built');
    const err = await rejection(startSystem([{ name: 'pricing', command: missing, args: [], cwd: SERVICES, port: await freePort() }]));
    expect(err.message).toContain('could not start pricing');
    expect(err.hint).toContain(`${missing} is not built: run pivot build`);
  });
});

describe('no orphans when pivot dies', () => {
  async function parent(mode: 'throw' | 'wait') {
    const port = await freePort();
    const child = execa('node', ['--import', 'tsx', join(SERVICES, 'parent.ts'), mode, String(port)], {
      cwd: REPO,
      reject: false,
      timeout: 20_000,
      stdin: 'ignore',
    });
    const pids: number[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const m of String(chunk).matchAll(/(?:child )?pid (\d+)/g)) pids.push(Number(m[1]));
    });
    return { child, pids, port };
  }

  it('kills every group when pivot throws', async () => {
    const { child, pids, port } = await parent('throw');
    const result = await child;
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('pivot fell over');
    expect(pids).toHaveLength(2);
    await until(() => pids.every((pid) => !running(pid)), 2_000);
    expect(await checkPort(port)).toBe('free');
  });

  it('stops every group gracefully on SIGTERM, then dies of the signal', async () => {
    const { child, pids } = await parent('wait');
    await until(() => pids.length === 2, 15_000);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.signal).toBe('SIGTERM');
    for (const pid of pids) expect(running(pid)).toBe(false);
  });
});

describe('startOrder', () => {
  const spec = (name: string, port: number, dependsOn: string[] = []): ServiceSpec => ({ name, command: 'x', args: [], cwd: '/', port, dependsOn });

  it('puts dependencies first and keeps the given order otherwise', () => {
    const order = startOrder([spec('gateway', 3, ['pricing', 'redis']), spec('pricing', 1), spec('redis', 2), spec('inventory', 4)]);
    expect(order.map((s) => s.name)).toEqual(['pricing', 'redis', 'gateway', 'inventory']);
  });

  it('rejects cycles, unknown dependencies, and shared names or ports', () => {
    expect(() => startOrder([spec('a', 1, ['b']), spec('b', 2, ['a'])])).toThrow('cycle: a → b → a');
    expect(() => startOrder([spec('a', 1, ['cache'])])).toThrow('a depends on cache, which is not part of the system');
    expect(() => startOrder([spec('a', 1), spec('a', 2)])).toThrow('two services are named a');
    expect(() => startOrder([spec('a', 1), spec('b', 1)])).toThrow('a and b both want port 1');
  });
});

describe('logs', () => {
  it('splits chunks into lines and keeps only the last ones', () => {
    const buffer = new LogBuffer(3);
    const splitter = new LineSplitter((line) => buffer.push(line));
    splitter.push('one\ntw');
    splitter.push('o\r\nthree\nfour\nfi');
    splitter.end();
    expect(buffer.last()).toEqual(['three', 'four', 'fi']);
    expect(buffer.last(1)).toEqual(['fi']);
  });

  it('prefixes lines with the padded service name, coloured only when asked', () => {
    expect(formatLogLine('redis', 'ready', false, 9)).toBe('redis     │ ready');
    const colored = formatLogLine('redis', 'ready', true, 9);
    expect(colored).not.toBe('redis     │ ready');
    expect(stripVTControlCharacters(colored)).toBe('redis     │ ready');
    const out: string[] = [];
    const print = createLogPrinter(['pricing', 'redis'], (t) => out.push(t), false);
    print('redis', 'stdout', 'ready');
    expect(out).toEqual(['redis   │ ready\n']);
  });
});
