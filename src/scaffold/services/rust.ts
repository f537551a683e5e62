/**
 * A Rust (axum + tokio) service around a translated library crate: the translated crate goes
 * to `services/<name>/core/` unchanged in behaviour, the service (templates/rust-service/, with
 * the IR-dependent parts from rust-units.ts and rust-tests.ts) to `services/<name>/`, which is
 * also the cargo workspace root. Pure: IR, library tree and vectors in, file tree out.
 */
import { fileURLToPath } from 'node:url';
import { InternalError, UserError } from '../../errors.js';
import type { BuildProfile, FileTree } from '../../translate/api.js';
import { analyseModule } from '../../translate/emit-rust/analysis.js';
import { crateName, libName, typeName } from '../../translate/emit-rust/names.js';
import type { IrModule } from '../../translate/ir.js';
import type { VectorFile } from '../../translate/vectors-format.js';
import { GENERATED_HEADER } from '../deploy/model.js';
import { loadDeployTemplate, renderTemplate, type TemplateValues } from '../deploy/dockerfiles.js';
import { openApiFor, schemaOf, serviceEndpoints, UNIT_ERROR_DEFAULT_STATUS, UNIT_ERROR_RULES, type Endpoint } from '../openapi.js';
import { serviceTestCases } from './rust-tests.js';
import { checksSource, lockFor, routesSource, unitsSource } from './rust-units.js';

/** Same depth from src/scaffold/services and dist/scaffold/services. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));
export const RUST_SERVICE_TEMPLATE = 'rust-service';

export interface RustServiceInput {
  /** Service name: cargo package and binary, DNS name, `services/<name>/`. */
  name: string;
  /** Default PORT. */
  port: number;
  module: IrModule;
  /** Functions and at most one class of the module to serve. */
  units: string[];
  /** The crate from emitRustCrate (via evolveUnit), emitted with packageName `<name>-core`, with its vectors. */
  library: FileTree;
  profile: BuildProfile;
  version?: string;
}

/** The package name the library crate must have been emitted with. */
export function rustCorePackage(serviceName: string): string {
  return crateName(`${serviceName}-core`);
}

const STATUS_NAMES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_ENTITY',
};

const statusConst = (n: number): string =>
  STATUS_NAMES[n] ? `StatusCode::${STATUS_NAMES[n]}` : `StatusCode::from_u16(${n}).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY)`;

function unitStatusBody(): string {
  const rules = UNIT_ERROR_RULES.map((rule) => {
    const tests = [
      ...rule.prefixes.map((p) => `message.starts_with(${JSON.stringify(p)})`),
      ...rule.contains.map((c) => `message.contains(${JSON.stringify(c)})`),
    ];
    return `    if ${tests.join(' || ')} {\n        return ${statusConst(rule.status)};\n    }`;
  });
  return [...rules, `    ${statusConst(UNIT_ERROR_DEFAULT_STATUS)}`].join('\n');
}

function unitStatusCases(): string {
  const cases: [string, number][] = UNIT_ERROR_RULES.flatMap((rule) => [
    ...rule.prefixes.map((p): [string, number] => [`${p}thing 7`, rule.status]),
    ...rule.contains.map((c): [string, number] => [`thing 7 ${c}`, rule.status]),
  ]);
  cases.push(['grid needs at least 2 points', UNIT_ERROR_DEFAULT_STATUS]);
  return cases.map(([message, status]) => `        assert_eq!(unit_status(${JSON.stringify(message)}), ${statusConst(status)});`).join('\n');
}

/** Splits the emitted Cargo.toml into the crate's own part and its `[profile.release]` section. */
export function splitReleaseProfile(cargoToml: string): { crate: string; profile: string } {
  const lines = cargoToml.split('\n');
  const start = lines.findIndex((l) => l.trim() === '[profile.release]');
  if (start < 0) return { crate: cargoToml, profile: '' };
  let from = start;
  while (from > 0 && lines[from - 1]!.startsWith('#')) from--;
  let to = start + 1;
  while (to < lines.length && lines[to]!.trim() !== '' && !lines[to]!.trim().startsWith('[')) to++;
  const profile = lines.slice(from, to).join('\n');
  const rest = [...lines.slice(0, from), ...lines.slice(to)].join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n+$/, '\n');
  return { crate: rest, profile };
}

function vectorFiles(library: FileTree): Map<string, VectorFile> {
  const files = new Map<string, VectorFile>();
  for (const [path, text] of library) {
    const m = /^vectors\/([^/]+\.json)$/.exec(path);
    if (m) files.set(m[1]!, JSON.parse(text) as VectorFile);
  }
  return files;
}

function bodyText(e: Endpoint): string {
  if (e.httpMethod === 'GET') return '—';
  if (e.params.length === 0) return '`{}`';
  const typeText = (s: Record<string, unknown>): string =>
    typeof s.$ref === 'string' ? s.$ref.split('/').pop()! : typeof s.type === 'string' ? s.type : 'value';
  return `\`{${e.params.map((p) => `"${p.name}": ${typeText(schemaOf(p.type))}`).join(', ')}}\``;
}

function endpointRows(endpoints: Endpoint[], module: IrModule): string {
  const facts = analyseModule(module);
  return endpoints
    .map((e) => {
      const what = e.className ? `\`${e.className}.${e.name}\` (${e.mutates ? 'writes' : 'reads'}: ${lockFor(e, facts)} lock)` : `\`${e.name}\` of \`${module.sourceFile}\``;
      return `| ${e.httpMethod} | \`${e.path}\` | ${what} | ${bodyText(e)} |`;
    })
    .join('\n');
}

/** `services/<name>/…` → contents: the service, its openapi.json, and the library in core/. */
export function renderRustService(input: RustServiceInput): Map<string, string> {
  const { name, module } = input;
  if (!/^[a-z][a-z0-9-]*$/.test(name) || name !== crateName(name)) {
    throw new UserError(`service name ${JSON.stringify(name)} is not usable as a cargo package and binary name`, 'use lower-case letters, digits and dashes, starting with a letter');
  }
  const coreCrate = rustCorePackage(name);
  const libraryToml = input.library.get('Cargo.toml');
  if (libraryToml === undefined || !new RegExp(`^name = "${coreCrate}"$`, 'm').test(libraryToml)) {
    throw new InternalError(`the library crate for service ${name} must be emitted with packageName "${coreCrate}"`);
  }
  const shape = serviceEndpoints(module, input.units);
  const vectors = vectorFiles(input.library);
  const coreLib = libName(coreCrate);
  const { crate, profile } = splitReleaseProfile(libraryToml);
  const root = `services/${name}`;
  const out = new Map<string, string>();
  for (const [path, text] of input.library) {
    if (path === 'Cargo.toml') out.set(`${root}/core/Cargo.toml`, crate);
    // Cargo reads .cargo/config.toml from where it runs: the workspace root.
    else if (path === '.cargo/config.toml') out.set(`${root}/.cargo/config.toml`, text);
    else out.set(`${root}/core/${path}`, text);
  }
  const cls = shape.stateful;
  const values: TemplateValues = {
    header: GENERATED_HEADER,
    name,
    libName: libName(name),
    version: input.version ?? '0.1.0',
    port: input.port,
    sourceFile: module.sourceFile,
    unitList: input.units.map((u) => `\`${u}\``).join(', '),
    coreCrate,
    coreLib,
    profileBlock: profile === '' ? '' : `${profile}\n`,
    stateful: cls !== undefined,
    className: cls?.name ?? '',
    classType: cls ? typeName(cls.name) : '',
    constructorArgs: cls?.constructorParams.map((p) => p.name).join(', ') ?? '',
    routes: routesSource(shape),
    unitsBody: unitsSource(module, shape, { lib: coreLib }),
    checksBody: checksSource(module, shape),
    unitStatusBody: unitStatusBody(),
    unitStatusCases: unitStatusCases(),
    testCases: serviceTestCases(module, shape, vectors),
    endpointRows: endpointRows(shape.endpoints, module),
    vectorFiles: [...vectors.keys()].map((f) => `\`vectors/${f}\``).join(', ') || 'none yet',
  };
  const rendered = renderTemplate(loadDeployTemplate(RUST_SERVICE_TEMPLATE, TEMPLATES_DIR), values);
  for (const [path, text] of rendered) out.set(`${root}/${path}`, text.replace(/\n{3,}/g, '\n\n'));
  const openapi = openApiFor(module, input.units, { title: name, version: input.version ?? '0.1.0', serviceName: name });
  out.set(`${root}/openapi.json`, `${JSON.stringify(openapi, null, 2)}\n`);
  return out;
}
