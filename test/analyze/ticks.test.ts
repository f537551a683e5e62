import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { frameFromCode, parseLocatedName, parseTicksJson, parseV8Profile, type InlineRecord, type ProfileFrame } from '../../src/analyze/ticks.js';
import { InternalError } from '../../src/errors.js';
import { PROFILE_APP, readRecorded } from './recorded-profile.js';

const pricingJs = join(PROFILE_APP, 'out/pricing.js');
const serverJs = join(PROFILE_APP, 'out/server.js');
const isPricing = (frame: ProfileFrame) => frame.file === pricingJs;

describe('parseLocatedName', () => {
  it('splits ESM, CommonJS, anonymous and node-internal names', () => {
    expect(parseLocatedName('quotePrice file:///app/dist/pricing.js:12:34')).toEqual({
      name: 'quotePrice',
      kind: 'js',
      url: 'file:///app/dist/pricing.js',
      file: '/app/dist/pricing.js',
      line: 12,
      column: 34,
    });
    expect(parseLocatedName(' file:///app/dist/server.js:35:29')).toMatchObject({ name: '(anonymous)', file: '/app/dist/server.js', line: 35 });
    expect(parseLocatedName('get total /srv/my app/lib/cart.js:3:12')).toMatchObject({ name: 'get total', file: '/srv/my app/lib/cart.js', line: 3, column: 12 });
    expect(parseLocatedName('processTicksAndRejections node:internal/process/task_queues:67:35')).toEqual({
      name: 'processTicksAndRejections',
      kind: 'node',
      url: 'node:internal/process/task_queues',
      line: 67,
      column: 35,
    });
    expect(parseLocatedName('file:///a%20b/x.js:1:2').file).toBe('/a b/x.js');
  });

  it('keeps names without a location as they are', () => {
    expect(parseLocatedName('')).toEqual({ name: '(anonymous)', kind: 'js' });
    expect(parseLocatedName('wasm-function[3]')).toEqual({ name: 'wasm-function[3]', kind: 'js' });
  });
});

describe('frameFromCode', () => {
  it('tells JS tiers, builtins and native code apart', () => {
    expect(frameFromCode({ name: 'f file:///a.js:1:11', type: 'JS', kind: 'Opt' }).tier).toBe('optimized');
    expect(frameFromCode({ name: 'f file:///a.js:1:11', type: 'JS', kind: 'Sparkplug' }).tier).toBe('baseline');
    expect(frameFromCode({ name: 'f file:///a.js:1:11', type: 'JS', kind: 'Unopt' }).tier).toBe('interpreted');
    expect(frameFromCode({ name: 'JsonStringify', type: 'CODE', kind: 'Builtin' })).toEqual({ name: 'JsonStringify [Builtin]', kind: 'builtin' });
    expect(frameFromCode({ name: '__write@@GLIBC_2.2.5', type: 'CPP' })).toEqual({ name: '__write@@GLIBC_2.2.5', kind: 'native' });
    expect(frameFromCode({ name: '/usr/bin/node', type: 'SHARED_LIB' }).kind).toBe('native');
  });
});

describe('parseV8Profile on a recorded run', () => {
  const samples = parseV8Profile(readRecorded('v8-profile.json'));

  it('reads every tick, outermost frame first, with its VM state', () => {
    expect(samples).toHaveLength(400);
    const handled = samples.find((sample) => sample.frames.some(isPricing));
    expect(handled?.frames[0]?.kind).not.toBe('js');
    expect(samples.filter((sample) => sample.vmState === 'js').length).toBeGreaterThan(200);
  });

  it('re-expands functions V8 inlined, from the program counter', () => {
    const inlined = samples.flatMap((sample) => sample.frames).filter((frame) => frame.inlined);
    expect(inlined.length).toBeGreaterThan(100);
    const demand = inlined.find((frame) => frame.name === 'demandAt');
    expect(demand).toMatchObject({ kind: 'js', file: pricingJs, line: 4, column: 18, tier: 'optimized' });

    // demandAt was inlined into quotePrice, itself inlined into the request handler: the
    // recovered stack reads handler → handle → quotePrice → demandAt.
    const deep = samples.find((sample) => sample.frames.at(-1)?.name === 'demandAt' && sample.frames.at(-1)?.inlined);
    const appFrames = (deep?.frames ?? []).filter((frame) => frame.file?.startsWith(PROFILE_APP)).map((frame) => frame.name);
    expect(appFrames.slice(-2)).toEqual(['quotePrice', 'demandAt']);
  });

  it('gives most running-app samples to the pricing functions', () => {
    const leaves = samples.map((sample) => sample.frames.filter((frame) => frame.file?.startsWith(PROFILE_APP)).at(-1)).filter(Boolean);
    const pricing = leaves.filter((frame) => frame && isPricing(frame));
    expect(pricing.length / leaves.length).toBeGreaterThan(0.5);
  });

  it('rejects a shape it does not know', () => {
    expect(() => parseV8Profile({ ticks: [] })).toThrow(InternalError);
  });
});

describe('parseTicksJson on a recorded run', () => {
  const meta = readRecorded('meta.json') as { inlined: Record<string, InlineRecord[]> };
  const samples = parseTicksJson(readRecorded('ticks.json'), meta.inlined);

  it('reads 0x ticks.json stacks into frames', () => {
    expect(samples).toHaveLength(100);
    const frames = samples.flatMap((sample) => sample.frames);
    expect(frames.some((frame) => frame.name === 'quotePrice' && frame.file === pricingJs && frame.line === 8)).toBe(true);
    expect(frames.some((frame) => frame.kind === 'node')).toBe(true);
    expect(frames.some((frame) => frame.kind === 'native')).toBe(true);
  });

  it('cannot re-expand inlined frames, but lists what an optimised frame may be running', () => {
    const frames = samples.flatMap((sample) => sample.frames);
    expect(frames.some((frame) => frame.inlined)).toBe(false);
    const handler = frames.find((frame) => frame.file === serverJs && frame.line === 35 && frame.tier === 'optimized');
    const appUrl = pathToFileURL(PROFILE_APP).href;
    expect(handler?.inlinedCandidates).toEqual(expect.arrayContaining([`demandAt ${appUrl}/out/pricing.js`, `quotePrice ${appUrl}/out/pricing.js`]));
  });

  it('rejects a shape it does not know', () => {
    expect(() => parseTicksJson({ ticks: [] })).toThrow(InternalError);
    expect(() => parseTicksJson([{}])).toThrow(InternalError);
  });
});
