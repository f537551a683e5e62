//! Replays the golden vectors recorded from `103-generic-stack.ts` against the translation.
//! Each vector file is one test; a failing test prints every mismatch (PIVOT-MISMATCH lines)
//! and a summary (PIVOT-VECTORS) that `pivot verify` reads.

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use c103_generic_stack::jsrt;
use serde_json::{json, Value};

/// A value of the translated API in the golden-vector JSON encoding (see vectors-format.ts).
trait Vector: Sized {
    fn decode(v: &Value) -> Result<Self, String>;
    fn encode(&self) -> Value;
}

impl Vector for f64 {
    fn decode(v: &Value) -> Result<Self, String> {
        if let Some(n) = v.as_f64() {
            return Ok(n);
        }
        match v.get("$num").and_then(Value::as_str) {
            Some("NaN") => Ok(f64::NAN),
            Some("Infinity") => Ok(f64::INFINITY),
            Some("-Infinity") => Ok(f64::NEG_INFINITY),
            Some(other) => other.parse().map_err(|_| format!("bad number {other}")),
            None => Err(format!("expected a number, got {v}")),
        }
    }

    fn encode(&self) -> Value {
        if self.is_nan() {
            json!({ "$num": "NaN" })
        } else if self.is_infinite() {
            json!({ "$num": if *self > 0.0 { "Infinity" } else { "-Infinity" } })
        } else {
            json!(*self)
        }
    }
}

impl Vector for i64 {
    fn decode(v: &Value) -> Result<Self, String> {
        let n = f64::decode(v)?;
        if n.fract() == 0.0 && n.abs() < 9.2e18 {
            Ok(n as i64)
        } else {
            Err(format!("expected an integer, got {v}"))
        }
    }

    fn encode(&self) -> Value {
        json!(*self)
    }
}

impl Vector for bool {
    fn decode(v: &Value) -> Result<Self, String> {
        v.as_bool()
            .ok_or_else(|| format!("expected a boolean, got {v}"))
    }

    fn encode(&self) -> Value {
        json!(*self)
    }
}

impl Vector for String {
    fn decode(v: &Value) -> Result<Self, String> {
        v.as_str()
            .map(String::from)
            .ok_or_else(|| format!("expected a string, got {v}"))
    }

    fn encode(&self) -> Value {
        json!(self)
    }
}

impl<T: Vector> Vector for Vec<T> {
    fn decode(v: &Value) -> Result<Self, String> {
        v.as_array()
            .ok_or_else(|| format!("expected an array, got {v}"))?
            .iter()
            .map(T::decode)
            .collect()
    }

    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Vector::encode).collect())
    }
}

impl<T: Vector> Vector for Option<T> {
    fn decode(v: &Value) -> Result<Self, String> {
        if v.is_null() {
            Ok(None)
        } else {
            T::decode(v).map(Some)
        }
    }

    fn encode(&self) -> Value {
        self.as_ref().map_or(Value::Null, Vector::encode)
    }
}

/// What one call did: returned a value, or threw (returned `Err`) with a message.
enum Outcome {
    Returned(Value),
    Threw(String),
}

impl Outcome {
    fn expected(v: &Value) -> Outcome {
        match v.get("error").and_then(Value::as_str) {
            Some(message) => Outcome::Threw(message.to_string()),
            None => Outcome::Returned(v.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Outcome::Returned(v) => json!({ "result": v }),
            Outcome::Threw(message) => json!({ "error": message }),
        }
    }

    fn matches(&self, actual: &Outcome, tolerance: &Tolerance) -> bool {
        match (self, actual) {
            (Outcome::Returned(e), Outcome::Returned(a)) => same(e, a, tolerance),
            (Outcome::Threw(e), Outcome::Threw(a)) => e == a,
            _ => false,
        }
    }
}

/// Numbers compare within the file's tolerance: |a - b| <= absolute or <= relative * max(|a|, |b|).
struct Tolerance {
    absolute: f64,
    relative: f64,
}

fn number_of(v: &Value) -> Option<f64> {
    if v.is_number() || v.get("$num").is_some() {
        f64::decode(v).ok()
    } else {
        None
    }
}

fn same(expected: &Value, actual: &Value, tolerance: &Tolerance) -> bool {
    if let (Some(e), Some(a)) = (number_of(expected), number_of(actual)) {
        if e.is_nan() || a.is_nan() {
            return e.is_nan() && a.is_nan();
        }
        let diff = (e - a).abs();
        return e == a
            || diff <= tolerance.absolute
            || diff <= tolerance.relative * e.abs().max(a.abs());
    }
    match (expected, actual) {
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| same(x, y, tolerance))
        }
        (Value::Object(e), Value::Object(a)) => e.keys().chain(a.keys()).all(|k| {
            same(
                e.get(k).unwrap_or(&Value::Null),
                a.get(k).unwrap_or(&Value::Null),
                tolerance,
            )
        }),
        _ => expected == actual,
    }
}

fn arg<T: Vector>(args: &[Value], i: usize) -> Result<T, String> {
    T::decode(args.get(i).unwrap_or(&Value::Null)).map_err(|e| format!("argument {i}: {e}"))
}

/// Runs one call, turning a panic of the translated code into a reported failure.
fn guarded(call: impl FnOnce() -> Result<Outcome, String>) -> Outcome {
    match panic::catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(problem)) => Outcome::Threw(format!("(replay could not call it: {problem})")),
        Err(_) => Outcome::Threw("(the translated code panicked)".to_string()),
    }
}

/// JSON written by JS may escape lone UTF-16 surrogates, which Rust strings cannot hold: they
/// become U+FFFD, as in Rust's own lossy UTF-16 conversions of the translated code.
fn without_lone_surrogates(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let unit = |i: usize| -> Option<u32> {
        if chars.get(i) == Some(&'\\') && chars.get(i + 1) == Some(&'u') {
            let hex: String = chars.get(i + 2..i + 6)?.iter().collect();
            u32::from_str_radix(&hex, 16).ok()
        } else {
            None
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF) if matches!(unit(i + 6), Some(0xDC00..=0xDFFF)) => {
                out.extend(&chars[i..i + 12]);
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str("\\ufffd");
                i += 6;
            }
            _ => {
                out.extend(&chars[i..(i + 2).min(chars.len())]);
                i += 2;
            }
        }
    }
    out
}

struct VectorFile {
    name: String,
    doc: Value,
    tolerance: Tolerance,
    /// Set by pivot verify: a line before each vector names the one a crash stopped at.
    trace: bool,
}

/// The crate's folder, read at run time: cargo test sets it, and a test binary reused from
/// another checkout of the same crate (a shared target dir) must still read these files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string())
}

impl VectorFile {
    fn load(name: &str) -> VectorFile {
        let path = Path::new(&manifest_dir()).join("vectors").join(name);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc: Value = serde_json::from_str(&without_lone_surrogates(&text))
            .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        let tolerance = Tolerance {
            absolute: doc["tolerance"]["absolute"].as_f64().unwrap_or(1e-9),
            relative: doc["tolerance"]["relative"].as_f64().unwrap_or(1e-9),
        };
        VectorFile {
            name: name.to_string(),
            doc,
            tolerance,
            trace: std::env::var_os("PIVOT_VECTOR_TRACE").is_some(),
        }
    }

    /// Under pivot verify, names the vector about to run and the failures so far (PIVOT-VECTOR-START).
    fn start(&self, index: usize, failed: usize) {
        if self.trace {
            let start = json!({ "file": self.name, "index": index, "failed": failed });
            println!("PIVOT-VECTOR-START {start}");
        }
    }

    /// Pins the clock and re-seeds Math.random as the recorder did before each vector / sequence.
    fn pin(&self) {
        jsrt::set_clock_ms(self.doc["clockMs"].as_f64().unwrap_or(0.0));
        jsrt::seed_random(self.doc["randomSeed"].as_f64().unwrap_or(0.0) as i64 as u32);
    }

    fn items(&self, key: &str) -> Vec<Value> {
        self.doc[key].as_array().cloned().unwrap_or_default()
    }

    /// Prints the report lines `pivot verify` reads and fails the test if anything mismatched.
    fn report(&self, total: usize, failures: &[Value]) {
        for failure in failures.iter().take(20) {
            println!("PIVOT-MISMATCH {failure}");
        }
        let unit = self.doc["unit"].as_str().unwrap_or_default();
        let summary = json!({ "file": self.name, "unit": unit, "total": total, "passed": total - failures.len(), "failed": failures.len() });
        println!("PIVOT-VECTORS {summary}");
        if !failures.is_empty() {
            let shown: Vec<String> = failures
                .iter()
                .take(20)
                .map(|f| {
                    format!(
                        "  #{} input {} expected {} actual {}",
                        f["index"], f["input"], f["expected"], f["actual"]
                    )
                })
                .collect();
            panic!(
                "{}: {} of {total} failed\n{}",
                self.name,
                failures.len(),
                shown.join("\n")
            );
        }
    }
}

/// A class whose call sequences the vectors replay.
trait Replayable: Sized {
    fn construct(args: &[Value]) -> Result<Result<Self, String>, String>;
    fn call(&mut self, method: &str, args: &[Value]) -> Result<Outcome, String>;
}

fn replay_sequence<T: Replayable>(
    file: &VectorFile,
    index: usize,
    sequence: &Value,
) -> Option<Value> {
    let ctor_args = sequence["constructorArgs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let expected_ctor = match sequence.get("constructorError").and_then(Value::as_str) {
        Some(message) => Outcome::Threw(message.to_string()),
        None => Outcome::Returned(Value::Null),
    };
    let mut instance = None;
    let built = guarded(|| {
        T::construct(&ctor_args).map(|r| match r {
            Ok(obj) => {
                instance = Some(obj);
                Outcome::Returned(Value::Null)
            }
            Err(message) => Outcome::Threw(message),
        })
    });
    let failure = |call: i64, input: Value, expected: &Outcome, actual: &Outcome| {
        Some(
            json!({ "file": file.name, "index": index, "call": call, "input": input, "expected": expected.to_json(), "actual": actual.to_json() }),
        )
    };
    if !expected_ctor.matches(&built, &file.tolerance) {
        return failure(
            -1,
            json!({ "method": "constructor", "args": ctor_args }),
            &expected_ctor,
            &built,
        );
    }
    let mut obj = instance?;
    let calls = sequence["calls"].as_array().cloned().unwrap_or_default();
    for (i, call) in calls.iter().enumerate() {
        let method = call["method"].as_str().unwrap_or_default();
        let args = call["args"].as_array().cloned().unwrap_or_default();
        let expected = Outcome::expected(call);
        let actual = guarded(|| obj.call(method, &args));
        if !expected.matches(&actual, &file.tolerance) {
            return failure(
                i as i64,
                json!({ "method": method, "args": args }),
                &expected,
                &actual,
            );
        }
    }
    None
}

fn replay_class_file<T: Replayable>(name: &str) {
    let file = VectorFile::load(name);
    let sequences = file.items("sequences");
    let mut failures = Vec::new();
    for (index, sequence) in sequences.iter().enumerate() {
        file.start(index, failures.len());
        file.pin();
        failures.extend(replay_sequence::<T>(&file, index, sequence));
    }
    file.report(sequences.len(), &failures);
}

impl Replayable for c103_generic_stack::Stack {
    fn construct(_args: &[Value]) -> Result<Result<Self, String>, String> {
        Ok(Ok(c103_generic_stack::Stack::new()))
    }

    fn call(&mut self, method: &str, args: &[Value]) -> Result<Outcome, String> {
        match method {
            "push" => {
                let item_arg: T = arg(args, 0)?;
                self.push(item_arg);
                Ok(Outcome::Returned(Value::Null))
            }
            "pop" => Ok(Outcome::Returned(self.pop().encode())),
            "peek" => Ok(Outcome::Returned(self.peek().encode())),
            "contains" => {
                let item_arg: T = arg(args, 0)?;
                Ok(Outcome::Returned(self.contains(item_arg).encode()))
            }
            "isEmpty" => Ok(Outcome::Returned(self.is_empty().encode())),
            "size" => Ok(Outcome::Returned(self.size().encode())),
            "clear" => {
                self.clear();
                Ok(Outcome::Returned(Value::Null))
            }
            "describe" => Ok(Outcome::Returned(self.describe().encode())),
            _ => Err(format!("no method {method} on Stack")),
        }
    }
}

/// Stack of the thread a vector file replays on (its pages are touched only when used).
const REPLAY_STACK_BYTES: usize = 256 << 20;

fn on_large_stack(replay: fn()) {
    let worker = std::thread::Builder::new()
        .stack_size(REPLAY_STACK_BYTES)
        .spawn(replay)
        .expect("cannot start the replay thread");
    if let Err(panic) = worker.join() {
        panic::resume_unwind(panic);
    }
}

#[test]
fn stack_vectors() {
    on_large_stack(|| replay_class_file::<c103_generic_stack::Stack>("Stack.json"));
}

#[test]
fn every_vector_file_is_replayed() {
    let known: [&str; 1] = ["Stack.json"];
    let dir = Path::new(&manifest_dir()).join("vectors");
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        assert!(
            !name.ends_with(".json") || known.contains(&name.as_str()),
            "vectors/{name} has no replay test: regenerate the crate"
        );
    }
}
