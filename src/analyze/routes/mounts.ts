import path from 'node:path';
import { ts } from 'ts-morph';
import { evaluateLiteral, evaluateString, unwrapExpression } from '../literal.js';
import { isFunctionNode } from '../units.js';
import type { Bindings } from './bindings.js';
import { isPath, rootOfChain } from './method-calls.js';

/**
 * Prefixes: where each router, sub-app or plugin is mounted, and so under which paths its
 * routes answer. A mount is `app.use('/api', router)` (express, koa's `router.use('/x',
 * other.routes())`, tinyhttp, polka), `app.register(plugin, { prefix })` and @fastify/autoload's
 * folders (fastify), `app.route('/x', sub)` (hono). A router's own prefix is @koa/router's
 * `new Router({ prefix })` / `router.prefix('/x')` or hono's `basePath('/x')`. Mounts nest, in
 * any file: a router's prefixes are those of every place its mounting call runs under.
 */

const MAX_NESTING = 8;

interface Mount {
  prefix: string;
  call: ts.CallExpression;
}

interface OwnPrefix {
  prefix: string;
  /** `const api = app.basePath('/api')`: api answers under app's prefixes too. */
  parent?: ts.Node;
}

/** `prefix` + `path`, with one slash between, none at the end, and `:id(\\d+)` written `:id`. */
export function joinPath(prefix: string, routePath: string): string {
  if ((prefix === '' || prefix === '/') && routePath === '*') return '*';
  const segments = `${prefix}/${routePath}`.split('/').filter((segment) => segment !== '')
    .map((segment) => segment.replace(/^(:[\w$]+)\(.*\)(\??)$/, '$1$2'));
  return `/${segments.join('/')}`;
}

/** `const todos = polka().get(…).post(…)`: the declaration a chain of calls starting at a creation initialises. */
function declarationOfChain(call: ts.CallExpression): ts.VariableDeclaration | undefined {
  let top: ts.Expression = call;
  while (ts.isPropertyAccessExpression(top.parent) && top.parent.expression === top && ts.isCallExpression(top.parent.parent)) {
    top = top.parent.parent;
  }
  return ts.isVariableDeclaration(top.parent) && top.parent.initializer === top ? top.parent : undefined;
}

function enclosingFunctions(node: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) out.push(current);
  }
  return out;
}

function objectProperty(options: ts.Expression | undefined, name: string): ts.Expression | undefined {
  const expr = options === undefined ? undefined : unwrapExpression(options);
  if (expr === undefined || !ts.isObjectLiteralExpression(expr)) return undefined;
  for (const property of expr.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name) return property.initializer;
  }
  return undefined;
}

/** A property of an evaluated literal, if it is an object. */
function propertyOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function stringProperty(value: unknown, name: string): string | undefined {
  const found = propertyOf(value, name);
  return typeof found === 'string' ? found : undefined;
}

export class MountTable {
  private readonly mounts = new Map<ts.Node, Mount[]>();
  private readonly ownPrefixes = new Map<ts.Node, string>();

  constructor(private readonly bindings: Bindings, private readonly checker: ts.TypeChecker) {}

  private add(target: ts.Node | undefined, mount: Mount): void {
    if (target === undefined) return;
    this.mounts.set(target, [...(this.mounts.get(target) ?? []), mount]);
  }

  /** Records the mounts among a file's calls. */
  collect(calls: ts.CallExpression[]): void {
    for (const call of calls) {
      const callee = unwrapExpression(call.expression);
      if (!ts.isPropertyAccessExpression(callee)) continue;
      const [first, second] = call.arguments;
      if (first === undefined) continue;
      const name = callee.name.text;
      if (name === 'register') {
        if (this.bindings.importedModuleOf(first)?.module === '@fastify/autoload') this.collectAutoload(call, second);
        else this.add(this.bindings.originOf(first), { prefix: stringProperty(second && evaluateLiteral(second, this.checker), 'prefix') ?? '', call });
      } else if (name === 'use') {
        const prefix = evaluateString(first, this.checker);
        const targets = isPath(prefix) ? call.arguments.slice(1) : call.arguments;
        for (const target of targets) this.add(this.bindings.originOf(target), { prefix: isPath(prefix) ? prefix : '', call });
      } else if (name === 'route' && second !== undefined && call.arguments.length === 2 && !isFunctionNode(unwrapExpression(second))) {
        const prefix = evaluateString(first, this.checker);
        if (isPath(prefix)) this.add(this.bindings.originOf(second), { prefix, call });
      } else if (name === 'prefix' && call.arguments.length === 1) {
        const prefix = evaluateString(first, this.checker);
        const router = this.bindings.originOf(callee.expression);
        if (isPath(prefix) && router !== undefined) this.ownPrefixes.set(router, prefix);
      }
    }
  }

  /**
   * @fastify/autoload: every file under `dir` is a plugin, prefixed by its folders below `dir`
   * (unless `dirNameRoutePrefix: false`) after `options.prefix`.
   */
  private collectAutoload(call: ts.CallExpression, options: ts.Expression | undefined): void {
    const dir = this.directoryOf(objectProperty(options, 'dir'), call.getSourceFile());
    if (dir === undefined) return;
    const evaluated = options === undefined ? undefined : evaluateLiteral(options, this.checker);
    const base = stringProperty(propertyOf(evaluated, 'options'), 'prefix') ?? '';
    const byFolder = propertyOf(evaluated, 'dirNameRoutePrefix') !== false;
    for (const sourceFile of this.bindings.filesUnder(dir)) {
      const file = path.basename(sourceFile.fileName);
      if (/^autohooks\./.test(file) || /\.d\.[cm]?ts$/.test(file) || /\.(test|spec)\./.test(file)) continue;
      const folders = path.relative(dir, path.dirname(sourceFile.fileName)).split(path.sep).filter((s) => s !== '');
      const plugin = this.bindings.exportOf(sourceFile, 'default');
      const prefix = joinPath(base, byFolder ? folders.join('/') : '');
      this.add(plugin === undefined ? undefined : this.bindings.originOf(plugin), { prefix, call });
    }
  }

  /** `path.join(import.meta.dirname, 'routes')`, `join(__dirname, 'routes')`, `'./routes'`: the folder, from the file's own. */
  private directoryOf(expression: ts.Expression | undefined, sourceFile: ts.SourceFile): string | undefined {
    if (expression === undefined) return undefined;
    const here = path.dirname(sourceFile.fileName);
    const expr = unwrapExpression(expression);
    const literal = evaluateString(expr, this.checker);
    if (literal !== undefined) return path.resolve(here, literal);
    if (!ts.isCallExpression(expr) || !/(?:^|\.)(?:join|resolve)$/.test(expr.expression.getText(sourceFile))) return undefined;
    // Parts that are not literals are the file's own folder (__dirname, import.meta.dirname, dirname(fileURLToPath(…))).
    const parts = expr.arguments.map((arg) => evaluateString(arg, this.checker));
    if (parts.some((part, index) => part === undefined && index > 0)) return undefined;
    return path.resolve(here, ...parts.filter((part): part is string => part !== undefined));
  }

  private ownPrefixOf(target: ts.Node): OwnPrefix | undefined {
    const set = this.ownPrefixes.get(target);
    if (set !== undefined) return { prefix: set };
    if (!ts.isVariableDeclaration(target) || target.initializer === undefined) return undefined;
    let prefix: string | undefined;
    let current = unwrapExpression(target.initializer);
    while (ts.isCallExpression(current) || ts.isNewExpression(current)) {
      const [first] = current.arguments ?? [];
      const callee = unwrapExpression(current.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'basePath' && first !== undefined) {
        const base = evaluateString(first, this.checker);
        if (isPath(base)) prefix = joinPath(base, prefix ?? '');
      } else if (first !== undefined) {
        const own = stringProperty(evaluateLiteral(first, this.checker), 'prefix');
        if (isPath(own)) prefix = joinPath(own, prefix ?? '');
      }
      if (!ts.isPropertyAccessExpression(callee)) break;
      current = unwrapExpression(callee.expression);
    }
    if (prefix === undefined) return undefined;
    const parent = ts.isIdentifier(current) ? this.bindings.originOf(current) : undefined;
    return { prefix, ...(parent === undefined || parent === target ? {} : { parent }) };
  }

  private prefixesOfTarget(target: ts.Node, depth: number): string[] | undefined {
    const own = this.ownPrefixOf(target);
    const mounted = this.mounts.get(target);
    let outers: string[] | undefined;
    if (mounted !== undefined) {
      outers = mounted.flatMap((mount) => this.prefixesOf(mount.call, depth + 1).map((outer) => joinPath(outer, mount.prefix)));
    } else if (own?.parent !== undefined) {
      outers = this.prefixesOfTarget(own.parent, depth + 1);
    }
    if (outers === undefined && own === undefined) return undefined;
    // A prefixed router made inside a mounted function (a router factory) answers under the function's prefixes too.
    outers ??= this.prefixesOfFunctions(enclosingFunctions(target), depth);
    return [...new Set((outers ?? ['']).map((outer) => (own === undefined ? outer : joinPath(outer, own.prefix))))];
  }

  private prefixesOfFunctions(functions: ts.Node[], depth: number): string[] | undefined {
    for (const fn of functions) {
      const found = this.prefixesOfTarget(fn, depth);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Every prefix the routes a call registers answer under ('' when it is not mounted anywhere pivot sees). */
  prefixesOf(call: ts.CallExpression, depth = 0): string[] {
    if (depth > MAX_NESTING) return [''];
    const callee = unwrapExpression(call.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const root = rootOfChain(callee.expression);
      const receiver = ts.isIdentifier(root) ? this.bindings.originOf(root) : declarationOfChain(call);
      const found = receiver === undefined ? undefined : this.prefixesOfTarget(receiver, depth);
      if (found !== undefined) return found;
    }
    return this.prefixesOfFunctions(enclosingFunctions(call), depth) ?? [''];
  }
}
