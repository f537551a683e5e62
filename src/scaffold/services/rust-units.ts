/**
 * The IR-dependent Rust of a service: request checks per struct and enum (src/checks.rs), one
 * axum handler per endpoint plus the construct handler (src/units.rs), and the routes. Calls
 * into the translated crate follow the emitter's own ownership facts (which parameters are
 * borrowed, which methods take `&mut self`), so the handlers compile against what it printed.
 */
import type { Expr, IrModule, IrType, Param } from '../../translate/ir.js';
import { analyseModule, methodKey, type ModuleFacts, type ParamMode } from '../../translate/emit-rust/analysis.js';
import { snakeCase, typeName } from '../../translate/emit-rust/names.js';
import { CONSTRUCT_PATH, reachableDecls, wireTypeName, type Endpoint, type ServiceShape } from '../openapi.js';

export interface RustNames {
  /** The translated crate in Rust paths, e.g. `pricing_core`. */
  lib: string;
}

/** A Rust type of the translated crate, with its items qualified by the crate name. */
export function qualifiedType(type: IrType, lib: string): string {
  switch (type.kind) {
    case 'f64':
    case 'i64':
    case 'bool':
      return type.kind;
    case 'string':
      return 'String';
    case 'void':
      return '()';
    case 'array':
      return `Vec<${qualifiedType(type.element, lib)}>`;
    case 'optional':
      return `Option<${qualifiedType(type.inner, lib)}>`;
    case 'tuple':
      return `(${type.elements.map((t) => qualifiedType(t, lib)).join(', ')}${type.elements.length === 1 ? ',' : ''})`;
    case 'map':
      return `${lib}::jsrt::JsMap<${keyType(type.key, lib)}, ${qualifiedType(type.value, lib)}>`;
    case 'set':
      return `${lib}::jsrt::JsSet<${keyType(type.element, lib)}>`;
    case 'struct':
    case 'enum':
    case 'class':
      return `${lib}::${typeName(type.name)}`;
    default:
      return '()';
  }
}

function keyType(type: IrType, lib: string): string {
  return type.kind === 'f64' ? `${lib}::jsrt::NumKey` : qualifiedType(type, lib);
}

const checkerName = (name: string): string => `check_${snakeCase(name).replace(/^r#/, '')}`;

/** The Rust checker of a wire value of `type` (a fn item or a combinator expression). */
export function checkerExpr(type: IrType, prefix = 'checks::'): string {
  switch (type.kind) {
    case 'f64':
      return 'wire::number';
    case 'i64':
      return 'wire::integer';
    case 'bool':
      return 'wire::boolean';
    case 'string':
      return 'wire::string';
    case 'optional':
      return `wire::optional(${checkerExpr(type.inner, prefix)})`;
    case 'array':
    case 'set':
      return `wire::array_of(${checkerExpr(type.element, prefix)})`;
    case 'map':
      return `wire::map_of(${checkerExpr(type.key, prefix)}, ${checkerExpr(type.value, prefix)})`;
    case 'tuple':
      return `wire::tuple_of(vec![${type.elements.map((t) => `Box::new(${checkerExpr(t, prefix)})`).join(', ')}])`;
    case 'struct':
    case 'enum':
      return `${prefix}${checkerName(type.name)}`;
    default:
      throw new Error(`no wire check for ${type.kind}`);
  }
}

/** The whole of src/checks.rs after its header. */
export function checksSource(module: IrModule, shape: ServiceShape): string {
  const roots = [...shape.endpoints.flatMap((e) => e.params.map((p) => p.type)), ...(shape.stateful?.constructorParams.map((p) => p.type) ?? [])];
  const names = reachableDecls(module, roots);
  const items: string[] = [];
  for (const e of module.enums) {
    if (!names.has(e.name)) continue;
    items.push(
      [
        `/// \`${e.name}\`: one of its string literals.`,
        `pub fn ${checkerName(e.name)}(v: &mut Value, p: &Path<'_>) -> Checked {`,
        `    wire::one_of(v, p, &[${e.variants.map((v) => JSON.stringify(v)).join(', ')}], ${JSON.stringify(wireTypeName({ kind: 'enum', name: e.name }, module))})`,
        '}',
      ].join('\n'),
    );
  }
  for (const s of module.structs) {
    if (!names.has(s.name)) continue;
    const fields = s.fields.map((f) => `    wire::field(o, p, ${JSON.stringify(f.name)}, ${checkerExpr(f.type, '')})?;`);
    items.push(
      [
        `/// \`${s.name}\`: an object with its TypeScript field names.`,
        `pub fn ${checkerName(s.name)}(v: &mut Value, p: &Path<'_>) -> Checked {`,
        `    let ${fields.length === 0 ? '_o' : 'o'} = wire::object(v, p)?;`,
        ...fields,
        '    Ok(())',
        '}',
      ].join('\n'),
    );
  }
  if (items.length === 0) return '//! The service\'s parameters are all numbers, strings and booleans: wire.rs checks them.\n';
  return ['use serde_json::Value;', '', 'use crate::wire::{self, Checked, Path};', '', items.join('\n\n'), ''].join('\n');
}

/** A literal default (`p = 5`) as JSON, or undefined when it is not a literal. */
function defaultJson(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === 'number' && Number.isFinite(e.value)) return JSON.stringify(e.value);
  if (e.kind === 'string' || e.kind === 'bool') return JSON.stringify(e.value);
  if (e.kind === 'enumLit') return JSON.stringify(e.variant);
  if (e.kind === 'none') return 'null';
  return undefined;
}

const RESERVED_LOCALS = new Set(['state', 'body', 'instance', 'result', 'this', 'value', 'args', 'built', 'created']);
const RESERVED_HANDLERS = new Set(['construct', 'construct_from', 'seed_from_file']);

function localName(p: Param): string {
  const name = snakeCase(p.name);
  return RESERVED_LOCALS.has(name.replace(/^r#/, '')) ? `${name}_` : name;
}

function argText(local: string, mode: ParamMode | undefined): string {
  if (mode === 'borrow') return `&${local}`;
  if (mode === 'mutref') return `&mut ${local}`;
  return local;
}

interface Decoded {
  lines: string[];
  args: string[];
}

function decodeParams(params: Param[], modes: ParamMode[] | undefined, lib: string, source: 'body' | 'args'): Decoded {
  const lines: string[] = [];
  const args: string[] = [];
  params.forEach((p, i) => {
    const local = localName(p);
    const mode = modes?.[i];
    const ty = qualifiedType(p.type, lib);
    const check = checkerExpr(p.type);
    const fallback = defaultJson(p.defaultValue);
    const decode =
      source === 'args'
        ? `wire::arg(&mut args, ${i}, ${check})?`
        : fallback !== undefined
          ? `wire::param_or(&mut body, ${JSON.stringify(p.name)}, serde_json::json!(${fallback}), ${check})?`
          : `wire::param(&mut body, ${JSON.stringify(p.name)}, ${check})?`;
    lines.push(`let ${mode === 'mutref' ? 'mut ' : ''}${local}: ${ty} = ${decode};`);
    args.push(argText(local, mode));
  });
  return { lines, args };
}

/** The handler's Rust name (a raw identifier for a keyword, e.g. `r#match`). */
export function handlerName(e: Endpoint): string {
  const name = snakeCase(e.name);
  return RESERVED_HANDLERS.has(name) ? `${name}_endpoint` : name;
}

/** The lock a handler takes: write for methods the emitter gave `&mut self`, or that hand out a field. */
export function lockFor(e: Endpoint, facts: ModuleFacts): 'read' | 'write' {
  if (!e.className) return 'read';
  const mutates = facts.methodMutates.get(methodKey(e.className, e.name)) ?? e.mutates;
  return mutates || e.decl.kind === 'method' && e.decl.returnsFieldRef === true ? 'write' : 'read';
}

function handlerSource(e: Endpoint, facts: ModuleFacts, lib: string, sourceFile: string): string {
  const modes = e.className ? facts.methodModes.get(methodKey(e.className, e.name)) : facts.fnModes.get(e.name);
  const decoded = decodeParams(e.params, modes, lib, 'body');
  const takesBody = e.params.length > 0;
  const call = e.className ? `this.${snakeCase(e.name)}(${decoded.args.join(', ')})` : `${lib}::${snakeCase(e.name)}(${decoded.args.join(', ')})`;
  const isVoid = e.result.kind === 'void';
  const fieldRef = e.decl.kind === 'method' && e.decl.returnsFieldRef === true;
  const value = isVoid ? call : e.throws ? `${call}.map(|r| wire::encode(&r))` : `wire::encode(&${call})`;
  const lock = lockFor(e, facts);
  let work: string;
  if (!e.className) work = isVoid && !e.throws ? `{ ${value}; }` : value;
  else {
    const guard = `let ${lock === 'write' ? 'mut ' : ''}this = instance.${lock}().unwrap_or_else(PoisonError::into_inner);`;
    // A result borrowed from the instance must be encoded before the guard is dropped.
    const tail = isVoid && !e.throws ? `${value};` : fieldRef ? `let result = ${value};\nresult` : value;
    work = `{\n${guard}\n${tail}\n}`;
  }
  const run = `state.run(move || ${work}).await?`;
  const body: string[] = [];
  if (e.className) body.push('let instance = state.instance()?;');
  if (takesBody) body.push('let mut body = wire::body_object(body, state.body_limit_bytes())?;', ...decoded.lines);
  if (isVoid) {
    body.push(e.throws ? `${run}.map_err(ApiError::unit)?;` : `${run};`, 'Ok(wire::no_content())');
  } else {
    body.push(`let result = ${run}${e.throws ? '.map_err(ApiError::unit)?' : ''};`, 'Ok(wire::ok(&result))');
  }
  const what = e.className ? `\`${e.className}.${e.name}\`${e.kind === 'getter' ? ' (getter)' : ''}, ${lock} lock` : `\`${e.name}\` of ${sourceFile}`;
  const params = ['State(state): State<AppState>', ...(takesBody ? ['body: Result<Bytes, BytesRejection>'] : [])];
  return [
    `/// \`${e.httpMethod} ${e.path}\`: ${what}.`,
    `pub async fn ${handlerName(e)}(${params.join(', ')}) -> Result<Response, ApiError> {`,
    ...body.map((l) => l.replace(/^/gm, '    ')),
    '}',
  ].join('\n');
}

function constructSource(shape: ServiceShape, facts: ModuleFacts, lib: string): string {
  const cls = shape.stateful!;
  const decoded = decodeParams(cls.constructorParams, facts.ctorModes.get(cls.name), lib, 'args');
  const count = cls.constructorParams.length;
  const build = `${lib}::${typeName(cls.name)}::new(${decoded.args.join(', ')})`;
  return [
    `/// \`POST ${CONSTRUCT_PATH}\`: builds the \`${cls.name}\` from \`{"args": [${cls.constructorParams.map((p) => p.name).join(', ')}]}\`;`,
    '/// 201 when this call built it, 200 when it existed already (the first construct wins).',
    'pub async fn construct(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {',
    '    let value = wire::body_json(body, state.body_limit_bytes())?;',
    '    let created = construct_from(&state, value).await?;',
    '    Ok(wire::constructed(created))',
    '}',
    '',
    '/// Builds the instance from `{"args": [...]}` unless one exists; true when this call built it.',
    'pub async fn construct_from(state: &AppState, value: Value) -> Result<bool, ApiError> {',
    '    if state.ready() {',
    '        return Ok(false);',
    '    }',
    count === 0 ? '    wire::construct_args(value, 0)?;' : `    let mut args = wire::construct_args(value, ${count})?;`,
    ...decoded.lines.map((l) => `    ${l}`),
    `    let built = state.run(move || ${build}).await?${cls.constructorThrows ? '.map_err(ApiError::unit)?' : ''};`,
    '    Ok(state.install(built))',
    '}',
    '',
    '/// `PIVOT_SEED_FILE`: constructs the instance at start-up from a file holding `{"args": [...]}`.',
    'pub async fn seed_from_file(state: &AppState, path: &std::path::Path) -> Result<(), String> {',
    '    let fail = |why: String| format!("PIVOT_SEED_FILE {}: {why}", path.display());',
    '    let text = std::fs::read_to_string(path).map_err(|err| fail(err.to_string()))?;',
    '    let value: Value = serde_json::from_str(&text).map_err(|err| fail(format!("not JSON ({err})")))?;',
    '    construct_from(state, value).await.map_err(|err| fail(err.message))?;',
    '    Ok(())',
    '}',
  ].join('\n');
}

/** The whole of src/units.rs after its header. */
export function unitsSource(module: IrModule, shape: ServiceShape, names: RustNames): string {
  const facts = analyseModule(module);
  const handlers = shape.endpoints.map((e) => handlerSource(e, facts, names.lib, module.sourceFile));
  if (shape.stateful) handlers.unshift(constructSource(shape, facts, names.lib));
  const text = handlers.join('\n\n');
  const uses = [
    text.includes('PoisonError') ? 'use std::sync::PoisonError;\n' : '',
    '\n',
    text.includes('Bytes') ? 'use axum::body::Bytes;\nuse axum::extract::rejection::BytesRejection;\n' : '',
    'use axum::extract::State;\nuse axum::response::Response;\n',
    text.includes(': Value') ? 'use serde_json::Value;\n' : '',
    '\n',
    text.includes('checks::') ? 'use crate::checks;\n' : '',
    'use crate::errors::ApiError;\n',
    text.includes('wire::') ? 'use crate::wire;\n' : '',
    'use crate::AppState;\n',
  ].join('');
  return `${uses.replace(/^\n+/, '')}\n${text}\n`;
}

/** The `.route(…)` lines of the router, one per endpoint. */
export function routesSource(shape: ServiceShape): string {
  return shape.endpoints.map((e) => `        .route(${JSON.stringify(e.path)}, ${e.httpMethod === 'GET' ? 'get' : 'post'}(units::${handlerName(e)}))`).join('\n');
}
