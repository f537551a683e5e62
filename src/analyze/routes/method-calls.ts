import { ts } from 'ts-morph';
import type { HttpMethod, RouteFramework } from '../types.js';
import { evaluateLiteral, evaluateString, unwrapExpression, UNKNOWN } from '../literal.js';
import { isFunctionNode } from '../units.js';

/**
 * Routes registered by a method call, the way express, fastify, koa + @koa/router,
 * @tinyhttp/app, polka and hono all spell them: `app.get|post|put|patch|delete(path, …)`.
 * They differ in where the handler is: fastify's is the last of `(path, [options,] handler)`
 * or `options.handler`, everyone else's is the last of `(path, ...middleware, handler)`.
 * Also fastify `route({ method, url, handler, schema })`, express `route(path).get(…)`,
 * @koa/router named routes `get(name, path, …)` and `del`, hono `on(method, path, …)`.
 */

const SHORTHAND: Record<string, HttpMethod> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' };
const METHODS = new Set<string>(Object.values(SHORTHAND));

/** Whether a call by this method name can register a route (checked before anything costlier). */
export function mayRegisterRoute(name: string): boolean {
  return Object.hasOwn(SHORTHAND, name) || name === 'route' || name === 'on' || name === 'del';
}

export interface FoundRoute {
  methods: HttpMethod[];
  path: string;
  framework: RouteFramework;
  handler?: ts.Expression;
  bodySchema?: unknown;
}

export function isPath(value: string | undefined): value is string {
  return value !== undefined && (value.startsWith('/') || value === '*');
}

export function rootOfChain(expression: ts.Expression): ts.Expression {
  let current = unwrapExpression(expression);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    current = unwrapExpression(current.expression.expression);
  }
  return current;
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

function methodsOf(value: unknown): HttpMethod[] {
  const raw = Array.isArray(value) ? value : [value];
  return raw.filter((m): m is string => typeof m === 'string' && METHODS.has(m.toUpperCase())).map((m) => m.toUpperCase() as HttpMethod);
}

/** The framework a receiver was created by, when its creation says so: `express()`, `fastify()`, `new Koa()`. */
export function frameworkOfCreation(init: ts.Expression): RouteFramework | undefined {
  let expr = unwrapExpression(init);
  if (ts.isAwaitExpression(expr)) expr = unwrapExpression(expr.expression);
  if (!ts.isCallExpression(expr) && !ts.isNewExpression(expr)) return undefined;
  const text = expr.expression.getText();
  if (/^(?:express|express\.Router)$/.test(text)) return 'express';
  if (/^(?:fastify|Fastify)$/.test(text)) return 'fastify';
  if (/^polka$/.test(text)) return 'polka';
  if (ts.isNewExpression(expr) && text === 'Hono') return 'hono';
  if (ts.isNewExpression(expr) && text === 'Koa') return 'koa';
  return undefined;
}

/**
 * The route a call registers, if it registers one. `frameworkOf` gives the receiver's framework
 * when known; it is asked only once the call has a path, as resolving a receiver costs more than
 * reading a literal.
 */
export function routeOfCall(call: ts.CallExpression, checker: ts.TypeChecker,
  frameworkOf: () => RouteFramework | undefined): FoundRoute | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  const args = call.arguments;

  if (name === 'route' && args.length === 1 && ts.isObjectLiteralExpression(unwrapExpression(args[0]!))) {
    const options = evaluateLiteral(args[0]!, checker) as Record<string, unknown>;
    const path = typeof options.url === 'string' ? options.url : typeof options.path === 'string' ? options.path : undefined;
    const methods = methodsOf(options.method);
    if (!isPath(path) || methods.length === 0) return undefined;
    const handler = handlerProperty(args[0]!);
    const bodySchema = bodySchemaOf(options);
    return { methods, path, framework: 'fastify', ...(handler ? { handler } : {}), ...(bodySchema ? { bodySchema } : {}) };
  }
  if (name === 'on' && args.length >= 3) {
    const path = evaluateString(args[1]!, checker);
    const methods = isPath(path) ? methodsOf(evaluateLiteral(args[0]!, checker)) : [];
    const handler = args.at(-1);
    if (!isPath(path) || methods.length === 0 || !looksLikeHandler(handler) || frameworkOf() !== 'hono') return undefined;
    return { methods, path, framework: 'hono', ...(handler ? { handler } : {}) };
  }

  const method = SHORTHAND[name] ?? (name === 'del' ? 'DELETE' : undefined);
  if (method === undefined || args.length === 0) return undefined;
  let pathArgs: readonly ts.Expression[] = args;
  let path = evaluateString(args[0]!, checker);
  if (!isPath(path) && path !== undefined && args[1] !== undefined && isPath(evaluateString(args[1], checker)) && frameworkOf() === 'koa') {
    // @koa/router named route: router.get('user', '/users/:id', handler)
    pathArgs = args.slice(1);
    path = evaluateString(args[1], checker);
  }
  if (!isPath(path)) return name === 'del' ? undefined : routeOfChain(callee, method, args.at(-1), checker);
  if (pathArgs.length < 2) return undefined;
  const framework = frameworkOf();
  if (name === 'del' && framework !== 'koa') return undefined;
  const convention = framework ?? frameworkOfHandler(pathArgs.at(-1)!);
  if (convention !== 'fastify') {
    const handler = pathArgs.at(-1)!;
    return looksLikeHandler(handler) ? { methods: [method], path, framework: convention, handler } : undefined;
  }
  let handler: ts.Expression | undefined = pathArgs.length >= 3 ? pathArgs[2] : pathArgs[1];
  let bodySchema: unknown;
  if (pathArgs.length >= 3 || (pathArgs[1] !== undefined && ts.isObjectLiteralExpression(unwrapExpression(pathArgs[1])))) {
    const options = evaluateLiteral(pathArgs[1]!, checker);
    bodySchema = options === UNKNOWN ? undefined : bodySchemaOf(options);
    if (pathArgs.length === 2) handler = handlerProperty(pathArgs[1]!);
  }
  if (!looksLikeHandler(handler)) return undefined;
  return { methods: [method], path, framework: 'fastify', ...(handler ? { handler } : {}), ...(bodySchema ? { bodySchema } : {}) };
}

/** express: router.route('/x').get(handler).post(handler) */
function routeOfChain(callee: ts.PropertyAccessExpression, method: HttpMethod, handler: ts.Expression | undefined,
  checker: ts.TypeChecker): FoundRoute | undefined {
  let current = unwrapExpression(callee.expression);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    const link = current.expression;
    if (link.name.text === 'route' && current.arguments.length === 1) {
      const chained = evaluateString(current.arguments[0]!, checker);
      if (!isPath(chained) || !looksLikeHandler(handler)) return undefined;
      return { methods: [method], path: chained, framework: 'express', ...(handler ? { handler } : {}) };
    }
    current = unwrapExpression(link.expression);
  }
  return undefined;
}

/** A last resort: fastify handlers take `(request, reply)`, express ones `(req, res, next)`. */
function frameworkOfHandler(expression: ts.Expression): RouteFramework {
  const expr = unwrapExpression(expression);
  if (isFunctionNode(expr)) {
    const second = expr.parameters[1];
    if (second !== undefined && ts.isIdentifier(second.name) && /^rep/.test(second.name.text)) return 'fastify';
  }
  return 'express';
}
