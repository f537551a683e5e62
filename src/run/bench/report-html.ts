/** bench.html: a self-contained page (inline SVG, inline CSS) a person would rather look at than read. */
import { escapeHtml } from '../../table.js';
import { barChart, legend, percentileChart, SYSTEM_COLORS, type Bar, type CurveSeries } from './charts.js';
import { machineLine } from './machine.js';
import { alternativeLines, bottleneckLines, directLines, formatMs, formatRps, gainLine, gainRows, processCpuLines, SUMMARY_HEADERS, summaryRows } from './rows.js';
import type { BenchReport, PointResult, SystemResult } from './types.js';

const esc = escapeHtml;

function colorOf(report: BenchReport, system: SystemResult): string {
  return SYSTEM_COLORS[report.systems.indexOf(system) % SYSTEM_COLORS.length]!;
}

const closedPoint = (s: SystemResult) => s.points.find((p) => p.kind === 'closed');

function throughputChart(report: BenchReport): string {
  const bars: Bar[] = [];
  for (const system of report.systems) {
    const point = closedPoint(system);
    if (!point) continue;
    const r = point.summary.rps;
    bars.push({ label: system.name, value: r.median, min: r.min, max: r.max, color: colorOf(report, system), text: `${formatRps(r.median)} req/s${point.valid ? '' : ' (invalid)'}` });
  }
  const c = report.comparison;
  if (c.predicted !== null && report.baselineMaxRps !== null) {
    const value = report.baselineMaxRps * c.predicted;
    bars.push({ label: 'predicted polyglot', value, color: '#71717a', hatched: true, text: `${formatRps(value)} req/s (×${c.predicted.toFixed(2)})` });
  }
  if (bars.length === 0) return '<p class="muted">No closed-loop run completed.</p>';
  return barChart(bars, { unit: 'requests per second (median, whisker = min–max)' });
}

function latencyCharts(report: BenchReport): string {
  const levels = [...new Set(report.systems.flatMap((s) => s.points.filter((p) => p.kind === 'rate').map((p) => p.label)))];
  if (levels.length === 0) return '<p class="muted">No fixed-rate run completed.</p>';
  const charts = levels.map((label) => {
    const series: CurveSeries[] = [];
    let offered: number | null = null;
    for (const system of report.systems) {
      const point = system.points.find((p) => p.kind === 'rate' && p.label === label);
      if (!point) continue;
      offered = point.offeredRps;
      const color = colorOf(report, system);
      series.push({ label: `${system.name}`, color, points: point.curve });
      series.push({ label: `${system.name}, uncorrected`, color, dashed: true, points: uncorrectedCurve(point) });
    }
    const title = `${label} of the monolith's max${offered === null ? '' : ` · ${formatRps(offered)} req/s`}`;
    return `<figure>${percentileChart(series, { title })}</figure>`;
  });
  const items = report.systems.flatMap((s) => [{ label: s.name, color: colorOf(report, s) }, { label: `${s.name}, from the actual send (uncorrected)`, color: colorOf(report, s), dashed: true }]);
  return `${legend(items)}<div class="grid">${charts.join('')}</div>`;
}

/** The uncorrected curve of the median run (per-run percentiles only, no merged histogram of them). */
function uncorrectedCurve(point: PointResult): [number, number][] {
  const runs = point.runs.filter((r) => r.uncorrected);
  const run = runs[Math.floor(runs.length / 2)];
  if (!run?.uncorrected) return [];
  const u = run.uncorrected;
  return [[50, u.p50], [90, u.p90], [95, u.p95], [99, u.p99], [99.9, u.p999]];
}

function memoryChart(report: BenchReport): string {
  const bars: Bar[] = [];
  for (const system of report.systems) {
    const point = closedPoint(system);
    if (!point) continue;
    const color = colorOf(report, system);
    const peak = point.summary.rssPeakMb;
    bars.push({ label: `${system.name} peak`, value: peak.median, min: peak.min, max: peak.max, color, text: `${peak.median.toFixed(0)} MB` });
    bars.push({ label: `${system.name} mean`, value: point.summary.rssMeanMb.median, color: `${color}99`, text: `${point.summary.rssMeanMb.median.toFixed(0)} MB` });
  }
  if (bars.length === 0) return '<p class="muted">No resource samples.</p>';
  return barChart(bars, { unit: 'MB resident (all processes of the system, at max load)' });
}

function cpuChart(report: BenchReport): string {
  const bars: Bar[] = [];
  for (const system of report.systems) {
    for (const point of system.points) {
      const c = point.summary.cpuSecondsPer1kRequests;
      bars.push({ label: `${system.name} · ${point.label}`, value: c.median, min: c.min, max: c.max, color: colorOf(report, system), text: `${c.median.toFixed(3)} ms` });
    }
  }
  if (bars.length === 0) return '';
  return barChart(bars, { unit: 'CPU ms per request, every process of the system (lower is better)' });
}

function keyFigures(report: BenchReport): string {
  const cards: string[] = [];
  for (const system of report.systems) {
    const max = closedPoint(system);
    const mid = system.points.find((p) => p.kind === 'rate' && p.level === 0.75) ?? system.points.find((p) => p.kind === 'rate');
    const color = colorOf(report, system);
    if (!max) {
      cards.push(`<div class="card" style="border-color:${color}"><div class="name">${esc(system.name)}</div><div class="big bad">${system.failure ? 'failed' : 'not run'}</div></div>`);
      continue;
    }
    cards.push(`<div class="card" style="border-color:${color}"><div class="name">${esc(system.name)}</div>`
      + `<div class="big">${formatRps(max.summary.rps.median)} <small>req/s max</small></div>`
      + (mid ? `<div>p99 ${formatMs(mid.summary.p99.median)} at ${esc(mid.label)}${mid.saturated ? ' <span class="bad">(overloaded)</span>' : ''}</div>` : '')
      + `<div>${max.summary.rssPeakMb.median.toFixed(0)} MB peak RSS</div>`
      + `${max.valid ? '' : '<div class="bad">invalid</div>'}</div>`);
  }
  return `<div class="cards">${cards.join('')}</div>`;
}

export function renderBenchHtml(report: BenchReport): string {
  const rows = summaryRows(report);
  const table = `<div class="scroll"><table><thead><tr>${SUMMARY_HEADERS.map(([, h, a]) => `<th class="${a}">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${SUMMARY_HEADERS.map(([key, , a]) => `<td class="${a}${key === 'status' && row.status !== 'ok' ? ' flag' : ''}">${esc(row[key])}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
  const banner = report.valid
    ? ''
    : `<div class="invalid"><strong>INVALID</strong> — some figures cannot be trusted:<ul>${report.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></div>`;
  const s = report.settings;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>pivot bench — ${esc(report.createdAt)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1d1d1f; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #e4e4e7; padding-bottom: .3rem; }
  .muted, .where { color: #71717a; font-size: 12px; }
  .cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
  .card { border-left: 5px solid; background: #fafafa; padding: .6rem 1rem; min-width: 200px; }
  .card .name { font-weight: 600; } .card .big { font-size: 1.6rem; font-weight: 700; } .card small { font-size: .8rem; font-weight: 400; color: #52525b; }
  .bad { color: #b91c1c; font-weight: 600; }
  .invalid { background: #fef2f2; border: 1px solid #fca5a5; padding: .6rem 1rem; margin: 1rem 0; }
  .gain { background: #f4f4f5; padding: .6rem 1rem; font-weight: 600; }
  .grid { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; }
  .legend { display: flex; gap: 1.2rem; flex-wrap: wrap; margin: .5rem 0; font-size: 12px; color: #3f3f46; }
  .legend span { display: inline-flex; align-items: center; gap: .35rem; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 13px; }
  th, td { border-bottom: 1px solid #e4e4e7; padding: .35rem .5rem; text-align: left; white-space: nowrap; }
  .scroll { overflow-x: auto; }
  th { background: #f4f4f5; } .right { text-align: right; } td.flag { color: #b45309; font-weight: 600; }
  ul.notes li { color: #52525b; }
</style>
</head>
<body>
<h1>pivot bench</h1>
<div class="where">${esc(report.createdAt)} · ${esc(machineLine(report.machine))} · pivot ${esc(report.tool.version)}</div>
<div class="where">mix ${esc(s.mix)} · ${s.runs} run(s) × ${s.durationSeconds}s per point · closed loop with ${s.connections} connections · fixed rates at ${s.levels.map((l) => `${Math.round(l * 100)} %`).join(', ')} of the monolith's max</div>
${banner}
${keyFigures(report)}
<p class="gain">${esc(gainLine(report))}</p>
<table><thead><tr><th>predicted vs measured</th><th class="right">predicted</th><th class="right">measured</th><th class="right">error</th></tr></thead><tbody>${gainRows(report)
    .map((g) => `<tr><td>${esc(g.figure)}</td><td class="right">${esc(g.predicted)}</td><td class="right">${esc(g.measured)}</td><td class="right">${esc(g.error)}</td></tr>`).join('')}</tbody></table>
<ul>${alternativeLines(report).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<h2>Bottleneck at max load</h2>
<ul>${bottleneckLines(report).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<h2>Maximum throughput</h2>
${throughputChart(report)}
<h2>Latency at equal offered load</h2>
<p class="muted">Each chart is one fixed rate. Solid: latency from the intended send time (corrected for coordinated omission). Dashed: from the actual send, what an uncorrected tool reports. Further right is rarer.</p>
${latencyCharts(report)}
<h2>Memory</h2>
${memoryChart(report)}
<h2>CPU cost</h2>
${cpuChart(report)}
<ul>${processCpuLines(report).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<h2>All figures</h2>
${table}
<p class="muted">Medians over the runs; ±x% is half the min–max spread; ! marks a spread over 15 %.</p>
<h2>Per-service figures and the gateway hop</h2>
<ul>${directLines(report).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
${report.notes.length ? `<h2>Notes</h2><ul class="notes">${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<h2>Method</h2>
<p class="muted">${esc(report.method)}</p>
<p class="muted">Prediction rule: ${esc(report.comparison.rule)}.</p>
</body>
</html>
`;
}
