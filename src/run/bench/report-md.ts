/** bench.md and the terminal summary: pure functions of a BenchReport. */
import { mdCell, renderTable, type Column } from '../../table.js';
import { medianRun } from './cpu.js';
import { machineLine } from './machine.js';
import { alternativeLines, bottleneckLines, directLines, formatMs, formatRps, gainLine, gainRows, processCpuLines, SUMMARY_HEADERS, summaryRows } from './rows.js';
import type { BenchReport } from './types.js';

/** Terminal: the table, the gain line, then what invalidates or deserves a look. */
export function renderBenchTerminal(report: BenchReport): string {
  const columns: Column[] = SUMMARY_HEADERS.map(([, header, align]) => ({ header, align }));
  const rows = summaryRows(report).map((row) => SUMMARY_HEADERS.map(([key]) => row[key]));
  const gain: Column[] = [{ header: 'predicted vs measured' }, { header: 'predicted', align: 'right' }, { header: 'measured', align: 'right' }, { header: 'error', align: 'right' }];
  const lines = [
    renderTable(columns, rows), '',
    'CPU per request by process (run with the median throughput):', ...processCpuLines(report).map((l) => `  ${l}`), '',
    'Bottleneck at max load:', ...bottleneckLines(report).map((l) => `  ${l}`), '',
    renderTable(gain, gainRows(report).map((g) => [g.figure, g.predicted, g.measured, g.error])),
    gainLine(report),
    ...alternativeLines(report),
  ];
  if (report.problems.length > 0) lines.push('', 'INVALID figures:', ...report.problems.map((p) => `  - ${p}`));
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}

export function renderBenchMarkdown(report: BenchReport): string {
  const out: string[] = [];
  const s = report.settings;
  out.push('# pivot bench', '');
  out.push(`${report.createdAt} · ${machineLine(report.machine)}`, '');
  if (!report.valid) out.push('> **INVALID** — some figures below cannot be trusted:', ...report.problems.map((p) => `> - ${p}`), '');
  out.push(`Mix \`${s.mix}\` · ${s.runs} run(s) of ${s.durationSeconds}s per point · ${s.connections} connections in the closed loop · `
    + `fixed rates at ${s.levels.map((l) => `${Math.round(l * 100)} %`).join(', ')} of the monolith's maximum`
    + (report.baselineMaxRps === null ? '' : ` (${formatRps(report.baselineMaxRps)} req/s)`) + '.', '');

  out.push('## Results', '');
  const headers = SUMMARY_HEADERS.map(([, h]) => h);
  out.push(`| ${headers.join(' | ')} |`, `|${SUMMARY_HEADERS.map(([, , a]) => (a === 'right' ? '---:' : '---')).join('|')}|`);
  for (const row of summaryRows(report)) out.push(`| ${SUMMARY_HEADERS.map(([key]) => mdCell(row[key])).join(' | ')} |`);
  out.push('', 'Medians over the runs; ±x% is half the min–max spread; `!` marks a spread over 15 %.', '');

  out.push('## Bottleneck at max load', '', ...bottleneckLines(report).map((l) => `- ${mdCell(l)}`), '');

  out.push('## Predicted vs measured', '', '| figure | predicted | measured | error |', '|---|---:|---:|---:|');
  for (const g of gainRows(report)) out.push(`| ${g.figure} | ${g.predicted} | ${g.measured} | ${g.error} |`);
  out.push('', gainLine(report), '', ...alternativeLines(report).map((l) => `- ${l}`), '');
  const c = report.comparison;
  if (c.units.length > 0) {
    out.push('| unit | target | CPU share | assumed speed-up | unit gain |', '|---|---|---:|---:|---:|');
    for (const u of c.units) out.push(`| ${mdCell(u.id)} | ${u.target} | ${(u.share * 100).toFixed(1)} % | ×${u.speedup} | ×${u.gain.toFixed(2)} |`);
    out.push('');
  }
  out.push(`Rule: ${c.rule}.`, '');

  out.push('## Per-service figures and the gateway hop', '', ...directLines(report).map((l) => `- ${l}`), '');

  out.push('## Resources', '');
  out.push('Per process, from the run with the median throughput of each point; CPU ms/req is the process\'s CPU over the requests the system answered.', '');
  out.push('| system | load | process | CPU s | cores | CPU ms/req | peak RSS | mean RSS |', '|---|---|---|---:|---:|---:|---:|---:|');
  for (const system of report.systems) {
    for (const point of system.points) {
      for (const p of medianRun(point)?.resources.processes ?? []) {
        out.push(`| ${system.name} | ${point.label} | ${mdCell(p.name)} (pid ${p.pid}) | ${p.cpuSeconds.toFixed(2)} | ${(p.cores ?? 0).toFixed(2)} | ${(p.cpuMsPerRequest ?? 0).toFixed(3)} | ${p.rssPeakMb} MB | ${p.rssMeanMb} MB |`);
      }
    }
  }
  out.push('');

  out.push('## Runs', '');
  out.push('| system | load | run | req/s | p50 | p99 | p99 uncorrected | errors | non-2xx | CPU s | load generator CPU s | valid |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const system of report.systems) {
    for (const point of system.points) {
      for (const r of point.runs) {
        out.push(`| ${system.name} | ${point.label} | ${r.run} | ${formatRps(r.requestsPerSecond)} | ${formatMs(r.latency.p50)} | ${formatMs(r.latency.p99)} | ${r.uncorrected ? formatMs(r.uncorrected.p99) : '—'} | ${r.errors} | ${r.non2xx} | ${r.resources.cpuSeconds.toFixed(2)} | ${r.loadGeneratorCpuSeconds.toFixed(2)} | ${r.valid ? 'yes' : `**no**: ${mdCell(r.problems.join('; '))}`} |`);
      }
    }
    if (system.failure) out.push(`| ${system.name} | — | — | — | — | — | — | — | — | — | — | **failed**: ${mdCell(system.failure)} |`);
  }
  out.push('');

  if (report.notes.length > 0) out.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  out.push('## Method', '', report.method, '', 'Load generator and system share this machine\'s cores: the load generator\'s own CPU is listed per run.', '');
  return out.join('\n');
}
