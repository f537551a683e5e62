import { renderTable, type Column } from '../../table.js';
import { describeRequest } from './requests.js';
import type { FuzzReport } from './runner.js';

/** Pure: the per-target table of a fuzz run, and the first failing request with its seed to replay it. */
export function renderFuzzReport(report: FuzzReport): string {
  const columns: Column[] = [
    { header: 'target' },
    { header: 'requests', align: 'right' },
    { header: 'by status', max: 80 },
    { header: '5xx', align: 'right' },
    { header: 'no answer', align: 'right' },
    { header: 'status ≠ monolith', align: 'right' },
    { header: 'undeclared', align: 'right' },
    { header: 'error not JSON', align: 'right' },
    { header: 'oversize → 413', align: 'right' },
    { header: 'crashes', align: 'right' },
  ];
  const rows = report.tallies.map((t) => [
    t.target,
    String(t.requests),
    Object.entries(t.byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, n]) => `${s}: ${n}`)
      .join(', '),
    String(t.serverErrors),
    String(t.noAnswer),
    t.mismatches === undefined ? (t.target === report.tallies[0]?.target ? '0' : '-') : String(t.mismatches),
    String(t.undeclared),
    String(t.notJson),
    `${t.oversize413}/${t.oversize}`,
    String(t.crashes),
  ]);
  const lines = [renderTable(columns, rows), '', `seed ${report.seed}, ${report.tallies.reduce((n, t) => n + t.requests, 0)} requests in ${report.seconds.toFixed(1)} s`];
  const first = report.failures[0];
  if (first) {
    lines.push(`${report.failures.length} failures; the first (request #${first.index} of seed ${report.seed}, ${first.kind}) on ${first.request.target}:`);
    lines.push(`  ${describeRequest(first.request)}`);
    lines.push(`  answered ${first.answer.status || first.answer.error}${first.monolith ? `, the monolith ${first.monolith.status || first.monolith.error}` : ''}`);
  } else lines.push('no failures');
  return lines.join('\n');
}

/** A crash, or any failure at all, fails the run. */
export function fuzzPassed(report: FuzzReport): boolean {
  return report.failures.length === 0 && report.tallies.every((t) => t.crashes === 0);
}
