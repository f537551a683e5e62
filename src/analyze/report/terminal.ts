import { renderTable } from '../../table.js';
import type { Analysis } from '../types.js';
import { gainText, percent, recommendationLines, reportedUnits, summaryLines, unitLabel } from './rows.js';

/** The ranked hotspot table printed by `pivot analyze`. */
export function renderTerminalReport(analysis: Analysis, limit = 15): string {
  const { shown, hidden } = reportedUnits(analysis, limit);
  const table = renderTable(
    [
      { header: 'unit', max: 48 },
      { header: 'self', align: 'right' },
      { header: 'total', align: 'right' },
      { header: 'class' },
      { header: 'target' },
      { header: 'gain', align: 'right' },
      { header: 'reason', max: 70 },
    ],
    shown.map((u) => [unitLabel(u), percent(u.selfShare), percent(u.totalShare), u.workloadClass, u.target, gainText(u), u.reason]),
  );
  const more = hidden > 0 ? [`(${hidden} more units in analysis.json)`] : [];
  return [...summaryLines(analysis), '', table, ...more, '', ...recommendationLines(analysis)].join('\n');
}
