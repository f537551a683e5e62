import { escapeHtml } from '../../table.js';
import type { Analysis, AnalysisUnit } from '../types.js';
import { gainText, percent, profileLinks, recommendationLines, reportedUnits, summaryLines } from './rows.js';

const TARGET_COLOR: Record<AnalysisUnit['target'], string> = { rust: '#b7410e', go: '#00add8', typescript: '#3178c6' };

function bar(share: number): string {
  const width = Math.round(Math.min(1, share) * 100);
  return `<span class="bar"><span style="width:${width}%"></span></span>`;
}

/** A standalone HTML report: ranked table with share bars, recommendations, the flamegraph linked. */
export function renderHtmlReport(analysis: Analysis): string {
  const { shown, hidden } = reportedUnits(analysis, 60);
  const rows = shown
    .map(
      (u) => `<tr>
  <td><code>${escapeHtml(u.id)}</code><div class="where">${escapeHtml(u.file)}:${u.line} · ${u.kind}</div></td>
  <td class="num">${percent(u.selfShare)} ${bar(u.selfShare)}</td>
  <td class="num">${percent(u.totalShare)} ${bar(u.totalShare)}</td>
  <td>${u.workloadClass}</td>
  <td><span class="target" style="background:${TARGET_COLOR[u.target]}">${u.target}</span></td>
  <td class="num">${u.confidence.toFixed(2)}</td>
  <td class="num">${gainText(u)}</td>
  <td>${escapeHtml(u.reason)}</td>
</tr>`,
    )
    .join('\n');
  const flame = profileLinks(analysis)
    .map((link) => `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`)
    .join('\n') || '<p>No profile: static pass only.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>pivot analysis — ${escapeHtml(analysis.project.root)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d1d1f; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { border-bottom: 1px solid #e4e4e7; padding: .4rem .6rem; text-align: left; vertical-align: top; }
  th { background: #f4f4f5; position: sticky; top: 0; }
  td.num { text-align: right; white-space: nowrap; }
  .where { color: #71717a; font-size: 12px; }
  .bar { display: inline-block; width: 60px; height: 8px; background: #e4e4e7; vertical-align: middle; margin-left: .3rem; }
  .bar span { display: block; height: 100%; background: #f97316; }
  .target { color: white; border-radius: 4px; padding: 0 .4rem; font-weight: 600; }
  ul.summary { color: #3f3f46; }
</style>
</head>
<body>
<h1>pivot analysis</h1>
<div class="where">${escapeHtml(analysis.project.root)} — ${escapeHtml(analysis.createdAt)} — pivot ${escapeHtml(analysis.tool.version)}</div>
<ul class="summary">${summaryLines(analysis).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
${flame}
<h2>Recommendations</h2>
<ul>${recommendationLines(analysis).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
<h2>Hot spots</h2>
<table>
<thead><tr><th>unit</th><th>self</th><th>total</th><th>class</th><th>target</th><th>confidence</th><th>predicted gain</th><th>reason</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${hidden > 0 ? `<p>${hidden} more units are listed in analysis.json.</p>` : ''}
<p class="where">Self: samples whose innermost project frame is the unit. Total: samples with the unit anywhere on the stack. Predicted gain: Amdahl over the total share with the assumed per-call speed-up; the network hop is not included.</p>
</body>
</html>
`;
}
