import { Node, SyntaxKind, type BinaryExpression } from 'ts-morph';
import * as diag from '../diagnostics.js';
import {
  I64,
  STRING,
  createBinary,
  createIdent,
  createNone,
  createNumber,
  createString,
  isNumeric,
  type AssignOp,
  type Expr,
  type Stmt,
} from '../ir.js';
import { bareName } from './classes.js';
import type { LowerContext } from './context.js';
import { memberType } from './generics.js';
import { lowerLocalClosure } from './closures.js';
import { bindPattern } from './destructuring.js';

/** Declarations, assignments, if, return, throw, blocks; loops and switch live in loops.ts / switch.ts. */

export function lowerVariableStatement(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isVariableStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  return lowerDeclarationList(node.getDeclarationList(), ctx);
}

export function lowerDeclarationList(list: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isVariableDeclarationList(list)) return ctx.refuseStmt(diag.unsupportedSyntax, list);
  const out: Stmt[] = [];
  if (list.getDeclarationKind() === 'var') ctx.reportAt(diag.varDeclaration, list);
  for (const decl of list.getDeclarations()) {
    const nameNode = decl.getNameNode();
    const init = decl.getInitializer();
    if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) {
      if (!Node.isIdentifier(nameNode) || list.getDeclarationKind() !== 'const') {
        out.push(...ctx.refuseStmt(diag.localFunction, decl));
        continue;
      }
      const closure = lowerLocalClosure(ctx, init);
      ctx.declareLocal(decl, nameNode.getText(), closure.type);
      out.push({ kind: 'var', name: nameNode.getText(), type: closure.type, init: closure, mutable: false, origin: ctx.origin(decl) });
      continue;
    }
    const frameName = ctx.frame?.name ?? 'module';
    if (Node.isIdentifier(nameNode)) {
      const name = nameNode.getText();
      const type = ctx.typeOf(decl.getType(), decl, ctx.slotInfo(decl, name, `local ${name} in ${frameName}`));
      const value = init ? ctx.lowerTo(init, type) : undefined;
      ctx.declareLocal(decl, name, type);
      out.push({ kind: 'var', name, type, init: value, mutable: false, origin: ctx.origin(decl) });
      continue;
    }
    if (!init) {
      out.push(...ctx.refuseStmt(diag.unsupportedDestructuring, decl));
      continue;
    }
    const source = ctx.lowerExpression(init);
    if (source.kind === 'ident' || source.kind === 'this') {
      out.push(...bindPattern(ctx, nameNode, source));
      continue;
    }
    const temp = ctx.tempName('destructured');
    out.push({ kind: 'var', name: temp, type: source.type, init: source, mutable: false, origin: ctx.origin(init) });
    out.push(...bindPattern(ctx, nameNode, createIdent(temp, source.type, 'local', ctx.origin(init))));
  }
  return out;
}

export function lowerExpressionStatement(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isExpressionStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  return lowerEffect(node.getExpression(), ctx);
}

/** An expression evaluated for its effect: assignments and ++/-- become AssignStmt. */
export function lowerEffect(expr: Node, ctx: LowerContext): Stmt[] {
  const origin = ctx.origin(expr);
  const inner = Node.isParenthesizedExpression(expr) ? expr.getExpression() : expr;
  if (Node.isBinaryExpression(inner) && isAssignment(inner)) return lowerAssignment(inner, ctx);
  if (Node.isPrefixUnaryExpression(inner) || Node.isPostfixUnaryExpression(inner)) {
    const op = inner.getOperatorToken();
    if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) {
      const operand = inner.getOperand();
      ctx.checkWrite(operand);
      const target = lowerTarget(operand, ctx);
      if (target.kind === 'placeholder') return [{ kind: 'placeholderStmt', diagnostic: target.diagnostic, text: target.text, origin }];
      const assignOp: AssignOp = op === SyntaxKind.PlusPlusToken ? '+=' : '-=';
      return [{ kind: 'assign', target, op: assignOp, value: createNumber(1, I64, origin), origin }];
    }
  }
  if (Node.isBinaryExpression(inner) && inner.getOperatorToken().getText() === ',') {
    return [...lowerEffect(inner.getLeft(), ctx), ...lowerEffect(inner.getRight(), ctx)];
  }
  return [{ kind: 'expr', expr: ctx.lowerExpression(inner), origin }];
}

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=']);

function isAssignment(node: BinaryExpression): boolean {
  const op = node.getOperatorToken().getText();
  return op.endsWith('=') && !['==', '===', '!=', '!==', '<=', '>='].includes(op);
}

function lowerAssignment(node: BinaryExpression, ctx: LowerContext): Stmt[] {
  const op = node.getOperatorToken().getText();
  const origin = ctx.origin(node);
  const left = node.getLeft();
  const right = node.getRight();
  if (op === '=' && Node.isArrayLiteralExpression(left)) return lowerSwap(node, ctx);
  if (Node.isArrayLiteralExpression(left) || Node.isObjectLiteralExpression(left)) {
    return ctx.refuseStmt(diag.unsupportedDestructuring, node);
  }
  if (!ASSIGN_OPS.has(op)) {
    const factory = /^(&|\||\^|<<|>>)/.test(op) ? diag.bitwiseOperator : diag.unsupportedSyntax;
    return ctx.refuseStmt(factory, node, `${op} assignment`);
  }
  ctx.checkWrite(left);
  const target = lowerTarget(left, ctx);
  if (target.kind === 'placeholder') return [{ kind: 'placeholderStmt', diagnostic: target.diagnostic, text: target.text, origin }];
  if (op === '=') return [{ kind: 'assign', target, op: '=', value: ctx.lowerTo(right, target.type), origin }];
  if (op === '+=' && target.type.kind === 'string') {
    const value = createBinary('concat', target, ctx.lowerExpression(right), STRING, origin);
    return [{ kind: 'assign', target, op: '=', value, origin }];
  }
  const value = ctx.lowerExpression(right);
  if (!isNumeric(target.type) || !(isNumeric(value.type) || value.type.kind === 'unknown')) {
    return ctx.refuseStmt(diag.unsupportedSyntax, node, `${op} on ${target.type.kind}`);
  }
  return [{ kind: 'assign', target, op: op as AssignOp, value, origin }];
}

/** The place an assignment writes: a variable, a field or an element (not unwrapped or converted). */
export function lowerTarget(node: Node, ctx: LowerContext): Expr {
  const origin = ctx.origin(node);
  if (Node.isParenthesizedExpression(node)) return lowerTarget(node.getExpression(), ctx);
  if (Node.isIdentifier(node)) {
    const decl = ctx.declarationOf(node);
    const local = decl ? ctx.localOf(decl) : undefined;
    if (local) return createIdent(local.name, local.type, local.binding, origin);
    return ctx.refuse(diag.moduleMutableState, node, `assignment to ${node.getText()}`);
  }
  if (Node.isPropertyAccessExpression(node)) {
    const object = ctx.lowerExpression(node.getExpression());
    const name = bareName(node.getName());
    const type = object.type;
    const fields =
      type.kind === 'struct'
        ? ctx.tables.structs.get(type.name)?.fields
        : type.kind === 'class'
          ? ctx.tables.classes.get(type.name)?.fields
          : undefined;
    const field = fields?.find((f) => f.name === name);
    if (field) return { kind: 'field', object, field: name, type: memberType(ctx, type, field.type), origin };
    if (type.kind === 'array' && name === 'length') return ctx.refuse(diag.unsupportedSyntax, node, 'assignment to array.length');
    if (type.kind === 'unknown') return object;
    return ctx.refuse(diag.setterAccessor, node, `assignment to ${ctx.construct(node)}`);
  }
  if (Node.isElementAccessExpression(node)) {
    const object = ctx.lowerExpression(node.getExpression());
    const argument = node.getArgumentExpressionOrThrow();
    if (object.type.kind === 'array') {
      return { kind: 'index', object, index: ctx.lowerExpression(argument), type: object.type.element, origin };
    }
    if (object.type.kind === 'unknown') return object;
    return ctx.refuse(diag.unsupportedSyntax, node, `assignment into a ${object.type.kind} by index`);
  }
  return ctx.refuse(diag.unsupportedSyntax, node, `assignment to ${ctx.construct(node)}`);
}

/** `[a[i], a[j]] = [a[j], a[i]]` and `[x, y] = [y, x]`. */
function lowerSwap(node: BinaryExpression, ctx: LowerContext): Stmt[] {
  const left = node.getLeft();
  const right = node.getRight();
  if (!Node.isArrayLiteralExpression(left) || !Node.isArrayLiteralExpression(right)) {
    return ctx.refuseStmt(diag.unsupportedDestructuring, node);
  }
  const [l0, l1] = left.getElements();
  const [r0, r1] = right.getElements();
  const same = (a: Node | undefined, b: Node | undefined): boolean =>
    a !== undefined && b !== undefined && a.getText().replace(/\s/g, '') === b.getText().replace(/\s/g, '');
  if (left.getElements().length !== 2 || right.getElements().length !== 2 || !same(l0, r1) || !same(l1, r0)) {
    return ctx.refuseStmt(diag.unsupportedDestructuring, node);
  }
  ctx.checkWrite(l0!);
  ctx.checkWrite(l1!);
  const a = lowerTarget(l0!, ctx);
  const b = lowerTarget(l1!, ctx);
  return [{ kind: 'swap', left: a, right: b, origin: ctx.origin(node) }];
}

export function lowerIf(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isIfStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  const condition = node.getExpression();
  const cond = ctx.lowerCondition(condition);
  const then = ctx.guards.within(condition, () => ctx.lowerBody(node.getThenStatement()));
  const elseNode = node.getElseStatement();
  const otherwise = elseNode ? ctx.lowerBody(elseNode) : undefined;
  return [{ kind: 'if', cond, then, else: otherwise, origin: ctx.origin(node) }];
}

export function lowerBlock(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isBlock(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  return [{ kind: 'block', body: ctx.lowerStatements(node.getStatements()), origin: ctx.origin(node) }];
}

export function lowerReturn(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isReturnStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  const valueNode = node.getExpression();
  const result = ctx.frame?.result;
  if (!valueNode) {
    return result?.kind === 'optional' ? [{ kind: 'return', value: createNone(result, origin), origin }] : [{ kind: 'return', origin }];
  }
  if (!result || result.kind === 'void') {
    const isUndefined = Node.isIdentifier(valueNode) && valueNode.getText() === 'undefined';
    return isUndefined ? [{ kind: 'return', origin }] : [...lowerEffect(valueNode, ctx), { kind: 'return', origin }];
  }
  const value = result.kind === 'bool' ? ctx.lowerCondition(valueNode) : ctx.lowerTo(valueNode, result);
  return [{ kind: 'return', value, origin }];
}

const ERROR_CLASSES = new Set(['Error', 'TypeError', 'RangeError']);

export function lowerThrow(node: Node, ctx: LowerContext): Stmt[] {
  if (!Node.isThrowStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  const thrown = node.getExpression();
  if (!Node.isNewExpression(thrown) || !ERROR_CLASSES.has(thrown.getExpression().getText())) {
    return ctx.refuseStmt(diag.throwNonError, node);
  }
  if (ctx.frame?.kind === 'closure') ctx.reportAt(diag.throwInClosure, node);
  const [messageNode, ...rest] = thrown.getArguments();
  if (rest.length > 0) return ctx.refuseStmt(diag.throwNonError, node, `${ctx.construct(node)} (Error options)`);
  const message: Expr = messageNode ? ctx.lowerTo(messageNode, STRING) : createString('', origin);
  if (message.type.kind !== 'string' && message.type.kind !== 'unknown') {
    return ctx.refuseStmt(diag.throwNonError, node, `${ctx.construct(node)} (message is not a string)`);
  }
  return [{ kind: 'throw', message, origin }];
}

export function lowerBreakOrContinue(node: Node, ctx: LowerContext): Stmt[] {
  const origin = ctx.origin(node);
  if (!Node.isBreakStatement(node) && !Node.isContinueStatement(node)) return ctx.refuseStmt(diag.unsupportedSyntax, node);
  const label = node.getLabel()?.getText();
  return [{ kind: Node.isBreakStatement(node) ? 'break' : 'continue', label, origin }];
}

export function lowerEmpty(): Stmt[] {
  return [];
}

export function refuseTry(node: Node, ctx: LowerContext): Stmt[] {
  return ctx.refuseStmt(diag.tryCatch, node, 'try statement');
}

export function refuseNestedDeclaration(node: Node, ctx: LowerContext): Stmt[] {
  return ctx.refuseStmt(diag.nestedFunction, node);
}
