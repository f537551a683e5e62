/**
 * The generated in-process tests of a Rust service (tests/service.rs after its fixed helpers):
 * cases picked from the golden vectors at render time (a valid call, a bad field, a thrown
 * error and its status), and replays of the vector files through the router at test time.
 */
import type { IrModule, IrType, Param } from '../../translate/ir.js';
import { visitStmts } from '../../translate/emit-rust/walk.js';
import type { ClassVectorFile, FunctionVectorFile, VectorFile } from '../../translate/vectors-format.js';
import { CONSTRUCT_PATH, unitErrorStatus, wireTypeName, type Endpoint, type ServiceShape } from '../openapi.js';
import { handlerName } from './rust-units.js';

/** A prefix for test names: the handler's name without `r#`. */
const testName = (e: Endpoint): string => handlerName(e).replace(/^r#/, '');

/** A Rust raw string literal that holds `text` unchanged. */
export function rawString(text: string): string {
  let hashes = '#';
  while (text.includes(`"${hashes}`)) hashes += '#';
  return `r${hashes}"${text}"${hashes}`;
}

/** A number as a Rust f64 literal. */
const rustF64 = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n));

/** Does any value hold a non-finite number (`{"$num": …}`), which JSON cannot carry? */
function special(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(special);
  if (value !== null && typeof value === 'object') return '$num' in value || Object.values(value).some(special);
  return false;
}

function usesRandom(module: IrModule): boolean {
  let found = false;
  const bodies = [...module.functions.map((f) => f.body), ...module.classes.flatMap((c) => [c.constructorBody, ...c.methods.map((m) => m.body)])];
  for (const body of bodies) visitStmts(body, { expr: (e) => void (e.kind === 'builtin' && e.name === 'Math.random' && (found = true)) });
  return found;
}

interface Corrupted {
  value: unknown;
  message: string;
}

const strip = (t: IrType): IrType => (t.kind === 'optional' ? strip(t.inner) : t);

/** The value with its first scalar made ill-typed, and the 400 message the service must give. */
function corrupt(value: unknown, declared: IrType, path: string, module: IrModule): Corrupted {
  const type = strip(declared);
  const expected = `${path}: expected ${wireTypeName(type, module)}`;
  if (type.kind === 'struct' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const decl = module.structs.find((s) => s.name === type.name);
    const field = decl?.fields.find((f) => f.name in value);
    if (decl && field) {
      const inner = corrupt((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`, module);
      return { value: { ...value, [field.name]: inner.value }, message: inner.message };
    }
  }
  if (type.kind === 'array' && Array.isArray(value) && value.length > 0) {
    const inner = corrupt(value[0], type.element, `${path}[0]`, module);
    return { value: [inner.value, ...value.slice(1)], message: inner.message };
  }
  const wrong = type.kind === 'f64' || type.kind === 'i64' || type.kind === 'bool' ? 'oops' : 12345;
  return { value: wrong, message: expected };
}

function bodyOf(params: Param[], args: unknown[]): Record<string, unknown> {
  return Object.fromEntries(params.map((p, i) => [p.name, args[i] ?? null]));
}

const fnTest = (name: string, lines: string[]): string =>
  ['#[tokio::test]', `async fn ${name}() {`, ...lines.map((l) => (l === '' ? '' : `    ${l}`)), '}'].join('\n');

const send = (method: string, path: string, body: unknown): string =>
  `send(&app, ${JSON.stringify(method)}, ${JSON.stringify(path)}, ${rawString(body === undefined ? '' : JSON.stringify(body))}).await`;

function assertError(status: number, kind: string, message: string): string[] {
  return [
    `assert_eq!(status.as_u16(), ${status}, "{body}");`,
    `assert_eq!(body["error"], ${JSON.stringify(kind)});`,
    `assert_eq!(body["message"], ${rawString(message)});`,
  ];
}

function functionTests(e: Endpoint, file: FunctionVectorFile | undefined, module: IrModule, fileName: string | undefined): string[] {
  const tests: string[] = [];
  const name = testName(e);
  const sendable = (file?.vectors ?? []).filter((v) => !special(v.args));
  const ok = sendable.find((v) => 'result' in v);
  const thrown = sendable.find((v) => v.error !== undefined);
  if (ok) {
    tests.push(
      fnTest(`${name}_answers_like_the_original`, [
        `let app = build_app(AppState::with_clock(LIMIT, Some(${rustF64(file!.clockMs)})));`,
        `let (status, body) = ${send(e.httpMethod, e.path, e.httpMethod === 'GET' ? undefined : bodyOf(e.params, ok.args))};`,
        'assert!(status.is_success(), "{status} {body}");',
        `assert!(same(&json(${rawString(JSON.stringify(ok.result ?? null))}), &body), "{body}");`,
        'let (_, metrics) = send(&app, "GET", "/metrics", "").await;',
        `let line = ${JSON.stringify(`http_requests_total{route="${e.path}",method="${e.httpMethod}",status="`)};`,
        'assert!(metrics.as_str().unwrap().contains(line), "{metrics}");',
      ]),
    );
  }
  if (e.params.length > 0) {
    const args = (ok ?? sendable[0])?.args;
    if (args) {
      const bad = corrupt(args[0], e.params[0]!.type, e.params[0]!.name, module);
      tests.push(
        fnTest(`${name}_names_the_bad_field`, [
          'let app = service();',
          `let (status, body) = ${send(e.httpMethod, e.path, { ...bodyOf(e.params, args), [e.params[0]!.name]: bad.value })};`,
          ...assertError(400, 'bad_request', bad.message),
        ]),
      );
    }
  }
  if (thrown) {
    tests.push(
      fnTest(`${name}_maps_a_thrown_error`, [
        `let app = build_app(AppState::with_clock(LIMIT, Some(${rustF64(file!.clockMs)})));`,
        `let (status, body) = ${send(e.httpMethod, e.path, bodyOf(e.params, thrown.args))};`,
        ...assertError(unitErrorStatus(thrown.error!), 'unit_error', thrown.error!),
        'assert_eq!(status, unit_status(body["message"].as_str().unwrap()));',
      ]),
    );
  }
  if (file && fileName) {
    const compare = !(e.nondeterministic && usesRandom(module));
    tests.push(
      fnTest(`${name}_replays_golden_vectors_over_http`, [
        `let doc = vectors(${JSON.stringify(fileName)});`,
        'let app = build_app(AppState::with_clock(LIMIT, doc["clockMs"].as_f64()));',
        `let names: &[&str] = &[${e.params.map((p) => JSON.stringify(p.name)).join(', ')}];`,
        'let mut replayed = 0;',
        'for vector in doc["vectors"].as_array().unwrap().iter().take(REPLAY) {',
        '    let args = vector["args"].as_array().unwrap();',
        '    if !finite(&vector["args"]) {',
        '        continue;',
        '    }',
        `    let (status, body) = send(&app, ${JSON.stringify(e.httpMethod)}, ${JSON.stringify(e.path)}, &body_of(names, args)).await;`,
        `    check_outcome(vector, status, &body, ${compare});`,
        '    replayed += 1;',
        '}',
        'assert!(replayed > 0, "no vector could be sent as JSON");',
      ]),
    );
  }
  return tests;
}

function classTests(shape: ServiceShape, file: ClassVectorFile | undefined, module: IrModule, fileName: string | undefined): string[] {
  const cls = shape.stateful!;
  const tests: string[] = [];
  const methods = shape.endpoints.filter((e) => e.className === cls.name);
  const random = usesRandom(module);
  tests.push(
    [
      '/// Method name → (HTTP method, path, parameter names, compare results).',
      'fn endpoint(method: &str) -> (&\'static str, &\'static str, &\'static [&\'static str], bool) {',
      '    match method {',
      ...methods.map(
        (e) =>
          `        ${JSON.stringify(e.name)} => (${JSON.stringify(e.httpMethod)}, ${JSON.stringify(e.path)}, &[${e.params.map((p) => JSON.stringify(p.name)).join(', ')}], ${!(e.nondeterministic && random)}),`,
      ),
      '        other => panic!("{other} is not served"),',
      '    }',
      '}',
    ].join('\n'),
  );
  const sequences = (file?.sequences ?? []).filter((s) => s.constructorError === undefined && !special(s.constructorArgs));
  const ctorArgs = sequences[0]?.constructorArgs ?? cls.constructorParams.map(() => null);
  const construct = { args: ctorArgs };
  const firstMethod = methods.find((m) => m.params.length > 0) ?? methods[0];
  const probe = firstMethod ? [`let (status, body) = ${send(firstMethod.httpMethod, firstMethod.path, firstMethod.httpMethod === 'GET' ? undefined : bodyOf(firstMethod.params, []))};`] : [];
  tests.push(
    fnTest('waits_for_construct_and_keeps_the_first_instance', [
      'let app = service();',
      'let (status, body) = send(&app, "GET", "/ready", "").await;',
      'assert_eq!(status.as_u16(), 503);',
      'assert_eq!(body["status"], "waiting for construct");',
      ...(probe.length > 0 ? [...probe, 'assert_eq!(status.as_u16(), 503);', 'assert_eq!(body["error"], "not_ready");'] : []),
      `let (status, _) = ${send('POST', CONSTRUCT_PATH, construct)};`,
      'assert_eq!(status.as_u16(), 201);',
      `let (status, _) = ${send('POST', CONSTRUCT_PATH, construct)};`,
      'assert_eq!(status.as_u16(), 200);',
      'let (status, _) = send(&app, "GET", "/ready", "").await;',
      'assert_eq!(status.as_u16(), 200);',
    ]),
  );
  if (cls.constructorParams.length > 0 && sequences[0]) {
    const bad = corrupt(ctorArgs[0], cls.constructorParams[0]!.type, 'args[0]', module);
    tests.push(
      fnTest('construct_names_the_bad_argument', [
        'let app = service();',
        `let (status, body) = ${send('POST', CONSTRUCT_PATH, { args: [bad.value, ...ctorArgs.slice(1)] })};`,
        ...assertError(400, 'bad_request', bad.message),
        'let (status, _) = send(&app, "GET", "/ready", "").await;',
        'assert_eq!(status.as_u16(), 503);',
      ]),
    );
  }
  const calls = sequences.flatMap((s) => s.calls.filter((c) => !special(c.args)));
  const withArgs = methods.filter((m) => m.params.length > 0).map((m) => ({ m, call: calls.find((c) => c.method === m.name) })).find((x) => x.call);
  if (withArgs) {
    const { m, call } = withArgs;
    const bad = corrupt(call!.args[0], m.params[0]!.type, m.params[0]!.name, module);
    tests.push(
      fnTest(`${testName(m)}_names_the_bad_field`, [
        'let app = service();',
        `${send('POST', CONSTRUCT_PATH, construct)};`,
        `let (status, body) = ${send(m.httpMethod, m.path, { ...bodyOf(m.params, call!.args), [m.params[0]!.name]: bad.value })};`,
        ...assertError(400, 'bad_request', bad.message),
      ]),
    );
  }
  const withError = sequences.find((s) => s.calls.some((c) => c.error !== undefined) && !special(s.calls));
  if (withError) {
    const at = withError.calls.findIndex((c) => c.error !== undefined);
    const thrown = withError.calls[at]!;
    const e = methods.find((m) => m.name === thrown.method)!;
    tests.push(
      fnTest('maps_a_thrown_error', [
        `let app = build_app(AppState::with_clock(LIMIT, Some(${rustF64(file!.clockMs)})));`,
        `${send('POST', CONSTRUCT_PATH, { args: withError.constructorArgs })};`,
        ...withError.calls.slice(0, at).map((c) => {
          const m = methods.find((x) => x.name === c.method)!;
          return `${send(m.httpMethod, m.path, m.httpMethod === 'GET' ? undefined : bodyOf(m.params, c.args))};`;
        }),
        `let (status, body) = ${send(e.httpMethod, e.path, e.httpMethod === 'GET' ? undefined : bodyOf(e.params, thrown.args))};`,
        ...assertError(unitErrorStatus(thrown.error!), 'unit_error', thrown.error!),
      ]),
    );
  }
  // The busiest sequence (most calls that returned) makes the most interesting interleavings.
  const returned = (s: (typeof sequences)[number]): number => s.calls.filter((c) => 'result' in c).length;
  const concurrent = sequences.filter((s) => s.calls.length > 0 && !special(s.calls)).sort((a, b) => returned(b) - returned(a))[0];
  if (concurrent) {
    const requests = concurrent.calls.map((c) => {
      const m = methods.find((x) => x.name === c.method)!;
      return `(${JSON.stringify(m.httpMethod)}, ${JSON.stringify(m.path)}, ${rawString(m.httpMethod === 'GET' ? '' : JSON.stringify(bodyOf(m.params, c.args)))}),`;
    });
    tests.push(
      [
        '#[tokio::test(flavor = "multi_thread", worker_threads = 4)]',
        'async fn serves_concurrent_reads_and_writes() {',
        '    let app = service();',
        `    ${send('POST', CONSTRUCT_PATH, { args: concurrent.constructorArgs })};`,
        '    let calls: &[(&str, &str, &str)] = &[',
        ...requests.map((r) => `        ${r}`),
        '    ];',
        '    let mut tasks = Vec::new();',
        '    for _ in 0..8 {',
        '        for (verb, path, body) in calls {',
        '            let app = app.clone();',
        '            tasks.push(tokio::spawn(async move { send(&app, verb, path, body).await }));',
        '        }',
        '    }',
        '    for task in tasks {',
        '        let (status, body) = task.await.unwrap();',
        '        // Any interleaving is a valid history: every answer is a result or an error the original could throw.',
        '        assert!(status.is_success() || body["error"] == "unit_error", "{status} {body}");',
        '    }',
        '}',
      ].join('\n'),
    );
  }
  if (file && fileName) {
    tests.push(
      fnTest('replays_call_sequences_over_http', [
        `let doc = vectors(${JSON.stringify(fileName)});`,
        'let mut replayed = 0;',
        'for sequence in doc["sequences"].as_array().unwrap().iter().take(REPLAY) {',
        '    if !finite(&sequence["constructorArgs"]) {',
        '        continue;',
        '    }',
        '    let app = build_app(AppState::with_clock(LIMIT, doc["clockMs"].as_f64()));',
        '    let construct = serde_json::json!({ "args": sequence["constructorArgs"] }).to_string();',
        `    let (status, body) = send(&app, "POST", ${JSON.stringify(CONSTRUCT_PATH)}, &construct).await;`,
        '    if let Some(message) = sequence["constructorError"].as_str() {',
        '        assert_eq!(status, unit_status(message), "{body}");',
        '        assert_eq!(body["message"], message);',
        '        continue;',
        '    }',
        '    assert_eq!(status.as_u16(), 201, "{body}");',
        '    for call in sequence["calls"].as_array().unwrap() {',
        '        let args = call["args"].as_array().unwrap();',
        '        if !finite(&call["args"]) {',
        '            break;',
        '        }',
        '        let (verb, path, names, compare) = endpoint(call["method"].as_str().unwrap());',
        '        let body = if verb == "GET" { String::new() } else { body_of(names, args) };',
        '        let (status, answer) = send(&app, verb, path, &body).await;',
        '        check_outcome(call, status, &answer, compare);',
        '    }',
        '    replayed += 1;',
        '}',
        'assert!(replayed > 0, "no call sequence could be sent as JSON");',
      ]),
    );
  }
  return tests;
}

/** Test functions for every endpoint, from the vector files shipped with the crate. */
export function serviceTestCases(module: IrModule, shape: ServiceShape, vectors: Map<string, VectorFile>): string {
  const byUnit = (unit: string): [string, VectorFile] | undefined =>
    [...vectors].find(([, f]) => (f.kind === 'function' ? f.function : f.class) === unit);
  const tests: string[] = [];
  for (const e of shape.endpoints.filter((x) => x.kind === 'function')) {
    const found = byUnit(e.name);
    tests.push(...functionTests(e, found?.[1] as FunctionVectorFile | undefined, module, found?.[0]));
  }
  if (shape.stateful) {
    const found = byUnit(shape.stateful.name);
    tests.push(...classTests(shape, found?.[1] as ClassVectorFile | undefined, module, found?.[0]));
  }
  // A class service checks readiness before the body, so its construct endpoint shows the limits.
  const limited = shape.stateful ? CONSTRUCT_PATH : shape.endpoints.find((e) => e.httpMethod === 'POST' && e.params.length > 0)?.path;
  if (limited) {
    tests.push(
      fnTest('rejects_bodies_that_are_not_json_or_too_large', [
        'let app = service();',
        `let (status, body) = send(&app, "POST", ${JSON.stringify(limited)}, "{not json").await;`,
        'assert_eq!(status.as_u16(), 400);',
        'assert_eq!(body["error"], "bad_request");',
        'let small = build_app(AppState::new(16));',
        `let (status, body) = send(&small, "POST", ${JSON.stringify(limited)}, &" ".repeat(64)).await;`,
        'assert_eq!(status.as_u16(), 413);',
        'assert_eq!(body["error"], "too_large");',
      ]),
    );
  }
  return tests.join('\n\n');
}
