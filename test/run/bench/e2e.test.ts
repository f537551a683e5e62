import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveEntry } from '../../../src/analyze/entry.js';
import { run } from '../../../src/cli/bench.js';
import { ExitError, UserError } from '../../../src/errors.js';
import { freePort } from '../../../src/run/ports.js';
import { processAlive } from '../../../src/run/process-group.js';
import { loadPrediction } from '../../../src/run/bench/compare.js';
import type { MachineInfo } from '../../../src/run/bench/machine.js';
import { benchSettings } from '../../../src/run/bench/plan.js';
import { renderBenchTerminal } from '../../../src/run/bench/report-md.js';
import { runBench } from '../../../src/run/bench/run.js';
import { monolithTarget } from '../../../src/run/bench/targets.js';
import type { BenchReport, BenchTarget } from '../../../src/run/bench/types.js';

const MONOLITH = fileURLToPath(new URL('../../../fixtures/monolith', import.meta.url));
const machine = async (): Promise<MachineInfo> => ({
  cores: 2, cpuModel: 'test', memoryGb: 1, freeMemoryGb: 1, os: 'linux', arch: 'x64', node: process.versions.node, rust: null, go: null, loadAverage: 0, date: new Date().toISOString(),
});
const stats = { source: 'file' as const, requests: [{ method: 'GET' as const, path: '/api/stats', weight: 1 }] };

function pidsOf(report: BenchReport): number[] {
  return report.systems.flatMap((s) => [...s.services.map((x) => x.pid), ...s.points.flatMap((p) => p.runs.flatMap((r) => r.resources.processes.map((q) => q.pid)))]);
}

/** A throwaway service written inline: `node -e <code>` listening on `port`. */
function inlineTarget(name: string, port: number, code: string): BenchTarget {
  return {
    name, role: 'baseline', url: `http://127.0.0.1:${port}`,
    services: [{ name, command: process.execPath, args: ['-e', code], cwd: tmpdir(), env: { PORT: String(port) }, port, health: { tcp: true, timeoutMs: 5_000 } }],
  };
}

describe('pivot bench against the real monolith', () => {
  it('measures it and its cluster, writes bench.json, bench.md and bench.html, and leaves nothing running', async () => {
    const output = mkdtempSync(join(tmpdir(), 'pivot-bench-'));
    const report = await run({ cwd: MONOLITH, output, duration: 2, runs: 1, levels: [0.75], warmup: 0.5, mix: 'mixed', clusterWorkers: 2 });
    for (const file of ['bench.json', 'bench.md', 'bench.html']) expect(existsSync(join(output, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(output, 'bench.json'), 'utf8'))).toEqual(report);
    expect(report.valid, report.problems.join('\n')).toBe(true);
    expect(report.systems.map((s) => [s.name, s.role])).toEqual([['monolith', 'baseline'], ['monolith-cluster', 'alternative']]);
    expect(report.notes).toContain('There is no polyglot system to compare yet: these are the monolith\'s figures alone.');
    const [max, rate] = report.systems[0]!.points;
    expect(max!.kind).toBe('closed');
    expect(max!.summary.rps.median).toBeGreaterThan(20);
    expect(rate!.offeredRps).toBe(Math.round(0.75 * report.baselineMaxRps!));
    expect(rate!.runs[0]!.uncorrected).toBeDefined();
    const usage = max!.runs[0]!.resources;
    expect(usage.processes.map((p) => p.name)).toContain('monolith');
    expect(usage.cpuSeconds).toBeGreaterThan(0);
    expect(usage.rssPeakMb).toBeGreaterThan(20);
    expect(report.systems[0]!.direct).toBeNull();
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.systems[0]!.bottleneck?.process).toBe('monolith');
    expect(report.systems[0]!.notEquivalent).toBeUndefined();
    expect(usage.processes[0]!.cpuMsPerRequest).toBeGreaterThan(0);

    // The cluster: its primary and two workers, all sampled, the same load levels, marked for a mix that orders.
    const cluster = report.systems[1]!;
    expect(cluster.points.map((p) => p.offeredRps)).toEqual([null, rate!.offeredRps]);
    const clusterUsage = cluster.points[0]!.runs[0]!.resources;
    const workers = clusterUsage.processes.filter((p) => p.name !== 'monolith-cluster');
    expect(workers, JSON.stringify(clusterUsage.processes)).toHaveLength(2);
    for (const worker of workers) expect(worker.cpuSeconds).toBeGreaterThan(0);
    expect(cluster.notEquivalent).toContain('each of the 2 cluster workers keeps its own in-memory state');
    expect(report.notes.some((n) => n.startsWith('monolith-cluster: the mix mixed changes state'))).toBe(true);
    expect(cluster.bottleneck?.verdict).toBeTruthy();
    const text = renderBenchTerminal(report);
    expect(text).toMatch(/monolith-cluster\s+max \(closed loop\).*not equivalent/);
    expect(text).toContain('Bottleneck at max load:');
    expect(readFileSync(join(output, 'bench.md'), 'utf8')).toContain('| CPU per request, polyglot / monolith at max | n/a | n/a | n/a |');
    for (const pid of pidsOf(report)) expect(processAlive(pid), `pid ${pid}`).toBe(false);
  }, 90_000);

  it('--analysis naming a missing file is refused before anything starts', async () => {
    const error = await run({ cwd: MONOLITH, output: mkdtempSync(join(tmpdir(), 'pivot-bench-analysis-')), analysis: 'nowhere/analysis.json', duration: 1, runs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^--analysis nowhere\/analysis.json: .* does not exist$/);
  });

  it('compares two systems: the monolith twice (a stand-in candidate for this test only), with direct endpoints', async () => {
    const root = MONOLITH;
    const { entryFile } = await resolveEntry(root);
    const baseline = monolithTarget({ root, entryFile, port: await freePort() });
    const again = monolithTarget({ root, entryFile, port: await freePort(), name: 'monolith-again', role: 'candidate' });
    again.direct = [{ service: 'monolith-again', url: again.url, direct: stats, viaGateway: stats }];
    const settings = benchSettings({ mix: 'read', workload: stats, durationSeconds: 1, runs: 1, levels: [0.5], warmupSeconds: 0, connections: 8 });
    const prediction = { ...loadPrediction(undefined), predicted: 1.5 };
    const report = await runBench({ targets: [again, baseline], settings, prediction, version: 'test' }, { machine });
    expect(report.systems.map((s) => s.name)).toEqual(['monolith', 'monolith-again']);
    expect(report.valid, report.problems.join('\n')).toBe(true);
    expect(report.comparison.measured).toBeGreaterThan(0);
    expect(report.comparison.errorPct).not.toBeNull();
    const direct = report.systems[1]!.direct!;
    expect(direct).toHaveLength(1);
    expect(direct[0]!.offeredRps).toBe(report.systems[1]!.points[1]!.offeredRps);
    expect(Number.isFinite(direct[0]!.addedP50Ms)).toBe(true);
    expect(renderBenchTerminal(report)).toMatch(/monolith-again\s+max \(closed loop\).*×\d\.\d\d throughput/);
    for (const pid of pidsOf(report)) expect(processAlive(pid), `pid ${pid}`).toBe(false);
  }, 60_000);
});

describe('pivot bench: bad input', () => {
  it('a port in use: reported plainly, figures invalid, non-zero exit, nothing started', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const output = mkdtempSync(join(tmpdir(), 'pivot-bench-port-'));
    try {
      const error = await run({ cwd: MONOLITH, output, port, duration: 1, runs: 1, levels: [0.5], warmup: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExitError);
      expect((error as ExitError).code).toBe(1);
      const report = JSON.parse(readFileSync(join(output, 'bench.json'), 'utf8')) as BenchReport;
      expect(report.valid).toBe(false);
      expect(report.systems[0]!.failure).toContain(`port ${port} (monolith) is already in use`);
      expect(readFileSync(join(output, 'bench.md'), 'utf8')).toContain('**INVALID**');
      expect(report.systems[0]!.services).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 30_000);

  it('a system that exits while starting: its last lines are kept and the report is invalid', async () => {
    const port = await freePort();
    const target = inlineTarget('broken', port, "console.error('boom: missing config'); process.exit(3)");
    const settings = benchSettings({ mix: 'test', workload: stats, durationSeconds: 1, runs: 1, levels: [0.5], warmupSeconds: 0 });
    const report = await runBench({ targets: [target], settings, prediction: loadPrediction(undefined), version: 'test' }, { machine });
    expect(report.valid).toBe(false);
    expect(report.systems[0]!.failure).toBe('broken exited with code 3 while starting');
    expect(report.systems[0]!.failureDetails).toContain('boom: missing config');
    expect(report.problems[0]).toContain('broken exited with code 3');
  }, 30_000);

  it('a system that fails more than 1 % of requests: every run is marked invalid, and it is stopped', async () => {
    const port = await freePort();
    const code = `let n=0;require('http').createServer((q,s)=>{n++;s.statusCode=n%10===0?500:200;s.end('{}')}).listen(${port},'127.0.0.1')`;
    const settings = benchSettings({ mix: 'test', workload: stats, durationSeconds: 0.5, runs: 1, levels: [0.5], warmupSeconds: 0, connections: 4 });
    const report = await runBench({ targets: [inlineTarget('flaky', port, code)], settings, prediction: loadPrediction(undefined), version: 'test' }, { machine });
    expect(report.valid).toBe(false);
    expect(report.systems[0]!.points.map((p) => p.valid)).toEqual([false, false]);
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]).toMatch(/^flaky at max, run 1: \d+\.\d % of requests failed .*answered 5xx/);
    expect(renderBenchTerminal(report)).toContain('INVALID');
    for (const pid of pidsOf(report)) expect(processAlive(pid)).toBe(false);
  }, 30_000);

  it('a system that dies during the bench: the load stops, what was measured before stays, marked invalid', async () => {
    const port = await freePort();
    const code = `require('http').createServer((q,s)=>s.end('{}')).listen(${port},'127.0.0.1',()=>setTimeout(()=>process.exit(7),1200))`;
    const settings = benchSettings({ mix: 'test', workload: stats, durationSeconds: 0.5, runs: 3, levels: [0.5], warmupSeconds: 0, connections: 4 });
    const started = Date.now();
    const report = await runBench({ targets: [inlineTarget('mortal', port, code)], settings, prediction: loadPrediction(undefined), version: 'test' }, { machine });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.valid).toBe(false);
    expect(report.systems[0]!.failure).toMatch(/^mortal died during the bench: mortal exited with code 7 after it was healthy/);
    expect(report.systems[0]!.points[0]!.runs.length).toBeGreaterThanOrEqual(1);
    for (const pid of pidsOf(report)) expect(processAlive(pid)).toBe(false);
  }, 30_000);
});
