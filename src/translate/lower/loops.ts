import { Node, SyntaxKind, type ForStatement } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { STRING, UNKNOWN, createIdent, type IrType, type Stmt } from '../ir.js';
import type { LowerContext } from './context.js';
import { bindPattern } from './destructuring.js';
import { pathKey, writesPath } from './guards.js';
import { lowerDeclarationList, lowerEffect } from './statements.js';

/** for, for-of, while, do-while and labelled loops; counted `for` loops become ForRangeStmt. */

const LOOP_KINDS = new Set([
  SyntaxKind.ForStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.WhileStatement,
  SyntaxKind.DoStatement,
]);

export function lowerLabeled(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isLabeledStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  const statement = node.getStatement();
  if (!LOOP_KINDS.has(statement.getKind())) return ctx.refuseStmt(diag.labelOnNonLoop, node);
  return lowerLoop(statement, ctx, node.getLabel().getText());
}

export function lowerLoop(node: Node, ctx: LowerContext, label?: string): Stmt[] {
  const origin = ctx.origin(node);
  if (Node.isForStatement(node)) return lowerFor(node, ctx, label);
  if (Node.isForOfStatement(node)) return lowerForOf(node, ctx, label);
  if (Node.isForInStatement(node)) return ctx.refuseStmt(diag.forInLoop, node, 'for-in loop');
  if (Node.isWhileStatement(node)) {
    const cond = ctx.lowerCondition(node.getExpression());
    return [{ kind: 'while', cond, body: ctx.lowerBody(node.getStatement()), label, origin }];
  }
  if (Node.isDoStatement(node)) {
    const body = ctx.lowerBody(node.getStatement());
    return [{ kind: 'doWhile', body, cond: ctx.lowerCondition(node.getExpression()), label, origin }];
  }
  return ctx.refuseStmt(diag.unsupportedSyntax, node);
}

function lowerFor(node: ForStatement, ctx: LowerContext, label: string | undefined): Stmt[] {
  const range = lowerForRange(node, ctx, label);
  if (range) return range;
  const origin = ctx.origin(node);
  const initNode = node.getInitializer();
  const init = !initNode
    ? []
    : Node.isVariableDeclarationList(initNode)
      ? lowerDeclarationList(initNode, ctx)
      : lowerEffect(initNode, ctx);
  const condNode = node.getCondition();
  const cond = condNode ? ctx.lowerCondition(condNode) : undefined;
  const updateNode = node.getIncrementor();
  const update = updateNode ? lowerEffect(updateNode, ctx) : [];
  return [{ kind: 'for', init, cond, update, body: ctx.lowerBody(node.getStatement()), label, origin }];
}

/** `for (let i = a; i < b; i++)` with `i` and `b` untouched by the body → ForRangeStmt. */
function lowerForRange(node: ForStatement, ctx: LowerContext, label: string | undefined): Stmt[] | undefined {
  const initNode = node.getInitializer();
  const condNode = node.getCondition();
  const updateNode = node.getIncrementor();
  if (!initNode || !condNode || !updateNode || !Node.isVariableDeclarationList(initNode)) return undefined;
  const [decl, ...others] = initNode.getDeclarations();
  const start = decl?.getInitializer();
  if (!decl || others.length > 0 || !start || initNode.getDeclarationKind() !== 'let') return undefined;
  const nameNode = decl.getNameNode();
  if (!Node.isIdentifier(nameNode) || !decl.getType().isNumber()) return undefined;
  const name = nameNode.getText();
  if (!Node.isBinaryExpression(condNode) || condNode.getLeft().getText() !== name) return undefined;
  const op = condNode.getOperatorToken().getText();
  if (!['<', '<=', '>', '>='].includes(op)) return undefined;
  const step = stepOf(updateNode, name);
  if (step === undefined || (op.startsWith('<') ? step <= 0 : step >= 0)) return undefined;
  const body = node.getStatement();
  const endNode = condNode.getRight();
  if (writesPath(body, name) || !isLoopInvariant(endNode, body, name)) return undefined;
  const frameName = ctx.frame?.name ?? 'module';
  const type = ctx.typeOf(decl.getType(), decl, ctx.slotInfo(decl, name, `loop counter ${name} in ${frameName}`));
  const startExpr = ctx.lowerTo(start, type);
  ctx.declareLocal(decl, name, type);
  const end = ctx.lowerExpression(endNode);
  return [
    {
      kind: 'forRange',
      variable: name,
      type,
      start: startExpr,
      end,
      inclusive: op.endsWith('='),
      step,
      body: ctx.lowerBody(body),
      label,
      origin: ctx.origin(node),
    },
  ];
}

function stepOf(update: Node, name: string): number | undefined {
  if (Node.isPrefixUnaryExpression(update) || Node.isPostfixUnaryExpression(update)) {
    if (update.getOperand().getText() !== name) return undefined;
    const op = update.getOperatorToken();
    return op === SyntaxKind.PlusPlusToken ? 1 : op === SyntaxKind.MinusMinusToken ? -1 : undefined;
  }
  if (Node.isBinaryExpression(update) && update.getLeft().getText() === name) {
    const op = update.getOperatorToken().getText();
    const right = update.getRight();
    const magnitude = Node.isNumericLiteral(right) ? Number(right.getLiteralValue()) : NaN;
    if (!Number.isFinite(magnitude) || magnitude === 0) return undefined;
    if (op === '+=') return magnitude;
    if (op === '-=') return -magnitude;
  }
  return undefined;
}

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'set', 'delete', 'clear', 'add']);

/**
 * The loop bound cannot change while the loop runs: it is built from literals, variables and
 * field paths (incl. `.length` / `.size`) that the body never assigns, never mutates with
 * push/pop/set/…, and never hands to a call that could.
 */
function isLoopInvariant(end: Node, body: Node, counter: string): boolean {
  const nodes: Node[] = [end];
  end.forEachDescendant((n) => {
    nodes.push(n);
  });
  const simple = nodes.every(
    (n) =>
      Node.isIdentifier(n) ||
      Node.isPropertyAccessExpression(n) ||
      Node.isNumericLiteral(n) ||
      Node.isParenthesizedExpression(n) ||
      Node.isBinaryExpression(n) ||
      Node.isPrefixUnaryExpression(n) ||
      n.getKind() === SyntaxKind.ThisKeyword,
  );
  if (!simple) return false;
  const paths = nodes
    .map((n) => (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n) ? pathKey(n) : undefined))
    .filter((k): k is string => k !== undefined);
  const rootOf = (path: string): string => path.split('.')[0]!;
  if (paths.some((p) => rootOf(p) === counter)) return false;
  if (paths.some((p) => writesPath(body, p))) return false;
  const roots = new Set(paths.map(rootOf));
  for (const call of body.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      const receiver = pathKey(callee.getExpression());
      if (receiver !== undefined && roots.has(rootOf(receiver))) {
        if (MUTATORS.has(callee.getName()) || receiver === 'this') return false;
      }
    }
    const userCall = Node.isIdentifier(callee) || callee.getText().startsWith('this.');
    const passesRoot = call.getArguments().some((a) => {
      const key = pathKey(a);
      return key !== undefined && roots.has(rootOf(key));
    });
    if (userCall && passesRoot) return false;
  }
  return true;
}

function lowerForOf(node: Node, ctx: LowerContext, label: string | undefined): Stmt[] {
  if (!Node.isForOfStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  if (node.isAwaited()) return ctx.refuseStmt(diag.asyncCode, node, 'for await');
  const initNode = node.getInitializer();
  const decl = Node.isVariableDeclarationList(initNode) ? initNode.getDeclarations()[0] : undefined;
  if (!decl) return ctx.refuseStmt(diag.unsupportedSyntax, node, 'for-of over an existing variable');
  const iterable = ctx.lowerExpression(node.getExpression());
  const elementType = iterationType(iterable.type);
  if (!elementType) return ctx.refuseStmt(diag.unsupportedSyntax, node, `for-of over a ${iterable.type.kind} value`);
  const nameNode = decl.getNameNode();
  const bindings: string[] = [];
  const prelude: Stmt[] = [];
  if (Node.isIdentifier(nameNode)) {
    ctx.declareLocal(decl, nameNode.getText(), elementType);
    bindings.push(nameNode.getText());
  } else if (Node.isArrayBindingPattern(nameNode) && elementType.kind === 'tuple') {
    for (const [i, element] of nameNode.getElements().entries()) {
      if (Node.isOmittedExpression(element)) {
        bindings.push('_');
        continue;
      }
      const elementName = element.getNameNode();
      const type = elementType.elements[i];
      if (!Node.isIdentifier(elementName) || element.getInitializer() || element.getDotDotDotToken() || !type) {
        return ctx.refuseStmt(diag.unsupportedDestructuring, element);
      }
      ctx.declareLocal(element, elementName.getText(), type);
      bindings.push(elementName.getText());
    }
  } else {
    const name = ctx.tempName('element');
    bindings.push(name);
    prelude.push(...bindPattern(ctx, nameNode, createIdent(name, elementType, 'local', ctx.origin(decl))));
  }
  const body = [...prelude, ...ctx.lowerBody(node.getStatement())];
  return [{ kind: 'forOf', bindings, iterable, elementType, body, label, origin }];
}

function iterationType(type: IrType): IrType | undefined {
  switch (type.kind) {
    case 'array':
    case 'set':
      return type.element;
    case 'map':
      return { kind: 'tuple', elements: [type.key, type.value] };
    case 'string':
      return STRING;
    case 'unknown':
      return UNKNOWN;
    default:
      return undefined;
  }
}
