import type { Recommendation, StaticUnit, Target, UnitFeatures, UnitProfile, WorkloadClass } from './types.js';

/**
 * Classify (pure): static features + profile shares → workload class, target, reason,
 * confidence and a predicted end-to-end gain. Every threshold is a named constant below so the
 * rules can be read (and argued with) in one place; docs/analyze.md explains them.
 */

/** Expected per-call speed-up of a unit moved to its target: stated assumptions, not measurements. */
export const ASSUMED_SPEEDUP: Record<Target, Record<WorkloadClass, number>> = {
  // Tight numeric loops: V8's JIT is good, but Rust with LLVM (no deopts, unboxed f64, SIMD) is
  // typically 3–10× on such kernels; we assume the low end.
  rust: { 'compute-bound': 4, 'concurrency-bound': 2, 'io-bound': 1, orchestration: 1 },
  // A stateful store under concurrent load: Go serves it on all cores behind an RWMutex, where
  // Node serialises every request through one event loop.
  go: { 'compute-bound': 2.5, 'concurrency-bound': 1.5, 'io-bound': 1, orchestration: 1 },
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
  return { ...verdict, ...shares, assumedSpeedup, predictedGain: Math.round(predictedGain * 1000) / 1000 };
}

/** A class's features: its own (field initialisers) plus its methods', summed. */
export function classFeatures(cls: StaticUnit, methods: StaticUnit[]): UnitFeatures {
  const sum = { ...cls.features, ioCalls: [...cls.features.ioCalls] };
  for (const m of methods) {
    const f = m.features;
    sum.loopDepth = Math.max(sum.loopDepth, f.loopDepth);
    sum.loops += f.loops;
    sum.numericOps += f.numericOps;
    sum.mathCalls += f.mathCalls;
    sum.allocations += f.allocations;
    sum.isAsync = sum.isAsync || f.isAsync;
    sum.awaits += f.awaits;
    sum.promiseOps += f.promiseOps;
    for (const io of f.ioCalls) if (!sum.ioCalls.includes(io)) sum.ioCalls.push(io);
    sum.sharedStateReads += f.sharedStateReads;
    sum.sharedStateWrites += f.sharedStateWrites;
    sum.calls += f.calls;
  }
  return sum;
}

/**
 * Classify every unit: classes first (their methods follow them), then the rest.
 * Returns recommendations keyed by unit id.
 */
export function classifyUnits(
  units: StaticUnit[],
  profiles: Record<string, UnitProfile> | undefined,
  projectSamples: number,
): Map<string, Recommendation & Shares> {
  const out = new Map<string, Recommendation & Shares>();
  const methodsOf = new Map<string, StaticUnit[]>();
  for (const u of units) {
    if (u.parent) methodsOf.set(u.parent, [...(methodsOf.get(u.parent) ?? []), u]);
  }
  const profileOf = (id: string): UnitProfile | undefined =>
    profiles ? (profiles[id] ?? { selfSamples: 0, totalSamples: 0 }) : undefined;
  for (const u of units.filter((x) => x.kind === 'class')) {
    const features = classFeatures(u, methodsOf.get(u.id) ?? []);
    out.set(u.id, classifyUnit({ unit: u, features, profile: profileOf(u.id), projectSamples }));
  }
  for (const u of units.filter((x) => x.kind !== 'class')) {
    const parentRecommendation = u.parent ? out.get(u.parent) : undefined;
    out.set(u.id, classifyUnit({ unit: u, features: u.features, profile: profileOf(u.id), projectSamples, parentRecommendation }));
  }
  return out;
}
