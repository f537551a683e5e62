import { Node, SyntaxKind } from 'ts-morph';
import type { LowerContext } from './context.js';

/**
 * Integer guards: after `if (!Number.isInteger(x) || …) throw …` (or inside
 * `if (Number.isInteger(x) && …) { … }`) the value of `x` is a whole number, so its reads are
 * lowered as an exact `Convert(i64, x)` while `x` itself keeps the f64 its callers may pass.
 * A path qualifies when it is a variable or a field path (`seed.stock`) that the enclosing
 * function never assigns.
 */
export class IntegerGuards {
  private active = new Set<string>();

  constructor(private readonly ctx: LowerContext) {}

  scoped<T>(run: () => T): T {
    const saved = new Set(this.active);
    try {
      return run();
    } finally {
      this.active = saved;
    }
  }

  isolated<T>(run: () => T): T {
    const saved = this.active;
    this.active = new Set();
    try {
      return run();
    } finally {
      this.active = saved;
    }
  }

  /** Lowers `run` with the guards a true `condition` establishes. */
  within<T>(condition: Node, run: () => T): T {
    return this.scoped(() => {
      for (const key of guardedPaths(condition, '&&', false)) this.add(key);
      return run();
    });
  }

  /** After `if (… || !Number.isInteger(x) || …) <exit>` the rest of the list may rely on x. */
  afterStatement(node: Node): void {
    if (!Node.isIfStatement(node) || node.getElseStatement() || !alwaysExits(node.getThenStatement())) return;
    for (const key of guardedPaths(node.getExpression(), '||', true)) this.add(key);
  }

  isGuarded(node: Node): boolean {
    const key = pathKey(node);
    return key !== undefined && this.active.has(key);
  }

  private add(key: string): void {
    const body = this.ctx.functionBody;
    if (body && !writesPath(body, key)) this.active.add(key);
  }
}

/** `a.b.c` / `x` / `this.x` as a key; undefined for anything else. */
export function pathKey(node: Node): string | undefined {
  if (Node.isIdentifier(node)) return node.getText();
  if (node.getKind() === SyntaxKind.ThisKeyword) return 'this';
  if (Node.isParenthesizedExpression(node)) return pathKey(node.getExpression());
  if (Node.isPropertyAccessExpression(node) && !node.hasQuestionDotToken()) {
    const base = pathKey(node.getExpression());
    return base === undefined ? undefined : `${base}.${node.getName()}`;
  }
  return undefined;
}

function guardedPaths(condition: Node, joiner: '&&' | '||', negated: boolean): string[] {
  const inner = Node.isParenthesizedExpression(condition) ? condition.getExpression() : condition;
  if (Node.isBinaryExpression(inner) && inner.getOperatorToken().getText() === joiner) {
    return [...guardedPaths(inner.getLeft(), joiner, negated), ...guardedPaths(inner.getRight(), joiner, negated)];
  }
  let test = inner;
  if (negated) {
    if (!Node.isPrefixUnaryExpression(inner) || inner.getOperatorToken() !== SyntaxKind.ExclamationToken) return [];
    test = inner.getOperand();
  }
  if (!Node.isCallExpression(test) || test.getExpression().getText() !== 'Number.isInteger') return [];
  const arg = test.getArguments()[0];
  const key = arg ? pathKey(arg) : undefined;
  return key ? [key] : [];
}

/** The statement ends in return/throw on every path (a block's last statement decides). */
export function alwaysExits(node: Node): boolean {
  if (Node.isReturnStatement(node) || Node.isThrowStatement(node)) return true;
  if (Node.isBlock(node)) {
    const last = node.getStatements().at(-1);
    return last !== undefined && alwaysExits(last);
  }
  if (Node.isIfStatement(node)) {
    const otherwise = node.getElseStatement();
    return otherwise !== undefined && alwaysExits(node.getThenStatement()) && alwaysExits(otherwise);
  }
  return false;
}

const ASSIGNMENT_TOKENS = new Set([
  '=', '+=', '-=', '*=', '/=', '%=', '**=', '&&=', '||=', '??=', '&=', '|=', '^=', '<<=', '>>=', '>>>=',
]);

/** Some assignment, ++ or -- in `body` writes `key` or a prefix of it. */
export function writesPath(body: Node, key: string): boolean {
  const hits = (target: Node): boolean => {
    const written = pathKey(target);
    return written !== undefined && (written === key || key.startsWith(`${written}.`));
  };
  for (const node of body.getDescendants()) {
    if (Node.isBinaryExpression(node) && ASSIGNMENT_TOKENS.has(node.getOperatorToken().getText())) {
      if (hits(node.getLeft())) return true;
    } else if (Node.isPrefixUnaryExpression(node) || Node.isPostfixUnaryExpression(node)) {
      const op = node.getOperatorToken();
      if ((op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) && hits(node.getOperand())) return true;
    }
  }
  return false;
}
