/**
 * Pure planning: settings checked and defaulted, and the ordered list of measurements. The
 * baseline goes first, since the fixed rates are fractions of its maximum; within a system the
 * closed-loop runs come first, then the rate levels round-robin (50, 75, 90, 50, 75, 90, …), so
 * a slow drift of the machine spreads over every level instead of landing on one.
 */
import type { Workload } from '../../analyze/types.js';
import { UserError } from '../../errors.js';
import { workloadChangesState } from './mixes.js';
import { DEFAULT_SAMPLE_INTERVAL_MS } from './resources.js';
import type { BenchSettings, BenchTarget } from './types.js';

export const DEFAULT_LEVELS = [0.5, 0.75, 0.9];
export const DEFAULTS = {
  durationSeconds: 10,
  warmupSeconds: 3,
  runs: 3,
  connections: 32,
  maxOutstanding: 256,
  timeoutSeconds: 10,
} as const;

/** Requests still in flight this long after a fixed-rate schedule ends count as timeouts. */
export const DRAIN_SECONDS = 5;

export type BenchStep =
  | { kind: 'warmup'; target: string; seconds: number }
  | { kind: 'closed'; target: string; run: number }
  | { kind: 'rate'; target: string; level: number; run: number }
  | { kind: 'direct'; target: string; service: string; via: 'direct' | 'gateway'; level: number; run: number };

export interface BenchPlan {
  settings: BenchSettings;
  steps: BenchStep[];
  /** Load time alone; start-up, warm-up drains and the machine probe come on top. */
  estimatedSeconds: number;
}

export interface SettingsInput {
  mix: string;
  workload: Workload;
  /** Default: any request with a method other than GET. */
  changesState?: boolean;
  durationSeconds?: number;
  warmupSeconds?: number;
  runs?: number;
  connections?: number;
  levels?: number[];
  maxOutstanding?: number;
  timeoutSeconds?: number;
  sampleIntervalMs?: number;
}

function positive(value: number, flag: string, integer = false): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UserError(`${flag} must be a positive ${integer ? 'whole ' : ''}number, got ${value}`, `pass e.g. ${flag} ${integer ? 3 : 10}`);
  }
  return value;
}

export function benchSettings(input: SettingsInput): BenchSettings {
  const levels = [...new Set(input.levels ?? DEFAULT_LEVELS)].sort((a, b) => a - b);
  if (levels.length === 0 || levels.some((l) => !(l > 0 && l <= 2))) {
    throw new UserError(`rate levels must be fractions of the monolith's maximum above 0 and at most 2, got ${levels.join(', ')}`, 'use levels such as 0.5, 0.75, 0.9');
  }
  if (input.workload.requests.every((r) => r.weight <= 0)) {
    throw new UserError(`the mix ${input.mix} has no request with a positive weight`, 'give at least one request a positive weight');
  }
  return {
    mix: input.mix,
    workload: input.workload,
    changesState: input.changesState ?? workloadChangesState(input.workload),
    durationSeconds: positive(input.durationSeconds ?? DEFAULTS.durationSeconds, '--duration'),
    warmupSeconds: Math.max(0, input.warmupSeconds ?? DEFAULTS.warmupSeconds),
    runs: positive(input.runs ?? DEFAULTS.runs, '--runs', true),
    connections: positive(input.connections ?? DEFAULTS.connections, '--connections', true),
    levels,
    maxOutstanding: positive(input.maxOutstanding ?? DEFAULTS.maxOutstanding, 'maxOutstanding', true),
    timeoutSeconds: positive(input.timeoutSeconds ?? DEFAULTS.timeoutSeconds, 'timeoutSeconds'),
    sampleIntervalMs: positive(input.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS, 'sampleIntervalMs'),
  };
}

export function planBench(settings: BenchSettings, targets: readonly Pick<BenchTarget, 'name' | 'role' | 'direct'>[]): BenchPlan {
  const baselines = targets.filter((t) => t.role === 'baseline');
  if (baselines.length !== 1) throw new UserError(`a bench needs exactly one baseline system, got ${baselines.length}`);
  const names = new Set<string>();
  for (const t of targets) {
    if (names.has(t.name)) throw new UserError(`two systems are named ${t.name}`, 'give every system its own name');
    names.add(t.name);
  }
  const ordered = [...baselines, ...targets.filter((t) => t.role !== 'baseline')];
  const steps: BenchStep[] = [];
  for (const target of ordered) {
    if (settings.warmupSeconds > 0) steps.push({ kind: 'warmup', target: target.name, seconds: settings.warmupSeconds });
    for (let run = 1; run <= settings.runs; run++) steps.push({ kind: 'closed', target: target.name, run });
    for (let run = 1; run <= settings.runs; run++) {
      for (const level of settings.levels) steps.push({ kind: 'rate', target: target.name, level, run });
    }
    // Direct figures at the lowest level: a rate every part of the system should sustain.
    const level = settings.levels[0]!;
    for (const endpoint of target.direct ?? []) {
      for (let run = 1; run <= settings.runs; run++) {
        for (const via of ['direct', 'gateway'] as const) steps.push({ kind: 'direct', target: target.name, service: endpoint.service, via, level, run });
      }
    }
  }
  const estimatedSeconds = steps.reduce((sum, step) => sum + (step.kind === 'warmup' ? step.seconds : settings.durationSeconds), 0);
  return { settings, steps, estimatedSeconds };
}

/** "75%" for 0.75. */
export function levelLabel(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}
