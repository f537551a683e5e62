/**
 * Deterministic seed data: the shop's catalogue of 10,000 products.
 *
 * Everything comes from a Park–Miller MINSTD generator (multiplier 48271, modulus 2^31 − 1)
 * using integer arithmetic only: every intermediate value stays below 2^47, so a double holds
 * it exactly and Rust or Go (with i64/u64) reproduce the same catalogue bit for bit. Prices are
 * drawn as integer cents and divided by 100 once, which IEEE 754 rounds identically everywhere.
 *
 * Draw order per product (ids 1..size, in order) — keep it when porting:
 *   category, adjective, noun, price band, cents within band, stock band, stock within band,
 *   warehouse.
 */

export const MINSTD_MODULUS = 2147483647;
export const MINSTD_MULTIPLIER = 48271;
export const CATALOG_SEED = 20240607;
export const CATALOG_SIZE = 10000;
export const WAREHOUSES = ['WH-1', 'WH-2', 'WH-3', 'WH-4', 'WH-5', 'WH-6', 'WH-7', 'WH-8', 'WH-9'];

export type Category =
  | 'electronics'
  | 'home'
  | 'garden'
  | 'sports'
  | 'toys'
  | 'books'
  | 'fashion'
  | 'grocery';

export const CATEGORIES: Category[] = [
  'electronics',
  'home',
  'garden',
  'sports',
  'toys',
  'books',
  'fashion',
  'grocery',
];

export interface Product {
  id: number;
  name: string;
  category: Category;
  basePrice: number;
  initialStock: number;
  warehouse: string;
}

const ADJECTIVES = ['Compact', 'Deluxe', 'Classic', 'Rugged', 'Smart', 'Eco', 'Pro', 'Mini', 'Ultra', 'Vintage'];
const NOUNS = ['Lamp', 'Kettle', 'Backpack', 'Speaker', 'Chair', 'Drill', 'Puzzle', 'Jacket', 'Blender', 'Tent', 'Watch', 'Novel'];

/**
 * Price bands in cents, chosen so the pricing tiers (economy ≤ 100 < basic ≤ 500 < standard
 * ≤ 1000 < premium) all occur once the pricing model has moved the base price.
 * A band is picked by a draw in 0..99 against `upTo`.
 */
const PRICE_BANDS = [
  { upTo: 40, minCents: 299, maxCents: 9999 },
  { upTo: 70, minCents: 10000, maxCents: 39999 },
  { upTo: 90, minCents: 40000, maxCents: 79999 },
  { upTo: 100, minCents: 80000, maxCents: 149999 },
];

/** Stock bands: 5 % nearly sold out (< 10), 10 % low (< 50), the rest well stocked. */
const STOCK_BANDS = [
  { upTo: 5, min: 1, max: 9 },
  { upTo: 15, min: 10, max: 49 },
  { upTo: 100, min: 50, max: 500 },
];

/** Park–Miller "minimal standard" generator, the 48271 variant. */
export class Minstd {
  private state: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`seed must be an integer, got ${seed}`);
    }
    let reduced = seed % MINSTD_MODULUS;
    if (reduced < 0) {
      reduced += MINSTD_MODULUS;
    }
    // State 0 is a fixed point of the recurrence; a seed that reduces to it starts at 1.
    this.state = reduced === 0 ? 1 : reduced;
  }

  /** The next state, an integer in 1..2^31 − 2. */
  next(): number {
    this.state = (this.state * MINSTD_MULTIPLIER) % MINSTD_MODULUS;
    return this.state;
  }

  /** An integer in 0..n − 1 (plain modulo; the bias is irrelevant for seed data). */
  below(n: number): number {
    return this.next() % n;
  }

  /** An integer in min..max inclusive. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }
}

function pick<T>(rng: Minstd, items: T[]): T {
  const item = items[rng.below(items.length)];
  if (item === undefined) {
    throw new Error('cannot pick from an empty list');
  }
  return item;
}

function drawPriceCents(rng: Minstd): number {
  const roll = rng.below(100);
  for (const band of PRICE_BANDS) {
    if (roll < band.upTo) {
      return rng.between(band.minCents, band.maxCents);
    }
  }
  throw new Error(`price roll ${roll} outside every band`);
}

function drawStock(rng: Minstd): number {
  const roll = rng.below(100);
  for (const band of STOCK_BANDS) {
    if (roll < band.upTo) {
      return rng.between(band.min, band.max);
    }
  }
  throw new Error(`stock roll ${roll} outside every band`);
}

/** Builds the catalogue; the same seed and size always give the same products. */
export function buildCatalog(seed: number = CATALOG_SEED, size: number = CATALOG_SIZE): Product[] {
  const rng = new Minstd(seed);
  const products: Product[] = [];
  for (let id = 1; id <= size; id++) {
    const category = pick(rng, CATEGORIES);
    const adjective = pick(rng, ADJECTIVES);
    const noun = pick(rng, NOUNS);
    const basePrice = drawPriceCents(rng) / 100;
    const initialStock = drawStock(rng);
    const warehouse = pick(rng, WAREHOUSES);
    products.push({ id, name: `${adjective} ${noun} ${id}`, category, basePrice, initialStock, warehouse });
  }
  return products;
}

/** The catalogue keyed by product id, as the routes look products up. */
export function indexCatalog(products: Product[]): Map<number, Product> {
  const byId = new Map<number, Product>();
  for (const product of products) {
    byId.set(product.id, product);
  }
  return byId;
}
