import { describe, expect, it } from 'vitest';
import { classifyUnits } from '../../src/analyze/classify.js';
import { evidenceOf, evidenceText, HOP_COST_US, isTrivialHelper } from '../../src/analyze/evidence.js';
import type { UnitProfile } from '../../src/analyze/types.js';
import { features, unit } from './unit-builders.js';

const hop = { hopCostUs: HOP_COST_US, hopCostSource: 'test' };
// The relay's formatUptime: three Math.floor calls and a few divisions, no loop.
const formatUptime = unit('src/relay.ts#formatUptime', { features: features({ numericOps: 6, mathCalls: 3, statements: 4 }) });
const searchPrice = unit('src/pricing.ts#searchPrice', { features: features({ loopDepth: 2, loops: 2, numericOps: 40, mathCalls: 6, statements: 20 }) });
// The fixture's shape: a trivial formula, hot only because a loop in its caller calls it.
const demand = unit('src/pricing.ts#segmentDemand', { features: features({ numericOps: 10, mathCalls: 4, statements: 5 }) });
const expected = unit('src/pricing.ts#expectedUnits', { calls: [demand.id], features: features({ loopDepth: 1, loops: 1, numericOps: 2, mathCalls: 2, statements: 4 }) });
const store = unit('src/inventory.ts#Store', { kind: 'class', line: 1, endLine: 40, features: features({ sharedStateReads: 6, sharedStateWrites: 3 }) });
const storeGet = unit('src/inventory.ts#Store.get', { kind: 'method', parent: store.id, line: 3, endLine: 6, features: features({ sharedStateReads: 2 }) });

const samples = (total: number, self = total): UnitProfile => ({ selfSamples: self, totalSamples: total });

describe('no advice without evidence', () => {
  it('never recommends a trivial helper, hot or not, profiled or not', () => {
    expect(isTrivialHelper(formatUptime)).toBe(true);
    expect(isTrivialHelper(searchPrice)).toBe(false);
    const hot = classifyUnits([formatUptime], { [formatUptime.id]: samples(900) }, 1000, { requests: 100, ...hop }).get(formatUptime.id)!;
    expect(hot).toMatchObject({ advice: 'stays', target: 'typescript', predictedGain: 1 });
    expect(hot.reason).toMatch(/^trivial helper \(9 operations, no loop, no calls\)/);
    expect(classifyUnits([formatUptime], undefined, 0).get(formatUptime.id)).toMatchObject({ advice: 'stays', target: 'typescript' });
  });

  it('calls a unit without a profile a candidate, never a recommendation', () => {
    const r = classifyUnits([searchPrice], undefined, 0).get(searchPrice.id)!;
    expect(r).toMatchObject({ advice: 'candidate', target: 'rust' });
    expect(r.evidence).toBeUndefined();
  });

  it('recommends a kernel whose work per call outweighs the hop, and prints the evidence', () => {
    // 700 samples × 1 ms over 5000 requests: 140 µs per call against a 100 µs hop.
    const r = classifyUnits([searchPrice], { [searchPrice.id]: samples(700, 650) }, 1000, { requests: 5000, ...hop }).get(searchPrice.id)!;
    expect(r).toMatchObject({ advice: 'recommended', target: 'rust' });
    expect(r.evidence).toMatchObject({ totalUsPerCall: 140, selfUsPerCall: 130, callsPerRequest: 1, callsPerRequestSource: 'assumed', hopCostUs: 100, hopUsPerRequest: 100, outweighs: true });
    expect(evidenceText(r.evidence!)).toBe('140 µs of work per call (self 130 µs; 5000 requests, 1 ms per sample) vs 1 call per request (assumed) × 100 µs hop (test)');
  });

  it('keeps a hot kernel in TypeScript when the hop outweighs its work, saying so with the numbers', () => {
    const r = classifyUnits([searchPrice], { [searchPrice.id]: samples(700) }, 1000, { requests: 5000, hopCostUs: 500, hopCostSource: '--hop-cost-us' }).get(searchPrice.id)!;
    expect(r).toMatchObject({ advice: 'stays', target: 'typescript', predictedGain: 1 });
    expect(r.reason).toBe('140 µs of work per call is less than the 500 µs hop it would add (1 call per request, assumed): stays');
    expect(r.evidence?.outweighs).toBe(false);
  });

  it('moves a trivial hot formula inside the kernel of the loop that calls it, weighed as that entry', () => {
    const profiles = { [demand.id]: samples(600), [expected.id]: samples(800, 200) };
    const r = classifyUnits([demand, expected], profiles, 1000, { requests: 1000, ...hop });
    expect(r.get(expected.id)).toMatchObject({ advice: 'recommended', target: 'rust', evidence: { totalUsPerCall: 800 } });
    expect(r.get(demand.id)).toMatchObject({ advice: 'recommended', target: 'rust' });
    expect(r.get(demand.id)!.evidence).toBeUndefined();
  });

  it('weighs the callees of a refused entry on their own, and they stay too', () => {
    const profiles = { [demand.id]: samples(60), [expected.id]: samples(80, 20) };
    const r = classifyUnits([demand, expected], profiles, 1000, { requests: 1000, ...hop });
    expect(r.get(expected.id)).toMatchObject({ advice: 'stays', target: 'typescript' });
    expect(r.get(demand.id)).toMatchObject({ advice: 'stays', target: 'typescript' });
    expect(r.get(demand.id)!.reason).toMatch(/^trivial helper/);
  });

  it('moves a stateful store with ≥ 1 % of the busy samples for its state, saying the hop outweighs its work; a fainter or unsampled one stays', () => {
    const units = [store, storeGet];
    const profiles = { [store.id]: samples(50, 0), [storeGet.id]: samples(50) };
    const r = classifyUnits(units, profiles, 1000, { requests: 1000, workloadSamples: 2000, ...hop });
    expect(r.get(store.id)).toMatchObject({ advice: 'recommended', target: 'go', evidence: { totalUsPerCall: 50, outweighs: false, basis: 'state', workloadShare: 0.025 } });
    expect(r.get(storeGet.id)).toMatchObject({ advice: 'recommended', target: 'go' });
    // home-library's shape: a store with a handful of samples in a process busy elsewhere stays.
    const faint = classifyUnits(units, profiles, 1000, { requests: 1000, workloadSamples: 7000, ...hop });
    expect(faint.get(store.id)).toMatchObject({ advice: 'stays', target: 'typescript', reason: '50 µs of work per call is less than the 100 µs hop it would add (1 call per request, assumed): stays' });
    const cold = classifyUnits(units, {}, 1000, { requests: 1000, ...hop });
    expect(cold.get(store.id)).toMatchObject({ advice: 'stays', target: 'typescript' });
    expect(cold.get(storeGet.id)).toMatchObject({ advice: 'stays', target: 'typescript', reason: 'method of Store, which stays' });
  });

  it('gives no evidence when no request completed', () => {
    const e = evidenceOf(samples(10), { requests: 0, ...hop });
    expect(e.outweighs).toBe(false);
    const r = classifyUnits([searchPrice], { [searchPrice.id]: samples(700) }, 1000, { requests: 0, ...hop }).get(searchPrice.id)!;
    expect(r).toMatchObject({ advice: 'stays', reason: expect.stringMatching(/^no request completed/) });
  });
});
