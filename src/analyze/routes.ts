import { ts } from 'ts-morph';
import type { HttpMethod } from './types.js';
import { evaluateLiteral, evaluateString, unwrapExpression, UNKNOWN } from './literal.js';
import { isFunctionNode } from './units.js';
import { findNodeHttpRoutes } from './routes-http.js';

/**
 * Route discovery. fastify: `app.get|post|put|patch|delete(path, [opts,] handler)`,
 * `app.route({ method, url, handler, schema })`, and prefixes from `app.register(plugin,
 * { prefix })`. express: `app|router.get|post|…(path, ...middleware, handler)`,
 * `router.route(path).get(handler)`, and prefixes from `app.use(prefix, router)`. node:http:
 * see routes-http.ts. Paths, methods, options and body schemas are read by static evaluation
 * of literals; anything computed at run time is skipped, not guessed.
 */

export interface RouteSite {
  method: HttpMethod;
  path: string;
  framework: 'fastify' | 'express' | 'node:http';
  file: string;
  line: number;
  /** The handler as written: an inline function or an expression naming one. */
  handler?: ts.Expression;
  bodySchema?: unknown;
}

export interface RouteDiscovery {
  routes: RouteSite[];
  /** Functions that handle requests without being one route's handler (`createServer(fn)`). */
  requestHandlers: ts.Expression[];
  /** Anonymous functions that are handlers, with the unit name they get. */
  inlineHandlerNames: Map<ts.Node, string>;
}

export interface RouteSource {
  sourceFile: ts.SourceFile;
  file: string;
}

const SHORTHAND: Record<string, HttpMethod> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' };
const METHODS = new Set<string>(Object.values(SHORTHAND));
type Framework = 'fastify' | 'express';

interface Mount {
  prefix: string;
  call: ts.CallExpression;
}

/** Module specifiers a file imports or requires (`calls` are the file's call expressions). */
export function importsOf(sourceFile: ts.SourceFile, calls: ts.CallExpression[]): Set<string> {
  const modules = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) modules.add(statement.moduleSpecifier.text);
  }
  for (const call of calls) {
    const [first] = call.arguments;
    if (ts.isIdentifier(call.expression) && call.expression.text === 'require' && first !== undefined && ts.isStringLiteral(first)) {
      modules.add(first.text);
    }
  }
  return modules;
}

function frameworkOfImports(modules: Set<string>): Framework | undefined {
  const hasExpress = [...modules].some((m) => m === 'express');
  const hasFastify = [...modules].some((m) => m === 'fastify' || m.startsWith('@fastify/') || m === 'fastify-plugin');
  if (hasExpress && !hasFastify) return 'express';
  if (hasFastify && !hasExpress) return 'fastify';
  return undefined;
}

function callsIn(sourceFile: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

function declarationOf(expression: ts.Expression, checker: ts.TypeChecker): ts.Declaration | undefined {
  const expr = unwrapExpression(expression);
  if (!ts.isIdentifier(expr)) return undefined;
  let symbol = checker.getSymbolAtLocation(expr);
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

/** The function a plugin argument names: inline, a function declaration, or a const-bound function. */
function functionOf(expression: ts.Expression, checker: ts.TypeChecker): ts.Node | undefined {
  const expr = unwrapExpression(expression);
  if (isFunctionNode(expr)) return expr;
  const declaration = declarationOf(expr, checker);
  if (declaration === undefined) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const init = unwrapExpression(declaration.initializer);
    // fastify-plugin: fp(async (app) => …)
    if (ts.isCallExpression(init) && init.arguments[0] !== undefined) return functionOf(init.arguments[0], checker);
    return isFunctionNode(init) ? init : undefined;
  }
  return undefined;
}

/** What framework a receiver was created by: `express()`, `Router()`, `fastify()`. */
function frameworkOfReceiver(receiver: ts.Expression, checker: ts.TypeChecker): Framework | undefined {
  const declaration = declarationOf(receiver, checker);
  if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) return undefined;
  let init = unwrapExpression(declaration.initializer);
  if (ts.isAwaitExpression(init)) init = unwrapExpression(init.expression);
  if (!ts.isCallExpression(init)) return undefined;
  const text = init.expression.getText();
  if (/^(?:express|express\.Router|Router)$/.test(text)) return 'express';
  if (/^(?:fastify|Fastify)$/.test(text)) return 'fastify';
  return undefined;
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function isPath(value: string | undefined): value is string {
  return value !== undefined && (value.startsWith('/') || value === '*');
}

function enclosingFunctions(node: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) out.push(current);
  }
  return out;
}

/** Finds every route of the given files. */
export function discoverRoutes(sources: RouteSource[], checker: ts.TypeChecker): RouteDiscovery {
  const discovery: RouteDiscovery = { routes: [], requestHandlers: [], inlineHandlerNames: new Map() };
  const perFile = sources.map((source) => {
    const calls = callsIn(source.sourceFile);
    return { ...source, calls, imports: importsOf(source.sourceFile, calls) };
  });
  const fileNames = new Map(sources.map((source) => [source.sourceFile, source.file]));
  const fileOf = (sourceFile: ts.SourceFile): string | undefined => fileNames.get(sourceFile);
  const projectFramework = frameworkOfImports(new Set(perFile.flatMap((f) => [...f.imports])));
  const anyWebFramework = perFile.some((f) => [...f.imports].some((m) => m === 'express' || m === 'fastify'
    || m.startsWith('@fastify/') || m === 'fastify-plugin'));

  // Mounts: fastify plugins by function node, express routers by declaration (and by the function that builds them).
  const mounts = new Map<ts.Node, Mount[]>();
  const addMount = (key: ts.Node | undefined, mount: Mount): void => {
    if (key === undefined) return;
    mounts.set(key, [...(mounts.get(key) ?? []), mount]);
  };
  for (const { calls } of perFile) {
    for (const call of calls) {
      const callee = unwrapExpression(call.expression);
      if (!ts.isPropertyAccessExpression(callee)) continue;
      const [first, second] = call.arguments;
      if (callee.name.text === 'register' && first !== undefined) {
        const options = second === undefined ? undefined : evaluateLiteral(second, checker);
        const prefix = typeof options === 'object' && options !== null && typeof (options as { prefix?: unknown }).prefix === 'string'
          ? (options as { prefix: string }).prefix : '';
        addMount(functionOf(first, checker), { prefix, call });
      } else if (callee.name.text === 'use' && first !== undefined) {
        const prefix = evaluateString(first, checker);
        const targets = isPath(prefix) ? call.arguments.slice(1) : call.arguments;
        for (const target of targets) {
          const expr = unwrapExpression(target);
          addMount(declarationOf(expr, checker), { prefix: isPath(prefix) ? prefix : '', call });
          if (ts.isCallExpression(expr)) addMount(functionOf(expr.expression, checker), { prefix: isPath(prefix) ? prefix : '', call });
        }
      }
    }
  }

  const prefixesOf = (call: ts.CallExpression, depth: number): string[] => {
    if (depth > 8) return [''];
    const callee = unwrapExpression(call.expression);
    const keys: (ts.Node | undefined)[] = [];
    if (ts.isPropertyAccessExpression(callee)) keys.push(declarationOf(rootOfChain(callee.expression), checker));
    keys.push(...enclosingFunctions(call));
    for (const key of keys) {
      const found = key === undefined ? undefined : mounts.get(key);
      if (found === undefined) continue;
      return found.flatMap((mount) => prefixesOf(mount.call, depth + 1).map((outer) => joinPath(outer, mount.prefix)));
    }
    return [''];
  };

  for (const source of perFile) {
    const fileFramework = frameworkOfImports(source.imports) ?? projectFramework;
    for (const call of anyWebFramework ? source.calls : []) {
      const found = routeOfCall(call, checker, fileFramework);
      if (found === undefined) continue;
      const line = source.sourceFile.getLineAndCharacterOfPosition(call.getStart(source.sourceFile)).line + 1;
      for (const prefix of prefixesOf(call, 0)) {
        for (const method of found.methods) {
          const path = joinPath(prefix, found.path);
          discovery.routes.push({ method, path, framework: found.framework, file: source.file, line,
            ...(found.handler === undefined ? {} : { handler: found.handler }),
            ...(found.bodySchema === undefined ? {} : { bodySchema: found.bodySchema }) });
        }
      }
      const handler = found.handler === undefined ? undefined : unwrapExpression(found.handler);
      if (handler !== undefined && isFunctionNode(handler)) {
        discovery.inlineHandlerNames.set(handler, `${found.methods.join(',')} ${joinPath(prefixesOf(call, 0)[0] ?? '', found.path)}`);
      }
    }
    findNodeHttpRoutes(source, checker, discovery, fileOf);
  }
  return discovery;
}

function rootOfChain(expression: ts.Expression): ts.Expression {
  let current = unwrapExpression(expression);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    current = unwrapExpression(current.expression.expression);
  }
  return current;
}

interface FoundRoute {
  methods: HttpMethod[];
  path: string;
  framework: Framework;
  handler?: ts.Expression;
  bodySchema?: unknown;
}

/** `handler` of a fastify options object (a property or a shorthand; object-literal methods are not units). */
function handlerProperty(options: ts.Expression): ts.Expression | undefined {
  const expr = unwrapExpression(options);
  if (!ts.isObjectLiteralExpression(expr)) return undefined;
  for (const property of expr.properties) {
    if (property.name === undefined || !ts.isIdentifier(property.name) || property.name.text !== 'handler') continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

function bodySchemaOf(options: unknown): unknown {
  if (typeof options !== 'object' || options === null) return undefined;
  const schema = (options as { schema?: unknown }).schema;
  if (typeof schema !== 'object' || schema === null) return undefined;
  const body = (schema as { body?: unknown }).body;
  return typeof body === 'object' && body !== null ? body : undefined;
}

function looksLikeHandler(expression: ts.Expression | undefined): boolean {
  if (expression === undefined) return false;
  const expr = unwrapExpression(expression);
  return isFunctionNode(expr) || ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr) || ts.isCallExpression(expr);
}

function routeOfCall(call: ts.CallExpression, checker: ts.TypeChecker, fileFramework: Framework | undefined): FoundRoute | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  const args = call.arguments;

  if (name === 'route' && args.length === 1 && ts.isObjectLiteralExpression(unwrapExpression(args[0]!))) {
    const options = evaluateLiteral(args[0]!, checker) as Record<string, unknown>;
    const path = typeof options.url === 'string' ? options.url : typeof options.path === 'string' ? options.path : undefined;
    const raw = Array.isArray(options.method) ? options.method : [options.method];
    const methods = raw.filter((m): m is HttpMethod => typeof m === 'string' && METHODS.has(m.toUpperCase()))
      .map((m) => m.toUpperCase() as HttpMethod);
    if (!isPath(path) || methods.length === 0) return undefined;
    const handler = handlerProperty(args[0]!);
    const bodySchema = bodySchemaOf(options);
    return { methods, path, framework: 'fastify', ...(handler ? { handler } : {}), ...(bodySchema ? { bodySchema } : {}) };
  }

  const method = SHORTHAND[name];
  if (method === undefined || args.length === 0) return undefined;
  const path = evaluateString(args[0]!, checker);
  if (!isPath(path)) {
    // express: router.route('/x').get(handler).post(handler)
    let current = unwrapExpression(callee.expression);
    while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
      const link = current.expression;
      if (link.name.text === 'route' && current.arguments.length === 1) {
        const chained = evaluateString(current.arguments[0]!, checker);
        const handler = args.at(-1);
        if (!isPath(chained) || !looksLikeHandler(handler)) return undefined;
        return { methods: [method], path: chained, framework: 'express', ...(handler ? { handler } : {}) };
      }
      current = unwrapExpression(link.expression);
    }
    return undefined;
  }
  if (args.length < 2) return undefined;
  const framework = frameworkOfReceiver(rootOfChain(callee.expression), checker) ?? fileFramework
    ?? frameworkOfHandler(args.at(-1)!);
  if (framework === 'express') {
    const handler = args.at(-1)!;
    return looksLikeHandler(handler) ? { methods: [method], path, framework, handler } : undefined;
  }
  let handler: ts.Expression | undefined = args.length >= 3 ? args[2] : args[1];
  let bodySchema: unknown;
  if (args.length >= 3 || (args[1] !== undefined && ts.isObjectLiteralExpression(unwrapExpression(args[1])))) {
    const options = evaluateLiteral(args[1]!, checker);
    bodySchema = options === UNKNOWN ? undefined : bodySchemaOf(options);
    if (args.length === 2) handler = handlerProperty(args[1]!);
  }
  if (!looksLikeHandler(handler)) return undefined;
  return { methods: [method], path, framework, ...(handler ? { handler } : {}), ...(bodySchema ? { bodySchema } : {}) };
}

/** A last resort: fastify handlers take `(request, reply)`, express ones `(req, res, next)`. */
function frameworkOfHandler(expression: ts.Expression): Framework {
  const expr = unwrapExpression(expression);
  if (isFunctionNode(expr)) {
    const second = expr.parameters[1];
    if (second !== undefined && ts.isIdentifier(second.name) && /^rep/.test(second.name.text)) return 'fastify';
  }
  return 'express';
}
