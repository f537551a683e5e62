import { evidenceText } from '../evidence.js';
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
      ...collectorLines(analysis),
      ...attributionLines(analysis),
      ...dependencyLines(analysis),
      `load: ${p.load.requests} requests in ${p.load.durationSeconds}s (${p.load.requestsPerSecond.toFixed(0)} req/s, p99 ${p.load.latencyP99Ms} ms, ${p.load.errors} errors, ${p.load.non2xx} non-2xx)`,
    );
  } else {
    lines.push('static pass only (--no-profile): shares are 0, recommendations come from the code alone');
  }
  return lines;
}

/** Which profiler ran and why; with cpu-prof, which processes and threads were merged or lost. */
function collectorLines(analysis: Analysis): string[] {
  const p = analysis.profile;
  if (!p?.collector) return [];
  const lines = [`collector: ${p.collector.name} (${p.collector.reason})`];
  const processes = p.processes ?? [];
  if (processes.length > 0) {
    const merged = processes.filter((x) => x.state === 'merged');
    const roles = [...new Set(merged.map((x) => x.role))].map((role) => `${merged.filter((x) => x.role === role).length} ${role}`).join(', ');
    lines.push(`processes: ${merged.length} merged (${roles || 'none'}), ${processes.filter((x) => x.state === 'not-project').length} without project code (wrappers)`);
    for (const lost of processes.filter((x) => x.state === 'lost')) {
      lines.push(`lost: pid ${lost.pid}${lost.threadId ? ` thread ${lost.threadId}` : ''} (${lost.role}, ${lost.command}) wrote no profile: it was killed or crashed before a clean exit`);
    }
  }
  return lines;
}

/** Hot node_modules packages: share, who called them, and what a service would use instead. */
export function dependencyLines(analysis: Analysis): string[] {
  return (analysis.profile?.dependencies ?? []).map((d) => {
    const callers = d.callers.map((c) => `${c.unit} ${c.samples}`).join(', ');
    const native = d.native
      ? `a service would use the ${d.native.rust} crate (Rust) or ${d.native.go} (Go) for ${d.native.what}${d.native.note ? `; ${d.native.note}` : ''}`
      : "pivot's table (data/native-equivalents.json) has no native equivalent for it";
    return `hot dependency: ${d.name} ran innermost in ${percent(d.share)} of project samples (called from ${callers}); ${native}`;
  });
}

/** How much of the project's own time reached a unit, and by which mapping. */
function attributionLines(analysis: Analysis): string[] {
  const a = analysis.profile?.attribution;
  if (!a || a.ownSamples === 0) return [];
  const total = a.via.sourceMap + a.via.name + a.via.position;
  const via = total === 0 ? '' : `; located by source map ${percent(a.via.sourceMap / total)}, by name ${percent(a.via.name / total)}, by own position ${percent(a.via.position / total)}`;
  const p = analysis.profile!;
  const stack = p.projectSamples > 0 ? ` (${percent((p.projectSamples - p.unattributedSamples) / p.projectSamples)} of ${p.projectSamples} with its code on the stack)` : '';
  return [`attributed: ${percent((a.ownSamples - a.ownUnattributed) / a.ownSamples)} of ${a.ownSamples} samples in the project's own code${stack}${via}`];
}

/**
 * What to run next: one line per unit to extract. Methods move with their class and the inner
 * functions of a Rust kernel move with its entry, so only entries are listed.
 */
export function recommendationLines(analysis: Analysis): string[] {
  const verdict = analysis.profile?.verdict;
  if (verdict && !verdict.given) return [`No verdict: ${verdict.reason ?? 'the profile could not be attributed'}.`, `To get one: ${verdict.hint ?? 'see docs/analyze.md'}.`];
  const target = new Map(analysis.units.map((u) => [u.id, u.target]));
  const calledFromSameTarget = new Set<string>();
  for (const u of analysis.units) {
    for (const callee of u.calls) if (u.target !== 'typescript' && target.get(callee) === u.target) calledFromSameTarget.add(callee);
  }
  const moves = analysis.units.filter((u) => u.target !== 'typescript' && u.kind !== 'method' && !calledFromSameTarget.has(u.id));
  // Hot units weighed and refused: the reason is the advice.
  const refused = analysis.units.filter((u) => u.advice === 'stays' && u.evidence && u.kind !== 'method').slice(0, 5);
  const refusals = refused.map((u) => `Stays: ${u.id}: ${u.reason}`);
  if (moves.length === 0) return ['No unit is worth moving: keep the monolith as it is.', ...refusals];
  return [...moves.map(moveLine), ...refusals];
}

function moveLine(u: AnalysisUnit): string {
  const language = u.target === 'rust' ? 'Rust' : 'Go';
  const evolve = `pivot evolve ${u.file}#${u.name} --target ${u.target}`;
  if (u.advice === 'candidate') {
    return `Candidate for ${language} (no profile, so no evidence yet): ${u.id} (${u.workloadClass}) → profile it (pivot analyze without --no-profile) before ${evolve}`;
  }
  const evidence = u.evidence ? `; evidence: ${evidenceText(u.evidence)}${u.evidence.basis === 'state' ? `: the hop outweighs the work, so it moves for its state (one Go process serving every gateway replica; ${percent(u.evidence.workloadShare ?? 0)} of the busy samples under load), not for speed` : ''}` : '';
  return `${language}: ${u.id} (${u.workloadClass}, confidence ${u.confidence.toFixed(2)}, predicted gain ${gainText(u)} assuming ${u.assumedSpeedup}× per call${evidence}) → ${evolve}`;
}

/** The profile's artefacts to link: 0x's flamegraph, or the merged .cpuprofile files (at most 8 listed). */
export function profileLinks(analysis: Analysis): { text: string; href: string }[] {
  const p = analysis.profile;
  if (!p) return [];
  if (p.flamegraph) return [{ text: 'Flamegraph (0x)', href: p.flamegraph }];
  return (p.cpuProfiles ?? []).slice(0, 8).map((href) => ({ text: 'V8 CPU profile (open in Chrome DevTools or speedscope)', href }));
}
