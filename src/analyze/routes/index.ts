import { ts } from 'ts-morph';
import type { HttpMethod, RouteFramework } from '../types.js';
import { unwrapExpression } from '../literal.js';
import { isFunctionNode } from '../units.js';
import { Bindings } from './bindings.js';
import { frameworksOf, onlyFrameworkOf } from './frameworks.js';
import { frameworkOfCreation, mayRegisterRoute, rootOfChain, routeOfCall } from './method-calls.js';
import { joinPath, MountTable } from './mounts.js';
import { findNestRoutes, nestPrefixes } from './nest.js';
import { findNodeHttpRoutes } from './node-http.js';

/**
 * Route discovery, statically: method-call routes of express, fastify, koa + @koa/router,
 * @tinyhttp/app, polka and hono (method-calls.ts) under the prefixes they are mounted at
 * (mounts.ts), NestJS controllers (nest.ts) and node:http url/method comparisons
 * (node-http.ts). Paths, methods, options and body schemas are read by static evaluation of
 * literals; anything computed at run time is skipped, not guessed.
 */

export interface RouteSite {
  method: HttpMethod;
  path: string;
  framework: RouteFramework;
  file: string;
  line: number;
  /** The handler as written: an inline function or an expression naming one, or a Nest controller method. */
  handler?: ts.Expression | ts.MethodDeclaration;
  bodySchema?: unknown;
}

export interface RouteDiscovery {
  routes: RouteSite[];
  /** Functions that handle requests without being one route's handler (`createServer(fn)`). */
  requestHandlers: ts.Expression[];
  /** Anonymous functions that are handlers, with the unit name they get. */
  inlineHandlerNames: Map<ts.Node, string>;
  /** The frameworks the project's files import (node:http counts when it serves requests). */
  frameworks: RouteFramework[];
}

export interface RouteSource {
  sourceFile: ts.SourceFile;
  file: string;
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

function callsIn(sourceFile: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** Finds every route of the given files (`options`: the project's compiler options, for `paths`). */
export function discoverRoutes(sources: RouteSource[], checker: ts.TypeChecker, options: ts.CompilerOptions = {}): RouteDiscovery {
  const perFile = sources.map((source) => {
    const calls = callsIn(source.sourceFile);
    return { ...source, calls, imports: importsOf(source.sourceFile, calls) };
  });
  const allImports = perFile.flatMap((f) => [...f.imports]);
  const frameworks = frameworksOf(allImports);
  const discovery: RouteDiscovery = { routes: [], requestHandlers: [], inlineHandlerNames: new Map(), frameworks: [...frameworks] };
  const fileNames = new Map(sources.map((source) => [source.sourceFile, source.file]));
  const fileOf = (sourceFile: ts.SourceFile): string | undefined => fileNames.get(sourceFile);
  const projectFramework = onlyFrameworkOf(allImports);
  const bindings = new Bindings(checker, sources.map((source) => source.sourceFile), options);
  const mounts = new MountTable(bindings, checker);
  const methodCalls = [...frameworks].some((framework) => framework !== 'nest');
  if (methodCalls) for (const { calls } of perFile) mounts.collect(calls);
  const nest = frameworks.has('nest') ? nestPrefixes(perFile.flatMap((f) => f.calls), checker, bindings) : undefined;

  const frameworkOfReceiver = (receiver: ts.Expression): RouteFramework | undefined => {
    const origin = bindings.originOf(receiver);
    return origin !== undefined && ts.isVariableDeclaration(origin) && origin.initializer !== undefined
      ? frameworkOfCreation(origin.initializer) : undefined;
  };

  for (const source of perFile) {
    if (nest !== undefined) {
      for (const route of findNestRoutes(source.sourceFile, checker, nest)) {
        discovery.routes.push({ method: route.method, path: route.path, framework: 'nest', file: source.file, line: route.line, handler: route.handler });
      }
    }
    const fileFramework = onlyFrameworkOf(source.imports) ?? projectFramework;
    for (const call of methodCalls ? source.calls : []) {
      const callee = unwrapExpression(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !mayRegisterRoute(callee.name.text)) continue;
      const found = routeOfCall(call, checker, () => frameworkOfReceiver(rootOfChain(callee.expression)) ?? fileFramework);
      if (found === undefined) continue;
      const line = lineOf(source.sourceFile, callee.name);
      const prefixes = mounts.prefixesOf(call);
      for (const prefix of prefixes) {
        for (const method of found.methods) {
          discovery.routes.push({ method, path: joinPath(prefix, found.path), framework: found.framework, file: source.file, line,
            ...(found.handler === undefined ? {} : { handler: found.handler }),
            ...(found.bodySchema === undefined ? {} : { bodySchema: found.bodySchema }) });
        }
      }
      const handler = found.handler === undefined ? undefined : unwrapExpression(found.handler);
      if (handler !== undefined && isFunctionNode(handler)) {
        discovery.inlineHandlerNames.set(handler, `${found.methods.join(',')} ${joinPath(prefixes[0] ?? '', found.path)}`);
      }
    }
    findNodeHttpRoutes(source, checker, discovery, fileOf);
  }
  if (discovery.routes.some((route) => route.framework === 'node:http') || discovery.requestHandlers.length > 0) {
    discovery.frameworks.push('node:http');
  }
  return discovery;
}
