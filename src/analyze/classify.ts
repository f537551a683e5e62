import { buildCallGraph, externalCollaborators, isPureSync, type CallGraph } from './callgraph.js';
import { weighEvidence, type EvidenceOptions } from './evidence.js';
import type { Recommendation, StaticUnit, Target, UnitFeatures, UnitProfile, WorkloadClass } from './types.js';

/**
 * Classify (pure): static features + profile shares → workload class, target, reason,
 * confidence and a predicted end-to-end gain. Every threshold is a named constant below so the
 * rules can be read (and argued with) in one place; docs/analyze.md explains them.
 */

/** Expected per-call speed-up of a unit moved to its target: stated assumptions, not measurements. */
export const ASSUMED_SPEEDUP: Record<Target, Record<WorkloadClass, number>> = {
  // Tight numeric loops: what pivot's own translation of the fixture's pricing kernel measures
  // against V8 (npm run bench:kernels, 2-core Zen 4): Rust ×3.3 with the aggressive profile, ×2.3
  // with the default balanced one (no target-cpu, libm exp/log); Go ×1.35.
  rust: { 'compute-bound': 3, 'concurrency-bound': 2, 'io-bound': 1, orchestration: 1 },
  // A stateful store under concurrent load: Go serves it on all cores behind an RWMutex, where
  // Node serialises every request through one event loop.
  go: { 'compute-bound': 1.3, 'concurrency-bound': 1.5, 'io-bound': 1, orchestration: 1 },
  typescript: { 'compute-bound': 1, 'concurrency-bound': 1, 'io-bound': 1, orchestration: 1 },
};

/** Below this share of project CPU a unit is "cold": moving it cannot pay for a network hop. */
export const HOT_SELF_SHARE = 0.02;
/** Numeric operations (Math.* calls count double) that make a body arithmetic-heavy. */
export const NUMERIC_OPS_COMPUTE = 8;

export interface ClassifyInput {
  unit: StaticUnit;
  /** Features of the unit; for a class, the sum over its methods (see `classFeatures`). */
  features: UnitFeatures;
  /** Undefined when there is no profile (`--no-profile`). */
  profile?: UnitProfile;
  /** Denominator for shares: samples with at least one project frame. */
  projectSamples: number;
  /** The unit's class, when it is a method; already classified (classes go first). */
  parentRecommendation?: Recommendation;
  /** False when no route handler reaches the unit; undefined when the project has no routes. */
  onRequestPath?: boolean;
  /** For a class: other classes / modules its methods call (a coordinator, not a store). */
  collaborators?: string[];
}

export interface Shares {
  selfShare: number;
  totalShare: number;
}

export function sharesOf(profile: UnitProfile | undefined, projectSamples: number): Shares {
  if (!profile || projectSamples <= 0) return { selfShare: 0, totalShare: 0 };
  return { selfShare: profile.selfSamples / projectSamples, totalShare: profile.totalSamples / projectSamples };
}

/** Amdahl: the whole speeds up by 1 / ((1 - p) + p / s) when a share p runs s times faster. */
export function amdahl(share: number, speedup: number): number {
  const p = Math.min(Math.max(share, 0), 1);
  if (speedup <= 0) return 1;
  return 1 / (1 - p + p / speedup);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function numericWeight(f: UnitFeatures): number {
  return f.numericOps + 2 * f.mathCalls;
}

function isStateful(unit: StaticUnit, f: UnitFeatures): boolean {
  return unit.kind === 'class' && f.sharedStateWrites > 0;
}

function clamp01(x: number): number {
  return Math.round(Math.min(Math.max(x, 0), 1) * 100) / 100;
}

interface Verdict {
  workloadClass: WorkloadClass;
  target: Target;
  reason: string;
  confidence: number;
}

function decide(input: ClassifyInput, shares: Shares): Verdict {
  const { unit, features: f, profile, parentRecommendation: parent } = input;
  const profiled = profile !== undefined;
  const hot = !profiled || shares.selfShare >= HOT_SELF_SHARE;
  const heat = profiled ? Math.min(1, shares.selfShare / 0.25) : 0;

  if (f.ioCalls.length > 0) {
    return {
      workloadClass: 'io-bound',
      target: 'typescript',
      reason: `waits on I/O (${f.ioCalls.slice(0, 3).join(', ')}); another language would wait just as long`,
      confidence: clamp01(0.7 + 0.05 * f.ioCalls.length),
    };
  }
  if (parent && parent.target !== 'typescript') {
    return {
      workloadClass: parent.workloadClass,
      target: parent.target,
      reason: `method of ${unit.parent?.split('#')[1] ?? 'its class'}, which moves as a whole`,
      confidence: parent.confidence,
    };
  }
  if (unit.isRouteHandler || f.isAsync || f.awaits > 0 || f.promiseOps > 0) {
    return {
      workloadClass: 'orchestration',
      target: 'typescript',
      reason: unit.isRouteHandler
        ? 'HTTP route handler: wires calls together, stays in the gateway'
        : 'async coordination of other calls; little work of its own',
      confidence: clamp01(0.75 + (profiled && shares.selfShare < HOT_SELF_SHARE ? 0.15 : 0)),
    };
  }
  if (isStateful(unit, f) && input.collaborators && input.collaborators.length > 0) {
    return {
      workloadClass: 'orchestration',
      target: 'typescript',
      reason: `coordinates ${input.collaborators.slice(0, 3).join(', ')}: its state is bookkeeping around their calls`,
      confidence: clamp01(0.7 + 0.05 * input.collaborators.length),
    };
  }
  if (isStateful(unit, f) && input.onRequestPath === false) {
    return {
      workloadClass: 'orchestration',
      target: 'typescript',
      reason: 'stateful, but no route handler reaches it: it only runs while the app starts',
      confidence: 0.7,
    };
  }
  if (isStateful(unit, f)) {
    const reads = f.sharedStateReads;
    const writes = f.sharedStateWrites;
    const readHeavy = reads >= writes;
    return {
      workloadClass: 'concurrency-bound',
      target: 'go',
      reason: `shared mutable state (${reads} reads / ${writes} writes of fields) served to concurrent requests: Go with ${readHeavy ? 'an RWMutex' : 'a Mutex'}`,
      confidence: clamp01(0.6 + (readHeavy ? 0.15 : 0.05) + 0.2 * Math.min(1, shares.totalShare / 0.1)),
    };
  }
  const numeric = numericWeight(f);
  const computeShaped = numeric >= NUMERIC_OPS_COMPUTE && (f.loopDepth >= 1 || f.mathCalls >= 2);
  if (computeShaped && hot) {
    const loops = f.loopDepth >= 2 ? `nested loops (depth ${f.loopDepth})` : f.loopDepth === 1 ? 'a loop' : 'straight-line math';
    const share = profiled ? `${pct(shares.selfShare)} of CPU self` : 'no profile';
    return {
      workloadClass: 'compute-bound',
      target: 'rust',
      reason: `${share}; ${loops} with ${f.numericOps} numeric ops and ${f.mathCalls} Math calls, no I/O`,
      confidence: clamp01((profiled ? 0.55 : 0.4) + 0.35 * heat + (f.loopDepth >= 2 ? 0.1 : 0)),
    };
  }
  if (computeShaped) {
    return {
      workloadClass: 'compute-bound',
      target: 'typescript',
      reason: `arithmetic-heavy but cold (${pct(shares.selfShare)} of CPU self): a service hop would cost more than it saves`,
      confidence: 0.6,
    };
  }
  if (profiled && shares.selfShare >= 0.1 && f.allocations > numeric) {
    return {
      workloadClass: 'compute-bound',
      target: 'typescript',
      reason: `${pct(shares.selfShare)} of CPU spent building objects; optimise in place before moving it`,
      confidence: 0.5,
    };
  }
  return {
    workloadClass: 'orchestration',
    target: 'typescript',
    reason:
      profiled && shares.totalShare > shares.selfShare * 2 && f.calls > 0
        ? `its time is in what it calls (${pct(shares.totalShare)} total vs ${pct(shares.selfShare)} self)`
        : `little work of its own (${profiled ? `${pct(shares.selfShare)} of CPU self` : 'no profile'})`,
    confidence: clamp01(0.6 + (profiled ? 0.2 : 0)),
  };
}

/** Classify one unit. Pure: the same input always gives the same recommendation. */
export function classifyUnit(input: ClassifyInput): Recommendation & Shares {
  const shares = sharesOf(input.profile, input.projectSamples);
  const verdict = decide(input, shares);
  const assumedSpeedup = ASSUMED_SPEEDUP[verdict.target][verdict.workloadClass];
  // Methods share their class's time: the class's own gain already counts them.
  const predictedGain = verdict.target === 'typescript' ? 1 : amdahl(shares.totalShare, assumedSpeedup);
  // Provisional: only weighEvidence makes a unit `recommended`.
  const advice = verdict.target === 'typescript' ? 'stays' : 'candidate';
  return { ...verdict, advice, ...shares, assumedSpeedup, predictedGain: Math.round(predictedGain * 1000) / 1000 };
}

/** Pure, stateless, synchronous callers of a hot Rust kernel in the same module join it: they are its entry points. */
function joinKernels(
  units: StaticUnit[],
  graph: CallGraph,
  out: Map<string, Recommendation & Shares>,
  profiled: boolean,
): void {
  // Each kernel member remembers the hot unit it grew from, so reasons name the real hot spot.
  const origin = new Map<string, string>();
  for (const [id, r] of out) if (r.target === 'rust') origin.set(id, id);
  let changed = true;
  while (changed) {
    changed = false;
    for (const u of units) {
      const current = out.get(u.id)!;
      if (current.target !== 'typescript' || u.kind === 'class' || !isPureSync(u)) continue;
      if (u.parent && out.get(u.parent)?.target !== 'typescript') continue;
      if (u.features.sharedStateReads > 0) continue;
      // A kernel grows only inside its module: evolve extracts modules, not call chains across files.
      const callee = u.calls.find((id) => out.get(id)?.target === 'rust' && id.split('#')[0] === u.file);
      if (!callee) continue;
      if (profiled && current.totalShare < HOT_SELF_SHARE) continue;
      const root = origin.get(callee) ?? callee;
      const rootRec = out.get(root)!;
      const share = profiled ? `${pct(current.totalShare)} of CPU in total` : 'no profile';
      out.set(u.id, {
        ...current,
        workloadClass: 'compute-bound',
        target: 'rust',
        reason: `entry to the compute kernel ${root.split('#')[1] ?? root} (${share}); pure and synchronous, moves with it`,
        confidence: rootRec.confidence,
        assumedSpeedup: ASSUMED_SPEEDUP.rust['compute-bound'],
        predictedGain: Math.round(amdahl(current.totalShare, ASSUMED_SPEEDUP.rust['compute-bound']) * 1000) / 1000,
      });
      origin.set(u.id, root);
      changed = true;
    }
  }
}

/**
 * Classify every unit: classes first (their methods follow them), then the rest, then the
 * call graph joins the pure callers of a Rust kernel to it, then each unit that would move is
 * weighed against the hop it adds (evidence.ts). Returns recommendations by id.
 */
export function classifyUnits(
  units: StaticUnit[],
  profiles: Record<string, UnitProfile> | undefined,
  projectSamples: number,
  /** With a profile: the request count and hop cost the evidence is weighed with. */
  evidence?: EvidenceOptions,
): Map<string, Recommendation & Shares> {
  const out = new Map<string, Recommendation & Shares>();
  const graph = buildCallGraph(units);
  const profileOf = (id: string): UnitProfile | undefined =>
    profiles ? (profiles[id] ?? { selfSamples: 0, totalSamples: 0 }) : undefined;
  const onRequestPath = (id: string) => (graph.requestPath ? graph.requestPath.has(id) : undefined);
  for (const u of units.filter((x) => x.kind === 'class')) {
    // The static pass already sums a class's methods into its features.
    const features = u.features;
    const collaborators = externalCollaborators(u, graph);
    out.set(u.id, classifyUnit({ unit: u, features, profile: profileOf(u.id), projectSamples, onRequestPath: onRequestPath(u.id), collaborators }));
  }
  for (const u of units.filter((x) => x.kind !== 'class')) {
    const parentRecommendation = u.parent ? out.get(u.parent) : undefined;
    out.set(u.id, classifyUnit({ unit: u, features: u.features, profile: profileOf(u.id), projectSamples, parentRecommendation, onRequestPath: onRequestPath(u.id) }));
  }
  joinKernels(units, graph, out, profiles !== undefined);
  weighEvidence(units, out, profiles, evidence);
  return out;
}
