import { mdCell } from '../../table.js';
import type { Analysis } from '../types.js';
import { gainText, percent, profileLinks, recommendationLines, reportedUnits, summaryLines } from './rows.js';

export function renderMarkdownReport(analysis: Analysis): string {
  const { shown, hidden } = reportedUnits(analysis, 40);
  const rows = shown.map(
    (u) =>
      `| \`${mdCell(u.id)}\` | ${u.file}:${u.line} | ${percent(u.selfShare)} | ${percent(u.totalShare)} | ${u.workloadClass} | **${u.target}** | ${u.confidence.toFixed(2)} | ${gainText(u)} | ${mdCell(u.reason)} |`,
  );
  const links = profileLinks(analysis);
  const flame = links.length > 0 ? [...links.map((link) => `${link.text}: [${link.href}](${link.href})`), ''] : [];
  return [
    '# pivot analysis',
    '',
    `Project \`${analysis.project.root}\` — ${analysis.createdAt}, pivot ${analysis.tool.version}.`,
    '',
    ...summaryLines(analysis).map((l) => `- ${l}`),
    '',
    ...flame,
    '## Recommendations',
    '',
    ...recommendationLines(analysis).map((l) => `- ${l}`),
    '',
    '## Hot spots',
    '',
    '| unit | where | self | total | class | target | confidence | predicted gain | reason |',
    '|---|---|---:|---:|---|---|---:|---:|---|',
    ...rows,
    ...(hidden > 0 ? ['', `${hidden} more units are listed in analysis.json.`] : []),
    '',
    '## How to read this',
    '',
    '- *self*: share of samples whose innermost project frame is the unit (built-ins it calls count as its own, since they move with it); *total*: share of samples with the unit anywhere on the stack.',
    '- *advice*: a unit is recommended only when the profile shows its work per call outweighs the hop it would add (the evidence is printed with it); without a profile it is a candidate; a trivial helper never moves (docs/analyze.md).',
    '- *predicted gain*: Amdahl over the unit\'s total share, assuming the per-call speed-up shown; it ignores the cost of the network hop, which `pivot bench` measures.',
    '',
  ].join('\n');
}
