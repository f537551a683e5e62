/**
 * Applies a bench plan: starts each system with the supervisor, warms it up, runs the planned
 * measurements, and always stops it again. A system that fails to start or dies is recorded as
 * a failure of that system (with its last log lines); the report says so and is marked invalid.
 */
import { UserError } from '../../errors.js';
import type { LogStream } from '../logs.js';
import { withSystem, type RunningSystem } from '../supervisor.js';
import { runClosedLoop } from './closed.js';
import { compareGain, type loadPrediction } from './compare.js';
import { findBottleneck, medianRun } from './cpu.js';
import { describeMachine, type MachineInfo } from './machine.js';
import { MAX_ERROR_RATE, measureRun, summarisePoint, type Measured, type Sampled } from './measure.js';
import { levelLabel, planBench, type BenchStep } from './plan.js';
import { round } from './stats.js';
import { sampledPids, serviceOfPid } from './targets.js';
import type { BenchReport, BenchSettings, BenchTarget, DirectResult, PointResult, SystemResult } from './types.js';

export const CO_METHOD =
  'Fixed-rate runs are open-loop: request i is due at start + i / rate and its latency is measured from that intended send time, '
  + 'so time spent queued behind a slow response counts (coordinated-omission correction, as in wrk2). At most maxOutstanding '
  + 'requests are in flight; due requests wait beyond that and the wait is counted. The closed-loop run (autocannon, no pipelining) '
  + 'finds the maximum throughput; its latencies are from the actual send and are not corrected.';

export interface BenchInput {
  targets: BenchTarget[];
  settings: BenchSettings;
  prediction: ReturnType<typeof loadPrediction>;
  version: string;
}

export interface BenchHooks {
  onProgress?(line: string): void;
  onLog?(service: string, stream: LogStream, line: string): void;
  signal?: AbortSignal;
  machine?: () => Promise<MachineInfo>;
  now?: () => Date;
}

/** Warm-up answers that are mostly not 2xx mean the mix does not fit the system. */
const WARMUP_MAX_NON2XX = 0.5;

export async function runBench(input: BenchInput, hooks: BenchHooks = {}): Promise<BenchReport> {
  const { settings } = input;
  const plan = planBench(settings, input.targets);
  const progress = hooks.onProgress ?? (() => undefined);
  const machine = await (hooks.machine ?? describeMachine)();
  const createdAt = (hooks.now ?? (() => new Date()))().toISOString();
  let baselineMaxRps: number | null = null;
  const systems: SystemResult[] = [];
  const ordered = [...input.targets].sort((a, b) => (a.role === 'baseline' ? -1 : b.role === 'baseline' ? 1 : 0));

  for (const target of ordered) {
    const steps = plan.steps.filter((s) => s.target === target.name);
    const result: SystemResult = {
      name: target.name, role: target.role, url: target.url, services: [], points: [], direct: target.direct?.length ? [] : null, bottleneck: null, valid: true,
      ...(target.statePerProcess && settings.changesState ? { notEquivalent: target.statePerProcess } : {}),
    };
    systems.push(result);
    if (target.role !== 'baseline' && baselineMaxRps === null) {
      result.failure = 'not measured: the baseline has no valid maximum throughput to set the rates from';
      result.valid = false;
      continue;
    }
    try {
      await withSystem(target.services, { onLog: hooks.onLog, signal: hooks.signal }, (system) =>
        benchSystem(target, system, steps, settings, result, () => baselineMaxRps, progress, hooks.signal),
      );
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      result.failure = error.message;
      result.failureDetails = [...(error.details ?? []), ...(error.hint ? [`hint: ${error.hint}`] : [])];
      result.valid = false;
      progress(`${target.name}: ${error.message}`);
    }
    const max = result.points.find((p) => p.kind === 'closed');
    const busiest = max ? medianRun(max) : undefined;
    if (busiest) result.bottleneck = findBottleneck(busiest, machine);
    if (target.role === 'baseline') baselineMaxRps = max?.valid ? max.summary.rps.median : null;
  }

  const baseline = systems.find((s) => s.role === 'baseline');
  const candidate = systems.find((s) => s.role === 'candidate');
  const maxOf = (s: SystemResult | undefined) => {
    const point = s?.points.find((p) => p.kind === 'closed');
    return point?.valid ? { rps: point.summary.rps.median, cpuPer1k: point.summary.cpuSecondsPer1kRequests.median } : null;
  };
  const comparison = compareGain(input.prediction, maxOf(baseline), maxOf(candidate));
  const problems: string[] = [];
  const notes: string[] = [];
  for (const system of systems) {
    if (system.failure) problems.push(`${system.name}: ${system.failure}`);
    if (system.notEquivalent) notes.push(`${system.name}: the mix ${settings.mix} changes state and ${system.notEquivalent}; its rows are marked "not equivalent"`);
    for (const point of [...system.points, ...(system.direct ?? []).flatMap((d) => [d.direct, d.viaGateway])]) {
      for (const run of point.runs) for (const problem of run.problems) problems.push(`${system.name} at ${point.label}, run ${run.run}: ${problem}`);
      if (point.wideSpread.length > 0) notes.push(`${system.name} at ${point.label}: wide spread over ${point.runs.length} runs (${point.wideSpread.join(', ')})`);
      if (point.saturated) notes.push(`${system.name} at ${point.label}: could not sustain ${point.offeredRps} req/s; its latency there is bounded by the in-flight limit (${settings.maxOutstanding})`);
      const refused = point.runs.find((r) => r.requests > 0 && (r.non2xx - r.status5xx) / r.requests > MAX_ERROR_RATE);
      if (refused) notes.push(`${system.name} at ${point.label}, run ${refused.run}: ${refused.non2xx - refused.status5xx} answers were 4xx; the mix may ask for what the system refuses (e.g. out of stock)`);
    }
  }
  if (!candidate) notes.push('There is no polyglot system to compare yet: these are the monolith\'s figures alone.');
  if (settings.runs < 3) notes.push(`${settings.runs} run(s) per point: fewer than 3, so the spread says little.`);
  if (machine.loadAverage > machine.cores * 0.5) notes.push(`the machine was busy when the bench started (load ${machine.loadAverage} on ${machine.cores} cores)`);

  return {
    schema: 1,
    tool: { name: 'pivot', version: input.version },
    createdAt,
    machine,
    settings,
    method: CO_METHOD,
    baselineMaxRps,
    systems,
    comparison,
    valid: systems.every((s) => s.valid) && problems.length === 0,
    problems,
    notes,
  };
}

async function benchSystem(
  target: BenchTarget, system: RunningSystem, steps: BenchStep[], settings: BenchSettings, result: SystemResult,
  baselineMax: () => number | null, progress: (line: string) => void, outer?: AbortSignal,
): Promise<void> {
  result.services = [...system.services.values()].map((s) => {
    const spec = target.services.find((x) => x.name === s.name);
    return { name: s.name, command: spec ? [spec.command, ...spec.args].join(' ') : '', pid: s.pid };
  });
  // The load stops as soon as the system dies, and the failure is what gets reported.
  const died = new AbortController();
  let death: UserError | undefined;
  void system.exited.then((outcome) => {
    if (outcome.reason === 'failed') {
      death = new UserError(`${outcome.service} died during the bench: ${outcome.error.message}`, outcome.error.hint, outcome.error.details);
      died.abort();
    }
  });
  const signal = outer ? AbortSignal.any([outer, died.signal]) : died.signal;
  const sampled: Sampled = { pids: () => sampledPids(target, system), nameOf: (pid) => serviceOfPid(system, pid) };
  const checkAlive = () => {
    if (death) throw death;
    if (outer?.aborted) throw new UserError('the bench was interrupted', undefined, ['nothing was left running']);
  };
  const runsOf = new Map<string, { kind: 'closed' | 'rate'; level: number | null; rate: number | null; runs: Measured[] }>();
  const directRuns = new Map<string, Measured[]>();
  try {
    await runSteps();
    checkAlive();
  } finally {
    // Whatever was measured before a failure stays in the report (the failure makes it invalid).
    result.points = [...runsOf.values()].map((e) => summarisePoint(e.kind, e.level, e.rate, e.runs));
    if (result.direct !== null) result.direct = directResults(target, directRuns, steps);
    result.valid = result.points.every((p) => p.valid) && (result.direct ?? []).every((d) => d.direct.valid && d.viaGateway.valid);
  }

  async function runSteps(): Promise<void> {
    for (const step of steps) {
      checkAlive();
      if (step.kind === 'warmup') {
        progress(`${target.name}: warming up for ${step.seconds}s`);
        const warm = await runClosedLoop(target.url, settings.workload, { durationSeconds: step.seconds, connections: settings.connections, timeoutSeconds: settings.timeoutSeconds, signal });
        checkAlive();
        if (warm.completed > 0 && warm.non2xx / warm.completed > WARMUP_MAX_NON2XX) {
          throw new UserError(
            `${target.name} answered ${Math.round((warm.non2xx / warm.completed) * 100)} % of the warm-up requests with a non-2xx status: the mix ${settings.mix} does not fit it`,
            'pass --mix with a workload file whose requests this system serves',
          );
        }
        continue;
      }
      const level = step.kind === 'closed' ? null : step.level;
      const base = baselineMax() ?? (step.kind === 'closed' ? null : lastClosedMedian(runsOf));
      const rate = level === null || base === null ? undefined : Math.max(1, Math.round(level * base));
      if (level !== null && rate === undefined) continue;
      const label = level === null ? 'closed loop' : `${levelLabel(level)} (${rate} req/s)`;
      if (step.kind === 'direct') {
        const endpoint = target.direct!.find((d) => d.service === step.service)!;
        const url = step.via === 'direct' ? endpoint.url : target.url;
        const workload = step.via === 'direct' ? endpoint.direct : endpoint.viaGateway;
        const measured = await measureRun({ url, workload, settings, sampled, run: step.run, rate, signal });
        const key = `${step.service}|${step.via}`;
        directRuns.set(key, [...(directRuns.get(key) ?? []), measured]);
        progress(`${target.name}: ${step.service} ${step.via === 'direct' ? 'direct' : 'via the gateway'} at ${label}, run ${step.run}: p99 ${measured.result.latency.p99} ms`);
        continue;
      }
      const measured = await measureRun({ url: target.url, workload: settings.workload, settings, sampled, run: step.run, rate, signal });
      checkAlive();
      const key = level === null ? 'max' : String(level);
      const entry = runsOf.get(key) ?? { kind: step.kind, level, rate: rate ?? null, runs: [] };
      entry.runs.push(measured);
      runsOf.set(key, entry);
      const r = measured.result;
      progress(`${target.name}: ${label}, run ${step.run}: ${r.requestsPerSecond} req/s, p99 ${r.latency.p99} ms, ${r.resources.cpuSeconds} CPU s${r.valid ? '' : ` — invalid: ${r.problems.join('; ')}`}`);
    }
  }
}

function lastClosedMedian(runsOf: Map<string, { runs: Measured[] }>): number | null {
  const runs = runsOf.get('max')?.runs ?? [];
  return runs.length ? summarisePoint('closed', null, null, runs).summary.rps.median : null;
}

function directResults(target: BenchTarget, runs: Map<string, Measured[]>, steps: BenchStep[]): DirectResult[] {
  const out: DirectResult[] = [];
  for (const endpoint of target.direct ?? []) {
    const direct = runs.get(`${endpoint.service}|direct`) ?? [];
    const via = runs.get(`${endpoint.service}|gateway`) ?? [];
    if (direct.length === 0 || via.length === 0) continue;
    const level = steps.find((s) => s.kind === 'direct')?.level ?? null;
    const offered = direct[0]!.result.offeredRps ?? 0;
    const d: PointResult = summarisePoint('rate', level, offered, direct);
    const g: PointResult = summarisePoint('rate', level, offered, via);
    out.push({
      service: endpoint.service,
      offeredRps: offered,
      direct: d,
      viaGateway: g,
      addedP50Ms: round(g.summary.p50.median - d.summary.p50.median, 3),
      addedP99Ms: round(g.summary.p99.median - d.summary.p99.median, 3),
    });
  }
  return out;
}
