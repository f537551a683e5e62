import { describe, expect, it } from 'vitest';
import { amdahl, classifyUnit, classifyUnits, HOT_SELF_SHARE } from '../../src/analyze/classify.js';
import { features, unit } from './unit-builders.js';

const kernel = unit('src/pricing.ts#searchPrice', {
  features: features({ loopDepth: 2, loops: 2, numericOps: 40, mathCalls: 6 }),
});
const handler = unit('src/app.ts#getProduct', {
  isRouteHandler: true,
  features: features({ isAsync: true, awaits: 2, calls: 4 }),
});
const store = unit('src/inventory.ts#InventoryStore', { kind: 'class' });
const storeGet = unit('src/inventory.ts#InventoryStore.get', {
  kind: 'method',
  parent: 'src/inventory.ts#InventoryStore',
  features: features({ sharedStateReads: 3 }),
});
const storeReserve = unit('src/inventory.ts#InventoryStore.reserve', {
  kind: 'method',
  parent: 'src/inventory.ts#InventoryStore',
  features: features({ sharedStateReads: 4, sharedStateWrites: 3, numericOps: 2 }),
});
const reader = unit('src/config.ts#loadConfig', { features: features({ ioCalls: ['fs.readFileSync'] }) });

describe('amdahl', () => {
  it('gives no gain for a zero share and the full speed-up for the whole program', () => {
    expect(amdahl(0, 4)).toBe(1);
    expect(amdahl(1, 4)).toBe(4);
    expect(amdahl(0.5, 4)).toBeCloseTo(1.6, 6);
  });
  it('clamps shares outside [0, 1]', () => {
    expect(amdahl(1.5, 2)).toBe(2);
    expect(amdahl(-1, 2)).toBe(1);
  });
});

describe('classifyUnit', () => {
  it('sends a hot arithmetic kernel with nested loops to Rust with a predicted gain', () => {
    const r = classifyUnit({ unit: kernel, features: kernel.features, profile: { selfSamples: 600, totalSamples: 700 }, projectSamples: 1000 });
    expect(r.workloadClass).toBe('compute-bound');
    expect(r.target).toBe('rust');
    expect(r.selfShare).toBeCloseTo(0.6);
    expect(r.predictedGain).toBeCloseTo(amdahl(0.7, r.assumedSpeedup), 2);
    expect(r.confidence).toBeGreaterThan(0.8);
    expect(r.reason).toMatch(/60\.0% of CPU self/);
  });

  it('keeps the same kernel in TypeScript when the profile shows it cold', () => {
    const samples = Math.floor(HOT_SELF_SHARE * 1000) - 1;
    const r = classifyUnit({ unit: kernel, features: kernel.features, profile: { selfSamples: samples, totalSamples: samples }, projectSamples: 1000 });
    expect(r.target).toBe('typescript');
    expect(r.reason).toMatch(/cold/);
    expect(r.predictedGain).toBe(1);
  });

  it('recommends Rust from the code alone without a profile, with lower confidence', () => {
    const r = classifyUnit({ unit: kernel, features: kernel.features, projectSamples: 0 });
    expect(r.target).toBe('rust');
    expect(r.confidence).toBeLessThan(0.6);
    expect(r.predictedGain).toBe(1);
  });

  it('keeps route handlers and async code in TypeScript as orchestration', () => {
    const r = classifyUnit({ unit: handler, features: handler.features, profile: { selfSamples: 5, totalSamples: 900 }, projectSamples: 1000 });
    expect(r.workloadClass).toBe('orchestration');
    expect(r.target).toBe('typescript');
  });

  it('calls code that does I/O io-bound and keeps it', () => {
    const r = classifyUnit({ unit: reader, features: reader.features, projectSamples: 0 });
    expect(r.workloadClass).toBe('io-bound');
    expect(r.reason).toContain('fs.readFileSync');
  });
});

describe('classifyUnits', () => {
  it('sends a stateful class to Go and its methods with it', () => {
    const units = [store, storeGet, storeReserve, kernel, handler];
    const result = classifyUnits(units, { [storeGet.id]: { selfSamples: 10, totalSamples: 10 } }, 1000);
    const cls = result.get(store.id)!;
    expect(cls.workloadClass).toBe('concurrency-bound');
    expect(cls.target).toBe('go');
    expect(cls.reason).toMatch(/RWMutex/);
    expect(result.get(storeGet.id)!.target).toBe('go');
    expect(result.get(storeReserve.id)!.reason).toMatch(/method of InventoryStore/);
    expect(result.get(handler.id)!.target).toBe('typescript');
  });

  it('is deterministic', () => {
    const units = [store, storeGet, storeReserve, kernel, handler, reader];
    const a = classifyUnits(units, undefined, 0);
    const b = classifyUnits(units, undefined, 0);
    expect([...a.entries()]).toEqual([...b.entries()]);
  });
});
