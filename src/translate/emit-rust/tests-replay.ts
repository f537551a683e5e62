/**
 * The replay loops of `tests/vectors.rs`: one per function file, one per class file (each call
 * sequence on a fresh instance), and the check that every vector file has a test.
 */

export const OUTCOME_HELPER = `fn outcome<T: Vector>(result: Result<T, String>) -> Outcome {
    match result {
        Ok(v) => Outcome::Returned(v.encode()),
        Err(message) => Outcome::Threw(message),
    }
}`;

/** `replay_function_file`; with `generic`, the dispatch key names the instantiation (`name<number>`). */
export const functionReplay = (generic: boolean): string => `fn replay_function_file(name: &str) {
    let file = VectorFile::load(name);
    let ${generic ? 'mut ' : ''}function = file.doc["function"]
        .as_str()
        .unwrap_or_default()
        .to_string();${
      generic
        ? `
    // A generic function's file names the instantiation it ran at: \`name<number,string>\`.
    if let Some(type_args) = file.doc["typeArgs"].as_array() {
        let labels: Vec<&str> = type_args.iter().filter_map(Value::as_str).collect();
        function = format!("{function}<{}>", labels.join(","));
    }`
        : ''
    }
    let vectors = file.items("vectors");
    let mut failures = Vec::new();
    for (index, vector) in vectors.iter().enumerate() {
        file.start(index, failures.len());
        file.pin();
        let args = vector["args"].as_array().cloned().unwrap_or_default();
        let expected = Outcome::expected(vector);
        let actual = guarded(|| call_function(&function, &args));
        if !expected.matches(&actual, &file.tolerance) {
            failures.push(json!({ "file": name, "index": index, "input": args, "expected": expected.to_json(), "actual": actual.to_json() }));
        }
    }
    file.report(vectors.len(), &failures);
}`;

export const CLASS_REPLAY = `/// A class whose call sequences the vectors replay.
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
}`;

/**
 * Each vector file replays on a thread with a large stack: the 2 MiB of a test thread overflow on
 * recursion that Node's default stack completes (a Rust frame is often bigger than a V8 one).
 */
export const LARGE_STACK = `/// Stack of the thread a vector file replays on (its pages are touched only when used).
const REPLAY_STACK_BYTES: usize = 256 << 20;

fn on_large_stack(replay: fn()) {
    let worker = std::thread::Builder::new()
        .stack_size(REPLAY_STACK_BYTES)
        .spawn(replay)
        .expect("cannot start the replay thread");
    if let Err(panic) = worker.join() {
        panic::resume_unwind(panic);
    }
}`;

export function everyFileTest(known: string[]): string {
  const list = known.map((k) => JSON.stringify(k)).join(', ');
  return `#[test]
fn every_vector_file_is_replayed() {
    let known: [&str; ${known.length}] = [${list}];
    let dir = Path::new(&manifest_dir()).join("vectors");
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        assert!(
            !name.ends_with(".json") || known.contains(&name.as_str()),
            "vectors/{name} has no replay test: regenerate the crate"
        );
    }
}`;
}
