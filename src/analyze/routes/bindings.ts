import path from 'node:path';
import { ts } from 'ts-morph';
import { unwrapExpression } from '../literal.js';
import { hasModifier, isFunctionNode } from '../units.js';

/**
 * What a router, app or plugin expression *is*, across files: the node that created it (the
 * `const router = Router()` declaration, the plugin function), found by following identifiers,
 * ES imports and CommonJS `require`/`module.exports` between the project's files. Routers are
 * told apart by this node, so a mount in one file and the routes of another meet on it.
 * Module resolution is done here (relative specifiers, and tsconfig `paths`/`baseUrl`) because
 * the static pass runs the checker with `noResolve`, and a `require` in plain JS is not followed by it.
 */

const MAX_DEPTH = 16;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** A binding that comes from another module: `import x from 'm'`, `import { a as x }`, `const x = require('m')`. */
export interface ImportedBinding {
  module: string;
  /** `default`, `export=` (the whole CommonJS export), `*` (a namespace) or the exported name. */
  name: string;
}

export class Bindings {
  private readonly byPath = new Map<string, ts.SourceFile>();
  private readonly origins = new Map<ts.Node, ts.Node | undefined>();

  constructor(private readonly checker: ts.TypeChecker, sourceFiles: ts.SourceFile[], private readonly options: ts.CompilerOptions = {}) {
    for (const sourceFile of sourceFiles) this.byPath.set(path.resolve(sourceFile.fileName), sourceFile);
  }

  /** The project file a specifier names: relative, or through tsconfig `paths`/`baseUrl`; TypeScript's and node's extensions. */
  resolveModule(from: ts.SourceFile, specifier: string): ts.SourceFile | undefined {
    if (specifier.startsWith('.')) return this.fileAt(path.resolve(path.dirname(from.fileName), specifier));
    // tsc sets pathsBasePath to the tsconfig's folder when `paths` is given without `baseUrl`.
    const base = this.options.baseUrl ?? (this.options as { pathsBasePath?: string }).pathsBasePath;
    if (base === undefined) return undefined;
    for (const [pattern, targets] of Object.entries(this.options.paths ?? {})) {
      const star = pattern.indexOf('*');
      const head = star < 0 ? pattern : pattern.slice(0, star);
      const tail = star < 0 ? '' : pattern.slice(star + 1);
      if (star < 0 ? specifier !== pattern : !(specifier.startsWith(head) && specifier.endsWith(tail) && specifier.length >= head.length + tail.length)) continue;
      const matched = star < 0 ? '' : specifier.slice(head.length, specifier.length - tail.length);
      for (const target of targets) {
        const found = this.fileAt(path.resolve(base, target.replace('*', matched)));
        if (found !== undefined) return found;
      }
    }
    return this.options.baseUrl === undefined ? undefined : this.fileAt(path.resolve(this.options.baseUrl, specifier));
  }

  private fileAt(base: string): ts.SourceFile | undefined {
    const swapped = base.replace(/\.(m|c)?js$/, (_all, kind: string | undefined) => `.${kind ?? ''}ts`);
    const candidates = [base, swapped, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
    for (const candidate of candidates) {
      const found = this.byPath.get(candidate);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The project files under a directory. */
  filesUnder(directory: string): ts.SourceFile[] {
    const prefix = path.resolve(directory) + path.sep;
    return [...this.byPath.entries()].filter(([file]) => file.startsWith(prefix)).map(([, sourceFile]) => sourceFile);
  }

  /** What a declaration imports, when it is an import or a `require` binding. */
  importOf(declaration: ts.Node): ImportedBinding | undefined {
    if (ts.isImportSpecifier(declaration)) {
      return { module: moduleText(declaration.parent.parent.parent.moduleSpecifier), name: (declaration.propertyName ?? declaration.name).text };
    }
    if (ts.isImportClause(declaration)) return { module: moduleText(declaration.parent.moduleSpecifier), name: 'default' };
    if (ts.isNamespaceImport(declaration)) return { module: moduleText(declaration.parent.parent.moduleSpecifier), name: '*' };
    if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
      const module = requiredModule(declaration.initializer);
      if (module !== undefined) return { module, name: 'export=' };
    }
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)
      && ts.isVariableDeclaration(declaration.parent.parent) && declaration.parent.parent.initializer !== undefined) {
      const module = requiredModule(declaration.parent.parent.initializer);
      const name = declaration.propertyName ?? declaration.name;
      if (module !== undefined && ts.isIdentifier(name)) return { module, name: name.text };
    }
    return undefined;
  }

  /** The declaration an identifier is bound by (an import binding stays an import binding). */
  declarationOf(identifier: ts.Identifier): ts.Declaration | undefined {
    return this.checker.getSymbolAtLocation(identifier)?.declarations?.[0];
  }

  /** The module an identifier is imported from, if it is. */
  importedModuleOf(expression: ts.Expression): ImportedBinding | undefined {
    const expr = unwrapExpression(expression);
    const declaration = ts.isIdentifier(expr) ? this.declarationOf(expr) : undefined;
    return declaration === undefined ? undefined : this.importOf(declaration);
  }

  /** What a module exports under `name`, as the expression or declaration that gives it. */
  exportOf(sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
    if (name === '*') return sourceFile;
    let commonJs: ts.Expression | undefined;
    const commonJsMembers = new Map<string, ts.Expression>();
    for (const statement of sourceFile.statements) {
      if (ts.isExportAssignment(statement)) {
        if (name === 'default' || name === 'export=') return statement.expression;
        continue;
      }
      if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
        if ((isDefault && (name === 'default' || name === 'export=')) || (!isDefault && statement.name?.text === name)) return statement;
      }
      if (ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        const found = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
        if (found !== undefined) return found;
      }
      if (ts.isExportDeclaration(statement) && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
        const element = statement.exportClause.elements.find((e) => e.name.text === name);
        if (element === undefined) continue;
        if (statement.moduleSpecifier === undefined) return element.propertyName ?? element.name;
        const target = this.resolveModule(sourceFile, moduleText(statement.moduleSpecifier));
        return target === undefined ? undefined : this.exportOf(target, (element.propertyName ?? element.name).text);
      }
      if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)
        && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = statement.expression.left.getText(sourceFile);
        if (left === 'module.exports') commonJs = statement.expression.right;
        const member = /^(?:module\.)?exports\.([\w$]+)$/.exec(left);
        if (member !== null) commonJsMembers.set(member[1]!, statement.expression.right);
      }
    }
    if (name === 'default' || name === 'export=') return commonJs;
    if (commonJsMembers.has(name)) return commonJsMembers.get(name);
    return commonJs === undefined ? undefined : this.memberOf(commonJs, name, 0);
  }

  /** The node that identifies what `node` refers to (see the file comment), or undefined when it is not known. */
  originOf(node: ts.Node, depth = 0): ts.Node | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (this.origins.has(node)) return this.origins.get(node);
    const origin = this.findOrigin(node, depth);
    this.origins.set(node, origin);
    return origin;
  }

  private findOrigin(node: ts.Node, depth: number): ts.Node | undefined {
    if (ts.isSourceFile(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node)) return node;
    if (ts.isExportAssignment(node)) return this.originOf(node.expression, depth + 1);
    if (ts.isVariableDeclaration(node)) {
      const imported = this.importOf(node);
      if (imported !== undefined) return this.originOfImport(node, imported, depth) ?? node;
      return (node.initializer === undefined ? undefined : this.originOf(node.initializer, depth + 1)) ?? node;
    }
    if (ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node) || ts.isBindingElement(node)) {
      const imported = this.importOf(node);
      return (imported === undefined ? undefined : this.originOfImport(node, imported, depth)) ?? node;
    }
    if (!isExpression(node)) return node;
    const expr = unwrapExpression(node);
    if (isFunctionNode(expr) || ts.isObjectLiteralExpression(expr)) return expr;
    if (ts.isAwaitExpression(expr)) return this.originOf(expr.expression, depth + 1);
    if (ts.isIdentifier(expr)) {
      const declaration = this.declarationOf(expr);
      return declaration === undefined ? undefined : this.originOf(declaration, depth + 1);
    }
    if (ts.isPropertyAccessExpression(expr)) return this.memberOf(expr.expression, expr.name.text, depth + 1);
    if (ts.isCallExpression(expr)) return this.originOfCall(expr, depth);
    return undefined;
  }

  private originOfImport(at: ts.Node, imported: ImportedBinding, depth: number): ts.Node | undefined {
    const target = this.resolveModule(at.getSourceFile(), imported.module);
    if (target === undefined) return undefined;
    const exported = this.exportOf(target, imported.name) ?? (imported.name === 'export=' ? target : undefined);
    return exported === undefined ? undefined : this.originOf(exported, depth + 1);
  }

  /** `owner.name`: a property of an object literal, a member of a module, else what the checker says. */
  private memberOf(owner: ts.Expression, name: string, depth: number): ts.Node | undefined {
    const value = this.originOf(owner, depth + 1);
    if (value !== undefined && ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) {
        if (property.name === undefined || !ts.isIdentifier(property.name) || property.name.text !== name) continue;
        if (ts.isPropertyAssignment(property)) return this.originOf(property.initializer, depth + 1);
        if (ts.isShorthandPropertyAssignment(property)) return this.originOf(property.name, depth + 1);
      }
      return undefined;
    }
    if (value !== undefined && ts.isSourceFile(value)) {
      const exported = this.exportOf(value, name);
      return exported === undefined ? undefined : this.originOf(exported, depth + 1);
    }
    return undefined;
  }

  private originOfCall(call: ts.CallExpression, depth: number): ts.Node | undefined {
    const module = requiredModule(call);
    if (module !== undefined) {
      const target = this.resolveModule(call.getSourceFile(), module);
      if (target === undefined) return undefined;
      const exported = this.exportOf(target, 'export=');
      return exported === undefined ? target : this.originOf(exported, depth + 1);
    }
    const callee = unwrapExpression(call.expression);
    // koa: router.routes() / router.middleware() is the router
    if (ts.isPropertyAccessExpression(callee) && /^(?:routes|middleware)$/.test(callee.name.text) && call.arguments.length === 0) {
      return this.originOf(callee.expression, depth + 1);
    }
    // A project function that builds a router: its routes are the ones registered inside it.
    const factory = this.originOf(callee, depth + 1);
    if (factory !== undefined && (ts.isFunctionDeclaration(factory) || isFunctionNode(factory))) return factory;
    // A plugin wrapper from a package: fp(async (app) => …)
    const [first] = call.arguments;
    if (first !== undefined) {
      const wrapped = this.originOf(first, depth + 1);
      if (wrapped !== undefined && (ts.isFunctionDeclaration(wrapped) || isFunctionNode(wrapped))) return wrapped;
    }
    return undefined;
  }
}

function moduleText(specifier: ts.Expression): string {
  return ts.isStringLiteral(specifier) ? specifier.text : '';
}

/** `require('m')` → `m`. */
export function requiredModule(expression: ts.Expression): string | undefined {
  const expr = unwrapExpression(expression);
  if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== 'require') return undefined;
  const [first] = expr.arguments;
  return first !== undefined && ts.isStringLiteral(first) ? first.text : undefined;
}

function isExpression(node: ts.Node): node is ts.Expression {
  return ts.isExpression(node) || ts.isIdentifier(node);
}
