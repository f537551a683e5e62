/**
 * Rust source of the `jsrt` number, math and time helpers (see runtime.ts for how the
 * snippets are assembled). Each one reproduces a JS operation exactly where Rust's std differs.
 */
import type { RuntimeSnippet } from './runtime.js';

export const NUMBER_SNIPPETS: RuntimeSnippet[] = [
  {
    name: 'num_to_string',
    code: `/// \`String(n)\` of JavaScript: shortest round-trip digits, exponent form below 1e-6 and from 1e21.
pub fn num_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if n == 0.0 {
        return "0".to_string();
    }
    let sci = format!("{:e}", n.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let point = exponent.parse::<i32>().unwrap_or(0) + 1;
    let sign = if n < 0.0 { "-" } else { "" };
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        if k == 1 {
            format!("{digits}e{e_sign}{}", e.abs())
        } else {
            format!("{}.{}e{e_sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    format!("{sign}{body}")
}`,
  },
  {
    name: 'to_fixed',
    deps: ['num_to_string'],
    code: `/// \`x.toFixed(digits)\`: rounds the exact binary value half up, as the spec does (not half-even).
pub fn to_fixed(x: f64, digits: i64) -> String {
    if !x.is_finite() || x.abs() >= 1e21 {
        return num_to_string(x);
    }
    let digits = digits.clamp(0, 100) as usize;
    // 1100 places hold every f64 exactly, so the rounding below sees the true value.
    let exact = format!("{:.1100}", x.abs());
    let (int_part, frac_part) = exact.split_once('.').unwrap_or((&exact, ""));
    let mut kept: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes().take(digits))
        .collect();
    if frac_part.as_bytes().get(digits).is_some_and(|d| *d >= b'5') {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let text = String::from_utf8(kept).unwrap_or_default();
    let split = text.len() - digits;
    let sign = if x < 0.0 { "-" } else { "" };
    if digits == 0 {
        format!("{sign}{text}")
    } else {
        format!("{sign}{}.{}", &text[..split], &text[split..])
    }
}`,
  },
  {
    name: 'to_string_radix',
    deps: ['num_to_string'],
    code: `/// \`n.toString(radix)\` for integral values; other values fall back to base 10.
pub fn to_string_radix(n: f64, radix: i64) -> String {
    if radix == 10
        || !(2..=36).contains(&radix)
        || n.fract() != 0.0
        || n.abs() >= 9.007_199_254_740_992e15
    {
        return num_to_string(n);
    }
    let mut v = n.abs() as u64;
    let mut out = Vec::new();
    loop {
        out.push(std::char::from_digit((v % radix as u64) as u32, radix as u32).unwrap_or('0'));
        v /= radix as u64;
        if v == 0 {
            break;
        }
    }
    if n < 0.0 {
        out.push('-');
    }
    out.iter().rev().collect()
}`,
  },
  {
    name: 'round',
    code: `/// \`Math.round\`: halves go up (\`round(-2.5) == -2\`), unlike \`f64::round\`.
pub fn round(x: f64) -> f64 {
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}`,
  },
  {
    name: 'sign',
    code: `/// \`Math.sign\`: NaN and ±0 map to themselves.
pub fn sign(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 {
        x
    } else {
        x.signum()
    }
}`,
  },
  {
    name: 'min',
    code: `/// \`Math.min(a, b)\`: NaN wins, and -0 is below +0. Written so it compiles to selects, not
/// branches: which argument wins is usually data-dependent in the loops that call it.
#[inline]
pub fn min(a: f64, b: f64) -> f64 {
    let either_negative_zero = f64::from_bits(a.to_bits() | b.to_bits());
    let m = if a == b {
        either_negative_zero
    } else if a < b {
        a
    } else {
        b
    };
    if a.is_nan() {
        a
    } else {
        m
    }
}`,
  },
  {
    name: 'max',
    code: `/// \`Math.max(a, b)\`: NaN wins, and +0 is above -0. Selects, not branches, as in \`min\`.
#[inline]
pub fn max(a: f64, b: f64) -> f64 {
    let both_negative_zero = f64::from_bits(a.to_bits() & b.to_bits());
    let m = if a == b {
        both_negative_zero
    } else if a > b {
        a
    } else {
        b
    };
    if a.is_nan() {
        a
    } else {
        m
    }
}`,
  },
  {
    name: 'hypot',
    code: `/// \`Math.hypot(...values)\` as V8 computes it: scaled by the largest value, Kahan-summed squares.
pub fn hypot(values: &[f64]) -> f64 {
    let max = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if values.iter().any(|v| v.is_infinite()) {
        return f64::INFINITY;
    }
    if values.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    if max == 0.0 {
        return 0.0;
    }
    let (mut sum, mut compensation) = (0.0, 0.0);
    for v in values {
        let n = v.abs() / max;
        let summand = n * n - compensation;
        let preliminary = sum + summand;
        compensation = (preliminary - sum) - summand;
        sum = preliminary;
    }
    sum.sqrt() * max
}`,
  },
  {
    name: 'pow',
    code: `/// \`a ** b\`: a NaN exponent, or ±1 to an infinite power, is NaN in JS (1 in IEEE \`pow\`).
pub fn pow(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() || (base.abs() == 1.0 && exponent.is_infinite()) {
        f64::NAN
    } else {
        base.powf(exponent)
    }
}`,
  },
  {
    name: 'is_integer',
    code: `/// \`Number.isInteger(x)\`.
pub fn is_integer(x: f64) -> bool {
    x.is_finite() && x.trunc() == x
}`,
  },
  {
    name: 'parse_float',
    deps: ['is_js_space'],
    code: `/// \`Number.parseFloat(s)\`: the longest decimal prefix after leading white space, else NaN.
pub fn parse_float(s: &str) -> f64 {
    let t = s.trim_start_matches(is_js_space);
    let b = t.as_bytes();
    let mut end = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if t[end..].starts_with("Infinity") {
        return if b.first() == Some(&b'-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let digits_from = end;
    while end < b.len() && b[end].is_ascii_digit() {
        end += 1;
    }
    let mut digits = end - digits_from;
    if end < b.len() && b[end] == b'.' {
        let dot = end;
        end += 1;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        digits += end - dot - 1;
        if digits == 0 {
            return f64::NAN;
        }
    }
    if digits == 0 {
        return f64::NAN;
    }
    if end < b.len() && (b[end] == b'e' || b[end] == b'E') {
        let mut e = end + 1;
        if e < b.len() && (b[e] == b'+' || b[e] == b'-') {
            e += 1;
        }
        let exp_digits = e;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
        if e > exp_digits {
            end = e;
        }
    }
    t[..end].parse::<f64>().unwrap_or(f64::NAN)
}`,
  },
  {
    name: 'parse_int',
    deps: ['is_js_space'],
    code: `/// \`Number.parseInt(s, radix)\` (radix 0 = not given): digits up to the first invalid one, else NaN.
pub fn parse_int(s: &str, radix: i64) -> f64 {
    let t = s.trim_start_matches(is_js_space);
    let negative = t.starts_with('-');
    let mut t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let mut radix = radix;
    if radix == 0 || radix == 16 {
        if let Some(rest) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            t = rest;
            radix = 16;
        }
    }
    if radix == 0 {
        radix = 10;
    }
    if !(2..=36).contains(&radix) {
        return f64::NAN;
    }
    let len = t
        .find(|c: char| !c.is_digit(radix as u32))
        .unwrap_or(t.len());
    let digits = &t[..len];
    if digits.is_empty() {
        return f64::NAN;
    }
    let value = if radix == 10 {
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        digits.chars().fold(0.0, |acc, c| {
            acc * radix as f64 + f64::from(c.to_digit(radix as u32).unwrap_or(0))
        })
    };
    if negative {
        -value
    } else {
        value
    }
}`,
  },
  {
    name: 'clock',
    always: true,
    code: `thread_local! {
    static CLOCK_MS: Cell<Option<f64>> = const { Cell::new(None) };
    static RANDOM_STATE: Cell<Option<u32>> = const { Cell::new(None) };
}

/// Pins \`Date.now()\` / \`new Date()\` for this thread (the vector replay pins it per vector).
pub fn set_clock_ms(ms: f64) {
    CLOCK_MS.with(|c| c.set(Some(ms)));
}

/// Seeds this thread's \`Math.random\` (mulberry32, bit-for-bit the recorder's generator).
pub fn seed_random(seed: u32) {
    RANDOM_STATE.with(|s| s.set(Some(seed)));
}

/// \`Date.now()\`: the pinned clock, or the system clock when none is pinned.
pub fn now_ms() -> f64 {
    CLOCK_MS.with(Cell::get).unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64)
    })
}

/// \`Math.random()\`: mulberry32 over the seeded (or clock-seeded) state.
pub fn random() -> f64 {
    RANDOM_STATE.with(|state| {
        let seed = state.get().unwrap_or_else(|| now_ms() as u32);
        let a = seed.wrapping_add(0x6D2B_79F5);
        state.set(Some(a));
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t)) ^ t;
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    })
}`,
  },
  {
    name: 'iso_string',
    code: `/// \`new Date(ms).toISOString()\` in UTC, without a date library.
pub fn iso_string(ms: f64) -> String {
    assert!(ms.is_finite(), "Invalid time value");
    let ms = ms.trunc() as i64;
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("+{year:06}")
    };
    let (h, m, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{year}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}`,
  },
];
