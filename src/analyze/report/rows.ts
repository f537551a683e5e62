import type { Analysis, AnalysisUnit } from '../types.js';

/** The units a report lists: profiled ones with any share, and every recommendation to move. */
export function reportedUnits(analysis: Analysis, limit: number): { shown: AnalysisUnit[]; hidden: number } {
  const interesting = analysis.units.filter(
    (u) => u.selfShare > 0 || u.totalShare > 0 || u.target !== 'typescript' || analysis.profile === null,
  );
  const shown = interesting.slice(0, limit);
  return { shown, hidden: analysis.units.length - shown.length };
}

export const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export function gainText(u: AnalysisUnit): string {
  return u.target === 'typescript' ? '—' : `×${u.predictedGain.toFixed(2)}`;
}

export function unitLabel(u: AnalysisUnit): string {
  return `${u.id}:${u.line}`;
}

export function summaryLines(analysis: Analysis): string[] {
  const lines = [`${analysis.project.files} files, ${analysis.project.lines} lines, ${analysis.units.length} units, ${analysis.routes.length} routes`];
  const p = analysis.profile;
  if (p) {
    const attributed = p.totalSamples > 0 ? p.projectSamples / p.totalSamples : 0;
    lines.push(
      `profile: ${p.totalSamples} samples, ${percent(attributed)} in project code${p.sourceMapped ? ' (mapped to TypeScript through source maps)' : ''}`,
      `load: ${p.load.requests} requests in ${p.load.durationSeconds}s (${p.load.requestsPerSecond.toFixed(0)} req/s, p99 ${p.load.latencyP99Ms} ms, ${p.load.errors} errors, ${p.load.non2xx} non-2xx)`,
    );
  } else {
    lines.push('static pass only (--no-profile): shares are 0, recommendations come from the code alone');
  }
  return lines;
}

/**
 * What to run next: one line per unit to extract. Methods move with their class and the inner
 * functions of a Rust kernel move with its entry, so only entries are listed.
 */
export function recommendationLines(analysis: Analysis): string[] {
  const target = new Map(analysis.units.map((u) => [u.id, u.target]));
  const calledFromSameTarget = new Set<string>();
  for (const u of analysis.units) {
    for (const callee of u.calls) if (u.target !== 'typescript' && target.get(callee) === u.target) calledFromSameTarget.add(callee);
  }
  const moves = analysis.units.filter((u) => u.target !== 'typescript' && u.kind !== 'method' && !calledFromSameTarget.has(u.id));
  if (moves.length === 0) return ['No unit is worth moving: keep the monolith as it is.'];
  return moves.map(
    (u) =>
      `${u.target === 'rust' ? 'Rust' : 'Go'}: ${u.id} (${u.workloadClass}, confidence ${u.confidence.toFixed(2)}, predicted gain ${gainText(u)} assuming ${u.assumedSpeedup}× per call) → pivot evolve ${u.file}#${u.name} --target ${u.target}`,
  );
}
