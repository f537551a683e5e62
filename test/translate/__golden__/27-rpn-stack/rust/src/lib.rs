//! Translated by pivot from `27-rpn-stack.ts` — do not edit; change the TypeScript and
//! regenerate. `jsrt` holds the JavaScript semantics the code relies on; `tests/vectors.rs`
//! replays the golden vectors recorded from the original.

// The translation keeps the TS source's shape so the two read side by side: loops stay loops,
// stores TS needed for definite assignment, NaN-aware `!(a < b)` tests and range checks stay
// as written, literals that look like std constants are the source's own values, and so is
// what the source spells out: arithmetic with 0 and 1 (`x + 0`, `n * 0`), `x !== x` (the NaN
// test), `c ? v : v`, `a = a + b`, `Math.max(0, 2)`.
#![allow(
    unused_assignments,
    clippy::approx_constant,
    clippy::assign_op_pattern,
    clippy::eq_op,
    clippy::erasing_op,
    clippy::explicit_counter_loop,
    clippy::identity_op,
    clippy::if_same_then_else,
    clippy::manual_find,
    clippy::manual_memcpy,
    clippy::manual_range_contains,
    clippy::misrefactored_assign_op,
    clippy::needless_range_loop,
    clippy::unnecessary_min_or_max,
    clippy::neg_cmp_op_on_partial_ord
)]

pub mod jsrt;

/// Evaluates a reverse-Polish expression such as `3 4 + 2 *`.
pub fn evaluate_rpn(expression: &str) -> Result<f64, String> {
    let mut stack: Vec<f64> = Vec::new();
    let tokens = jsrt::split(expression, " ", None)
        .into_iter()
        .filter(|t| jsrt::str_len(t) > 0)
        .collect::<Vec<_>>();
    for token in tokens.iter() {
        if token == "+" || token == "-" || token == "*" || token == "/" || token == "%" {
            if (stack.len() as i64) < 2 {
                return Err(format!("stack underflow at \"{token}\""));
            }
            let right = stack.pop().unwrap();
            let left = stack.pop().unwrap();
            stack.push(apply(token, left, right));
        } else {
            let value = jsrt::parse_float(token);
            if value.is_nan() {
                return Err(format!("unknown token \"{token}\""));
            }
            stack.push(value);
        }
    }
    if (stack.len() as i64) != 1 {
        return Err(format!("expected one result, found {}", stack.len() as i64));
    }
    Ok(stack[0])
}

#[inline]
fn apply(op: &str, left: f64, right: f64) -> f64 {
    match op {
        "+" => left + right,
        "-" => left - right,
        "*" => left * right,
        "/" => left / right,
        _ => left % right,
    }
}
