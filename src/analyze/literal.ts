import { ts } from 'ts-morph';

/**
 * Static evaluation of literal expressions (route paths, fastify option objects, JSON schemas):
 * object/array/string/number/boolean/null literals, templates whose parts are such literals,
 * and identifiers or `X.y` accesses bound to `const` literals (followed through imports).
 */

/** What an expression evaluates to when it is not a literal pivot can read. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Evaluated = unknown;

const MAX_DEPTH = 24;

export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** Evaluates `node`; returns UNKNOWN when any part is not statically known. */
export function evaluateLiteral(node: ts.Expression, checker: ts.TypeChecker, depth = 0): Evaluated {
  if (depth > MAX_DEPTH) return UNKNOWN;
  const expr = unwrapExpression(node);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (expr.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (expr.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken) {
    const value = evaluateLiteral(expr.operand, checker, depth + 1);
    return typeof value === 'number' ? -value : UNKNOWN;
  }
  if (ts.isTemplateExpression(expr)) {
    let text = expr.head.text;
    for (const span of expr.templateSpans) {
      const value = evaluateLiteral(span.expression, checker, depth + 1);
      if (value === UNKNOWN || (typeof value === 'object' && value !== null)) return UNKNOWN;
      text += String(value) + span.literal.text;
    }
    return text;
  }
  if (ts.isArrayLiteralExpression(expr)) return evaluateArray(expr, checker, depth);
  if (ts.isObjectLiteralExpression(expr)) return evaluateObject(expr, checker, depth);
  if (ts.isIdentifier(expr)) {
    if (expr.text === 'undefined') return undefined;
    const initializer = constInitializer(expr, checker);
    return initializer === undefined ? UNKNOWN : evaluateLiteral(initializer, checker, depth + 1);
  }
  if (ts.isPropertyAccessExpression(expr)) {
    const owner = evaluateLiteral(expr.expression, checker, depth + 1);
    if (typeof owner === 'object' && owner !== null && !Array.isArray(owner) && Object.hasOwn(owner, expr.name.text)) {
      return (owner as Record<string, unknown>)[expr.name.text];
    }
    return UNKNOWN;
  }
  return UNKNOWN;
}

/** Elements that are not known are left out rather than spoiling the whole array. */
function evaluateArray(expr: ts.ArrayLiteralExpression, checker: ts.TypeChecker, depth: number): Evaluated {
  const out: unknown[] = [];
  for (const element of expr.elements) {
    if (ts.isSpreadElement(element)) {
      const spread = evaluateLiteral(element.expression, checker, depth + 1);
      if (Array.isArray(spread)) out.push(...(spread as unknown[]));
      continue;
    }
    const value = evaluateLiteral(element, checker, depth + 1);
    if (value !== UNKNOWN) out.push(value);
  }
  return out;
}

/** Properties that are not known are left out (a schema missing a keyword is still useful). */
function evaluateObject(expr: ts.ObjectLiteralExpression, checker: ts.TypeChecker, depth: number): Evaluated {
  const out: Record<string, unknown> = {};
  for (const property of expr.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = evaluateLiteral(property.expression, checker, depth + 1);
      if (typeof spread === 'object' && spread !== null && !Array.isArray(spread)) Object.assign(out, spread);
      continue;
    }
    const key = propertyKey(property.name, checker, depth);
    if (key === undefined) continue;
    let value: Evaluated = UNKNOWN;
    if (ts.isPropertyAssignment(property)) value = evaluateLiteral(property.initializer, checker, depth + 1);
    else if (ts.isShorthandPropertyAssignment(property)) value = evaluateLiteral(property.name, checker, depth + 1);
    if (value !== UNKNOWN && value !== undefined) out[key] = value;
  }
  return out;
}

export function propertyKey(name: ts.PropertyName | undefined, checker?: ts.TypeChecker, depth = 0): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && checker !== undefined) {
    const value = evaluateLiteral(name.expression, checker, depth + 1);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

/** The initializer of the `const` an identifier refers to, following imports. */
export function constInitializer(identifier: ts.Identifier, checker: ts.TypeChecker): ts.Expression | undefined {
  let symbol = checker.getSymbolAtLocation(identifier);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) {
    return undefined;
  }
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  return declaration.initializer;
}

/** Evaluates to a string, or undefined when the expression is not a statically known string. */
export function evaluateString(node: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const value = evaluateLiteral(node, checker);
  return typeof value === 'string' ? value : undefined;
}
