/**
 * What one analyze run of a corpus project showed, read from its analysis.json, and the table of
 * all runs (pure: analysis in, rows and text out).
 */
import { recommendationLines } from '../../src/analyze/report/rows.js';
import type { Analysis } from '../../src/analyze/types.js';
import { compareRoutes, type CorpusProject, type RouteComparison } from './definition.js';

export type MapsVariant = 'maps' | 'no maps' | 'plain JS';

export interface RunRow {
  project: string;
  framework: string;
  variant: MapsVariant;
  /** Set when the run failed: what went wrong, in one line. */
  error?: string;
  routes?: RouteComparison;
  collector?: string;
  ownSamples?: number;
  /** Share of the project's own samples attributed to a unit, 0..1. */
  attributed?: number;
  /** How the project's samples were located: source map / name / own position. */
  via?: string;
  top?: string[];
  verdict?: string;
  load?: string;
  /** Where analysis.json and the log are. */
  output?: string;
}

/** The acceptance: every declared route found, at least 95 % of own samples attributed. */
export const ATTRIBUTED_GOAL = 0.95;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

export function rowOf(project: CorpusProject, variant: MapsVariant, analysis: Analysis, output: string): RunRow {
  const profile = analysis.profile;
  const row: RunRow = { project: project.name, framework: project.framework, variant, routes: compareRoutes(project.routes, analysis.routes), output };
  if (!profile) return { ...row, error: 'no profile in analysis.json' };
  const attribution = profile.attribution;
  const processes = (profile.processes ?? []).filter((p) => p.state === 'merged');
  const roles = [...new Set(processes.map((p) => p.role))].map((role) => `${processes.filter((p) => p.role === role).length} ${role}`);
  const lost = (profile.processes ?? []).filter((p) => p.state === 'lost').length;
  row.collector = `${profile.collector?.name ?? '0x'}${roles.length > 0 ? ` (${roles.join(', ')}${lost ? `, ${lost} lost` : ''})` : ''}`;
  if (attribution && attribution.ownSamples > 0) {
    row.ownSamples = attribution.ownSamples;
    row.attributed = (attribution.ownSamples - attribution.ownUnattributed) / attribution.ownSamples;
    const { sourceMap, name, position } = attribution.via;
    const total = sourceMap + name + position;
    if (total > 0) row.via = `map ${percent(sourceMap / total)} / name ${percent(name / total)} / position ${percent(position / total)}`;
  }
  row.top = [...analysis.units]
    .filter((unit) => unit.selfSamples > 0)
    .sort((a, b) => b.selfShare - a.selfShare)
    .slice(0, 3)
    .map((unit) => `${unit.id} ${percent(unit.selfShare)} → ${unit.target}`);
  row.verdict = verdictText(analysis);
  const load = profile.load;
  row.load = `${load.requests} req (${load.requestsPerSecond}/s), ${load.non2xx} non-2xx, ${load.errors} errors`;
  return row;
}

/** pivot's own verdict lines, shortened: "keep as is", "Rust: a; Go: b", or "no verdict: why". */
export function verdictText(analysis: Analysis): string {
  const lines = recommendationLines(analysis);
  const first = lines[0] ?? '';
  if (first.startsWith('No verdict')) return first.replace(/^No verdict: /, 'no verdict: ').replace(/\.$/, '');
  if (first.startsWith('No unit is worth moving')) return 'keep as is';
  return lines.map((line) => /^(Rust|Go): (\S+)/.exec(line)).filter((m) => m !== null).map((m) => `${m[1]}: ${m[2]}`).join('; ');
}

/** What misses the acceptance in a row, in words; empty when nothing does. */
export function missesOf(row: RunRow): string[] {
  if (row.error) return [`failed: ${row.error}`];
  const misses: string[] = [];
  if (row.routes && row.routes.missing.length > 0) misses.push(`${row.routes.missing.length} declared route(s) not found: ${row.routes.missing.join(', ')}`);
  if (row.attributed === undefined) misses.push('no own samples to attribute');
  else if (row.attributed < ATTRIBUTED_GOAL) misses.push(`${percent(row.attributed)} attributed (goal ${percent(ATTRIBUTED_GOAL)})`);
  return misses;
}

const cell = (text: string | undefined) => (text ?? '—').replace(/\|/g, '\\|');

export function markdownTable(rows: readonly RunRow[]): string {
  const head = '| project | framework | maps | routes found / declared | collector | own samples attributed | top units (self) | verdict | load |';
  const rule = '|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map((row) => {
    if (row.error) return `| ${row.project} | ${cell(row.framework)} | ${row.variant} | ${row.routes ? `${row.routes.found} / ${row.routes.declared}` : '—'} | — | — | — | **failed**: ${cell(row.error)} | — |`;
    const attributed = row.attributed === undefined ? '—' : `${percent(row.attributed)} of ${row.ownSamples}${row.via ? ` (${row.via})` : ''}`;
    return `| ${row.project} | ${cell(row.framework)} | ${row.variant} | ${row.routes ? `${row.routes.found} / ${row.routes.declared}` : '—'} | ${cell(row.collector)} | ${attributed} | ${cell(row.top?.join('<br>'))} | ${cell(row.verdict)} | ${cell(row.load)} |`;
  });
  return [head, rule, ...lines].join('\n');
}

/** The same rows for a terminal: one block per run. */
export function terminalSummary(rows: readonly RunRow[]): string {
  return rows
    .map((row) => {
      const title = `${row.project} (${row.framework}, ${row.variant})`;
      if (row.error) return `${title}\n  FAILED: ${row.error}`;
      const lines = [
        title,
        `  routes found/declared: ${row.routes ? `${row.routes.found}/${row.routes.declared}` : '—'}${row.routes?.extra.length ? ` (+${row.routes.extra.length} not declared)` : ''}`,
        `  collector: ${row.collector ?? '—'}`,
        `  attributed: ${row.attributed === undefined ? '—' : `${percent(row.attributed)} of ${row.ownSamples} own samples`}${row.via ? ` — ${row.via}` : ''}`,
        `  top units: ${row.top?.length ? row.top.join('; ') : '—'}`,
        `  verdict: ${row.verdict ?? '—'}`,
        `  load: ${row.load ?? '—'}`,
      ];
      for (const miss of missesOf(row)) lines.push(`  MISSES: ${miss}`);
      return lines.join('\n');
    })
    .join('\n\n');
}
