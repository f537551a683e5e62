import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAnalysis } from '../../src/analyze/analysis.js';
import { objectLiteralKeys } from '../../src/analyze/properties.js';
import { runStaticPass } from '../../src/analyze/static.js';
import type { ProfileResult, StaticAnalysis } from '../../src/analyze/types.js';
import { UserError } from '../../src/errors.js';
import { assertPlanStores, systemModelFor } from '../../src/scaffold/apply.js';
import { assertPlanMatchesCode, entryUnits, planFromAnalysis, volatileFieldNames } from '../../src/scaffold/plan.js';
import { stateKindOf } from '../../src/scaffold/services/holds.js';
import { features, unit } from '../analyze/unit-builders.js';
import { REPO } from '../e2e/cli.js';

const kernel = unit('src/pricing.ts#demand', { features: features({ numericOps: 12, mathCalls: 4 }) });
const entry = unit('src/pricing.ts#quote', { calls: [kernel.id], features: features({ numericOps: 2 }) });
const store = unit('src/inventory.ts#Store', { kind: 'class', features: features({ sharedStateReads: 4, sharedStateWrites: 2 }) });
const get = unit('src/inventory.ts#Store.get', { kind: 'method', parent: store.id });
const route = unit('src/app.ts#GET /x', { isRouteHandler: true, calls: [entry.id, get.id] });
const staticAnalysis: StaticAnalysis = { root: '/m', files: [], lines: 0, problems: [], routes: [], frameworks: [], units: [kernel, entry, store, get, route] };
const profile = {
  totalSamples: 1000,
  projectSamples: 1000,
  byUnit: { [kernel.id]: { selfSamples: 800, totalSamples: 800 }, [entry.id]: { selfSamples: 5, totalSamples: 810 }, [store.id]: { selfSamples: 0, totalSamples: 50 }, [get.id]: { selfSamples: 50, totalSamples: 50 } },
  unattributedSamples: 0,
  flamegraphHtml: 'f.html',
  ticksFile: 't.json',
  load: { durationSeconds: 1, requests: 1, requestsPerSecond: 1, errors: 0, non2xx: 0, latencyP50Ms: 1, latencyP99Ms: 1 },
  entry: 'dist/server.js',
  sourceMapped: true,
} satisfies ProfileResult;
const analysis = buildAnalysis({ staticAnalysis, profile, workload: { source: 'routes', requests: [] }, version: 't', createdAt: new Date(0) });

describe('planFromAnalysis', () => {
  it('serves kernel entries (not inner functions) and whole classes, Rust first from port 8001', () => {
    expect(entryUnits(analysis.units).map((u) => u.id)).toEqual([entry.id, store.id]);
    const plan = planFromAnalysis(analysis);
    expect(plan.services).toEqual([
      { name: 'pricing', language: 'rust', port: 8001, module: 'src/pricing.ts', units: ['quote'], ids: [entry.id], kind: 'function' },
      { name: 'inventory', language: 'go', port: 8002, module: 'src/inventory.ts', units: ['Store'], ids: [store.id], kind: 'class' },
    ]);
    expect(plan.gatewayPort).toBe(8000);
  });

  it('extracts one service at a time with --only (incremental migration)', () => {
    expect(planFromAnalysis(analysis, { only: [store.id] }).services.map((s) => [s.name, s.port])).toEqual([['inventory', 8001]]);
  });

  it('records --store postgres on the class services and the gateway, and nothing for the default', () => {
    const plan = planFromAnalysis(analysis, { store: 'postgres' });
    expect(plan.services.map((s) => [s.name, s.store])).toEqual([['pricing', undefined], ['inventory', 'postgres']]);
    expect(plan.gatewayStore).toBe('postgres');
    const embedded = planFromAnalysis(analysis, { store: 'embedded' });
    expect(embedded.services.every((s) => s.store === undefined) && embedded.gatewayStore === undefined).toBe(true);
  });

  it('refuses a store it does not know, naming where it is', () => {
    const plan = { ...planFromAnalysis(analysis), gatewayStore: 'pg' } as unknown as Parameters<typeof assertPlanStores>[0];
    expect(() => assertPlanStores(plan)).toThrow(UserError);
    expect(() => assertPlanStores(plan)).toThrow('plan.gatewayStore: "pg" is not a store pivot knows');
    expect(() => assertPlanStores(planFromAnalysis(analysis, { store: 'postgres' }))).not.toThrow();
  });

  it('derives each unit\'s state kind from what it holds and the store, and the model from it', () => {
    expect([stateKindOf(false, 'postgres'), stateKindOf(true, undefined), stateKindOf(true, 'embedded'), stateKindOf(true, 'postgres')]).toEqual(['stateless', 'single-writer', 'single-writer', 'external-store']);
    const system = systemModelFor(planFromAnalysis(analysis), 'shop', 'server', new Map([['inventory', 'single-writer'], ['gateway', 'external-store']]));
    expect(system.services.map((s) => [s.name, s.state, s.replicas.max])).toEqual([['gateway', 'external-store', 4], ['pricing', 'stateless', 4], ['inventory', 'single-writer', 1]]);
  });

  it('refuses a plan whose units no longer exist, naming them and the fix', () => {
    const plan = planFromAnalysis(analysis);
    const changed = { ...staticAnalysis, units: staticAnalysis.units.filter((u) => u.id !== entry.id) };
    expect(() => assertPlanMatchesCode(plan, changed, '.pivot/analysis.json')).toThrow(UserError);
    expect(() => assertPlanMatchesCode(plan, changed, '.pivot/analysis.json')).toThrow(/names src\/pricing.ts#quote, which no longer exists/);
  });
});

describe('volatile fields', () => {
  it('proposes timing, timestamp and served-counter fields from the names the monolith writes', () => {
    const root = join(REPO, 'fixtures/monolith');
    const keys = objectLiteralKeys(runStaticPass(root).files.map((f) => join(root, f)));
    expect(keys).toContain('product_id');
    expect(volatileFieldNames(keys)).toEqual(expect.arrayContaining(['processing_time_ms', 'last_updated', 'requests_served', 'createdAt']));
    expect(volatileFieldNames(keys)).not.toContain('product_id');
    expect(volatileFieldNames(keys)).not.toContain('available');
  });
});
