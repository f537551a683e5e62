/**
 * Client modules: in an extracted module, each extracted function becomes an async function of
 * the same name and parameters that calls its service, and an extracted class becomes a client
 * class with the same public methods, made async. Everything else of the module (types,
 * constants, units that were not extracted) stays byte for byte; `index.ts` later drops the
 * private helpers nothing uses any more. `<runtimeDir>/clients.ts` holds one upstream client
 * per service.
 */
import path from 'node:path';
import {
  Node,
  type ArrowFunction,
  type FunctionExpression,
  Scope,
  TypeFlags,
  type ClassDeclaration,
  type FunctionDeclaration,
  type MethodDeclaration,
  type GetAccessorDeclaration,
  type ParameterDeclaration,
  type SourceFile,
  type Type,
} from 'ts-morph';
import * as diag from './diagnostics.js';
import type { ProjectEdits } from './edits.js';
import { contractPath, type ExtractedClass, type ExtractedFunction, type ExtractedService } from './plan.js';
import { origin, type RemoteDeclaration } from './rewrite.js';
import { addImport, importPath } from './wiring.js';

export interface ClientModuleRequest {
  root: string;
  runtimeDir: string;
  service: ExtractedService;
  file: SourceFile;
  edits: ProjectEdits;
}

export interface ClientModule {
  remote: RemoteDeclaration[];
  replaced: Node[];
  diagnostics: diag.Diagnostic[];
}

type FunctionSource = FunctionDeclaration | MethodDeclaration | GetAccessorDeclaration | ArrowFunction | FunctionExpression;

interface FoundFunction {
  fn: FunctionDeclaration | ArrowFunction | FunctionExpression;
  /** What references point at: the function, or the variable holding it. */
  declaration: Node;
  /** What the client function replaces. */
  statement: Node;
  /** `export `, `export default ` or nothing. */
  exported: string;
}

/** `function name() {}`, or `const name = (…) => …` / `= function (…) {…}` alone in its statement. */
function findFunction(file: SourceFile, name: string): FoundFunction | undefined {
  const fn = file.getFunction(name);
  if (fn) return { fn, declaration: fn, statement: fn, exported: fn.hasExportKeyword() ? (fn.isDefaultExport() ? 'export default ' : 'export ') : '' };
  const variable = file.getVariableDeclaration(name);
  const init = variable?.getInitializer();
  const statement = variable?.getVariableStatement();
  if (!variable || !statement || statement.getDeclarations().length !== 1 || !(Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return undefined;
  return { fn: init, declaration: variable, statement, exported: statement.isExported() ? 'export ' : '' };
}

/** `order-history` → `orderHistory`: the export name of a service's client. */
export function serviceIdentifier(name: string): string {
  const camel = name.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase());
  return /^[0-9]/.test(camel) ? `service${camel}` : camel;
}

export function renderClientModule(request: ClientModuleRequest): ClientModule {
  const { service, file } = request;
  const out: ClientModule = { remote: [], replaced: [], diagnostics: [] };
  const report = (factory: (o: ReturnType<typeof origin>, c: string) => diag.Diagnostic, node: Node, construct: string) =>
    out.diagnostics.push(factory(origin(request.root, node), construct));
  const client = freeName(file, `${serviceIdentifier(service.name)}Upstream`);
  const edits = request.edits.for(file.getFilePath());
  if (service.units.filter((u) => u.kind === 'class').length > 1) report(diag.severalClasses, file, service.name);
  let needsInstance = false;

  for (const unit of service.units) {
    if (unit.kind === 'function') {
      const found = findFunction(file, unit.name);
      if (!found || (Node.isFunctionDeclaration(found.fn) && found.fn.getOverloads().length > 0)) {
        report(found ? diag.unsupportedMember : diag.planMismatch, found?.fn ?? file, found ? `overloaded function ${unit.name}` : `${service.module} has no function ${unit.name}`);
        continue;
      }
      const { fn, declaration, statement, exported } = found;
      const signature = clientSignature(fn, unit.name, unit.params, report);
      const call = callExpression(`${client}.call`, unit.name, contractPath(service, unit), unit, signature, 'POST');
      edits.replace(statement.getStart(), statement.getEnd(), `${exported}async function ${unit.name}${typeParameters(fn)}(${signature.params}): Promise<${signature.result}> {\n  return ${call};\n}`);
      out.remote.push({ node: declaration, idempotent: unit.idempotent });
      out.replaced.push(statement);
    } else {
      const cls = file.getClass(unit.name);
      if (!cls) {
        report(diag.planMismatch, file, `${service.module} has no class ${unit.name}`);
        continue;
      }
      edits.replace(cls.getStart(), cls.getEnd(), clientClass(cls, unit, service, client, report, out.remote));
      out.replaced.push(cls);
      needsInstance = true;
    }
  }
  const dir = path.dirname(file.getFilePath());
  const names = [`${serviceIdentifier(service.name)} as ${client}`];
  addImport(request, file, `import { ${names.join(', ')} } from '${importPath(dir, request.runtimeDir, 'clients')}';\n`);
  if (needsInstance) addImport(request, file, `import type { RemoteInstance } from '${importPath(dir, request.runtimeDir, 'upstream')}';\n`);
  return out;
}

type Report = (factory: (o: ReturnType<typeof origin>, c: string) => diag.Diagnostic, node: Node, construct: string) => void;

interface Signature {
  params: string;
  /** The result type as written (no Promise). */
  result: string;
  body: string;
  optionalResult: boolean;
}

function clientClass(cls: ClassDeclaration, unit: ExtractedClass, service: ExtractedService, client: string, report: Report, remote: RemoteDeclaration[]): string {
  const name = unit.name;
  if (cls.getExtends() || cls.getDerivedClasses().length > 0) report(diag.extendedClass, cls, name);
  const isPublic = (m: MethodDeclaration | GetAccessorDeclaration) => m.getScope() === Scope.Public && !Node.isPrivateIdentifier(m.getNameNode());
  for (const member of cls.getMembers()) {
    const staticMember = (Node.isMethodDeclaration(member) || Node.isPropertyDeclaration(member) || Node.isGetAccessorDeclaration(member)) && member.isStatic();
    const publicField = Node.isPropertyDeclaration(member) && member.getScope() === Scope.Public && !Node.isPrivateIdentifier(member.getNameNode());
    const publicSetter = Node.isSetAccessorDeclaration(member) && member.getScope() === Scope.Public;
    if (staticMember || publicField || publicSetter) report(diag.unsupportedMember, member, `${name}.${member.getText().split(/[(:=\s{]/)[0] ?? ''}`.trim());
  }
  const ctor = cls.getConstructors()[0];
  const ctorParams = ctor ? ctor.getParameters() : [];
  for (const p of ctorParams) if (p.isParameterProperty() && p.getScope() === Scope.Public) report(diag.unsupportedMember, p, `${name}.${p.getName()}`);
  const ctorNames = ctorParams.map((p) => p.getName());
  if (ctorNames.join(',') !== unit.constructorParams.join(',')) {
    report(diag.planMismatch, ctor ?? cls, `constructor of ${name} takes (${ctorNames.join(', ')}), the plan says (${unit.constructorParams.join(', ')})`);
  }
  const members = [...cls.getInstanceMethods(), ...cls.getGetAccessors().filter((g) => !g.isStatic())].filter(isPublic);
  for (const member of members) {
    if (!unit.methods.some((m) => m.name === member.getName())) {
      report(diag.planMismatch, member, `public ${name}.${member.getName()} is not in the plan, so the service would not serve it`);
    }
  }
  const lines: string[] = [];
  const head = cls.hasExportKeyword() ? (cls.isDefaultExport() ? 'export default ' : 'export ') : '';
  lines.push(`${head}class ${name}${typeParameters(cls)} {`, '  readonly #remote: RemoteInstance;', '');
  lines.push(`  constructor(${ctorParams.map((p) => paramText(p, report)).join(', ')}) {`);
  lines.push(`    this.#remote = ${client}.instance([${ctorNames.join(', ')}]);`, '  }');
  for (const method of unit.methods) {
    const member = members.find((m) => m.getName() === method.name && Node.isGetAccessorDeclaration(m) === method.getter);
    if (!member) {
      report(diag.planMismatch, cls, `${name} has no public ${method.getter ? 'getter' : 'method'} ${method.name}`);
      continue;
    }
    if (Node.isMethodDeclaration(member) && member.getOverloads().length > 0) report(diag.unsupportedMember, member, `overloaded ${name}.${method.name}`);
    const signature = clientSignature(member, method.name, method.params, report);
    const verb = method.getter ? 'GET' : 'POST';
    const call = callExpression('this.#remote.call', method.name, contractPath(service, unit, method), { ...method, cacheable: false }, signature, verb, holdOptions(service, unit, method.name));
    const docs = member.getJsDocs().map((d) => `  ${d.getText()}\n`).join('');
    const declaration = method.getter
      ? `get ${method.name}(): Promise<${signature.result}>`
      : `async ${method.name}${typeParameters(member)}(${signature.params}): Promise<${signature.result}>`;
    lines.push('', `${docs}  ${declaration} {`, `    return ${call};`, '  }');
    remote.push({ node: member, idempotent: method.idempotent, hold: holdRole(service, unit, method.name) });
  }
  lines.push('}');
  return lines.join('\n');
}

/** What the method is to a hold of the class: tentative (`open`), or what completes or compensates it. */
function holdRole(service: ExtractedService, unit: ExtractedClass, method: string): RemoteDeclaration['hold'] {
  for (const hold of unit.holds ?? []) {
    const id = `${service.name}.${unit.name}.${hold.method}`;
    if (hold.method === method) return { id, role: 'open' };
    if (hold.complete === method) return { id, role: 'complete' };
    if (hold.compensate === method) return { id, role: 'compensate' };
  }
  return undefined;
}

/** The call options that tell the runtime about holds (runtime/holds.ts). */
function holdOptions(service: ExtractedService, unit: ExtractedClass, method: string): string[] {
  for (const hold of unit.holds ?? []) {
    if (hold.method === method) {
      const compensator = unit.methods.find((m) => m.name === hold.compensate);
      if (compensator === undefined) return [];
      const path = contractPath(service, unit, compensator);
      return [`hold: { idFrom: '${hold.idFrom}', compensate: { operation: '${hold.compensate}', path: '${path}', param: '${hold.idParam}' } }`];
    }
    if (hold.complete === method || hold.compensate === method) return [`closesHold: '${hold.idParam}'`];
  }
  return [];
}

function callExpression(
  callee: string,
  operation: string,
  route: string,
  unit: Pick<ExtractedFunction, 'idempotent' | 'cacheable'>,
  signature: Signature,
  verb: 'GET' | 'POST',
  extra: string[] = [],
): string {
  const options = [`idempotent: ${unit.idempotent}`, ...extra];
  if (unit.cacheable) options.push('cacheable: true');
  if (signature.optionalResult) options.push('optionalResult: true');
  if (verb === 'GET') options.push("method: 'GET'");
  const body = verb === 'GET' ? 'undefined' : signature.body;
  return `${callee}<${signature.result}>('${operation}', '${route}', ${body}, { ${options.join(', ')} })`;
}

function clientSignature(fn: FunctionSource, name: string, planned: string[], report: Report): Signature {
  const params = fn.getParameters();
  const names = params.map((p) => p.getName());
  if (names.join(',') !== planned.join(',')) {
    report(diag.planMismatch, fn, `${name} takes (${names.join(', ')}), the plan says (${planned.join(', ')})`);
  }
  for (const p of params) {
    const problem = wireProblem(p.getType(), p);
    if (problem) report(diag.unsupportedWireType, p, `parameter ${p.getName()}: ${problem}`);
  }
  const resultType = fn.getReturnType();
  const problem = wireProblem(resultType, fn);
  if (problem) report(diag.unsupportedWireType, fn, `result of ${name}: ${problem}`);
  const result = fn.getReturnTypeNode()?.getText() ?? resultType.getText(fn);
  const members = resultType.isUnion() ? resultType.getUnionTypes() : [resultType];
  const optionalResult = members.some((t) => t.isUndefined()) && !members.some((t) => t.isNull());
  return {
    params: params.map((p) => paramText(p, report)).join(', '),
    result,
    body: names.length === 0 ? '{}' : `{ ${names.join(', ')} }`,
    optionalResult,
  };
}

function paramText(p: ParameterDeclaration, report: Report): string {
  if (p.isRestParameter() || !Node.isIdentifier(p.getNameNode())) {
    report(diag.unsupportedParameter, p, p.getText());
  }
  const type = p.getTypeNode()?.getText() ?? p.getType().getText(p);
  const initializer = p.getInitializer();
  return `${p.getName()}${p.hasQuestionToken() ? '?' : ''}: ${type}${initializer ? ` = ${initializer.getText()}` : ''}`;
}

function typeParameters(node: ClassDeclaration | FunctionSource): string {
  if (Node.isGetAccessorDeclaration(node)) return '';
  const params = node.getTypeParameters();
  return params.length === 0 ? '' : `<${params.map((t) => t.getText()).join(', ')}>`;
}

const NOT_ON_THE_WIRE = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'RegExp', 'Promise', 'ReadonlyMap', 'ReadonlySet']);

/** The part of `type` JSON cannot carry faithfully, or undefined when all of it can. */
function wireProblem(type: Type, at: Node, seen = new Set<Type>()): string | undefined {
  if (seen.has(type)) return undefined;
  seen.add(type);
  const name = type.getSymbol()?.getName();
  if ((name !== undefined && NOT_ON_THE_WIRE.has(name)) || (type.getFlags() & TypeFlags.BigIntLike) !== 0 || type.getCallSignatures().length > 0) {
    return type.getText(at);
  }
  if (type.isUnion() || type.isIntersection()) {
    const parts = type.isUnion() ? type.getUnionTypes() : (type as Type).getIntersectionTypes();
    for (const part of parts) {
      const problem = wireProblem(part, at, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type.isArray() || type.isReadonlyArray()) {
    const element = type.getArrayElementType();
    return element ? wireProblem(element, at, seen) : undefined;
  }
  if (type.isTuple()) {
    for (const element of type.getTupleElements()) {
      const problem = wireProblem(element, at, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type.isObject()) {
    for (const property of type.getProperties()) {
      const problem = wireProblem(property.getTypeAtLocation(at), at, seen);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** `name`, or `name2`, `name3`… when the file already uses it. */
function freeName(file: SourceFile, name: string): string {
  const used = new Set(file.getDescendants().filter(Node.isIdentifier).map((id) => id.getText()));
  let candidate = name;
  for (let i = 2; used.has(candidate); i++) candidate = `${name}${i}`;
  return candidate;
}

/** Text of `<runtimeDir>/clients.ts`: one UpstreamService per extracted service, sharing the cache. */
export function renderClientsFile(services: ExtractedService[], header: string): string {
  const lines = [
    `// ${header}`,
    '// One upstream client per extracted service; they share the Redis result cache.',
    "import { ResultCache } from './cache.js';",
    "import { readGatewayConfig, serviceUrl } from './config.js';",
    "import { UpstreamService } from './upstream.js';",
    '',
    'export const config = readGatewayConfig(process.env);',
    '',
    '/** Results of pure functions, for CACHE_TTL_SECONDS; bypassed while REDIS_URL is unset or Redis is down. */',
    'export const cache = new ResultCache(config.redisUrl, config.cacheTtlSeconds);',
  ];
  for (const service of services) {
    const units = service.units.map((u) => u.name).join(', ');
    lines.push(
      '',
      `/** ${service.name} (${units} from ${service.module}): ${service.envVar}, default ${service.defaultUrl}. */`,
      `export const ${serviceIdentifier(service.name)} = new UpstreamService({`,
      `  ...config.upstream,`,
      `  name: '${service.name}',`,
      `  url: serviceUrl(process.env, '${service.envVar}', '${service.defaultUrl}'),`,
      '  cache,',
      '});',
    );
  }
  lines.push('', '/** Every upstream, for /health, /ready and shutdown. */');
  lines.push(`export const upstreams: UpstreamService[] = [${services.map((s) => serviceIdentifier(s.name)).join(', ')}];`, '');
  return lines.join('\n');
}
