import { ts } from 'ts-morph';
import type { HttpMethod } from '../types.js';
import { evaluateLiteral, evaluateString, unwrapExpression } from '../literal.js';
import type { Bindings } from './bindings.js';
import { joinPath } from './mounts.js';

/**
 * NestJS controllers: a class decorated `@Controller('users')` (or `{ path }`, or an array of
 * paths), whose methods decorated `@Get(':id')`, `@Post()`, … are the routes, all under the
 * global prefix of `app.setGlobalPrefix('api')` and, for the controllers of a module given to
 * `RouterModule.register([{ path, module, children }])`, under that module's path. The handler
 * is the method.
 */

const DECORATOR_METHODS: Record<string, HttpMethod> = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE' };

export interface NestRoute {
  method: HttpMethod;
  path: string;
  handler: ts.MethodDeclaration;
  line: number;
}

function decoratorCall(decorator: ts.Decorator): { name: string; args: readonly ts.Expression[] } | undefined {
  const expr = unwrapExpression(decorator.expression);
  if (!ts.isCallExpression(expr)) return undefined;
  const callee = unwrapExpression(expr.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === undefined ? undefined : { name, args: expr.arguments };
}

/** The paths a decorator argument gives: none → [''], a string, an array of strings, `{ path }`. */
function pathsOf(argument: ts.Expression | undefined, checker: ts.TypeChecker): string[] | undefined {
  if (argument === undefined) return [''];
  let value = evaluateLiteral(argument, checker);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    value = (value as { path?: unknown }).path ?? '';
  }
  const list = Array.isArray(value) ? value : [value];
  const paths = list.filter((p): p is string => typeof p === 'string');
  return paths.length === 0 ? undefined : paths;
}

/** `app.setGlobalPrefix('api')` among the calls, else ''. */
function nestGlobalPrefix(calls: ts.CallExpression[], checker: ts.TypeChecker): string {
  for (const call of calls) {
    const callee = unwrapExpression(call.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'setGlobalPrefix' && call.arguments[0] !== undefined) {
      const prefix = evaluateString(call.arguments[0], checker);
      if (prefix !== undefined) return prefix;
    }
  }
  return '';
}

/** Where each controller answers: the global prefix, then its module's `RouterModule` path. */
export interface NestPrefixes {
  global: string;
  controllers: Map<ts.Node, string>;
}

function propertyInitializer(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (property.name === undefined || !ts.isIdentifier(property.name) || property.name.text !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

/** `RouterModule.register([{ path: 'admin', module: AdminModule, children: [...] }])`: controller → its module's path. */
export function nestPrefixes(calls: ts.CallExpression[], checker: ts.TypeChecker, bindings: Bindings): NestPrefixes {
  const controllers = new Map<ts.Node, string>();
  const visitRoutes = (routes: ts.Expression | undefined, parent: string): void => {
    const list = routes === undefined ? undefined : unwrapExpression(routes);
    if (list === undefined || !ts.isArrayLiteralExpression(list)) return;
    for (const element of list.elements) {
      const entry = unwrapExpression(element);
      if (!ts.isObjectLiteralExpression(entry)) continue;
      const pathExpr = propertyInitializer(entry, 'path');
      const prefix = joinPath(parent, (pathExpr === undefined ? undefined : evaluateString(pathExpr, checker)) ?? '');
      const moduleExpr = propertyInitializer(entry, 'module');
      const moduleClass = moduleExpr === undefined ? undefined : bindings.originOf(moduleExpr);
      if (moduleClass !== undefined && ts.isClassDeclaration(moduleClass)) {
        for (const controller of controllersOf(moduleClass)) {
          const origin = bindings.originOf(controller);
          if (origin !== undefined) controllers.set(origin, prefix);
        }
      }
      visitRoutes(propertyInitializer(entry, 'children'), prefix);
    }
  };
  for (const call of calls) {
    const callee = unwrapExpression(call.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'register' && callee.expression.getText() === 'RouterModule') {
      visitRoutes(call.arguments[0], '');
    }
  }
  return { global: nestGlobalPrefix(calls, checker), controllers };
}

/** The `controllers` of a class's `@Module({ controllers: [...] })`. */
function controllersOf(moduleClass: ts.ClassDeclaration): ts.Expression[] {
  const options = (ts.getDecorators(moduleClass) ?? []).map(decoratorCall).find((call) => call?.name === 'Module')?.args[0];
  const object = options === undefined ? undefined : unwrapExpression(options);
  const list = object !== undefined && ts.isObjectLiteralExpression(object) ? propertyInitializer(object, 'controllers') : undefined;
  const array = list === undefined ? undefined : unwrapExpression(list);
  return array !== undefined && ts.isArrayLiteralExpression(array) ? [...array.elements] : [];
}

export function findNestRoutes(sourceFile: ts.SourceFile, checker: ts.TypeChecker, prefixes: NestPrefixes): NestRoute[] {
  const routes: NestRoute[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node)) {
      const prefix = joinPath(prefixes.global, prefixes.controllers.get(node) ?? '');
      routes.push(...routesOfController(node, sourceFile, checker, prefix));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return routes;
}

function routesOfController(node: ts.ClassDeclaration, sourceFile: ts.SourceFile, checker: ts.TypeChecker, prefix: string): NestRoute[] {
  const controller = (ts.getDecorators(node) ?? []).map(decoratorCall).find((call) => call?.name === 'Controller');
  if (controller === undefined) return [];
  const bases = pathsOf(controller.args[0], checker) ?? [];
  const routes: NestRoute[] = [];
  for (const member of node.members) {
    if (!ts.isMethodDeclaration(member)) continue;
    for (const decorator of ts.getDecorators(member) ?? []) {
      const call = decoratorCall(decorator);
      const method = call === undefined ? undefined : DECORATOR_METHODS[call.name];
      if (call === undefined || method === undefined) continue;
      const line = sourceFile.getLineAndCharacterOfPosition(decorator.getStart(sourceFile)).line + 1;
      for (const base of bases) {
        for (const own of pathsOf(call.args[0], checker) ?? []) {
          routes.push({ method, path: joinPath(joinPath(prefix, base), own), handler: member, line });
        }
      }
    }
  }
  return routes;
}
