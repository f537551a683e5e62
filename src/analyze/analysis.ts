import { classifyUnits } from './classify.js';
import type { Analysis, AnalysisUnit, ProfileResult, StaticAnalysis, Workload } from './types.js';

export interface BuildAnalysisInput {
  staticAnalysis: StaticAnalysis;
  profile: ProfileResult | null;
  workload: Workload | null;
  /** Flamegraph path as it should appear in analysis.json (relative to the output dir). */
  flamegraphPath?: string;
  version: string;
  createdAt: Date;
}

/**
 * Rank order of the report: hottest self time first, then total time, then the units pivot
 * wants to move, so a static-only run still leads with its recommendations.
 */
export function rankUnits(units: AnalysisUnit[]): AnalysisUnit[] {
  const targetRank = (u: AnalysisUnit) => (u.target === 'typescript' ? 1 : 0);
  return [...units].sort(
    (a, b) =>
      b.selfShare - a.selfShare ||
      b.totalShare - a.totalShare ||
      targetRank(a) - targetRank(b) ||
      b.confidence - a.confidence ||
      a.id.localeCompare(b.id),
  );
}

/** Pure: join the static pass, the profile and the classifier into analysis.json's shape. */
export function buildAnalysis(input: BuildAnalysisInput): Analysis {
  const { staticAnalysis: s, profile } = input;
  const recommendations = classifyUnits(s.units, profile?.byUnit, profile?.projectSamples ?? 0);
  const units: AnalysisUnit[] = s.units.map((u) => {
    const r = recommendations.get(u.id);
    if (!r) throw new Error(`unit ${u.id} was not classified`);
    const p = profile?.byUnit[u.id];
    return {
      id: u.id,
      file: u.file,
      name: u.name,
      kind: u.kind,
      line: u.line,
      column: u.column,
      endLine: u.endLine,
      exported: u.exported,
      ...(u.parent ? { parent: u.parent } : {}),
      selfShare: round4(r.selfShare),
      totalShare: round4(r.totalShare),
      selfSamples: p?.selfSamples ?? 0,
      totalSamples: p?.totalSamples ?? 0,
      workloadClass: r.workloadClass,
      target: r.target,
      reason: r.reason,
      confidence: r.confidence,
      assumedSpeedup: r.assumedSpeedup,
      predictedGain: r.predictedGain,
      features: u.features,
      calls: u.calls,
      isRouteHandler: u.isRouteHandler,
    };
  });
  return {
    schema: 1,
    tool: { name: 'pivot', version: input.version },
    createdAt: input.createdAt.toISOString(),
    project: { root: s.root, files: s.files.length, lines: s.lines },
    profile:
      profile && input.workload
        ? {
            entry: profile.entry,
            totalSamples: profile.totalSamples,
            projectSamples: profile.projectSamples,
            unattributedSamples: profile.unattributedSamples,
            sourceMapped: profile.sourceMapped,
            flamegraph: input.flamegraphPath ?? profile.flamegraphHtml,
            load: profile.load,
            workload: input.workload,
          }
        : null,
    routes: s.routes.map(({ method, path, framework, file, line, handler }) => ({
      method,
      path,
      framework,
      file,
      line,
      ...(handler ? { handler } : {}),
    })),
    units: rankUnits(units),
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
