/**
 * Compiled JS back to its TypeScript without a source map: the TS file through tsconfig's
 * outDir/rootDir (or beside the .js when tsc has no outDir), the function by its name and its
 * place among the functions of that name.
 *
 * Every function and class of a file gets a *path*: the names of the scopes around it and its
 * own (`Service/find`, `createApp/(get '/:name')` for an anonymous route handler, named by the
 * call it is passed to). tsc keeps those names, so the n-th function with a path in the .js is the
 * n-th with that path in the .ts. Where tsc moved code (async functions turned into generators,
 * class fields into the constructor, decorators after the class), the path falls back to a
 * unique function of the same name, then to the enclosing scope.
 *
 * The same lookup serves .ts files run by an in-memory compiler whose map is not at hand: the
 * running code's positions are not the file's, so only the V8 function name is used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface TsLayout {
  rootDir: string;
  outDir?: string;
}

export interface SourceLocation {
  /** Absolute path of the TypeScript file. */
  file: string;
  line: number;
  column: number;
}

interface Scope {
  path: string;
  key: string;
  parent?: Scope;
  start: number;
  end: number;
  line: number;
  column: number;
}

interface FileScopes {
  source: ts.SourceFile;
  /** Outermost first; a scope's children come after it. */
  scopes: Scope[];
  byPath: Map<string, Scope[]>;
  byKey: Map<string, Scope[]>;
}

const SOURCE_EXTENSIONS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };
const TS_FILE = /\.[cm]?tsx?$/;
/** Build folders tried when tsconfig says nothing (`dist/src/x.js` → `src/x.ts`, `lib/x.js` → `src/x.ts`). */
const BUILD_FOLDERS = new Set(['dist', 'build', 'lib', 'out', '.build']);
/** Anonymous functions passed to tsc's and babel's helpers (`__awaiter`, `__generator`, `_asyncToGenerator`). */
const TSC_HELPER = /^\(_{1,2}(?:awaiter|generator|asyncToGenerator|async)\b/;

export class CompiledSourceFinder {
  private readonly files = new Map<string, FileScopes | null>();
  private readonly sources = new Map<string, string | null>();

  constructor(private readonly root: string, private readonly layout: TsLayout | undefined) {}

  /** The TypeScript file a compiled .js came from, if one is on disk; a .ts file is its own. */
  sourceOf(jsFile: string): string | undefined {
    if (TS_FILE.test(jsFile)) return jsFile;
    const cached = this.sources.get(jsFile);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.candidates(jsFile).find((file) => existsSync(file));
    this.sources.set(jsFile, found ?? null);
    return found;
  }

  /**
   * Where the function running at `line:column` of `file` (V8's 1-based function position) is in
   * its TS source; `helper` for the runtime helpers tsc writes into its output (`__awaiter`).
   */
  locate(file: string, line: number, column: number, name: string): SourceLocation | 'helper' | undefined {
    const tsFile = this.sourceOf(file);
    if (tsFile === undefined) return undefined;
    const target = this.scopesOf(tsFile);
    if (!target) return undefined;
    if (tsFile === file) return at(tsFile, this.byNameInSource(target, line, column, name));
    const compiled = this.scopesOf(file);
    const scope = compiled ? scopeAt(compiled, line, column) : undefined;
    if (!compiled || !scope) return undefined;
    if (outermost(scope).key.startsWith('__') && !target.byKey.has(outermost(scope).key)) return 'helper';
    return at(tsFile, counterpart(compiled, scope, target));
  }

  /**
   * A .ts file that ran compiled in memory: its position counts only where a function of that
   * name (or an anonymous one, for an anonymous frame) starts on that line, as after type
   * stripping; otherwise the name alone decides, and an anonymous frame stays unplaced.
   */
  private byNameInSource(target: FileScopes, line: number, column: number, name: string): Scope | undefined {
    const key = name === '(anonymous)' ? '' : name;
    const here = scopeAt(target, line, column);
    const sameKind = key === '' ? here?.key.startsWith('(') : here?.key === key || here?.key === lastSegment(key);
    if (here && here.line === line && sameKind) return here;
    if (key === '') return undefined;
    const exact = target.byKey.get(key) ?? target.byKey.get(lastSegment(key)) ?? [];
    if (exact.length === 1) return exact[0];
    const owner = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : undefined;
    const owned = owner === undefined ? [] : exact.filter((scope) => scope.parent?.key === lastSegment(owner));
    return owned.length === 1 ? owned[0] : undefined;
  }

  private candidates(jsFile: string): string[] {
    const extensions = SOURCE_EXTENSIONS[extname(jsFile)] ?? [];
    const stem = jsFile.slice(0, -extname(jsFile).length);
    const withExtensions = (base: string) => extensions.map((extension) => `${base}${extension}`);
    const found: string[] = [];
    const { outDir, rootDir } = this.layout ?? {};
    if (outDir && rootDir && isUnder(outDir, stem)) found.push(...withExtensions(join(rootDir, relative(outDir, stem))));
    found.push(...withExtensions(stem));
    const underRoot = relative(this.root, stem).split(sep);
    if (underRoot.length > 1 && BUILD_FOLDERS.has(underRoot[0] as string)) {
      const rest = underRoot.slice(1);
      found.push(...withExtensions(join(this.root, ...rest)), ...withExtensions(join(this.root, 'src', ...rest)));
    }
    return found;
  }

  private scopesOf(file: string): FileScopes | undefined {
    const cached = this.files.get(file);
    if (cached !== undefined) return cached ?? undefined;
    let scopes: FileScopes | null = null;
    try {
      scopes = collectScopes(file, readFileSync(file, 'utf8'));
    } catch {
      // Unreadable: frames of this file stay where they are.
    }
    this.files.set(file, scopes);
    return scopes ?? undefined;
  }
}

function outermost(scope: Scope): Scope {
  let top = scope;
  while (top.parent) top = top.parent;
  return top;
}

function at(file: string, scope: Scope | undefined): SourceLocation | undefined {
  return scope ? { file, line: scope.line, column: scope.column } : undefined;
}

function isUnder(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The innermost scope whose text contains the 1-based position. */
function scopeAt(file: FileScopes, line: number, column: number): Scope | undefined {
  const lineStarts = file.source.getLineStarts();
  const lineStart = lineStarts[line - 1];
  if (lineStart === undefined) return undefined;
  const offset = lineStart + column - 1;
  let found: Scope | undefined;
  for (const scope of file.scopes) {
    if (scope.start > offset) break;
    if (offset < scope.end) found = scope;
  }
  return found;
}

/** The scope of `target` that corresponds to `scope` of `compiled`. */
function counterpart(compiled: FileScopes, scope: Scope, target: FileScopes): Scope | undefined {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const same = target.byPath.get(current.path);
    if (same && same.length > 0) {
      const mine = compiled.byPath.get(current.path) ?? [current];
      const index = Math.max(0, mine.indexOf(current));
      if (same.length === mine.length) return same[index];
      if (same.length === 1) return same[0];
      return same[Math.min(same.length - 1, Math.round((index / Math.max(1, mine.length - 1)) * (same.length - 1)))];
    }
    // A named function tsc moved (into a constructor, out of a decorator): the one of that name, if unique.
    if (!current.key.startsWith('(')) {
      const named = target.byKey.get(current.key);
      if (named && named.length === 1) return named[0];
    }
  }
  return undefined;
}

type ScopeNode = ts.FunctionLikeDeclaration | ts.ClassLikeDeclaration;

function isScopeNode(node: ts.Node): node is ScopeNode {
  return (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) || ts.isClassDeclaration(node) || ts.isClassExpression(node);
}

export function collectScopes(file: string, text: string): FileScopes {
  const kind = /\.tsx$|\.jsx$/.test(file) ? ts.ScriptKind.TSX : TS_FILE.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(basename(file), text, ts.ScriptTarget.Latest, true, kind);
  const result: FileScopes = { source, scopes: [], byPath: new Map(), byKey: new Map() };
  const visit = (node: ts.Node, parent: Scope | undefined): void => {
    let scope = parent;
    if (isScopeNode(node)) {
      const own = keyOf(node);
      // A function tsc wraps code in (`__awaiter(this, …, function* () {…})`) has no place in the source: see through it.
      const helper = parent !== undefined && TSC_HELPER.test(own);
      const key = helper ? parent.key : own;
      const start = node.getStart(source);
      const position = source.getLineAndCharacterOfPosition(start);
      const path = helper ? parent.path : parent ? `${parent.path}/${key}` : key;
      scope = { path, key, start, end: node.end, line: position.line + 1, column: position.character + 1 };
      if (parent) scope.parent = parent;
      result.scopes.push(scope);
      for (const [map, name] of [[result.byPath, scope.path], [result.byKey, key]] as const) {
        const list = map.get(name) ?? [];
        list.push(scope);
        map.set(name, list);
      }
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(source, undefined);
  return result;
}

/** The name V8 and tsc agree on: declared, bound, assigned, or (for anonymous functions) the call it is passed to. */
function keyOf(node: ScopeNode): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const own = node.name && !ts.isComputedPropertyName(node.name) ? propertyName(node.name) : undefined;
  if (own !== undefined) {
    if (ts.isGetAccessorDeclaration(node)) return `get ${own}`;
    if (ts.isSetAccessorDeclaration(node)) return `set ${own}`;
    return own;
  }
  let child: ts.Node = node;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)
    || ts.isNonNullExpression(parent) || ts.isTypeAssertionExpression(parent) || isFallback(parent))) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return '(anonymous)';
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name !== child) {
    const bound = propertyName(parent.name);
    if (bound !== undefined) return bound;
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child) {
    const target = parent.left;
    if (ts.isIdentifier(target)) return target.text;
    if (ts.isPropertyAccessExpression(target)) return target.name.text;
  }
  if (ts.isExportAssignment(parent)) return 'default';
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = calleeName(parent.expression);
    const literal = parent.arguments?.find((argument) => ts.isStringLiteralLike(argument));
    return `(${callee}${literal && ts.isStringLiteralLike(literal) ? ` '${literal.text}'` : ''})`;
  }
  return `(anonymous ${ts.SyntaxKind[parent.kind] ?? 'expression'})`;
}

/** `a || function () {}`, as tsc declares its helpers: `var __awaiter = (this && this.__awaiter) || function …`. */
function isFallback(node: ts.Node): boolean {
  return ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(node.operatorToken.kind);
}

function propertyName(name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** `app.get` → `get`, `(0, express_1.default)` → `default`, `router.route('/x').get` → `get`. */
function calleeName(expression: ts.Expression): string {
  let current: ts.Node = expression;
  while (ts.isParenthesizedExpression(current) || ts.isBinaryExpression(current)) {
    current = ts.isParenthesizedExpression(current) ? current.expression : current.right;
  }
  if (ts.isPropertyAccessExpression(current)) return current.name.text;
  if (ts.isIdentifier(current)) return current.text;
  if (ts.isCallExpression(current)) return calleeName(current.expression);
  return 'call';
}
