import { describe, expect, it } from 'vitest';
import { layoutRust } from '../../../src/translate/emit-rust/layout.js';

/** Each case is what rustfmt (default config) makes of the one-line input. */
const CASES: [string, string][] = [
  [
    '        return Err(format!("width must be positive, got {}", jsrt::num_to_string(width)));',
    '        return Err(format!(\n            "width must be positive, got {}",\n            jsrt::num_to_string(width)\n        ));',
  ],
  [
    '        return Err("initialMs must be > 0, factor > 1 and capMs <= 1e9".to_string());',
    '        return Err("initialMs must be > 0, factor > 1 and capMs <= 1e9".to_string());',
  ],
  [
    '    let fine = search_grid(base_price, stock, fine_low, fine_high, FINE_GRID_POINTS as f64)?;',
    '    let fine = search_grid(\n        base_price,\n        stock,\n        fine_low,\n        fine_high,\n        FINE_GRID_POINTS as f64,\n    )?;',
  ],
  [
    '    let position = TIER_ORDER.iter().position(|&e| e == tier).map_or(-1, |i| i as i64);',
    '    let position = TIER_ORDER\n        .iter()\n        .position(|&e| e == tier)\n        .map_or(-1, |i| i as i64);',
  ],
  ['        kept.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(" ")', '        kept.iter()\n            .map(|x| x.to_string())\n            .collect::<Vec<_>>()\n            .join(" ")'],
  [
    '    Ok(Discounted { tier, next, price: jsrt::round(amount * (1.0 - rate) * 100.0) / 100.0 })',
    '    Ok(Discounted {\n        tier,\n        next,\n        price: jsrt::round(amount * (1.0 - rate) * 100.0) / 100.0,\n    })',
  ],
  ['        Self { items: Vec::new() }', '        Self { items: Vec::new() }'],
  [
    '    let next = if position + 1 < TIER_ORDER.len() as i64 { TIER_ORDER[(position + 1) as usize] } else { tier };',
    '    let next = if position + 1 < TIER_ORDER.len() as i64 {\n        TIER_ORDER[(position + 1) as usize]\n    } else {\n        tier\n    };',
  ],
  [
    'static FREE_SHIPPING_COUNTRIES: LazyLock<Vec<String>> = LazyLock::new(|| vec!["DE".to_string(), "AT".to_string()]);',
    'static FREE_SHIPPING_COUNTRIES: LazyLock<Vec<String>> =\n    LazyLock::new(|| vec!["DE".to_string(), "AT".to_string()]);',
  ],
];

describe('layout pass', () => {
  it.each(CASES)('lays out %s as rustfmt does', (input, expected) => {
    expect(layoutRust(input)).toBe(expected);
  });

  it('leaves what it does not lay out (long arithmetic) for rustfmt, unchanged', () => {
    const line = '        total += w / (1.0 + (3.0 * (price / (base_price * (1.0 + w))).ln()).exp() + 1234567890.0 * 1234567890.0);';
    expect(layoutRust(line)).toBe(line);
  });

  it('leaves block lines, comments and attributes alone', () => {
    const text = '    // a comment that is very long '.padEnd(120, 'x') + '\n    #[derive(Debug)]\n    for x in values.iter() {';
    expect(layoutRust(text)).toBe(text);
  });

  it('breaks a long signature into one parameter per line', () => {
    const line = 'pub fn search_grid(base_price: f64, stock: f64, low: f64, high: f64, points: f64) -> Result<RevenuePoint, String> {';
    expect(layoutRust(line)).toBe(
      'pub fn search_grid(\n    base_price: f64,\n    stock: f64,\n    low: f64,\n    high: f64,\n    points: f64,\n) -> Result<RevenuePoint, String> {',
    );
  });
});
