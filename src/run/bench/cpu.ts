/**
 * Pure: CPU per request of every process of a system, and which process limits its maximum
 * throughput. A process is "near a full core" at max load when it used at least
 * SATURATED_CORES of a core: a Node process runs its JavaScript on one thread, so that is all
 * it can give however many cores the machine has.
 */
import { round } from './stats.js';
import type { Bottleneck, PointResult, ProcessUsage, RunResult } from './types.js';

export const SATURATED_CORES = 0.85;

/** Each process with its cores (CPU s / run s) and CPU ms per request the system answered. */
export function withCpuPerRequest(processes: readonly ProcessUsage[], requests: number, durationSeconds: number): ProcessUsage[] {
  return processes.map((p) => ({
    ...p,
    cores: durationSeconds > 0 ? round(p.cpuSeconds / durationSeconds, 3) : 0,
    cpuMsPerRequest: requests > 0 ? round((p.cpuSeconds / requests) * 1000, 4) : 0,
  }));
}

/** The run with the median throughput of a point (the lower middle one for an even count). */
export function medianRun(point: Pick<PointResult, 'runs'>): RunResult | undefined {
  const sorted = [...point.runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The busiest process of a max-load run, and whether it, the machine, or neither limits throughput. */
export function findBottleneck(run: RunResult, machine: { cores: number; loadAverage?: number }): Bottleneck {
  const machineCores = machine.cores;
  const seconds = run.durationSeconds > 0 ? run.durationSeconds : 1;
  const systemCores = round(run.resources.cpuSeconds / seconds, 2);
  const loadGeneratorCores = round(run.loadGeneratorCpuSeconds / seconds, 2);
  const busiest = [...run.resources.processes].sort((a, b) => b.cpuSeconds - a.cpuSeconds)[0];
  const cores = busiest ? round(busiest.cpuSeconds / seconds, 2) : 0;
  const share = busiest && run.resources.cpuSeconds > 0 ? round(busiest.cpuSeconds / run.resources.cpuSeconds, 3) : 0;
  const used = round(systemCores + loadGeneratorCores, 2);
  const machineFull = used >= SATURATED_CORES * machineCores;
  const usedText = `the system used ${systemCores} and the load generator ${loadGeneratorCores} of the machine's ${machineCores} cores`;
  const base = { process: busiest?.name ?? null, pid: busiest?.pid ?? null, cores, share, systemCores, loadGeneratorCores };
  if (busiest && cores >= SATURATED_CORES) {
    return {
      ...base, kind: 'process',
      verdict: `${busiest.name} (pid ${busiest.pid}) is the bottleneck: ${cores} of a core at max load, ${Math.round(share * 100)} % of the system's CPU`
        + (machineFull ? `; the machine is full too (${usedText})` : ''),
    };
  }
  if (machineFull) {
    return {
      ...base, kind: 'machine',
      verdict: `the machine's cores are the bottleneck: ${usedText}; no single process was near a full core${busiest ? ` (busiest: ${busiest.name}, ${cores})` : ''}`,
    };
  }
  // Other work on the machine takes the cores these processes did not get: then CPU may still be the limit.
  const busy = machine.loadAverage !== undefined && machine.loadAverage > machineCores * 0.5
    ? `; but the machine was busy with other work when the bench started (load ${machine.loadAverage}), which may be what held them back`
    : '';
  return {
    ...base, kind: 'not-cpu',
    verdict: `no process was near a full core and ${usedText}: the limit is not this system's CPU (waiting on I/O, locks, or the connections of the load)${busiest ? `; busiest: ${busiest.name}, ${cores} of a core` : ''}${busy}`,
  };
}
