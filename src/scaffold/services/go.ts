/**
 * The Go service around a translated Go package (pure): `services/<name>/` with the main package
 * (net/http with Go 1.22 patterns, log/slog, a hand-written Prometheus exposition, graceful
 * shutdown), the translated package under `core/` with its golden-vector tests, the JSON wire in
 * `core/pivot_wire.go`, the service's own tests, README and openapi.json. Rendered from
 * templates/go-service/ (strict handlebars, manifest of variables); routes and wire types come
 * from the IR through openapi.ts, so the Rust and Go services serve the same contract.
 */
import { InternalError, UserError } from '../../errors.js';
import type { BuildProfile, FileTree } from '../../translate/api.js';
import type { LockKind } from '../../translate/emit-go/context.js';
import type { IrModule, IrType } from '../../translate/ir.js';
import type { VectorFile } from '../../translate/vectors-format.js';
import { loadDeployTemplate, renderTemplate, type TemplateValues } from '../deploy/dockerfiles.js';
import { TEMPLATES_DIR } from '../gateway/runtime.js';
import { openApiFor, serviceEndpoints, UNIT_ERROR_DEFAULT_STATUS, UNIT_ERROR_RULES, type Endpoint, type ServiceShape } from '../openapi.js';
import { badRequestCase, fallbackConstructBody, goString, postPath, routeRows } from './go-tests.js';
import { goWire, type GoWire } from './go-wire.js';
import { isStatefulClass, type ResolvedHold } from './holds.js';

export interface GoServiceInput {
  /** Service name: folder `services/<name>`, binary, module `pivot.local/<name>`. */
  name: string;
  /** Default PORT. */
  port: number;
  module: IrModule;
  /** Units to serve (functions and at most one class); the module's entry points when absent. */
  units?: string[];
  /** The emitted (and formatted) Go package with its vectors: emitGoModule / evolveUnit's tree. */
  library: FileTree;
  profile: BuildProfile;
  /** The held class's holds (resolveHolds); none when absent. */
  holds?: ResolvedHold[];
}

export const GO_SERVICE_TEMPLATE = 'go-service';

const PROFILE_FLAGS: Record<BuildProfile, { build: string; test: string }> = {
  conservative: { build: '', test: '-race -count=1' },
  balanced: { build: '-trimpath', test: '-race' },
  aggressive: { build: '-trimpath -ldflags="-s -w" -pgo=auto', test: '' },
};

/** `services/<name>/…` → contents. */
export function renderGoService(input: GoServiceInput): Map<string, string> {
  const { name, module } = input;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new UserError(`service name "${name}" is not usable as a folder, binary and Go module name`, 'use lowercase letters, digits and dashes, starting with a letter');
  }
  const units = input.units ?? module.entryPoints;
  const shape = serviceEndpoints(module, units);
  const wire = goWire(module, shape);
  const corePackage = packageOf(input.library);
  const vectors = vectorFiles(input.library);
  const values = templateValues(input, shape, wire, corePackage, vectors);
  const rendered = renderTemplate(loadDeployTemplate(GO_SERVICE_TEMPLATE, TEMPLATES_DIR), values);
  const dir = `services/${name}`;
  const out = new Map<string, string>();
  for (const [path, contents] of input.library) {
    // The service's go.mod is the only one: core/ is a package of its module.
    if (path === 'go.mod' || path === 'go.sum') continue;
    out.set(`${dir}/core/${path}`, contents);
  }
  // A template that renders to nothing is not for this service (state files of a stateless one).
  for (const [path, contents] of rendered) if (contents.trim() !== '') out.set(`${dir}/${path}`, contents);
  const openapi = openApiFor(module, units, { title: `${name} service`, version: '0.1.0', serviceName: name });
  out.set(`${dir}/openapi.json`, `${JSON.stringify(openapi, null, 2)}\n`);
  return out;
}

/** The template's variables for one service; exported for the render test. */
export function templateValues(input: GoServiceInput, shape: ServiceShape, wire: GoWire, corePackage: string, vectors: VectorFile[]): TemplateValues {
  const { name, module } = input;
  const cls = shape.stateful;
  const flags = PROFILE_FLAGS[input.profile];
  const bad = badRequestCase(shape, module, vectors);
  const post = postPath(shape);
  const instanceEndpoint = shape.endpoints.find((e) => e.className !== undefined);
  const notes = wire.requiredDefaults.map((p) => `- \`${p}\` has a default in TypeScript that is not a literal; the service requires the parameter.`);
  return {
    name,
    port: input.port,
    modulePath: `pivot.local/${name}`,
    corePackage,
    sourceFile: module.sourceFile,
    unitList: (input.units ?? module.entryPoints).map((u) => `\`${u}\``).join(', '),
    hasClass: cls !== undefined,
    stateful: isStatefulClass(cls),
    holdRows: holdRows(shape, input.holds ?? []),
    stateTable: name.replace(/-/g, '_'),
    className: cls?.name ?? '',
    instanceType: wire.instanceType ?? '',
    constructFunc: wire.constructFunction ?? '',
    endpointRows: shape.endpoints.map((e) => endpointRow(e, wire)).join('\n'),
    wireCode: wire.code,
    routeRows: routeRows(shape),
    postPath: goString(post ?? ''),
    badRequestPath: goString(bad?.path ?? ''),
    badRequestBody: goString(bad?.body ?? ''),
    badRequestMessage: goString(bad?.message ?? ''),
    instanceMethod: goString(instanceEndpoint?.httpMethod ?? ''),
    instancePath: goString(instanceEndpoint?.path ?? ''),
    fallbackConstructBody: goString(fallbackConstructBody(shape, module)),
    statusRules: statusRules(),
    defaultStatus: goStatus(UNIT_ERROR_DEFAULT_STATUS),
    statusCases: statusCases(),
    errorRows: errorRows(),
    endpointTable: shape.endpoints.map(endpointTableRow).join('\n'),
    lockNote: LOCK_NOTES[wire.lock ?? 'none'],
    notes: notes.length > 0 ? `\n${notes.join('\n')}\n` : '',
    profile: input.profile,
    buildFlags: flags.build,
    testFlags: flags.test,
    buildCommand: ['go build', flags.build, `-o bin/${name} .`].filter((p) => p !== '').join(' '),
  };
}

const LOCK_NOTES: Record<LockKind, string> = {
  rwmutex: "Its public methods take the struct's own `sync.RWMutex` (the read lock for methods that only read)",
  mutex: "Every public method writes, so each takes the struct's own `sync.Mutex`",
  none: 'No public method writes, so it needs no lock once constructed',
};

const GO_STATUS: Record<number, string> = {
  400: 'http.StatusBadRequest',
  404: 'http.StatusNotFound',
  409: 'http.StatusConflict',
  422: 'http.StatusUnprocessableEntity',
};

const goStatus = (status: number): string => GO_STATUS[status] ?? String(status);

/** The cases of statusForThrown, one per rule of the shared contract mapping. */
function statusRules(): string {
  return UNIT_ERROR_RULES.map((rule) => {
    const tests = [...rule.prefixes.map((p) => `strings.HasPrefix(message, ${JSON.stringify(p)})`), ...rule.contains.map((c) => `strings.Contains(message, ${JSON.stringify(c)})`)];
    return `\tcase ${tests.join(', ')}:\n\t\treturn ${goStatus(rule.status)}`;
  }).join('\n');
}

function statusCases(): string {
  const cases: [string, number][] = UNIT_ERROR_RULES.flatMap((rule) => [
    ...rule.prefixes.map((p): [string, number] => [`${p.trimEnd()} thing 7`, rule.status]),
    ...rule.contains.map((c): [string, number] => [`thing 7 ${c}`, rule.status]),
  ]);
  cases.push(['grid needs at least 2 points', UNIT_ERROR_DEFAULT_STATUS]);
  return cases.map(([message, status]) => `\t\t${JSON.stringify(message)}: ${goStatus(status)},`).join('\n');
}

function errorRows(): string {
  const quoted = (xs: string[]) => xs.map((x) => `\`${x}\``).join(' / ');
  const rows = UNIT_ERROR_RULES.map((rule, i) => {
    const parts = [rule.prefixes.length > 0 ? `starts with ${quoted(rule.prefixes)}` : '', rule.contains.length > 0 ? `contains ${quoted(rule.contains)}` : ''];
    const what = `${i === 0 ? 'the original threw: its message ' : '… '}${parts.filter((p) => p !== '').join(' or ')}`;
    return `| ${what} | ${rule.status} | \`unit_error\`${i === 0 ? ' with the original message' : ''} |`;
  });
  return [...rows, `| … anything else | ${UNIT_ERROR_DEFAULT_STATUS} | \`unit_error\` |`].join('\n');
}

function endpointRow(e: Endpoint, wire: GoWire): string {
  const serve = wire.serveFunctions.get(e.operationId);
  if (!serve) throw new InternalError(`no wire function for ${e.operationId}`);
  const call = e.className === undefined ? `core.${serve}` : `s.onInstance(core.${serve})`;
  const writes = e.className !== undefined && e.mutates ? ', writes: true' : '';
  return `\t\t{method: ${JSON.stringify(e.httpMethod)}, path: ${JSON.stringify(e.path)}, operation: ${JSON.stringify(e.operationId)}, call: ${call}${writes}},`;
}

/** The holdKind literals of state.go: operations by their operationId. */
function holdRows(shape: ServiceShape, holds: ResolvedHold[]): string {
  const op = (method: string | undefined): string => (method === undefined ? '""' : JSON.stringify(shape.endpoints.find((e) => e.name === method && e.className !== undefined)?.operationId ?? method));
  return holds
    .map((h) => `\t{method: ${op(h.method)}, complete: ${op(h.complete)}, compensate: ${op(h.compensate)}, idFrom: ${JSON.stringify(h.idFrom)}, idParam: ${JSON.stringify(h.idParam)}, ttlSeconds: ${h.ttlSeconds}},`)
    .join('\n');
}

/** A TS-like name of a wire type for the README. */
function typeText(t: IrType): string {
  switch (t.kind) {
    case 'f64':
    case 'i64':
      return 'number';
    case 'array':
      return `${typeText(t.element)}[]`;
    case 'set':
      return `Set<${typeText(t.element)}>`;
    case 'map':
      return `Map<${typeText(t.key)}, ${typeText(t.value)}>`;
    case 'tuple':
      return `[${t.elements.map(typeText).join(', ')}]`;
    case 'optional':
      return `${typeText(t.inner)} \\| undefined`;
    case 'struct':
    case 'enum':
    case 'class':
      return t.name;
    default:
      return t.kind === 'bool' ? 'boolean' : t.kind;
  }
}

function endpointTableRow(e: Endpoint): string {
  const params = e.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ');
  const call = e.kind === 'getter' ? `\`${e.operationId}\` (getter)` : `\`${e.operationId}(${params})\``;
  const result = e.result.kind === 'void' ? '`204`, no body' : `\`${typeText(e.result)}\``;
  const traits = [e.throws ? 'throws' : '', e.kind !== 'function' ? (e.mutates ? 'writes' : 'reads') : ''].filter((t) => t !== '');
  return `| ${e.httpMethod} | \`${e.path}\` | ${call}${traits.length > 0 ? ` (${traits.join(', ')})` : ''} | ${result} |`;
}

/** The package clause shared by the library's Go files. */
function packageOf(library: FileTree): string {
  const names = new Set<string>();
  for (const [path, contents] of library) {
    if (!path.endsWith('.go')) continue;
    const match = /^package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(contents);
    if (match) names.add(match[1]!);
  }
  if (names.size !== 1) {
    throw new InternalError(`the Go library tree must hold one package, found ${names.size === 0 ? 'none' : [...names].join(', ')}`);
  }
  return [...names][0]!;
}

/** The vector files shipped with the library (`vectors/*.json`). */
function vectorFiles(library: FileTree): VectorFile[] {
  const out: VectorFile[] = [];
  for (const [path, contents] of library) {
    if (!/^vectors\/[^/]+\.json$/.test(path)) continue;
    try {
      out.push(JSON.parse(contents) as VectorFile);
    } catch (err) {
      throw new InternalError(`${path} of the Go library is not JSON: ${(err as Error).message}`);
    }
  }
  return out;
}
