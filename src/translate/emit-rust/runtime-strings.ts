/**
 * Rust source of the `jsrt` string and array helpers: JS strings index by UTF-16 code unit,
 * so lengths, slices and searches go through the UTF-16 view (ASCII strings take a fast path).
 */
import type { RuntimeSnippet } from './runtime.js';

export const STRING_SNIPPETS: RuntimeSnippet[] = [
  {
    name: 'is_js_space',
    code: `/// JS white space and line terminators (what \`trim\` and \`parseFloat\` skip).
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\\t' | '\\n' | '\\u{b}' | '\\u{c}' | '\\r' | ' ' | '\\u{a0}' | '\\u{1680}' | '\\u{2000}'
            ..='\\u{200a}'
                | '\\u{2028}'
                | '\\u{2029}'
                | '\\u{202f}'
                | '\\u{205f}'
                | '\\u{3000}'
                | '\\u{feff}'
    )
}`,
  },
  {
    name: 'units',
    code: `fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}`,
  },
  {
    name: 'from_units',
    code: `fn from_units(units: &[u16]) -> String {
    String::from_utf16_lossy(units)
}`,
  },
  {
    name: 'relative',
    code: `/// A relative index (negative counts from the end) clamped to \`0..=len\`, as \`slice\` reads it.
fn relative(i: i64, len: i64) -> i64 {
    if i < 0 {
        (len + i).max(0)
    } else {
        i.min(len)
    }
}`,
  },
  {
    name: 'str_len',
    code: `/// \`s.length\`: UTF-16 code units.
pub fn str_len(s: &str) -> i64 {
    if s.is_ascii() {
        s.len() as i64
    } else {
        s.encode_utf16().count() as i64
    }
}`,
  },
  {
    name: 'str_slice',
    deps: ['units', 'from_units', 'relative', 'str_len'],
    code: `/// \`s.slice(start, end)\` over UTF-16 code units.
pub fn str_slice(s: &str, start: i64, end: Option<i64>) -> String {
    let len = str_len(s);
    let from = relative(start, len);
    let to = end.map_or(len, |e| relative(e, len));
    if from >= to {
        return String::new();
    }
    if s.is_ascii() {
        s[from as usize..to as usize].to_string()
    } else {
        from_units(&units(s)[from as usize..to as usize])
    }
}`,
  },
  {
    name: 'substring',
    deps: ['units', 'from_units', 'str_len'],
    code: `/// \`s.substring(start, end)\`: bounds clamped to the string and swapped when reversed.
pub fn substring(s: &str, start: i64, end: Option<i64>) -> String {
    let len = str_len(s);
    let a = start.clamp(0, len);
    let b = end.map_or(len, |e| e.clamp(0, len));
    let (from, to) = (a.min(b), a.max(b));
    if s.is_ascii() {
        s[from as usize..to as usize].to_string()
    } else {
        from_units(&units(s)[from as usize..to as usize])
    }
}`,
  },
  {
    name: 'str_index_of',
    deps: ['units', 'str_len'],
    code: `/// \`s.indexOf(search, from)\` in UTF-16 code units, -1 when absent.
pub fn str_index_of(s: &str, search: &str, from: i64) -> i64 {
    let from = from.clamp(0, str_len(s));
    if s.is_ascii() && search.is_ascii() {
        return s[from as usize..]
            .find(search)
            .map_or(-1, |i| i as i64 + from);
    }
    let hay = units(s);
    let needle = units(search);
    (from as usize..=hay.len().saturating_sub(needle.len()))
        .find(|&i| hay[i..].starts_with(&needle))
        .map_or(-1, |i| i as i64)
}`,
  },
  {
    name: 'str_starts_with',
    deps: ['units', 'str_len'],
    code: `/// \`s.startsWith(search, position)\`: the position in UTF-16 code units, clamped to the string.
pub fn str_starts_with(s: &str, search: &str, position: i64) -> bool {
    let from = position.clamp(0, str_len(s)) as usize;
    if s.is_ascii() {
        return s[from..].starts_with(search);
    }
    units(s)[from..].starts_with(&units(search))
}`,
  },
  {
    name: 'str_ends_with',
    deps: ['units', 'str_len'],
    code: `/// \`s.endsWith(search, end)\`: the end in UTF-16 code units, clamped to the string.
pub fn str_ends_with(s: &str, search: &str, end: i64) -> bool {
    let to = end.clamp(0, str_len(s)) as usize;
    if s.is_ascii() {
        return s[..to].ends_with(search);
    }
    units(s)[..to].ends_with(&units(search))
}`,
  },
  {
    name: 'split',
    deps: ['units', 'from_units'],
    code: `/// \`s.split(sep, limit)\`; an empty separator splits into UTF-16 code units.
pub fn split(s: &str, sep: &str, limit: Option<i64>) -> Vec<String> {
    let parts: Vec<String> = if sep.is_empty() {
        units(s).iter().map(|u| from_units(&[*u])).collect()
    } else {
        s.split(sep).map(String::from).collect()
    };
    match limit {
        Some(n) => parts.into_iter().take(n.max(0) as usize).collect(),
        None => parts,
    }
}`,
  },
  {
    name: 'trim',
    deps: ['is_js_space'],
    code: `/// \`s.trim()\` with JS's white space set.
pub fn trim(s: &str) -> String {
    s.trim_matches(is_js_space).to_string()
}`,
  },
  {
    name: 'char_code_at',
    code: `/// \`s.charCodeAt(i)\`: the UTF-16 unit, NaN out of range.
pub fn char_code_at(s: &str, i: i64) -> f64 {
    usize::try_from(i)
        .ok()
        .and_then(|i| s.encode_utf16().nth(i))
        .map_or(f64::NAN, f64::from)
}`,
  },
  {
    name: 'char_at',
    deps: ['from_units'],
    code: `/// \`s.charAt(i)\` / \`s[i]\`: one UTF-16 unit as a string, empty out of range.
pub fn char_at(s: &str, i: i64) -> String {
    usize::try_from(i)
        .ok()
        .and_then(|i| s.encode_utf16().nth(i))
        .map_or_else(String::new, |u| from_units(&[u]))
}`,
  },
  {
    name: 'pad',
    deps: ['units', 'from_units', 'str_len'],
    code: `fn padding(s: &str, target: i64, fill: &str) -> String {
    let missing = target - str_len(s);
    if missing <= 0 || fill.is_empty() {
        return String::new();
    }
    let fill = units(fill);
    let padded: Vec<u16> = fill
        .iter()
        .copied()
        .cycle()
        .take(missing as usize)
        .collect();
    from_units(&padded)
}`,
  },
  {
    name: 'pad_start',
    deps: ['pad'],
    code: `/// \`s.padStart(target, fill)\` counting UTF-16 units.
pub fn pad_start(s: &str, target: i64, fill: &str) -> String {
    format!("{}{s}", padding(s, target, fill))
}`,
  },
  {
    name: 'pad_end',
    deps: ['pad'],
    code: `/// \`s.padEnd(target, fill)\` counting UTF-16 units.
pub fn pad_end(s: &str, target: i64, fill: &str) -> String {
    format!("{s}{}", padding(s, target, fill))
}`,
  },
  {
    name: 'join_num',
    deps: ['num_to_string'],
    code: `/// \`numbers.join(sep)\` with JS number formatting.
pub fn join_num(values: &[f64], sep: &str) -> String {
    values
        .iter()
        .map(|v| num_to_string(*v))
        .collect::<Vec<_>>()
        .join(sep)
}`,
  },
  {
    name: 'shift',
    code: `/// \`a.shift()\`.
pub fn shift<T>(values: &mut Vec<T>) -> Option<T> {
    if values.is_empty() {
        None
    } else {
        Some(values.remove(0))
    }
}`,
  },
  {
    name: 'slice',
    deps: ['relative'],
    code: `/// \`a.slice(start, end)\` with JS's negative and out-of-range indices.
pub fn slice<T: Clone>(values: &[T], start: i64, end: Option<i64>) -> Vec<T> {
    let len = values.len() as i64;
    let from = relative(start, len);
    let to = end.map_or(len, |e| relative(e, len));
    if from >= to {
        Vec::new()
    } else {
        values[from as usize..to as usize].to_vec()
    }
}`,
  },
  {
    name: 'fill',
    deps: ['relative'],
    code: `/// \`a.fill(value, start, end)\`.
pub fn fill<T: Clone>(values: &mut [T], value: T, start: i64, end: Option<i64>) {
    let len = values.len() as i64;
    let from = relative(start, len);
    let to = end.map_or(len, |e| relative(e, len));
    if from < to {
        values[from as usize..to as usize].fill(value);
    }
}`,
  },
  {
    name: 'includes_num',
    code: `/// \`numbers.includes(x)\`: SameValueZero, so NaN finds NaN.
pub fn includes_num(values: &[f64], x: f64) -> bool {
    values.iter().any(|&v| v == x || (v.is_nan() && x.is_nan()))
}`,
  },
  {
    name: 'includes_num_from',
    deps: ['relative', 'includes_num'],
    code: `/// \`numbers.includes(x, from)\`: SameValueZero from \`from\` (negative counts from the end).
pub fn includes_num_from(values: &[f64], x: f64, from: i64) -> bool {
    includes_num(&values[relative(from, values.len() as i64) as usize..], x)
}`,
  },
  {
    name: 'includes_from',
    deps: ['relative'],
    code: `/// \`a.includes(x, from)\`: from \`from\` on (negative counts from the end).
pub fn includes_from<T: PartialEq<U>, U: ?Sized>(values: &[T], x: &U, from: i64) -> bool {
    values[relative(from, values.len() as i64) as usize..]
        .iter()
        .any(|v| v == x)
}`,
  },
  {
    name: 'index_of_from',
    deps: ['relative'],
    code: `/// \`a.indexOf(x, from)\`: strict equality (NaN is never found) from \`from\` (negative counts from the end).
pub fn index_of_from<T: PartialEq<U>, U: ?Sized>(values: &[T], x: &U, from: i64) -> i64 {
    let start = relative(from, values.len() as i64) as usize;
    values[start..]
        .iter()
        .position(|v| v == x)
        .map_or(-1, |i| (start + i) as i64)
}`,
  },
  {
    name: 'str_cmp',
    code: `/// JS string order: by UTF-16 code unit (Rust's \`<\` on \`str\` orders by code point).
pub fn str_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}`,
  },
  {
    name: 'index_of_num',
    code: `/// \`numbers.indexOf(x)\`: strict equality, so NaN is never found.
pub fn index_of_num(values: &[f64], x: f64) -> i64 {
    values.iter().position(|&v| v == x).map_or(-1, |i| i as i64)
}`,
  },
  {
    name: 'order',
    code: `/// A JS comparator result (negative, zero or NaN, positive) as an \`Ordering\`.
pub trait JsOrder {
    fn js_order(self) -> Ordering;
}

impl JsOrder for f64 {
    fn js_order(self) -> Ordering {
        if self < 0.0 {
            Ordering::Less
        } else if self > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }
}

impl JsOrder for i64 {
    fn js_order(self) -> Ordering {
        self.cmp(&0)
    }
}

/// The ordering a comparator result asks for.
pub fn order<R: JsOrder>(result: R) -> Ordering {
    result.js_order()
}`,
  },
  {
    name: 'sort_by',
    deps: ['order'],
    code: `/// \`a.sort(cmp)\`: stable, ordered by the sign of the comparator's result.
pub fn sort_by<T, R: JsOrder>(values: &mut [T], mut cmp: impl FnMut(&T, &T) -> R) {
    values.sort_by(|a, b| cmp(a, b).js_order());
}`,
  },
  {
    name: 'sort_default_num',
    deps: ['num_to_string'],
    code: `/// \`numbers.sort()\` without a comparator: JS compares their string forms.
pub fn sort_default_num(values: &mut [f64]) {
    values.sort_by_cached_key(|v| num_to_string(*v));
}`,
  },
];
