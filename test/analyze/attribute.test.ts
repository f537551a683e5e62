import { describe, expect, it } from 'vitest';
import { attributeSamples } from '../../src/analyze/attribute.js';
import type { LocatedFrame, LocatedSample } from '../../src/analyze/sourcemap.js';
import { locateSamples } from '../../src/analyze/sourcemap.js';
import { parseTicksJson, parseV8Profile, type InlineRecord } from '../../src/analyze/ticks.js';
import { PROFILE_APP, readRecorded } from './recorded-profile.js';
import { unit } from './unit-builders.js';

/** The profile-app's units as the static pass reports them (line ranges of src/*.ts). */
const appUnits = [
  unit('src/ledger.ts#Ledger', { kind: 'class', line: 7, endLine: 20 }),
  unit('src/ledger.ts#Ledger.record', { kind: 'method', parent: 'src/ledger.ts#Ledger', line: 10, endLine: 14 }),
  unit('src/ledger.ts#Ledger.summary', { kind: 'method', parent: 'src/ledger.ts#Ledger', line: 16, endLine: 19 }),
  unit('src/pricing.ts#demandAt', { line: 5, endLine: 7 }),
  unit('src/pricing.ts#quotePrice', { line: 10, endLine: 24 }),
  unit('src/server.ts#send', { line: 7, endLine: 10 }),
  unit('src/server.ts#readBody', { line: 12, endLine: 20 }),
  unit('src/server.ts#handle', { line: 22, endLine: 35 }),
  unit('src/server.ts#createServer handler', { line: 37, endLine: 39 }),
];

describe('attributeSamples on a recorded run', () => {
  const located = locateSamples(parseV8Profile(readRecorded('v8-profile.json')), PROFILE_APP);
  const result = attributeSamples(located.samples, appUnits);

  it('maps frames through the source maps to TypeScript positions', () => {
    expect(located.sourceMapped).toBe(true);
    expect(result.functions[0]).toMatchObject({ name: 'demandAt', file: 'src/pricing.ts', line: 5, unit: 'src/pricing.ts#demandAt' });
    expect(result.functions.find((fn) => fn.name === 'quotePrice')).toMatchObject({ file: 'src/pricing.ts', line: 10 });
    expect(result.functions.every((fn) => fn.file.endsWith('.ts'))).toBe(true);
  });

  it('ranks the hot pricing code first, with inlined samples given back to it', () => {
    const demand = result.byUnit['src/pricing.ts#demandAt'];
    const quote = result.byUnit['src/pricing.ts#quotePrice'];
    expect(demand?.selfSamples).toBeGreaterThan(result.projectSamples * 0.3);
    expect(quote?.totalSamples).toBeGreaterThanOrEqual((quote?.selfSamples ?? 0) + (demand?.selfSamples ?? 0));
    const ranked = Object.entries(result.byUnit).sort(([, a], [, b]) => b.selfSamples - a.selfSamples).map(([id]) => id);
    expect(ranked.slice(0, 2).sort()).toEqual(['src/pricing.ts#demandAt', 'src/pricing.ts#quotePrice']);
    expect(result.inlinedSamples).toBeGreaterThan(result.projectSamples / 2);
    // The request handler that inlined everything keeps only its own time.
    expect(result.byUnit['src/server.ts#createServer handler']?.selfSamples).toBeLessThan(10);
  });

  it('accounts for every sample once', () => {
    const self = Object.values(result.byUnit).reduce((sum, profile) => sum + profile.selfSamples, 0);
    expect(self + result.unattributedSamples).toBe(result.projectSamples);
    expect(result.projectSamples + result.startupSamples).toBeLessThanOrEqual(result.totalSamples);
    expect(result.startupSamples).toBeGreaterThan(0);
    for (const profile of Object.values(result.byUnit)) expect(profile.totalSamples).toBeGreaterThanOrEqual(profile.selfSamples);
  });

  it('without program counters (ticks.json) leaves inlined time with the caller', () => {
    const meta = readRecorded('meta.json') as { inlined: Record<string, InlineRecord[]> };
    const fromTicks = locateSamples(parseTicksJson(readRecorded('ticks.json'), meta.inlined), PROFILE_APP);
    const coarse = attributeSamples(fromTicks.samples, appUnits);
    expect(coarse.inlinedSamples).toBe(0);
    expect(coarse.byUnit['src/server.ts#createServer handler']?.selfSamples).toBeGreaterThan(coarse.projectSamples / 2);
  });
});

const js = (file: string, line: number, name = `fn${line}`): LocatedFrame => ({
  name,
  kind: 'js',
  project: true,
  source: { file, line, column: 1, mapped: true, via: 'source-map' },
});
const dependency: LocatedFrame = { name: 'route', kind: 'js', file: '/app/node_modules/fastify/lib/route.js', line: 1, project: false };
const builtin: LocatedFrame = { name: 'JsonStringify [Builtin]', kind: 'builtin', project: false };
const eventLoop: LocatedFrame = { name: 'processTicksAndRejections', kind: 'node', url: 'node:internal/process/task_queues', project: false };
const loader: LocatedFrame = { name: 'runEntryPointWithESMLoader', kind: 'node', url: 'node:internal/modules/run_main', project: false };
const sample = (...frames: LocatedFrame[]): LocatedSample => ({ frames });

describe('attributeSamples rules', () => {
  const units = [
    unit('src/cart.ts#Cart', { kind: 'class', line: 1, endLine: 30 }),
    unit('src/cart.ts#Cart.total', { kind: 'method', parent: 'src/cart.ts#Cart', line: 5, endLine: 12 }),
    unit('src/cart.ts#Cart.add', { kind: 'method', parent: 'src/cart.ts#Cart', line: 14, endLine: 20 }),
    unit('src/tax.ts#tax', { line: 1, endLine: 20 }),
    unit('src/tax.ts#round', { line: 8, endLine: 10 }),
  ];

  it('gives self time to the innermost project frame, including builtins it calls', () => {
    const result = attributeSamples([sample(eventLoop, dependency, js('src/cart.ts', 5), js('src/tax.ts', 2), builtin)], units);
    expect(result.byUnit['src/tax.ts#tax']).toEqual({ selfSamples: 1, totalSamples: 1 });
    expect(result.byUnit['src/cart.ts#Cart.total']).toEqual({ selfSamples: 0, totalSamples: 1 });
    expect(result.projectSamples).toBe(1);
  });

  it('prefers a method over its class and a nested function over the one around it', () => {
    const result = attributeSamples([sample(js('src/cart.ts', 15)), sample(js('src/tax.ts', 9))], units);
    expect(result.byUnit['src/cart.ts#Cart.add']?.selfSamples).toBe(1);
    expect(result.byUnit['src/cart.ts#Cart']?.selfSamples).toBe(0);
    expect(result.byUnit['src/tax.ts#round']?.selfSamples).toBe(1);
    expect(result.byUnit['src/tax.ts#tax']).toEqual({ selfSamples: 0, totalSamples: 0 });
  });

  it('counts a class once per sample in which any of its methods runs', () => {
    const result = attributeSamples(
      [sample(js('src/cart.ts', 5), js('src/cart.ts', 14), js('src/cart.ts', 5)), sample(js('src/cart.ts', 25))],
      units,
    );
    expect(result.byUnit['src/cart.ts#Cart']).toEqual({ selfSamples: 1, totalSamples: 2 });
    expect(result.byUnit['src/cart.ts#Cart.total']).toEqual({ selfSamples: 1, totalSamples: 1 });
    expect(result.byUnit['src/cart.ts#Cart.add']).toEqual({ selfSamples: 0, totalSamples: 1 });
    const total = result.functions.find((fn) => fn.line === 5);
    expect(total).toMatchObject({ selfSamples: 1, totalSamples: 1, unit: 'src/cart.ts#Cart.total' });
  });

  it('does not count dependencies, Node or idle samples as project time', () => {
    const result = attributeSamples([sample(eventLoop, dependency, builtin), sample({ name: 'epoll_pwait', kind: 'native', project: false }), sample()], units);
    expect(result).toMatchObject({ totalSamples: 3, projectSamples: 0, unattributedSamples: 0 });
  });

  it('counts project frames outside every unit as unattributed', () => {
    const result = attributeSamples([sample(js('src/cart.ts', 3)), sample(js('src/boot.ts', 4))], units.slice(3));
    expect(result.unattributedSamples).toBe(2);
    expect(result.functions.map((fn) => fn.file).sort()).toEqual(['src/boot.ts', 'src/cart.ts']);
  });

  it('sets start-up samples apart: the module loader on the stack, or taken outside the load', () => {
    const outside = { ...sample(js('src/tax.ts', 2)), outsideLoad: true };
    const result = attributeSamples([sample(loader, js('src/tax.ts', 2)), sample(js('src/tax.ts', 2)), outside], units);
    expect(result.startupSamples).toBe(2);
    expect(result.byUnit['src/tax.ts#tax']?.selfSamples).toBe(1);
    expect(result.totalSamples).toBe(3);
  });

  it('marks samples whose running project function was inlined', () => {
    const inlined = { ...js('src/tax.ts', 9), inlined: true };
    const result = attributeSamples([sample(js('src/tax.ts', 2), inlined, builtin)], units);
    expect(result.inlinedSamples).toBe(1);
    expect(result.byUnit['src/tax.ts#round']?.selfSamples).toBe(1);
  });
});

describe('attribution summary', () => {
  const units = [
    unit('src/tax.ts#tax', { line: 1, endLine: 20, calls: ['src/tax.ts#round'] }),
    unit('src/tax.ts#round', { line: 8, endLine: 10 }),
    unit('src/tax.ts#audit', { line: 30, endLine: 40 }),
  ];
  const nodeInternal: LocatedFrame = { name: 'writeOrBuffer', kind: 'node', url: 'node:internal/streams/writable', project: false };

  it('counts own samples by their innermost JS frame, and lists where unattributed ones are', () => {
    const result = attributeSamples(
      [
        sample(js('src/tax.ts', 2), builtin),
        sample(js('src/tax.ts', 2), dependency),
        sample(js('src/tax.ts', 2), nodeInternal),
        sample(js('src/boot.ts', 3, 'main')),
        sample(js('src/boot.ts', 3, 'main')),
        sample({ ...js('src/tax.ts', 25, 'helper'), source: { file: 'src/tax.ts', line: 25, column: 1, mapped: false, via: 'name' } }),
      ],
      units,
    );
    expect(result.summary).toEqual({
      ownSamples: 4,
      ownUnattributed: 3,
      via: { sourceMap: 5, name: 1, position: 0 },
      unattributedTop: [
        { file: 'src/boot.ts', name: 'main', line: 3, samples: 2 },
        { file: 'src/tax.ts', name: 'helper', line: 25, samples: 1 },
      ],
    });
  });

  it('gives a running line in an inlined callee to that callee, only when the caller calls it', () => {
    const running = (line: number): LocatedFrame => ({ ...js('src/tax.ts', 2, 'tax'), running: { file: 'src/tax.ts', line, column: 1, mapped: true, via: 'source-map' } });
    const result = attributeSamples([sample(running(9)), sample(running(35)), sample(running(4))], units);
    expect(result.byUnit['src/tax.ts#round']).toEqual({ selfSamples: 1, totalSamples: 1 });
    // audit is not called by tax: that line belongs to some other script V8 inlined; the sample stays with tax.
    expect(result.byUnit['src/tax.ts#audit']).toEqual({ selfSamples: 0, totalSamples: 0 });
    expect(result.byUnit['src/tax.ts#tax']).toEqual({ selfSamples: 2, totalSamples: 3 });
  });
});
