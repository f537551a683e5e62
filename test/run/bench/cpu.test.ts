import { describe, expect, it } from 'vitest';
import { findBottleneck, medianRun, withCpuPerRequest } from '../../../src/run/bench/cpu.js';
import type { ProcessUsage, RunResult } from '../../../src/run/bench/types.js';

const proc = (pid: number, name: string, cpuSeconds: number): ProcessUsage => ({ pid, name, cpuSeconds, rssPeakMb: 50, rssMeanMb: 40 });

/** A max-load run of `seconds` that answered `requests`, with these processes and load generator CPU. */
function maxRun(processes: ProcessUsage[], opts: { seconds?: number; requests?: number; loadGenerator?: number; rps?: number } = {}): RunResult {
  const seconds = opts.seconds ?? 10;
  const cpu = processes.reduce((sum, p) => sum + p.cpuSeconds, 0);
  const requests = opts.requests ?? 10_000;
  const latency = { p50: 1, p90: 1, p95: 1, p99: 1, p999: 1, max: 1, mean: 1 };
  return {
    run: 1, durationSeconds: seconds, requests, requestsPerSecond: opts.rps ?? requests / seconds, errors: 0, timeouts: 0, non2xx: 0, status5xx: 0, latency,
    resources: { samples: 10, intervalMs: 150, processes, cpuSeconds: cpu, rssPeakMb: 100, rssMeanMb: 90 },
    cpuSecondsPer1kRequests: (cpu / requests) * 1000, loadGeneratorCpuSeconds: opts.loadGenerator ?? 2, curve: [], valid: true, problems: [], notes: [],
  };
}

describe('CPU per request of every process', () => {
  it('each process: CPU seconds over the run is its cores, over the requests answered its ms per request', () => {
    const [gateway, pricing] = withCpuPerRequest([proc(1, 'gateway', 8), proc(2, 'pricing', 1.5)], 20_000, 10);
    expect(gateway).toMatchObject({ cores: 0.8, cpuMsPerRequest: 0.4 });
    expect(pricing).toMatchObject({ cores: 0.15, cpuMsPerRequest: 0.075 });
    // Nothing answered or no time: 0, not Infinity.
    expect(withCpuPerRequest([proc(1, 'x', 3)], 0, 0)[0]).toMatchObject({ cores: 0, cpuMsPerRequest: 0 });
  });

  it('the median run of a point is the one with the median throughput', () => {
    const runs = [maxRun([], { rps: 900 }), maxRun([], { rps: 1200 }), maxRun([], { rps: 1000 })].map((r, i) => ({ ...r, run: i + 1 }));
    expect(medianRun({ runs })?.run).toBe(3);
    expect(medianRun({ runs: [] })).toBeUndefined();
  });
});

describe('the bottleneck process', () => {
  it('a process near one full core is named, with its share of the system\'s CPU', () => {
    const b = findBottleneck(maxRun([proc(11, 'polyglot/gateway', 9.6), proc(12, 'pricing', 2), proc(13, 'inventory', 0.4)], { loadGenerator: 3 }), { cores: 4 });
    expect(b).toMatchObject({ kind: 'process', process: 'polyglot/gateway', pid: 11, cores: 0.96, share: 0.8, systemCores: 1.2, loadGeneratorCores: 0.3 });
    expect(b.verdict).toBe('polyglot/gateway (pid 11) is the bottleneck: 0.96 of a core at max load, 80 % of the system\'s CPU');
  });

  it('says the machine is full too when it is', () => {
    const b = findBottleneck(maxRun([proc(5, 'monolith', 9)], { loadGenerator: 8 }), { cores: 2 });
    expect(b.kind).toBe('process');
    expect(b.verdict).toContain('the machine is full too (the system used 0.9 and the load generator 0.8 of the machine\'s 2 cores)');
  });

  it('cluster workers below a core each on a full machine: the machine\'s cores are the bottleneck', () => {
    const b = findBottleneck(maxRun([proc(20, 'monolith-cluster', 0.2), proc(21, 'monolith-cluster/node', 7), proc(22, 'monolith-cluster/node', 6.8)], { loadGenerator: 4 }), { cores: 2 });
    expect(b).toMatchObject({ kind: 'machine', process: 'monolith-cluster/node', pid: 21, cores: 0.7, systemCores: 1.4 });
    expect(b.verdict).toMatch(/^the machine's cores are the bottleneck: the system used 1\.4 and the load generator 0\.4 of the machine's 2 cores/);
  });

  it('nothing near a core and cores left: the limit is not CPU', () => {
    const b = findBottleneck(maxRun([proc(30, 'svc', 2)], { loadGenerator: 1 }), { cores: 8 });
    expect(b.kind).toBe('not-cpu');
    expect(b.verdict).toBe('no process was near a full core and the system used 0.2 and the load generator 0.1 of the machine\'s 8 cores: the limit is not this system\'s CPU (waiting on I/O, locks, or the connections of the load); busiest: svc, 0.2 of a core');
    // On a machine busy with other work, the processes may simply not have had the cores.
    expect(findBottleneck(maxRun([proc(30, 'svc', 2)], { loadGenerator: 1 }), { cores: 8, loadAverage: 7.5 }).verdict).toMatch(/; but the machine was busy with other work when the bench started \(load 7\.5\), which may be what held them back$/);
    expect(findBottleneck(maxRun([]), { cores: 2 })).toMatchObject({ kind: 'not-cpu', process: null, pid: null, cores: 0, share: 0 });
  });
});
