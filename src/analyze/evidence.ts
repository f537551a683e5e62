/**
 * No advice without evidence (pure). After classify has picked targets, every unit that would be
 * extracted on its own (an entry: not a method of a moving class, not called by a unit moving to
 * the same target) is weighed:
 * - a trivial helper (no loop, no calls, a handful of operations) always stays: a hop costs more;
 * - without a profile the unit is only a *candidate*;
 * - with one it is *recommended* only when its measured work per call outweighs the hop it adds
 *   (calls per request × hop cost); otherwise it stays, with the numbers as its reason.
 * A stateful store is the one exception, stated in its evidence: it moves to Go for its state when
 * it holds at least STORE_BUSY_SHARE of the busy samples under load (not just of the project's).
 * Callees of a refused entry are weighed in the next round, as entries of their own.
 */
import type { Advice, Evidence, Recommendation, StaticUnit, UnitFeatures, UnitProfile } from './types.js';

/**
 * Median loopback HTTP round trip with undici (the generated gateway's client) to a node:http
 * server on the 2-core dev machine: 76, 86 and 112 µs over three runs of `npx tsx bench/hop.ts`
 * (5000 sequential POSTs each, December 2026). Override with `pivot analyze --hop-cost-us`.
 */
export const HOP_COST_US = 100;
export const HOP_COST_SOURCE = 'measured: median loopback round trip with undici, bench/hop.ts';
/** V8's default sampling interval for both --prof (0x) and --cpu-prof; pivot does not change it. */
export const SAMPLE_INTERVAL_US = 1000;
/** A sampling profile counts no calls: pivot assumes one call of an extracted unit per request. */
export const ASSUMED_CALLS_PER_REQUEST = 1;
/** At most this many numeric operations (Math calls included) and statements make a helper trivial. */
export const TRIVIAL_OPS = 16;
export const TRIVIAL_STATEMENTS = 8;
/**
 * A store moves for its state only with this share of the process's busy samples: the fixture's
 * InventoryStore holds 2.8-5 % across loaded and quiet runs, home-library's stores < 0.7 %.
 */
export const STORE_BUSY_SHARE = 0.01;

export interface EvidenceOptions {
  /** Requests the workload completed while the profile was taken. */
  requests: number;
  hopCostUs: number;
  /** Where the hop cost came from, printed with the evidence. */
  hopCostSource: string;
  sampleIntervalUs?: number;
  /** Busy samples under load (start-up and idle excluded): the base of a store's share of the process's work. */
  workloadSamples?: number;
}

type Gated = Recommendation & { totalShare: number; selfShare: number };

/** No loop, no call to another unit (so no recursion), a few operations: cheaper than any hop. */
export function isTrivialHelper(unit: StaticUnit, features: UnitFeatures = unit.features): boolean {
  if (unit.kind === 'class') return false;
  return features.loopDepth === 0 && unit.calls.length === 0 && features.numericOps + features.mathCalls <= TRIVIAL_OPS && features.statements <= TRIVIAL_STATEMENTS;
}

export function evidenceOf(profile: UnitProfile, options: EvidenceOptions): Evidence {
  const interval = options.sampleIntervalUs ?? SAMPLE_INTERVAL_US;
  const calls = Math.max(1, options.requests) * ASSUMED_CALLS_PER_REQUEST;
  const perCall = (samples: number) => Math.round((samples * interval * 10) / calls) / 10;
  const totalUsPerCall = perCall(profile.totalSamples);
  const hopUsPerRequest = ASSUMED_CALLS_PER_REQUEST * options.hopCostUs;
  return {
    requests: options.requests,
    sampleIntervalUs: interval,
    selfUsPerCall: perCall(profile.selfSamples),
    totalUsPerCall,
    callsPerRequest: ASSUMED_CALLS_PER_REQUEST,
    callsPerRequestSource: 'assumed',
    hopCostUs: options.hopCostUs,
    hopCostSource: options.hopCostSource,
    hopUsPerRequest,
    outweighs: options.requests > 0 && totalUsPerCall * ASSUMED_CALLS_PER_REQUEST > hopUsPerRequest,
  };
}

/** A store's total samples over the busy samples under load. */
function storeShare(profile: UnitProfile | undefined, options: EvidenceOptions): number {
  return profile && options.workloadSamples ? profile.totalSamples / options.workloadSamples : 0;
}

/** One line: the measured work per call against the hop it would add. */
export function evidenceText(e: Evidence): string {
  return `${e.totalUsPerCall} µs of work per call (self ${e.selfUsPerCall} µs; ${e.requests} requests, ${e.sampleIntervalUs / 1000} ms per sample) vs ${e.callsPerRequest} call per request (assumed) × ${e.hopCostUs} µs hop (${e.hopCostSource})`;
}

/** The units extracted on their own: moving, not a method of a moving class, not called by a unit moving to the same target. */
function entries(units: readonly StaticUnit[], out: Map<string, Gated>): StaticUnit[] {
  const calledFromSameTarget = new Set<string>();
  for (const u of units) {
    const target = out.get(u.id)!.target;
    if (target === 'typescript') continue;
    for (const callee of u.calls) if (callee !== u.id && out.get(callee)?.target === target) calledFromSameTarget.add(callee);
  }
  // Methods never move alone: they follow their class (settleFollowers).
  return units.filter((u) => u.kind !== 'method' && out.get(u.id)!.target !== 'typescript' && !calledFromSameTarget.has(u.id));
}

function stays(r: Gated, reason: string, evidence?: Evidence): Gated {
  return { ...r, target: 'typescript', advice: 'stays', reason, assumedSpeedup: 1, predictedGain: 1, ...(evidence ? { evidence } : {}) };
}

/**
 * Weighs every entry (see the module comment) and settles the advice of the units that move with
 * one. `profiles` undefined means no profile: nothing is more than a candidate.
 */
export function weighEvidence(
  units: readonly StaticUnit[],
  out: Map<string, Gated>,
  profiles: Record<string, UnitProfile> | undefined,
  options: EvidenceOptions | undefined,
): void {
  const weighed = new Set<string>();
  for (let round = entries(units, out).filter((u) => !weighed.has(u.id)); round.length > 0; round = entries(units, out).filter((u) => !weighed.has(u.id))) {
    for (const u of round) {
      weighed.add(u.id);
      const r = out.get(u.id)!;
      if (isTrivialHelper(u)) {
        const ops = u.features.numericOps + u.features.mathCalls;
        out.set(u.id, stays(r, `trivial helper (${ops} operations, no loop, no calls): a service hop (~${options?.hopCostUs ?? HOP_COST_US} µs) costs far more than its work`));
        continue;
      }
      if (!profiles || !options) {
        out.set(u.id, { ...r, advice: 'candidate' });
        continue;
      }
      const evidence = evidenceOf(profiles[u.id] ?? { selfSamples: 0, totalSamples: 0 }, options);
      if (options.requests <= 0) out.set(u.id, stays(r, 'no request completed under load: there is no measured work per call to weigh against a hop', evidence));
      else if (evidence.outweighs) out.set(u.id, { ...r, advice: 'recommended', evidence });
      else if (r.workloadClass === 'concurrency-bound' && u.kind === 'class' && storeShare(profiles[u.id], options) >= STORE_BUSY_SHARE) {
        // A store moves for its state (one Go process serving every gateway replica), not for per-call speed.
        out.set(u.id, { ...r, advice: 'recommended', evidence: { ...evidence, basis: 'state', workloadShare: Math.round(storeShare(profiles[u.id], options) * 10_000) / 10_000 } });
      } else out.set(u.id, stays(r, `${evidence.totalUsPerCall} µs of work per call is less than the ${evidence.hopUsPerRequest} µs hop it would add (${evidence.callsPerRequest} call per request, assumed): stays`, evidence));
    }
  }
  settleFollowers(units, out, profiles !== undefined && options !== undefined, weighed);
}

/** Units that move with an entry (its methods, its kernel) share its advice; units that stay say so. */
function settleFollowers(units: readonly StaticUnit[], out: Map<string, Gated>, profiled: boolean, weighedIds: ReadonlySet<string>): void {
  for (const u of units) {
    const r = out.get(u.id)!;
    if (r.target === 'typescript') {
      if (r.advice !== 'stays') out.set(u.id, { ...r, advice: 'stays' });
      continue;
    }
    const parent = u.kind === 'method' && u.parent ? out.get(u.parent) : undefined;
    if (u.kind === 'method' && parent?.target !== r.target) {
      out.set(u.id, stays(r, `method of ${u.parent?.split('#')[1] ?? 'its class'}, which stays`));
      continue;
    }
    const advice: Advice = parent ? parent.advice : profiled ? 'recommended' : 'candidate';
    if (!weighedIds.has(u.id)) out.set(u.id, { ...r, advice });
  }
}
