import { describe, expect, it } from 'vitest';
import { parseCpuProfile, type CpuProfile } from '../../src/analyze/cpuprofile.js';
import { InternalError } from '../../src/errors.js';

const frame = (functionName: string, url = '', lineNumber = -1, columnNumber = -1) => ({ functionName, url, lineNumber, columnNumber });

/** root → (idle) | (garbage collector) | main → quote → (JSON.stringify native) */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('(garbage collector)') },
    { id: 4, callFrame: frame('', 'file:///app/dist/server.js', 0, 0), children: [5] },
    { id: 5, callFrame: frame('quote', 'file:///app/dist/pricing.js', 11, 22), children: [6], positionTicks: [{ line: 14, ticks: 2 }, { line: 30, ticks: 1 }] },
    { id: 6, callFrame: frame('stringify') },
  ],
  samples: [2, 5, 5, 3, 6, 5],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
};

describe('parseCpuProfile', () => {
  const samples = parseCpuProfile(profile);

  it('turns each sample into its stack, outermost first, at 1-based positions', () => {
    expect(samples).toHaveLength(6);
    expect(samples[1]?.frames.map((f) => f.name)).toEqual(['(anonymous)', 'quote']);
    expect(samples[1]?.frames[1]).toMatchObject({ kind: 'js', file: '/app/dist/pricing.js', line: 12, column: 23, url: 'file:///app/dist/pricing.js' });
    expect(samples[4]?.frames.map((f) => [f.name, f.kind])).toEqual([['(anonymous)', 'js'], ['quote', 'js'], ['stringify', 'native']]);
  });

  it('keeps idle and GC as VM states without frames', () => {
    expect(samples[0]).toEqual({ frames: [], vmState: 'idle' });
    expect(samples[3]).toEqual({ frames: [], vmState: 'gc' });
  });

  it('hands each running frame one of its positionTicks lines, as often as they were hit', () => {
    const lines = samples.filter((s) => s.frames[s.frames.length - 1]?.name === 'quote').map((s) => s.frames[s.frames.length - 1]?.tickLine);
    expect(lines.sort()).toEqual([14, 14, 30]);
    expect(samples[4]?.frames[1]?.tickLine).toBeUndefined();
  });

  it('marks the samples taken before or after the load window (start-up, shutdown)', () => {
    const timed = { ...profile, startTime: 10_000 };
    // Sample times: 11 000, 12 000, … 16 000 µs.
    const marked = parseCpuProfile(timed, 'x.cpuprofile', { fromUs: 12_000, toUs: 14_500 }).map((s) => s.outsideLoad === true);
    expect(marked).toEqual([true, false, false, false, true, true]);
    expect(parseCpuProfile(timed).some((s) => s.outsideLoad)).toBe(false);
  });

  it('refuses what is not a CPU profile', () => {
    expect(() => parseCpuProfile({ ticks: [] }, 'x.cpuprofile')).toThrow(InternalError);
  });
});
