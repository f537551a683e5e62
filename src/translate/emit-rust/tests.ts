/**
 * `tests/vectors.rs`: replays every `vectors/*.json` against the translated crate — per-type
 * decode/encode (generated for the module's structs and enums), a dispatcher per function or
 * class, one `#[test]` per vector file that reports all its mismatches, then fails.
 */
import { instanceKey, instantiateClass, instantiateFunction, instantiationOf } from '../instances.js';
import type { ClassVectorFile, FunctionVectorFile, VectorFile } from '../vectors-format.js';
import { observedResult, type ClassDecl, type FunctionDecl, type IrModule, type IrType, type Param, type StructDecl } from '../ir.js';
import type { ModuleFacts, ParamMode } from './analysis.js';
import { methodKey } from './analysis.js';
import { numberLiteral, stringLiteral } from './literals.js';
import { snakeCase, typeName, variantNames } from './names.js';
import { COMPARE, MAP_IMPL, NUM_KEY_IMPL, SET_IMPL, tupleImpl, VECTOR_TRAIT } from './tests-harness.js';
import { CLASS_REPLAY, everyFileTest, functionReplay, LARGE_STACK, OUTCOME_HELPER } from './tests-replay.js';
import { layoutRust } from './layout.js';
import { keyType, rustType } from './types.js';

interface TestGen {
  module: IrModule;
  facts: ModuleFacts;
  lib: string;
  tuples: Set<number>;
  needs: Set<string>;
  usedArgOr: boolean;
  usedOutcome: boolean;
}

/** Whether values of the type can travel in a vector (and so have a `Vector` impl). */
function encodable(module: IrModule, t: IrType, seen = new Set<string>()): boolean {
  switch (t.kind) {
    case 'class':
    case 'function':
    case 'unknown':
      return false;
    case 'array':
    case 'set':
      return encodable(module, t.element, seen);
    case 'optional':
      return encodable(module, t.inner, seen);
    case 'tuple':
      return t.elements.every((e) => encodable(module, e, seen));
    case 'map':
      return encodable(module, t.key, seen) && encodable(module, t.value, seen);
    case 'struct': {
      if (seen.has(t.name)) return true;
      const decl = module.structs.find((s) => s.name === t.name);
      return decl !== undefined && decl.fields.every((f) => encodable(module, f.type, new Set(seen).add(t.name)));
    }
    default:
      return true;
  }
}

function noteTypes(g: TestGen, t: IrType): void {
  if (t.kind === 'tuple') g.tuples.add(t.elements.length);
  if (t.kind === 'map' || t.kind === 'set') {
    g.needs.add(t.kind === 'map' ? 'JsMap' : 'JsSet');
    if (t.kind === 'map') g.tuples.add(2);
    keyType(t.kind === 'map' ? t.key : t.element, g.needs);
  }
  for (const inner of t.kind === 'array' || t.kind === 'set' ? [t.element] : t.kind === 'optional' ? [t.inner] : t.kind === 'tuple' ? t.elements : t.kind === 'map' ? [t.key, t.value] : []) {
    noteTypes(g, inner);
  }
}

function ty(g: TestGen, t: IrType): string {
  noteTypes(g, t);
  const text = rustType(t, g.needs);
  return text.replace(/\b([A-Z][A-Za-z0-9_]*)\b/g, (name) => (isModuleType(g.module, name) ? `${g.lib}::${name}` : name));
}

function isModuleType(module: IrModule, rustName: string): boolean {
  return [...module.structs, ...module.enums, ...module.classes].some((d) => typeName(d.name) === rustName);
}

function structImpl(g: TestGen, s: StructDecl): string {
  const name = `${g.lib}::${typeName(s.name)}`;
  const decode = s.fields.map((f) => `            ${snakeCase(f.name)}: field(v, ${stringLiteral(f.name)})?,`);
  const encode = s.fields.map((f) => {
    const key = stringLiteral(f.name);
    return f.optional
      ? `        if let Some(value) = &self.${snakeCase(f.name)} {\n            out.insert(${key}.to_string(), value.encode());\n        }`
      : `        out.insert(${key}.to_string(), self.${snakeCase(f.name)}.encode());`;
  });
  for (const f of s.fields) noteTypes(g, f.type);
  return `impl Vector for ${name} {
    fn decode(v: &Value) -> Result<Self, String> {
        Ok(${name} {
${decode.join('\n')}
        })
    }

    fn encode(&self) -> Value {
        let mut out = serde_json::Map::new();
${encode.join('\n')}
        Value::Object(out)
    }
}`;
}

function enumImpl(g: TestGen, e: IrModule['enums'][number]): string {
  const name = `${g.lib}::${typeName(e.name)}`;
  const rust = variantNames(e.variants);
  const arms = e.variants.map((v, i) => `            Some(${stringLiteral(v)}) => Ok(${name}::${rust[i]}),`);
  return `impl Vector for ${name} {
    fn decode(v: &Value) -> Result<Self, String> {
        match v.as_str() {
${arms.join('\n')}
            _ => Err(format!("not a ${e.name}: {v}")),
        }
    }

    fn encode(&self) -> Value {
        json!(self.as_str())
    }
}`;
}

/** `let x: T = arg(args, i)?;` lines and the call arguments for a parameter list. */
function decodeParams(g: TestGen, params: readonly Param[], modes: readonly ParamMode[] | undefined): { lines: string[]; args: string[] } {
  const lines: string[] = [];
  const args: string[] = [];
  params.forEach((p, i) => {
    const mode = modes?.[i] ?? 'owned';
    const local = `${snakeCase(p.name).replace(/^r#/, '')}_arg`;
    const d = p.defaultValue;
    const literal = d && (d.kind === 'number' || d.kind === 'string' || d.kind === 'bool') ? defaultText(d, p.type) : undefined;
    let decode = `arg(args, ${i})?`;
    if (literal !== undefined) {
      g.usedArgOr = true;
      decode = `arg_or(args, ${i}, ${literal})?`;
    }
    lines.push(`let ${mode === 'mutref' ? 'mut ' : ''}${local}: ${ty(g, p.type)} = ${decode};`);
    args.push(mode === 'borrow' ? `&${local}` : mode === 'mutref' ? `&mut ${local}` : local);
  });
  return { lines, args };
}

function defaultText(d: Param['defaultValue'] & object, type: IrType): string {
  if (d.kind === 'number') return numberLiteral(d.value, type).text;
  if (d.kind === 'string') return `${stringLiteral(d.value)}.to_string()`;
  return d.kind === 'bool' ? String(d.value) : 'Default::default()';
}

function callResult(call: string, result: IrType, throws: boolean, g: TestGen): string[] {
  noteTypes(g, result);
  if (throws) {
    if (result.kind === 'void') return [`Ok(match ${call} {`, '    Ok(()) => Outcome::Returned(Value::Null),', '    Err(message) => Outcome::Threw(message),', '})'];
    g.usedOutcome = true;
    return [`Ok(outcome(${call}))`];
  }
  if (result.kind === 'void') return [`${call};`, 'Ok(Outcome::Returned(Value::Null))'];
  return [`Ok(Outcome::Returned(${call}.encode()))`];
}

function indent(lines: string[], n: number): string[] {
  return lines.map((l) => (l === '' ? l : `${' '.repeat(n)}${l}`));
}

/** A match arm: `pat => expr,` for one expression, a block otherwise (as rustfmt writes them). */
function arm(pattern: string, body: string[]): string[] {
  if (body.length === 1 && !body[0]!.endsWith(';')) return [`${pattern} => ${body[0]},`];
  return [`${pattern} => {`, ...indent(body, 4), '}'];
}

/** A function as one vector file calls it: a generic one at the file's type arguments. */
interface FunctionUnit {
  decl: FunctionDecl;
  key: string;
  turbofish: string;
}

function functionArm(g: TestGen, unit: FunctionUnit): string[] {
  const fn = unit.decl;
  const { lines, args } = decodeParams(g, fn.params, g.facts.fnModes.get(fn.name));
  const body = [...lines, ...callResult(`${g.lib}::${snakeCase(fn.name)}${unit.turbofish}(${args.join(', ')})`, fn.result, fn.throws, g)];
  return arm(stringLiteral(unit.key), body);
}

function callFunction(g: TestGen, fns: FunctionUnit[]): string {
  const arms = fns.flatMap((f) => functionArm(g, f));
  return `fn call_function(name: &str, args: &[Value]) -> Result<Outcome, String> {
    match name {
${indent(arms, 8).join('\n')}
        _ => Err(format!("no function {name} in the translated module")),
    }
}`;
}

/** A class as one vector file builds it: a generic one at the file's type arguments. */
interface ClassUnit {
  decl: ClassDecl;
  key: string;
  /** The Rust type, e.g. `stack::Stack<f64>`. */
  rust: string;
  /** Its path in expressions, e.g. `stack::Stack::<f64>`. */
  path: string;
}

function replayableImpl(g: TestGen, unit: ClassUnit): string {
  const cls = unit.decl;
  const name = unit.rust;
  const ctor = decodeParams(g, cls.constructorParams, g.facts.ctorModes.get(cls.name));
  const build = `${unit.path}::new(${ctor.args.join(', ')})`;
  const ctorLines = [...ctor.lines, cls.constructorThrows ? `Ok(${build})` : `Ok(Ok(${build}))`];
  const arms = cls.methods
    .map((m) => ({ ...m, result: observedResult(m) }))
    .filter((m) => m.visibility === 'public' && m.params.every((p) => encodable(g.module, p.type)) && (m.result.kind === 'void' || encodable(g.module, m.result)))
    .flatMap((m) => {
      const { lines, args } = decodeParams(g, m.params, g.facts.methodModes.get(methodKey(cls.name, m.name)));
      const body = [...lines, ...callResult(`self.${snakeCase(m.name)}(${args.join(', ')})`, m.result, m.throws, g)];
      return arm(stringLiteral(m.name), body);
    });
  const argsName = cls.constructorParams.length > 0 ? 'args' : '_args';
  return `impl Replayable for ${name} {
    fn construct(${argsName}: &[Value]) -> Result<Result<Self, String>, String> {
${indent(ctorLines, 8).join('\n')}
    }

    fn call(&mut self, method: &str, args: &[Value]) -> Result<Outcome, String> {
        match method {
${indent(arms, 12).join('\n')}
            _ => Err(format!("no method {method} on ${cls.name}")),
        }
    }
}`;
}

function testName(file: string, used: Set<string>): string {
  let name = `${snakeCase(file.replace(/\.json$/, '')).replace(/^r#/, '')}_vectors`;
  for (let i = 2; used.has(name); i++) name = `${name}_${i}`;
  used.add(name);
  return name;
}

function uniqueBy<T extends { key: string }>(units: T[]): T[] {
  return [...new Map(units.map((u) => [u.key, u])).values()];
}

function functionUnit(g: TestGen, file: FunctionVectorFile): FunctionUnit | undefined {
  const generic = g.module.functions.find((f) => f.name === file.function);
  if (!generic) return undefined;
  const types = generic.typeParams && file.typeArgs ? instantiationOf(generic.typeParams, file.typeArgs).types : undefined;
  const decl = types ? instantiateFunction(generic, types) : generic;
  if (!decl.params.every((p) => encodable(g.module, p.type)) || !encodable(g.module, decl.result)) return undefined;
  const turbofish = types ? `::<${types.map((t) => ty(g, t)).join(', ')}>` : '';
  return { decl, key: instanceKey(generic.name, file.typeArgs), turbofish };
}

function classUnit(g: TestGen, file: ClassVectorFile): ClassUnit | undefined {
  const generic = g.module.classes.find((c) => c.name === file.class);
  if (!generic) return undefined;
  const types = generic.typeParams && file.typeArgs ? instantiationOf(generic.typeParams, file.typeArgs).types : undefined;
  const decl = types ? instantiateClass(generic, types) : generic;
  if (!decl.constructorParams.every((p) => encodable(g.module, p.type))) return undefined;
  const rust = ty(g, types ? { kind: 'class', name: generic.name, args: types } : { kind: 'class', name: generic.name });
  const path = rust.replace('<', '::<');
  return { decl, key: instanceKey(generic.name, file.typeArgs), rust, path };
}

/** The text of `tests/vectors.rs`. */
export function testsSource(module: IrModule, facts: ModuleFacts, lib: string, vectors: Map<string, VectorFile>): string {
  const g: TestGen = { module, facts, lib, tuples: new Set(), needs: new Set(), usedArgOr: false, usedOutcome: false };
  const files = [...vectors.entries()].sort(([a], [b]) => a.localeCompare(b, 'en'));
  const fnFiles = files.filter((e): e is [string, FunctionVectorFile] => e[1].kind === 'function');
  const fns = uniqueBy(fnFiles.flatMap(([, f]) => functionUnit(g, f) ?? []));
  const classes = uniqueBy(files.flatMap(([, f]) => (f.kind === 'class' ? (classUnit(g, f) ?? []) : [])));
  const tests: string[] = [];
  const usedNames = new Set<string>();
  for (const [file, vf] of files) {
    const name = testName(file, usedNames);
    const key = instanceKey(vf.kind === 'function' ? vf.function : vf.class, vf.typeArgs);
    const cls = classes.find((c) => c.key === key);
    const known = vf.kind === 'function' ? fns.some((f) => f.key === key) : cls !== undefined;
    const body = !known
      ? `panic!(${stringLiteral(`vectors/${file} names ${key}, which the translated crate cannot replay`)});`
      : vf.kind === 'function'
        ? `on_large_stack(|| replay_function_file(${stringLiteral(file)}));`
        : `on_large_stack(|| replay_class_file::<${cls!.rust}>(${stringLiteral(file)}));`;
    tests.push(`#[test]\nfn ${name}() {\n    ${body}\n}`);
  }
  // Generated parts go through the layout pass; the fixed harness text is already formatted.
  const dispatch = fns.length > 0 ? [layoutRust(callFunction(g, fns)), functionReplay(fns.some((f) => f.turbofish !== ''))] : [];
  const replayables = classes.length > 0 ? [CLASS_REPLAY, ...classes.map((c) => layoutRust(replayableImpl(g, c)))] : [];
  const typeImpls = [
    ...module.structs.filter((s) => encodable(module, { kind: 'struct', name: s.name })).map((s) => structImpl(g, s)),
    ...module.enums.map((e) => enumImpl(g, e)),
  ].map(layoutRust);
  const anything = dispatch.length > 0 || replayables.length > 0;
  const containers = [
    ...[...g.tuples].sort().map(tupleImpl),
    ...(g.needs.has('JsMap') ? [MAP_IMPL] : []),
    ...(g.needs.has('JsSet') ? [SET_IMPL] : []),
    ...(g.needs.has('NumKey') ? [NUM_KEY_IMPL] : []),
  ];
  const helpers = [
    ...(module.structs.length > 0 && typeImpls.length > 0 ? [FIELD_HELPER] : []),
    ...(g.usedArgOr ? [ARG_OR_HELPER] : []),
    ...(g.usedOutcome ? [OUTCOME_HELPER] : []),
  ];
  const runtimeTypes = ['JsMap', 'JsSet', 'NumKey'].filter((n) => g.needs.has(n));
  const header = [
    `//! Replays the golden vectors recorded from \`${module.sourceFile}\` against the translation.`,
    '//! Each vector file is one test; a failing test prints every mismatch (PIVOT-MISMATCH lines)',
    '//! and a summary (PIVOT-VECTORS) that `pivot verify` reads.',
    '',
  ];
  const uses = anything
    ? [
        'use std::fs;',
        ...(runtimeTypes.includes('JsMap') || runtimeTypes.includes('JsSet') ? ['use std::hash::Hash;'] : []),
        'use std::panic::{self, AssertUnwindSafe};',
        'use std::path::Path;',
        '',
        ...[`use ${lib}::jsrt${runtimeTypes.length > 0 ? `::{self, ${runtimeTypes.join(', ')}}` : ''};`, 'use serde_json::{json, Value};'].sort(),
      ]
    : ['use std::fs;', 'use std::path::Path;'];
  const sections = anything ? [VECTOR_TRAIT, ...containers, ...typeImpls, ...helpers, COMPARE, ...dispatch, ...replayables, LARGE_STACK] : [];
  return `${[...header, ...uses, '', ...[...sections, ...tests, layoutRust(everyFileTest(files.map(([f]) => f)))].join('\n\n').split('\n')].join('\n')}\n`;
}

const FIELD_HELPER = `fn field<T: Vector>(v: &Value, name: &str) -> Result<T, String> {
    T::decode(v.get(name).unwrap_or(&Value::Null)).map_err(|e| format!("field {name}: {e}"))
}`;

const ARG_OR_HELPER = `/// An argument the call left out takes the TS default.
fn arg_or<T: Vector>(args: &[Value], i: usize, default: T) -> Result<T, String> {
    match args.get(i) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => T::decode(v).map_err(|e| format!("argument {i}: {e}")),
    }
}`;
