import { ts } from 'ts-morph';
import type { UnitKind } from './types.js';
import { propertyKey, unwrapExpression } from './literal.js';

/**
 * Finding the units of a file (functions, const-bound arrows and function expressions,
 * classes, methods) and resolving an expression back to the unit it names.
 *
 * Nested functions are their own unit only when named (a declaration or a const/let binding);
 * anonymous callbacks belong to their enclosing unit. Two exceptions: an anonymous function
 * registered as a route handler, which the route names (e.g. `GET /api/product/:id`), since its
 * samples are request time, not time of the function that registered it; and an anonymous
 * function at module level, which has no enclosing unit (`passport.use(new LocalStrategy(async
 * (email, password, done) => …))`, `app.use((req, res, next) => …)`): it is named by what it is
 * passed to or assigned as (`LocalStrategy callback`, `app.use callback`, `handlers.list`).
 */

export interface UnitSite {
  id: string;
  file: string;
  name: string;
  kind: UnitKind;
  /** The function-like node whose body is the unit, or the class node. */
  body: ts.FunctionLikeDeclaration | ts.ClassLikeDeclaration;
  line: number;
  column: number;
  endLine: number;
  exported: boolean;
  parent?: string;
  /** The class of a method: lets `this.x` tell fields from methods. */
  classNode?: ts.ClassLikeDeclaration;
  isRouteHandler: boolean;
}

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration
  | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

export class UnitIndex {
  readonly units: UnitSite[] = [];
  /** Declarations (and function/class nodes) → the unit they declare. */
  private readonly byNode = new Map<ts.Node, UnitSite>();
  private readonly ids = new Set<string>();
  /** Names any unit is called by: a cheap filter before asking the checker. */
  readonly names = new Set<string>();

  constructor(readonly checker: ts.TypeChecker) {}

  add(site: Omit<UnitSite, 'id'>, declarations: ts.Node[]): UnitSite {
    let id = `${site.file}#${site.name}`;
    if (this.ids.has(id)) id = `${id}@${site.line}`;
    this.ids.add(id);
    const unit: UnitSite = { id, ...site };
    this.units.push(unit);
    for (const declaration of declarations) this.byNode.set(declaration, unit);
    this.byNode.set(site.body, unit);
    this.names.add(site.name.slice(site.name.lastIndexOf('.') + 1));
    return unit;
  }

  /** The unit whose body is exactly this node (used to stop walks at nested units). */
  unitOfBody(node: ts.Node): UnitSite | undefined {
    const unit = this.byNode.get(node);
    return unit !== undefined && unit.body === node ? unit : undefined;
  }

  unitOfDeclaration(node: ts.Node): UnitSite | undefined {
    return this.byNode.get(node);
  }

  /** The unit an expression refers to: `f`, `ns.f`, `obj.method`, `this.method`, `Class`. */
  resolve(expression: ts.Expression): UnitSite | undefined {
    const expr = unwrapExpression(expression);
    const direct = this.byNode.get(expr);
    if (direct !== undefined) return direct;
    let nameNode: ts.Node;
    if (ts.isIdentifier(expr)) nameNode = expr;
    else if (ts.isPropertyAccessExpression(expr)) nameNode = expr.name;
    else return undefined;
    if (!this.names.has((nameNode as ts.Identifier).text)) return undefined;
    let symbol = this.checker.getSymbolAtLocation(nameNode);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    for (const declaration of symbol?.declarations ?? []) {
      const unit = this.byNode.get(declaration);
      if (unit !== undefined) return unit;
    }
    return undefined;
  }
}

export function position(sourceFile: ts.SourceFile, node: ts.Node): { line: number; column: number; endLine: number } {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1 };
}

export function isFunctionNode(node: ts.Node): node is ts.FunctionExpression | ts.ArrowFunction {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

/** Local names a file exports: `export` declarations, `export { a, b as c }`, `module.exports = { a }`. */
function exportedNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined && statement.exportClause !== undefined
      && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).text);
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      names.add(statement.expression.text);
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)
      && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && statement.expression.left.getText(sourceFile) === 'module.exports') {
      const right = unwrapExpression(statement.expression.right);
      if (ts.isIdentifier(right)) names.add(right.text);
      if (ts.isObjectLiteralExpression(right)) {
        for (const property of right.properties) {
          if (ts.isShorthandPropertyAssignment(property)) names.add(property.name.text);
          else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer)) names.add(property.initializer.text);
        }
      }
    }
  }
  return names;
}

/** `exports.name = …` / `module.exports.name = …`: the exported name, if that is the target. */
function commonJsExportName(left: ts.Expression, sourceFile: ts.SourceFile): string | undefined {
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const owner = left.expression.getText(sourceFile);
  return owner === 'exports' || owner === 'module.exports' ? left.name.text : undefined;
}

/**
 * Adds the units of one file. `inlineHandlerNames` names anonymous functions that are route
 * handlers (from route discovery).
 */
export function collectUnits(
  index: UnitIndex,
  sourceFile: ts.SourceFile,
  file: string,
  inlineHandlerNames: Map<ts.Node, string>,
): void {
  const exported = exportedNames(sourceFile);

  const addFunction = (
    name: string, body: FunctionNode, rangeNode: ts.Node, isExported: boolean, declarations: ts.Node[],
  ): UnitSite => {
    const unit = index.add({ file, name, kind: 'function', body, ...position(sourceFile, rangeNode), exported: isExported,
      isRouteHandler: false }, declarations);
    visitChildren(body, unit);
    return unit;
  };

  const addClass = (name: string, node: ts.ClassLikeDeclaration, rangeNode: ts.Node, isExported: boolean,
    declarations: ts.Node[]): void => {
    const classUnit = index.add({ file, name, kind: 'class', body: node, ...position(sourceFile, rangeNode),
      exported: isExported, isRouteHandler: false }, declarations);
    for (const member of node.members) {
      const method = memberFunction(member);
      if (method === undefined) {
        visit(member, classUnit);
        continue;
      }
      const memberName = memberUnitName(member, sourceFile);
      const isPrivate = hasModifier(member, ts.SyntaxKind.PrivateKeyword)
        || (member.name !== undefined && ts.isPrivateIdentifier(member.name));
      const unit = index.add({ file, name: `${name}.${memberName}`, kind: 'method', body: method,
        ...position(sourceFile, member), exported: isExported && !isPrivate, parent: classUnit.id, classNode: node,
        isRouteHandler: false }, [member]);
      visitChildren(method, unit);
    }
  };

  const visitChildren = (node: ts.Node, enclosing: UnitSite | undefined): void => {
    ts.forEachChild(node, (child) => visit(child, enclosing));
  };

  const visit = (node: ts.Node, enclosing: UnitSite | undefined): void => {
    if (ts.isFunctionDeclaration(node) && node.body !== undefined) {
      const name = node.name?.text ?? 'default';
      const isExported = hasModifier(node, ts.SyntaxKind.ExportKeyword) || exported.has(name);
      addFunction(name, node, node, enclosing === undefined && isExported, [node]);
      return;
    }
    if (ts.isClassDeclaration(node)) {
      const name = node.name?.text ?? 'default';
      const isExported = hasModifier(node, ts.SyntaxKind.ExportKeyword) || exported.has(name);
      addClass(name, node, node, enclosing === undefined && isExported, [node]);
      return;
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      const init = unwrapExpression(node.initializer);
      if (isFunctionNode(init) || ts.isClassExpression(init)) {
        const list = node.parent;
        const statement = list.parent;
        const single = ts.isVariableDeclarationList(list) && ts.isVariableStatement(statement) && list.declarations.length === 1;
        const rangeNode = single ? statement : node;
        const isExported = enclosing === undefined
          && ((single && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) || exported.has(node.name.text));
        if (isFunctionNode(init)) addFunction(node.name.text, init, rangeNode, isExported, [node, init]);
        else addClass(node.name.text, init, rangeNode, isExported, [node, init]);
        return;
      }
    }
    if (ts.isExportAssignment(node) && enclosing === undefined) {
      const init = unwrapExpression(node.expression);
      if (isFunctionNode(init)) return void addFunction(init.name?.text ?? 'default', init, node, true, [init]);
      if (ts.isClassExpression(init)) return void addClass(init.name?.text ?? 'default', init, node, true, [init]);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && enclosing === undefined) {
      const name = commonJsExportName(node.left, sourceFile);
      const init = unwrapExpression(node.right);
      if (name !== undefined && isFunctionNode(init)) {
        const rangeNode = ts.isExpressionStatement(node.parent) ? node.parent : node;
        return void addFunction(name, init, rangeNode, true, [init, node, node.left]);
      }
    }
    if (isFunctionNode(node)) {
      const handlerName = inlineHandlerNames.get(node);
      if (handlerName !== undefined) {
        const unit = addFunction(node.name?.text ?? handlerName, node, node, false, [node]);
        unit.isRouteHandler = true;
        return;
      }
      if (enclosing === undefined) return void addFunction(node.name?.text ?? moduleFunctionName(node, sourceFile), node, node, false, [node]);
    }
    if (ts.isClassExpression(node)) {
      addClass(node.name?.text ?? `class@${position(sourceFile, node).line}`, node, node, false, [node]);
      return;
    }
    visitChildren(node, enclosing);
  };

  visitChildren(sourceFile, undefined);
}

const CALLEE_TEXT = 40;

/**
 * A name for an anonymous function at module level, from where it stands: `<callee> callback`
 * for an argument (`app.use callback`, `LocalStrategy callback` for `new LocalStrategy(…)`),
 * the target of an assignment (`module.exports`), `<object>.<key>` or `<key>` for a property of
 * an object literal, `(module code)` for a
 * function called where it is written, `(anonymous)` otherwise.
 */
export function moduleFunctionName(node: ts.FunctionExpression | ts.ArrowFunction, sourceFile: ts.SourceFile): string {
  let site: ts.Node = node;
  while (ts.isParenthesizedExpression(site.parent) || ts.isAsExpression(site.parent) || ts.isSatisfiesExpression(site.parent)) site = site.parent;
  const parent = site.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === site) return '(module code)';
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(site as ts.Expression)) {
    const callee = unwrapExpression(parent.expression).getText(sourceFile).replace(/\s+/g, '');
    return `${callee.length > CALLEE_TEXT ? `${callee.slice(0, CALLEE_TEXT - 1)}…` : callee} callback`;
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === site) {
    return parent.left.getText(sourceFile).replace(/\s+/g, '');
  }
  if (ts.isPropertyAssignment(parent) && parent.initializer === site) {
    const key = propertyKey(parent.name) ?? parent.name.getText(sourceFile);
    const holder = parent.parent.parent;
    if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return `${holder.name.text}.${key}`;
    return key;
  }
  return '(anonymous)';
}

/** The function of a class member that is a unit: methods, accessors, constructors, arrow properties. */
export function memberFunction(member: ts.ClassElement): FunctionNode | undefined {
  if ((ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member) || ts.isGetAccessorDeclaration(member)
    || ts.isSetAccessorDeclaration(member)) && member.body !== undefined) {
    return member;
  }
  if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
    const init = unwrapExpression(member.initializer);
    if (isFunctionNode(init)) return init;
  }
  return undefined;
}

/** `constructor`, `get total` / `set total` (as V8 names them), `#secret`, `[computed]`. */
function memberUnitName(member: ts.ClassElement, sourceFile: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  const name = propertyKey(member.name) ?? member.name?.getText(sourceFile) ?? 'anonymous';
  if (ts.isGetAccessorDeclaration(member)) return `get ${name}`;
  if (ts.isSetAccessorDeclaration(member)) return `set ${name}`;
  return name;
}
