import { describe, expect, it } from 'vitest';
import { LatencyHistogram, median, percentDifference, spreadOf, WIDE_SPREAD_PCT } from '../../../src/run/bench/stats.js';

describe('LatencyHistogram', () => {
  it('gives nearest-rank percentiles within 1 % on a known sequence', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.record(ms);
    expect(h.count).toBe(1000);
    expect(h.percentile(50)).toBeCloseTo(500, -1);
    expect(Math.abs(h.percentile(50) - 500) / 500).toBeLessThan(0.01);
    expect(Math.abs(h.percentile(99) - 990) / 990).toBeLessThan(0.01);
    expect(Math.abs(h.percentile(99.9) - 999) / 999).toBeLessThan(0.01);
    expect(h.percentile(100)).toBe(1000);
    expect(h.percentile(0)).toBe(1);
    expect(h.mean()).toBeCloseTo(500.5, 6);
  });

  it('keeps sub-millisecond resolution', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 100; i++) h.record(0.25);
    expect(h.summary().p50).toBeCloseTo(0.25, 2);
  });

  it('merging two histograms is the same as recording everything in one', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const both = new LatencyHistogram();
    for (let i = 0; i < 500; i++) {
      a.record(1 + (i % 7));
      b.record(50 + (i % 13));
      both.record(1 + (i % 7));
      both.record(50 + (i % 13));
    }
    const merged = new LatencyHistogram().merge(a).merge(b);
    expect(merged.summary()).toEqual(both.summary());
    expect(merged.curve()).toEqual(both.curve());
    expect(merged.percentile(25)).toBeLessThan(10);
    expect(merged.percentile(75)).toBeGreaterThan(49);
  });

  it('an empty histogram reports zeros and no curve', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toEqual({ p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 });
    expect(h.curve()).toEqual([]);
  });
});

describe('median and spread', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('reports min–max spread as a share of the median and flags a wide one', () => {
    const tight = spreadOf([1000, 1020, 990]);
    expect(tight).toMatchObject({ median: 1000, min: 990, max: 1020, spreadPct: 3, wide: false });
    const wide = spreadOf([1000, 1200, 900]);
    expect(wide.spreadPct).toBe(30);
    expect(wide.spreadPct).toBeGreaterThan(WIDE_SPREAD_PCT);
    expect(wide.wide).toBe(true);
  });

  it('one run has no spread', () => {
    expect(spreadOf([123])).toMatchObject({ median: 123, spreadPct: 0, wide: false });
  });

  it('percentDifference', () => {
    expect(percentDifference(1.5, 1.2)).toBe(25);
    expect(percentDifference(1, 0)).toBeNull();
  });
});
