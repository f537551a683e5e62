import { classifyUnits } from './classify.js';
import { HOP_COST_SOURCE, HOP_COST_US } from './evidence.js';
import { nativeEquivalents, type NativeEquivalents } from './native-equivalents.js';
import type { Analysis, AnalysisUnit, HotDependency, PackageProfile, ProfileResult, StaticAnalysis, UnattributedSpot, Verdict, Workload } from './types.js';

/** Above this share of unattributed project samples pivot gives no verdict. */
export const UNATTRIBUTED_LIMIT = 0.1;
/** A package that ran innermost in at least this share of project samples is reported as hot. */
export const HOT_DEPENDENCY_SHARE = 0.02;
/** Callers listed per hot package. */
const CALLERS_KEPT = 3;

export interface BuildAnalysisInput {
  staticAnalysis: StaticAnalysis;
  profile: ProfileResult | null;
  workload: Workload | null;
  /** Flamegraph path as it should appear in analysis.json (relative to the output dir). */
  flamegraphPath?: string;
  /** The .cpuprofile paths as they should appear in analysis.json (relative to the output dir). */
  cpuProfilePaths?: string[];
  version: string;
  createdAt: Date;
  /** `--hop-cost-us`: the per-call cost of a service hop; default HOP_COST_US, measured. */
  hopCostUs?: number;
  /** The native-equivalents table; default the bundled data/native-equivalents.json. */
  natives?: NativeEquivalents;
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
  const hop = input.hopCostUs === undefined ? { hopCostUs: HOP_COST_US, hopCostSource: HOP_COST_SOURCE } : { hopCostUs: input.hopCostUs, hopCostSource: '--hop-cost-us' };
  const evidence = profile ? { requests: profile.load.requests, workloadSamples: profile.busySamples ?? profile.totalSamples - (profile.startupSamples ?? 0), ...hop } : undefined;
  const recommendations = classifyUnits(s.units, profile?.byUnit, profile?.projectSamples ?? 0, evidence);
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
      advice: r.advice,
      ...(r.evidence ? { evidence: r.evidence } : {}),
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
            ...(profile.collector ? { collector: profile.collector } : {}),
            ...optional('flamegraph', input.flamegraphPath ?? profile.flamegraphHtml),
            ...optional('cpuProfiles', input.cpuProfilePaths ?? profile.cpuProfiles),
            ...optional('processes', profile.processes),
            ...optional('attribution', profile.attribution),
            ...optional('dependencies', hotDependencies(profile.packages, profile.projectSamples, input.natives)),
            ...(profile.attribution ? { verdict: verdictOf(profile, new Set(s.files)) } : {}),
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

/** The packages with at least HOT_DEPENDENCY_SHARE of project samples, each with its native equivalent or null. */
export function hotDependencies(
  packages: readonly PackageProfile[] | undefined,
  projectSamples: number,
  natives: NativeEquivalents = nativeEquivalents(),
): HotDependency[] | undefined {
  if (!packages || projectSamples <= 0) return undefined;
  return packages
    .filter((p) => p.samples / projectSamples >= HOT_DEPENDENCY_SHARE)
    .map((p) => ({
      name: p.name,
      samples: p.samples,
      share: round4(p.samples / projectSamples),
      callers: p.callers.slice(0, CALLERS_KEPT),
      native: natives[p.name] ?? null,
    }));
}

/**
 * Pure: whether the profile can carry a verdict. With more than UNATTRIBUTED_LIMIT of the
 * project's own samples outside every unit — or of all its samples, counting those in a
 * dependency whose innermost project caller is outside every unit (a module-level callback
 * calling bcrypt) — the ranking would be built on what is left, so pivot says how many, where,
 * and how to fix it instead.
 */
export function verdictOf(
  profile: Pick<ProfileResult, 'attribution'> & Partial<Pick<ProfileResult, 'projectSamples' | 'unattributedSamples'>>,
  /** The static pass's files: a JS spot among them is source, not build output. */
  sourceFiles: ReadonlySet<string> = new Set(),
): Verdict {
  const summary = profile.attribution;
  if (!summary) return { given: true };
  const own = { missed: summary.ownUnattributed, of: summary.ownSamples, what: "samples in the project's own code" };
  const all = { missed: profile.unattributedSamples ?? 0, of: profile.projectSamples ?? 0, what: "samples with the project's code on the stack" };
  const share = (part: typeof own) => (part.of > 0 ? part.missed / part.of : 0);
  const worst = share(own) > UNATTRIBUTED_LIMIT ? own : share(all) > UNATTRIBUTED_LIMIT ? all : undefined;
  if (!worst) return { given: true };
  const where = summary.unattributedTop.map((spot) => `${spot.file}:${spot.line} ${spot.name} (${spot.samples})`).join(', ');
  return {
    given: false,
    reason: `${worst.missed} of ${worst.of} ${worst.what} (${(share(worst) * 100).toFixed(1)} %, more than ${UNATTRIBUTED_LIMIT * 100} %) could not be given to a unit; most are in ${where}`,
    hint: unattributedHint(summary.unattributedTop, sourceFiles),
  };
}

function unattributedHint(spots: readonly UnattributedSpot[], sourceFiles: ReadonlySet<string>): string {
  if (spots.some((spot) => /\.[cm]?jsx?$/.test(spot.file) && !sourceFiles.has(spot.file))) {
    return 'pivot could not map that compiled JS back to the TypeScript units: build with "sourceMap": true (or "inlineSourceMap") in tsconfig.json, or start the sources themselves (e.g. --start "npx tsx src/main.ts")';
  }
  if (spots.some((spot) => spot.line === 0)) {
    return 'that TypeScript ran compiled in memory and its source map was not at hand: profile with --collector cpu-prof (it keeps the maps tsx and ts-node hold), or run a build made with "sourceMap": true';
  }
  return 'that code is outside every function and class pivot treats as a unit (module top level, or a callback in one): move the hot code into a named function, or check the units listed in analysis.json';
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
