/**
 * Pure statistics for bench: a mergeable latency histogram, percentiles, and the median with
 * its min–max spread over repeated runs.
 */
import type { CurvePoint, LatencyPercentiles, Spread } from './types.js';

/** A spread over runs wider than this (percent of the median) is called out. */
export const WIDE_SPREAD_PCT = 15;

/** Bucket width as a ratio: every recorded value is known to within 1 %. */
const RATIO = 1.01;
const LOG_RATIO = Math.log(RATIO);
/** Values are kept in microseconds; 1 µs … 120 s is covered, larger values land in the last bucket. */
const MAX_US = 120e6;
const BUCKETS = Math.ceil(Math.log(MAX_US) / LOG_RATIO) + 2;

/** The percentiles a curve is drawn through: dense in the tail, where latency lives. */
export const CURVE_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.75, 99.9, 99.95, 99.99, 100];

/**
 * A log-bucketed histogram of latencies (HdrHistogram in spirit): constant memory however many
 * requests a run sends, 1 % precision, and two of them merge by adding counts.
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  private sumMs = 0;
  private minMs = Infinity;
  private maxMs = 0;

  record(ms: number, times = 1): void {
    if (!Number.isFinite(ms) || times <= 0) return;
    const value = Math.max(0, ms);
    this.counts[bucketOf(value)]! += times;
    this.count += times;
    this.sumMs += value * times;
    this.minMs = Math.min(this.minMs, value);
    this.maxMs = Math.max(this.maxMs, value);
  }

  merge(other: LatencyHistogram): this {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sumMs += other.sumMs;
    this.minMs = Math.min(this.minMs, other.minMs);
    this.maxMs = Math.max(this.maxMs, other.maxMs);
    return this;
  }

  /** The latency below which `percentile` % of the values lie (nearest rank); 0 when empty. */
  percentile(percentile: number): number {
    if (this.count === 0) return 0;
    if (percentile <= 0) return this.minMs;
    if (percentile >= 100) return this.maxMs;
    const rank = Math.ceil((percentile / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.maxMs, Math.max(this.minMs, valueOf(i)));
    }
    return this.maxMs;
  }

  mean(): number {
    return this.count === 0 ? 0 : this.sumMs / this.count;
  }

  summary(): LatencyPercentiles {
    return {
      p50: round(this.percentile(50), 3),
      p90: round(this.percentile(90), 3),
      p95: round(this.percentile(95), 3),
      p99: round(this.percentile(99), 3),
      p999: round(this.percentile(99.9), 3),
      max: round(this.maxMs, 3),
      mean: round(this.mean(), 3),
    };
  }

  curve(): CurvePoint[] {
    if (this.count === 0) return [];
    return CURVE_PERCENTILES.map((p): CurvePoint => [p, round(this.percentile(p), 3)]);
  }
}

function bucketOf(ms: number): number {
  const us = ms * 1000;
  if (us < 1) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(us) / LOG_RATIO));
}

/** The geometric middle of a bucket, in ms. */
function valueOf(bucket: number): number {
  if (bucket === 0) return 0;
  return Math.exp((bucket - 1 + 0.5) * LOG_RATIO) / 1000;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and min–max of repeated measurements; `wide` when the spread exceeds WIDE_SPREAD_PCT. */
export function spreadOf(values: readonly number[], digits = 3): Spread {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { median: 0, min: 0, max: 0, spreadPct: 0, wide: false };
  const mid = median(finite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const spreadPct = finite.length < 2 || mid === 0 ? 0 : ((max - min) / Math.abs(mid)) * 100;
  return { median: round(mid, digits), min: round(min, digits), max: round(max, digits), spreadPct: round(spreadPct, 1), wide: spreadPct > WIDE_SPREAD_PCT };
}

export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return 0;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Percent by which `value` differs from `reference`; null when there is nothing to compare. */
export function percentDifference(value: number, reference: number): number | null {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return null;
  return round(((value - reference) / reference) * 100, 1);
}
