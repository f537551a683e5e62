import { describe, expect, it } from 'vitest';
import { amdahl, classifyUnit, classifyUnits, HOT_SELF_SHARE } from '../../src/analyze/classify.js';
import { features, unit } from './unit-builders.js';

const kernel = unit('src/pricing.ts#searchPrice', {
  features: features({ loopDepth: 2, loops: 2, numericOps: 40, mathCalls: 6 }),
});
const handler = unit('src/app.ts#getProduct', {
  isRouteHandler: true,
  calls: ['src/inventory.ts#InventoryStore.get'],
  features: features({ isAsync: true, awaits: 2, calls: 4 }),
});
// As the static pass reports it: a class's features are the sum of its methods'.
const store = unit('src/inventory.ts#InventoryStore', {
  kind: 'class',
  features: features({ sharedStateReads: 7, sharedStateWrites: 3, numericOps: 2 }),
});
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

describe('call-graph rules', () => {
  const inner = unit('src/pricing.ts#demand', { features: features({ numericOps: 10, mathCalls: 4 }) });
  const search = unit('src/pricing.ts#search', { calls: [inner.id], features: features({ loopDepth: 1, numericOps: 3 }) });
  const quote = unit('src/pricing.ts#quote', { calls: [search.id], features: features({ numericOps: 2 }) });
  const route = unit('src/app.ts#GET /x', { isRouteHandler: true, calls: [quote.id, 'src/orders.ts#Orders.place', storeGet.id] });
  const orders = unit('src/orders.ts#Orders', {
    kind: 'class',
    calls: [quote.id, storeReserve.id],
    features: features({ sharedStateReads: 3, sharedStateWrites: 2 }),
  });
  const place = unit('src/orders.ts#Orders.place', { kind: 'method', parent: orders.id, calls: [quote.id, storeReserve.id] });
  const rng = unit('src/seed.ts#Rng', { kind: 'class', features: features({ sharedStateReads: 2, sharedStateWrites: 1, numericOps: 6 }) });
  const rngNext = unit('src/seed.ts#Rng.next', { kind: 'method', parent: rng.id, features: features({ sharedStateReads: 2, sharedStateWrites: 1 }) });
  const all = [inner, search, quote, route, orders, place, store, storeGet, storeReserve, rng, rngNext];
  const profiles = {
    [inner.id]: { selfSamples: 700, totalSamples: 700 },
    [search.id]: { selfSamples: 50, totalSamples: 750 },
    [quote.id]: { selfSamples: 5, totalSamples: 760 },
    [route.id]: { selfSamples: 5, totalSamples: 900 },
  };

  it('pure callers of a hot Rust kernel join it', () => {
    const r = classifyUnits(all, profiles, 1000);
    expect(r.get(inner.id)!.target).toBe('rust');
    expect(r.get(search.id)!.target).toBe('rust');
    expect(r.get(quote.id)!.target).toBe('rust');
    expect(r.get(quote.id)!.reason).toMatch(/entry to the compute kernel demand/);
    expect(r.get(route.id)!.target).toBe('typescript');
    expect(r.get(place.id)!.target).toBe('typescript');
  });

  it('a stateful class that calls other modules coordinates and stays in TypeScript', () => {
    const r = classifyUnits(all, profiles, 1000);
    expect(r.get(orders.id)!.target).toBe('typescript');
    expect(r.get(orders.id)!.reason).toMatch(/coordinates InventoryStore, quote/);
    expect(r.get(store.id)!.target).toBe('go');
  });

  it('a stateful class no route reaches only runs at start-up and stays', () => {
    const r = classifyUnits(all, profiles, 1000);
    expect(r.get(rng.id)!.target).toBe('typescript');
    expect(r.get(rng.id)!.reason).toMatch(/while the app starts/);
  });
});
