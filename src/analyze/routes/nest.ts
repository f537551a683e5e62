import { ts } from 'ts-morph';
import type { HttpMethod } from '../types.js';
import { evaluateLiteral, evaluateString, unwrapExpression } from '../literal.js';
import { joinPath } from './mounts.js';

/**
 * NestJS controllers: a class decorated `@Controller('users')` (or `{ path }`, or an array of
 * paths), whose methods decorated `@Get(':id')`, `@Post()`, … are the routes, all under the
 * global prefix of `app.setGlobalPrefix('api')`. The handler is the method.
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
export function nestGlobalPrefix(calls: ts.CallExpression[], checker: ts.TypeChecker): string {
  for (const call of calls) {
    const callee = unwrapExpression(call.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'setGlobalPrefix' && call.arguments[0] !== undefined) {
      const prefix = evaluateString(call.arguments[0], checker);
      if (prefix !== undefined) return prefix;
    }
  }
  return '';
}

export function findNestRoutes(sourceFile: ts.SourceFile, checker: ts.TypeChecker, globalPrefix: string): NestRoute[] {
  const routes: NestRoute[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node)) routes.push(...routesOfController(node, sourceFile, checker, globalPrefix));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return routes;
}

function routesOfController(node: ts.ClassDeclaration, sourceFile: ts.SourceFile, checker: ts.TypeChecker, globalPrefix: string): NestRoute[] {
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
          routes.push({ method, path: joinPath(joinPath(globalPrefix, base), own), handler: member, line });
        }
      }
    }
  }
  return routes;
}
