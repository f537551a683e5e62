/** Pure: the summary rows every renderer (terminal, Markdown, HTML) shows, and number formatting. */
import { medianRun } from './cpu.js';
import type { BenchReport, PointResult, Spread, SystemResult } from './types.js';

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

export function formatRps(rps: number): string {
  return rps >= 100 ? String(Math.round(rps)) : rps.toFixed(1);
}

/** "1234 ±3 %", with "!" when the spread is wide; plain with one run. */
export function withSpread(spread: Spread, format: (n: number) => string, runs: number): string {
  const text = format(spread.median);
  if (runs < 2) return text;
  return `${text} ±${Math.round(spread.spreadPct / 2)}%${spread.wide ? ' !' : ''}`;
}

export interface SummaryRow {
  system: string;
  load: string;
  offered: string;
  throughput: string;
  p50: string;
  p95: string;
  p99: string;
  p999: string;
  memory: string;
  cpuPer1k: string;
  improvement: string;
  status: string;
}

function improvement(report: BenchReport, system: SystemResult, point: PointResult): string {
  if (system.role === 'baseline') return 'baseline';
  const baseline = report.systems.find((s) => s.role === 'baseline');
  const reference = baseline?.points.find((p) => p.kind === point.kind && p.level === point.level);
  if (!reference?.valid || !point.valid) return '—';
  if (point.kind === 'closed') {
    const ratio = point.summary.rps.median / reference.summary.rps.median;
    return `×${ratio.toFixed(2)} throughput`;
  }
  const before = reference.summary.p99.median;
  if (before === 0) return '—';
  const change = ((point.summary.p99.median - before) / before) * 100;
  return `p99 ${change <= 0 ? '−' : '+'}${Math.abs(Math.round(change))}%`;
}

/** What a reader must know about a row, marked. */
export const NOT_EQUIVALENT = 'not equivalent';

function status(system: SystemResult, point: PointResult): string {
  const base = !point.valid ? 'INVALID'
    : system.failure ? 'INVALID (system failed)'
      : point.saturated ? 'overloaded'
        : point.wideSpread.length > 0 ? 'wide spread' : 'ok';
  return system.notEquivalent ? `${base}, ${NOT_EQUIVALENT}` : base;
}

export function summaryRows(report: BenchReport): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const system of report.systems) {
    if (system.points.length === 0) {
      rows.push({ system: system.name, load: '—', offered: '—', throughput: '—', p50: '—', p95: '—', p99: '—', p999: '—', memory: '—', cpuPer1k: '—', improvement: '—', status: system.failure ? 'FAILED' : 'not run' });
      continue;
    }
    for (const point of system.points) {
      const s = point.summary;
      const runs = point.runs.length;
      rows.push({
        system: system.name,
        load: point.kind === 'closed' ? 'max (closed loop)' : point.label,
        offered: point.offeredRps === null ? '—' : formatRps(point.offeredRps),
        throughput: withSpread(s.rps, formatRps, runs),
        p50: formatMs(s.p50.median),
        p95: formatMs(s.p95.median),
        p99: withSpread(s.p99, formatMs, runs),
        p999: formatMs(s.p999.median),
        memory: `${s.rssPeakMb.median.toFixed(0)} MB`,
        cpuPer1k: s.cpuSecondsPer1kRequests.median.toFixed(3),
        improvement: improvement(report, system, point),
        status: status(system, point),
      });
    }
  }
  return rows;
}

export const SUMMARY_HEADERS: [keyof SummaryRow, string, 'left' | 'right'][] = [
  ['system', 'system', 'left'],
  ['load', 'load', 'left'],
  ['offered', 'offered req/s', 'right'],
  ['throughput', 'req/s', 'right'],
  ['p50', 'p50', 'right'],
  ['p95', 'p95', 'right'],
  ['p99', 'p99', 'right'],
  ['p999', 'p99.9', 'right'],
  ['memory', 'peak RSS', 'right'],
  ['cpuPer1k', 'CPU ms/req', 'right'],
  ['improvement', 'vs monolith', 'left'],
  ['status', 'status', 'left'],
];

const factor = (n: number | null) => (n === null ? 'n/a' : `×${n.toFixed(2)}`);
const signed = (pct: number | null) => (pct === null ? 'n/a' : `${pct > 0 ? '+' : ''}${pct} %`);

/**
 * Predicted vs measured, side by side: throughput gain and CPU per request of the polyglot
 * system against the monolith at max load, with the error of the prediction.
 */
export function gainRows(report: BenchReport): { figure: string; predicted: string; measured: string; error: string }[] {
  const c = report.comparison;
  return [
    { figure: 'throughput, polyglot / monolith at max', predicted: factor(c.predicted), measured: factor(c.measured), error: signed(c.errorPct) },
    { figure: 'CPU per request, polyglot / monolith at max', predicted: factor(c.predictedCpuPerRequest), measured: factor(c.measuredCpuPerRequest), error: signed(c.cpuErrorPct) },
  ];
}

/** What the user could run instead (the cluster), against the monolith at max load: throughput and CPU per request. */
export function alternativeLines(report: BenchReport): string[] {
  const baseline = report.systems.find((s) => s.role === 'baseline')?.points.find((p) => p.kind === 'closed');
  const lines: string[] = [];
  for (const system of report.systems.filter((s) => s.role === 'alternative')) {
    const max = system.points.find((p) => p.kind === 'closed');
    if (!max?.valid || !baseline?.valid) {
      lines.push(`${system.name}: n/a (${system.failure ?? 'no valid maximum throughput'})`);
      continue;
    }
    const rps = max.summary.rps.median / baseline.summary.rps.median;
    const cpu = baseline.summary.cpuSecondsPer1kRequests.median > 0 ? max.summary.cpuSecondsPer1kRequests.median / baseline.summary.cpuSecondsPer1kRequests.median : null;
    lines.push(`${system.name} against the monolith at max: throughput ×${rps.toFixed(2)}, CPU per request ${factor(cpu)}${system.notEquivalent ? ` (${NOT_EQUIVALENT}: the mix changes state)` : ''}`);
  }
  return lines;
}

/** Which process limits each system's maximum throughput. */
export function bottleneckLines(report: BenchReport): string[] {
  return report.systems.map((s) => `${s.name}: ${s.bottleneck?.verdict ?? 'n/a (no closed-loop run was measured)'}`);
}

/** Per system and load level: each process's CPU per request and cores, from the run with the median throughput. */
export function processCpuLines(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const system of report.systems) {
    for (const point of system.points) {
      const run = medianRun(point);
      if (!run) continue;
      const parts = [...run.resources.processes]
        .sort((a, b) => b.cpuSeconds - a.cpuSeconds)
        .map((p) => `${p.name} (pid ${p.pid}) ${(p.cpuMsPerRequest ?? 0).toFixed(3)} ms, ${(p.cores ?? 0).toFixed(2)} cores`);
      lines.push(`${system.name} at ${point.label}: ${run.cpuSecondsPer1kRequests.toFixed(3)} ms of CPU per request in all — ${parts.join('; ') || 'no process sampled'}`);
    }
  }
  return lines;
}

/** One sentence on predicted vs measured gain. */
export function gainLine(report: BenchReport): string {
  const c = report.comparison;
  const predicted = c.predicted === null ? null : `×${c.predicted.toFixed(2)}`;
  const note = c.note ? ` (${c.note})` : '';
  if (c.measured === null) {
    if (predicted === null) return `Predicted gain: n/a${note}.`;
    return `Predicted gain ${predicted} (from ${c.source}${c.note ? `; ${c.note}` : ''}); measured: n/a — no polyglot system measured yet.`;
  }
  const measured = `×${c.measured.toFixed(2)}`;
  if (predicted === null) return `Measured throughput gain ${measured}; predicted: n/a${note}.`;
  return `Predicted gain ${predicted}, measured ${measured}: the prediction is off by ${c.errorPct === null ? 'n/a' : `${c.errorPct > 0 ? '+' : ''}${c.errorPct} %`}${note}.`;
}

/** Per-service direct figures and the gateway hop, or why they are n/a. */
export function directLines(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const system of report.systems) {
    if (system.direct === null) {
      lines.push(`${system.name}: per-service direct figures and gateway hop: n/a (${system.role === 'baseline' ? 'a single process has no services to hit directly' : 'the system declares no direct endpoints'})`);
      continue;
    }
    for (const d of system.direct) {
      lines.push(`${system.name}/${d.service} at ${formatRps(d.offeredRps)} req/s: direct p50 ${formatMs(d.direct.summary.p50.median)}, p99 ${formatMs(d.direct.summary.p99.median)}; via the gateway p50 ${formatMs(d.viaGateway.summary.p50.median)}, p99 ${formatMs(d.viaGateway.summary.p99.median)}; the hop adds ${formatMs(d.addedP50Ms)} at p50, ${formatMs(d.addedP99Ms)} at p99`);
    }
  }
  return lines;
}
