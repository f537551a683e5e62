import { describe, expect, it } from 'vitest';
import { buildCatalog, CATALOG_SIZE, indexCatalog, Minstd, WAREHOUSES } from '../src/catalog.js';

describe('Minstd', () => {
  it('matches the published MINSTD (48271) sequence', () => {
    // C++ [rand.predef]: the 10000th value of minstd_rand seeded with 1 is 399268537.
    const rng = new Minstd(1);
    let value = 0;
    for (let i = 0; i < 10000; i++) {
      value = rng.next();
    }
    expect(value).toBe(399268537);
  });

  it('never starts at the fixed point 0', () => {
    expect(new Minstd(0).next()).toBe(48271);
    expect(new Minstd(2147483647).next()).toBe(48271);
  });
});

describe('buildCatalog', () => {
  const products = buildCatalog();

  it('gives the same catalogue on every build', () => {
    expect(buildCatalog()).toEqual(products);
  });

  it('has products 1..10000 with sane fields', () => {
    expect(products).toHaveLength(CATALOG_SIZE);
    const odd = products.filter(
      (product, index) =>
        product.id !== index + 1 ||
        !(product.basePrice > 0) ||
        !Number.isInteger(product.initialStock) ||
        !WAREHOUSES.includes(product.warehouse),
    );
    expect(odd).toEqual([]);
    expect(indexCatalog(products).get(10000)).toBe(products[9999]);
  });

  it('is pinned, so Rust and Go ports can check themselves against it', () => {
    expect(products[0]).toEqual({
      id: 1,
      name: 'Classic Speaker 1',
      category: 'grocery',
      basePrice: 374.17,
      initialStock: 240,
      warehouse: 'WH-3',
    });
    expect(products[9999]).toEqual({
      id: 10000,
      name: 'Eco Jacket 10000',
      category: 'books',
      basePrice: 362.05,
      initialStock: 335,
      warehouse: 'WH-7',
    });
    const totalCents = products.reduce((sum, product) => sum + Math.round(product.basePrice * 100), 0);
    const totalStock = products.reduce((sum, product) => sum + product.initialStock, 0);
    expect(totalCents).toBe(332773677);
    expect(totalStock).toBe(2385628);
  });

  it('includes nearly sold-out and low-stock products so every scarcity factor occurs', () => {
    expect(products.filter((product) => product.initialStock < 10).length).toBeGreaterThan(100);
    expect(products.filter((product) => product.initialStock >= 10 && product.initialStock < 50).length).toBeGreaterThan(100);
  });

  it('depends on the seed', () => {
    expect(buildCatalog(7, 50)).not.toEqual(buildCatalog(8, 50));
    expect(buildCatalog(7, 50)).toEqual(buildCatalog(7, 50));
  });
});
