import { ts } from 'ts-morph';
import type { HttpMethod } from '../types.js';
import { evaluateString, unwrapExpression } from '../literal.js';
import { isFunctionNode } from '../units.js';
import type { RouteDiscovery } from './index.js';

/**
 * node:http routes, best effort. A handler is a function passed to `http.createServer(…)` or
 * `server.on('request', …)`. Inside it (and, when it finds nothing there, inside the project
 * functions it passes the request to, two levels deep) an `if` or `switch` that compares
 * against a literal path (`url === '/health'`, `pathname.startsWith('/api/product/')`, a
 * `/^\/api\/product\/(\d+)$/` match) is a route; a comparison against a method literal in the
 * same or an enclosing condition gives its method, else GET. Routing tables in objects, and
 * paths built at run time, are not seen. Parameters found by `startsWith(prefix)` or a regex
 * group are named `:id` (then `:id2`, …), or by the group's name.
 */

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const HTTP_MODULES = new Set(['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2']);
const MAX_FOLLOW = 2;

interface Context {
  methods?: string[];
  paths?: string[];
}

export interface HttpSource {
  sourceFile: ts.SourceFile;
  file: string;
  imports: Set<string>;
  calls: ts.CallExpression[];
}

function httpBindings(sourceFile: ts.SourceFile): { namespaces: Set<string>; createServer: Set<string> } {
  const namespaces = new Set<string>();
  const createServer = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)
      || !HTTP_MODULES.has(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (clause?.name !== undefined) namespaces.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings !== undefined && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    if (bindings !== undefined && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if ((element.propertyName ?? element.name).text === 'createServer') createServer.add(element.name.text);
      }
    }
  }
  // CommonJS: const http = require('http')
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer !== undefined && ts.isIdentifier(node.name)) {
      const init = unwrapExpression(node.initializer);
      if (ts.isCallExpression(init) && init.expression.getText(sourceFile) === 'require' && init.arguments[0] !== undefined
        && ts.isStringLiteral(init.arguments[0]) && HTTP_MODULES.has(init.arguments[0].text)) namespaces.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { namespaces, createServer };
}

function functionOf(expression: ts.Expression, checker: ts.TypeChecker): ts.FunctionLikeDeclaration | undefined {
  const expr = unwrapExpression(expression);
  if (isFunctionNode(expr)) return expr;
  let nameNode: ts.Node | undefined;
  if (ts.isIdentifier(expr)) nameNode = expr;
  else if (ts.isPropertyAccessExpression(expr)) nameNode = expr.name;
  if (nameNode === undefined) return undefined;
  let symbol = checker.getSymbolAtLocation(nameNode);
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  for (const declaration of symbol?.declarations ?? []) {
    if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body !== undefined) {
      return declaration;
    }
    if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
      const init = unwrapExpression(declaration.initializer);
      if (isFunctionNode(init)) return init;
    }
  }
  return undefined;
}

/** `/^\/api\/product\/(\d+)$/` → `/api/product/:id`; undefined when it is not a plain path pattern. */
export function pathOfRegex(regexText: string): string | undefined {
  const match = /^\/\^(.*?)\$?\/[a-z]*$/.exec(regexText);
  if (match === null) return undefined;
  let index = 0;
  const path = (match[1] ?? '').replace(/\\\/\?$/, '').replace(/\((\?<(\w+)>)?[^()]*\)/g, (_group, _named, name?: string) => {
    index++;
    return `:${name ?? (index === 1 ? 'id' : `id${index}`)}`;
  }).replace(/\\\//g, '/').replace(/\\\./g, '.').replace(/\\-/g, '-');
  return path.startsWith('/') && !/[\\^$*+?()[\]{}|]/.test(path) ? path : undefined;
}

function regexPath(expression: ts.Expression): string | undefined {
  const expr = unwrapExpression(expression);
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return undefined;
  const { name, expression: owner } = expr.expression;
  const ownerExpr = unwrapExpression(owner);
  if (name.text === 'match' && expr.arguments[0] !== undefined && ts.isRegularExpressionLiteral(expr.arguments[0])) {
    return pathOfRegex(expr.arguments[0].text);
  }
  if ((name.text === 'test' || name.text === 'exec') && ts.isRegularExpressionLiteral(ownerExpr)) return pathOfRegex(ownerExpr.text);
  return undefined;
}

/** Finds node:http routes of one file into `discovery`. */
export function findNodeHttpRoutes(source: HttpSource, checker: ts.TypeChecker, discovery: RouteDiscovery,
  fileOf: (sourceFile: ts.SourceFile) => string | undefined): void {
  const { namespaces, createServer } = httpBindings(source.sourceFile);
  if (namespaces.size === 0 && createServer.size === 0) return;
  for (const call of source.calls) {
    const callee = unwrapExpression(call.expression);
    const isCreate = (ts.isIdentifier(callee) && createServer.has(callee.text))
      || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'createServer'
        && ts.isIdentifier(callee.expression) && namespaces.has(callee.expression.text));
    const first = call.arguments[0];
    const isOnRequest = ts.isPropertyAccessExpression(callee) && callee.name.text === 'on' && first !== undefined
      && evaluateString(first, checker) === 'request';
    const handler = call.arguments.at(-1);
    if ((!isCreate && !isOnRequest) || handler === undefined || (isOnRequest && call.arguments.length < 2)) continue;
    const fn = functionOf(handler, checker);
    if (fn === undefined) continue;
    discovery.requestHandlers.push(handler);
    if (isFunctionNode(unwrapExpression(handler)) && fn.name === undefined) {
      const line = source.sourceFile.getLineAndCharacterOfPosition(fn.getStart(source.sourceFile)).line + 1;
      discovery.inlineHandlerNames.set(fn, discovery.inlineHandlerNames.size === 0 ? 'createServer handler' : `createServer handler@${line}`);
    }
    scanHandler(fn, checker, discovery, fileOf, 0, new Set());
  }
}

function scanHandler(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker, discovery: RouteDiscovery,
  fileOf: (sourceFile: ts.SourceFile) => string | undefined, depth: number, seen: Set<ts.Node>): void {
  if (seen.has(fn) || fn.body === undefined) return;
  seen.add(fn);
  const sourceFile = fn.getSourceFile();
  const file = fileOf(sourceFile);
  if (file === undefined) return;
  const paramNames = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  const requestName = fn.parameters[0] !== undefined && ts.isIdentifier(fn.parameters[0].name) ? fn.parameters[0].name.text : undefined;
  const regexVars = new Map<string, string>();
  const before = discovery.routes.length;

  const conditionOf = (expression: ts.Expression, out: { methods: string[]; paths: string[] }): void => {
    const expr = unwrapExpression(expression);
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        conditionOf(expr.left, out);
        conditionOf(expr.right, out);
      } else if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) {
        for (const side of [expr.left, expr.right]) {
          const value = evaluateString(side, checker);
          if (value !== undefined && value.startsWith('/')) out.paths.push(value);
          if (value !== undefined && METHODS.has(value)) out.methods.push(value);
        }
      }
      return;
    }
    if (ts.isIdentifier(expr) && regexVars.has(expr.text)) return void out.paths.push(regexVars.get(expr.text)!);
    const fromRegex = regexPath(expr);
    if (fromRegex !== undefined) return void out.paths.push(fromRegex);
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'startsWith'
      && expr.arguments[0] !== undefined) {
      const prefix = evaluateString(expr.arguments[0], checker);
      if (prefix?.startsWith('/') && prefix.endsWith('/') && prefix.length > 1) out.paths.push(`${prefix}:id`);
    }
  };

  const handlerIn = (node: ts.Node): ts.Expression | undefined => {
    let found: ts.Expression | undefined;
    const visit = (child: ts.Node): void => {
      if (found !== undefined) return;
      if (ts.isCallExpression(child) && requestName !== undefined
        && child.arguments.some((arg) => ts.isIdentifier(arg) && arg.text === requestName)) {
        found = child.expression;
        return;
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    return found;
  };

  const emit = (ctx: Context, body: ts.Node, at: ts.Node): void => {
    const line = sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile)).line + 1;
    const handler = handlerIn(body);
    for (const path of ctx.paths ?? []) {
      for (const method of ctx.methods ?? ['GET']) {
        if (discovery.routes.some((r) => r.method === method && r.path === path && r.framework === 'node:http')) continue;
        discovery.routes.push({ method: method as HttpMethod, path, framework: 'node:http', file, line,
          ...(handler === undefined ? {} : { handler }) });
      }
    }
  };

  const visitAll = (nodes: readonly ts.Node[], ctx: Context): boolean => {
    let emitted = false;
    for (const node of nodes) emitted = visit(node, ctx) || emitted;
    return emitted;
  };

  function visit(node: ts.Node, ctx: Context): boolean {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      const path = regexPath(node.initializer);
      if (path !== undefined) regexVars.set(node.name.text, path);
    }
    if (ts.isIfStatement(node)) {
      const found = { methods: [] as string[], paths: [] as string[] };
      conditionOf(node.expression, found);
      const inner: Context = { methods: found.methods.length > 0 ? found.methods : ctx.methods,
        paths: found.paths.length > 0 ? found.paths : ctx.paths };
      let emitted = visit(node.thenStatement, inner);
      if (!emitted && found.paths.length + found.methods.length > 0 && inner.paths !== undefined) {
        emit(inner, node.thenStatement, node);
        emitted = true;
      }
      if (node.elseStatement !== undefined) emitted = visit(node.elseStatement, ctx) || emitted;
      return emitted;
    }
    if (ts.isSwitchStatement(node)) {
      let emitted = false;
      let labels: string[] = [];
      for (const clause of node.caseBlock.clauses) {
        const value = ts.isCaseClause(clause) ? evaluateString(clause.expression, checker) : undefined;
        if (value !== undefined) labels.push(value);
        if (clause.statements.length === 0) continue;
        const paths = labels.filter((label) => label.startsWith('/'));
        const methods = labels.filter((label) => METHODS.has(label));
        const inner: Context = { methods: methods.length > 0 ? methods : ctx.methods, paths: paths.length > 0 ? paths : ctx.paths };
        let inside = visitAll(clause.statements, inner);
        if (!inside && labels.length > 0 && inner.paths !== undefined) {
          emit(inner, clause, clause);
          inside = true;
        }
        emitted = inside || emitted;
        labels = [];
      }
      return emitted;
    }
    let emitted = false;
    ts.forEachChild(node, (child) => {
      emitted = visit(child, ctx) || emitted;
    });
    return emitted;
  }

  visit(fn.body, {});
  if (discovery.routes.length > before || depth >= MAX_FOLLOW) return;
  // Nothing routed here: follow the project functions this one hands the request to.
  const follow = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.some((arg) => ts.isIdentifier(arg) && paramNames.has(arg.text))) {
      const target = functionOf(node.expression, checker);
      if (target !== undefined && fileOf(target.getSourceFile()) !== undefined) {
        discovery.requestHandlers.push(node.expression);
        scanHandler(target, checker, discovery, fileOf, depth + 1, seen);
      }
    }
    ts.forEachChild(node, follow);
  };
  follow(fn.body);
}
