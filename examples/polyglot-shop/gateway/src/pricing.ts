/**
 * Dynamic pricing: pure, compute-bound functions over plain data.
 *
 * A quote searches a grid of candidate prices against a demand model made of several customer
 * segments, keeps the revenue-maximising price, scales it by a scarcity factor from the stock
 * level and applies the discount of the price tier it lands in. The grid search is the hot spot.
 *
 * Written in the subset pivot's translator carries to Rust and Go: interfaces, numbers, strings,
 * arrays, string-literal unions, plain loops, Math.* and `throw new Error(message)`.
 */
import { pricing as pricingUpstream } from './pivot/clients.js';

export type PriceTier = 'premium' | 'standard' | 'basic' | 'economy';

export interface PriceInput {
  productId: number;
  /** List price in currency units, > 0. */
  basePrice: number;
  /** Units available right now, ≥ 0. */
  stock: number;
}

export interface CustomerSegment {
  name: string;
  /** Fraction of the market this segment makes up. */
  share: number;
  /** The price the segment considers fair, as a multiple of the base price. */
  reference: number;
  /** How sharply the segment's demand falls once the price passes its reference. */
  elasticity: number;
}

export interface RevenuePoint {
  price: number;
  units: number;
  revenue: number;
}

export interface TierChoice {
  tier: PriceTier;
  discountPercent: number;
}

export interface PriceQuote {
  productId: number;
  basePrice: number;
  /** The revenue-maximising price before scarcity and discount, rounded to cents. */
  optimalPrice: number;
  scarcityFactor: number;
  priceTier: PriceTier;
  discountPercent: number;
  finalPrice: number;
}

export const CUSTOMER_SEGMENTS: CustomerSegment[] = [
  { name: 'bargain', share: 0.3, reference: 0.8, elasticity: 4.5 },
  { name: 'mainstream', share: 0.35, reference: 1.1, elasticity: 3.2 },
  { name: 'loyal', share: 0.15, reference: 1.4, elasticity: 2.4 },
  { name: 'business', share: 0.12, reference: 1.7, elasticity: 2.1 },
  { name: 'collector', share: 0.08, reference: 2.3, elasticity: 1.6 },
];

/** Units the whole market would buy at a price of zero. */
export const MARKET_SIZE = 120;
/** Candidate prices span this range of multiples of the base price. */
export const MIN_PRICE_MULTIPLE = 0.5;
export const MAX_PRICE_MULTIPLE = 3;
export const COARSE_GRID_POINTS = 2400;
export const FINE_GRID_POINTS = 600;

export function roundToCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * Fraction of the market one segment buys at `price`: a logistic drop-off in log-price around
 * the segment's reference, share / (1 + (price / reference)^elasticity), damped slightly for
 * prices far below the reference (buyers distrust them).
 */
export function segmentDemand(segment: CustomerSegment, price: number, basePrice: number): number {
  const reference = basePrice * segment.reference;
  const logRatio = Math.log(price / reference);
  const dropOff = 1 / (1 + Math.exp(segment.elasticity * logRatio));
  const distrust = 1 - 0.1 * Math.exp(-4 * Math.max(0, -logRatio));
  return segment.share * dropOff * distrust;
}

/** Units sold at `price` across every segment, capped by the stock on hand. */
export function expectedUnits(price: number, basePrice: number, stock: number): number {
  let fraction = 0;
  for (const segment of CUSTOMER_SEGMENTS) {
    fraction += segmentDemand(segment, price, basePrice);
  }
  return Math.min(MARKET_SIZE * fraction, Math.max(stock, 1));
}

function evaluatePrice(price: number, basePrice: number, stock: number): RevenuePoint {
  const units = expectedUnits(price, basePrice, stock);
  return { price, units, revenue: price * units };
}

/** Best revenue among `points` evenly spaced prices from `low` to `high` inclusive. */
export function searchGrid(basePrice: number, stock: number, low: number, high: number, points: number): RevenuePoint {
  if (points < 2) {
    throw new Error(`grid needs at least 2 points, got ${points}`);
  }
  const step = (high - low) / (points - 1);
  let best = evaluatePrice(low, basePrice, stock);
  for (let i = 1; i < points; i++) {
    const candidate = evaluatePrice(low + step * i, basePrice, stock);
    if (candidate.revenue > best.revenue) {
      best = candidate;
    }
  }
  return best;
}

/** Coarse search over the whole price range, then a fine search around the coarse winner. */
export function findRevenueMaximum(basePrice: number, stock: number): RevenuePoint {
  const low = basePrice * MIN_PRICE_MULTIPLE;
  const high = basePrice * MAX_PRICE_MULTIPLE;
  const coarse = searchGrid(basePrice, stock, low, high, COARSE_GRID_POINTS);
  const coarseStep = (high - low) / (COARSE_GRID_POINTS - 1);
  const fineLow = Math.max(low, coarse.price - coarseStep);
  const fineHigh = Math.min(high, coarse.price + coarseStep);
  const fine = searchGrid(basePrice, stock, fineLow, fineHigh, FINE_GRID_POINTS);
  return fine.revenue > coarse.revenue ? fine : coarse;
}

/** Scarce stock raises the price: under 10 units × 1.5, under 50 × 1.2, otherwise × 1. */
export function scarcityFactor(stock: number): number {
  if (stock < 10) {
    return 1.5;
  }
  if (stock < 50) {
    return 1.2;
  }
  return 1;
}

/** The tier a price falls in and the discount that tier earns. */
export function chooseTier(price: number): TierChoice {
  if (price > 1000) {
    return { tier: 'premium', discountPercent: 15 };
  }
  if (price > 500) {
    return { tier: 'standard', discountPercent: 10 };
  }
  if (price > 100) {
    return { tier: 'basic', discountPercent: 5 };
  }
  return { tier: 'economy', discountPercent: 0 };
}

export async function quotePrice(input: PriceInput): Promise<PriceQuote> {
  return pricingUpstream.call<PriceQuote>('quotePrice', '/api/quote-price', { input }, { idempotent: true, cacheable: true });
}
