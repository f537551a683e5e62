import { describe, expect, it } from 'vitest';
import { summarisePoint, type Measured } from '../../../src/run/bench/measure.js';
import { renderBenchHtml } from '../../../src/run/bench/report-html.js';
import { renderBenchMarkdown, renderBenchTerminal } from '../../../src/run/bench/report-md.js';
import { CO_METHOD } from '../../../src/run/bench/run.js';
import { LatencyHistogram } from '../../../src/run/bench/stats.js';
import type { BenchReport, PointResult, RunResult, SystemResult } from '../../../src/run/bench/types.js';

/** A run whose latencies are `base` ms with a tail of `tail` ms for 2 % of requests. */
function fakeRun(run: number, rps: number, base: number, tail: number, rate?: number, valid = true): Measured {
  const histogram = new LatencyHistogram();
  for (let i = 0; i < 1000; i++) histogram.record(i % 50 === 0 ? tail : base * (1 + (i % 10) / 20));
  const result: RunResult = {
    run, durationSeconds: 10, requests: rps * 10, requestsPerSecond: rps, errors: valid ? 0 : 300, timeouts: 0, non2xx: valid ? 0 : 300, status5xx: valid ? 0 : 300,
    ...(rate === undefined ? {} : { offeredRps: rate, unsent: 0, uncorrected: { ...histogram.summary(), p99: base * 2, p999: base * 3 }, sendLagP99Ms: 0.5 }),
    latency: histogram.summary(),
    resources: { samples: 60, intervalMs: 150, processes: [{ pid: 100 + run, name: 'svc <main>', cpuSeconds: 9, rssPeakMb: 120, rssMeanMb: 100 }], cpuSeconds: 9, rssPeakMb: 120 + run, rssMeanMb: 100 },
    cpuSecondsPer1kRequests: 9 / rps * 1000, loadGeneratorCpuSeconds: 2, curve: histogram.curve(),
    valid, problems: valid ? [] : ['3.0 % of requests failed (300 of 10000: 0 timeouts, 300 answered 5xx)'], notes: [],
  };
  return { result, histogram };
}

function system(name: string, role: SystemResult['role'], scale: number, invalidAt?: number): SystemResult {
  const max = 1000 * scale;
  const points: PointResult[] = [summarisePoint('closed', null, null, [fakeRun(1, max, 20 / scale, 80), fakeRun(2, max * 1.05, 20 / scale, 90), fakeRun(3, max * 0.8, 20 / scale, 85)])];
  for (const level of [0.5, 0.75, 0.9]) {
    const rate = Math.round(level * 1000);
    points.push(summarisePoint('rate', level, rate, [1, 2, 3].map((run) => fakeRun(run, rate, 2 / scale, 40 * level / scale, rate, invalidAt !== level))));
  }
  return { name, role, url: 'http://127.0.0.1:1', services: [{ name, command: 'node dist/server.js', pid: 100 }], points, direct: null, bottleneck: null, valid: invalidAt === undefined };
}

/** Two systems; the second is the same shape, faster — test data standing in for a polyglot system. */
function syntheticReport(invalid = false): BenchReport {
  const systems = [system('monolith', 'baseline', 1), system('second <test system>', 'candidate', 1.6, invalid ? 0.9 : undefined)];
  return {
    schema: 1, tool: { name: 'pivot', version: '0.1.0' }, createdAt: '2024-06-07T10:00:00.000Z',
    machine: { cores: 2, cpuModel: 'Test CPU', memoryGb: 8, freeMemoryGb: 4, os: 'linux 6', arch: 'x64', node: '20.0.0', rust: null, go: '1.22.0', loadAverage: 0.1, date: '2024-06-07T10:00:00.000Z' },
    settings: { mix: 'mixed', workload: { source: 'file', requests: [] }, changesState: true, durationSeconds: 10, warmupSeconds: 3, runs: 3, connections: 32, levels: [0.5, 0.75, 0.9], maxOutstanding: 256, timeoutSeconds: 10, sampleIntervalMs: 150 },
    method: CO_METHOD, baselineMaxRps: 1000, systems,
    comparison: { rule: 'test rule', predicted: 2, units: [{ id: 'src/pricing.ts#price', target: 'rust', share: 0.6, speedup: 10, gain: 2.17 }], measured: 1.6, errorPct: 25, predictedCpuPerRequest: 0.5, measuredCpuPerRequest: 0.625, cpuErrorPct: -20, source: 'analysis.json' },
    valid: !invalid, problems: invalid ? ['second <test system> at 90%, run 1: 3.0 % of requests failed'] : [], notes: ['a note'],
  };
}

describe('summarisePoint', () => {
  it('takes the median of the runs, the min–max spread, and flags a wide one', () => {
    const point = syntheticReport().systems[0]!.points[0]!;
    expect(point.summary.rps).toMatchObject({ median: 1000, min: 800, max: 1050, spreadPct: 25, wide: true });
    expect(point.wideSpread).toContain('throughput ±25 %');
    expect(point.curve.length).toBeGreaterThan(5);
    expect(point.valid).toBe(true);
  });
});

describe('bench reports', () => {
  it('terminal: a row per system and load, the improvement, the predicted vs measured gain', () => {
    const text = renderBenchTerminal(syntheticReport());
    expect(text).toMatch(/monolith\s+max \(closed loop\)/);
    expect(text).toContain('×1.60 throughput');
    expect(text).toContain('baseline');
    expect(text).toMatch(/p99 −\d+%/);
    expect(text).toContain('Predicted gain ×2.00, measured ×1.60: the prediction is off by +25 %.');
    expect(text).not.toContain('INVALID');
  });

  it('invalid figures are said plainly in every format', () => {
    const report = syntheticReport(true);
    expect(renderBenchTerminal(report)).toContain('INVALID figures:');
    expect(renderBenchMarkdown(report)).toContain('> **INVALID**');
    expect(renderBenchMarkdown(report)).toContain('**no**: 3.0 % of requests failed');
    expect(renderBenchHtml(report)).toContain('<div class="invalid"><strong>INVALID</strong>');
  });

  it('markdown: results, prediction rule, n/a direct figures, resources per process, method', () => {
    const md = renderBenchMarkdown(syntheticReport());
    expect(md).toContain('## Results');
    expect(md).toContain('| monolith | max (closed loop) |');
    expect(md).toContain('Rule: test rule.');
    expect(md).toContain('per-service direct figures and gateway hop: n/a');
    expect(md).toContain('svc <main> (pid 102)');
    expect(md).toContain('coordinated-omission correction');
  });

  it('the cluster row: throughput and CPU per request against the monolith, marked not equivalent for a state-changing mix; bottlenecks named', () => {
    const report = syntheticReport();
    const cluster: SystemResult = { ...system('monolith-cluster', 'alternative', 1.5), notEquivalent: 'each of the 2 cluster workers keeps its own in-memory state' };
    report.systems.splice(1, 0, cluster);
    report.systems[0]!.bottleneck = { process: 'monolith', pid: 100, cores: 0.97, share: 1, systemCores: 0.97, loadGeneratorCores: 0.4, kind: 'process', verdict: 'monolith (pid 100) is the bottleneck: 0.97 of a core at max load, 100 % of the system\'s CPU' };
    const text = renderBenchTerminal(report);
    expect(text).toMatch(/monolith-cluster\s+max \(closed loop\).*×1\.50 throughput\s+wide spread, not equivalent/);
    for (const line of text.split('\n').filter((l) => l.startsWith('monolith-cluster '))) expect(line).toContain('not equivalent');
    expect(text).not.toMatch(/^monolith\s.*not equivalent/m);
    // 9 CPU s over 1500 vs 1000 requests per second: CPU per request ×0.67.
    expect(text).toContain('monolith-cluster against the monolith at max: throughput ×1.50, CPU per request ×0.67 (not equivalent: the mix changes state)');
    expect(text).toContain('monolith (pid 100) is the bottleneck: 0.97 of a core at max load');
    expect(text).toContain('monolith-cluster: n/a (no closed-loop run was measured)');
    expect(text).toMatch(/throughput, polyglot \/ monolith at max\s+×2\.00\s+×1\.60\s+\+25 %/);
    expect(text).toMatch(/CPU per request, polyglot \/ monolith at max\s+×0\.50\s+×0\.63\s+-20 %/);
    const md = renderBenchMarkdown(report);
    expect(md).toContain('| CPU per request, polyglot / monolith at max | ×0.50 | ×0.63 | -20 % |');
    expect(md).toContain('## Bottleneck at max load');
    expect(md).toMatch(/\| monolith-cluster \| max \(closed loop\) \|.*\| wide spread, not equivalent \|/);
    const html = renderBenchHtml(report);
    expect(html).toContain('Bottleneck at max load');
    expect(html).toContain('wide spread, not equivalent');
  });

  it('CPU per request by process at every load level, in the terminal and the resources table', () => {
    const report = syntheticReport();
    for (const point of report.systems[0]!.points) for (const run of point.runs) run.resources.processes = run.resources.processes.map((p) => ({ ...p, cores: 0.9, cpuMsPerRequest: 0.9 }));
    const text = renderBenchTerminal(report);
    expect(text).toContain('CPU per request by process');
    expect(text).toContain('monolith at 75%: 12.000 ms of CPU per request in all — svc <main> (pid 102) 0.900 ms, 0.90 cores');
    expect(renderBenchMarkdown(report)).toContain('| monolith | max | svc <main> (pid 101) | 9.00 | 0.90 | 0.900 | 120 MB | 100 MB |');
  });

  it('html: self-contained, with throughput bars, one percentile chart per level and memory bars, names escaped', () => {
    const html = renderBenchHtml(syntheticReport());
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect((html.match(/<svg xmlns/g) ?? []).length).toBe(1 + 3 + 1 + 1);
    expect(html).toContain('predicted polyglot');
    expect(html).toContain('second &lt;test system&gt;');
    expect(html).not.toContain('second <test system>');
    expect(html).toContain('50% of the monolith&#39;s max');
    expect(html).toContain('stroke-dasharray');
  });
});

export { syntheticReport };
