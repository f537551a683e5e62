import { Node, SyntaxKind } from 'ts-morph';
import * as diag from '../diagnostics.js';
import {
  BOOL,
  F64,
  I64,
  STRING,
  UNKNOWN,
  createBinary,
  createBool,
  createBuiltin,
  createConvert,
  createIdent,
  createNone,
  createNumber,
  createString,
  isNumeric,
  optionalOf,
  sameType,
  thisType,
  type BinaryOp,
  type Expr,
  type IrType,
  type Stmt,
} from '../ir.js';
import type { LowerContext } from './context.js';
import { isSharedType } from './shared.js';

/** Literals, names, operators, conditionals and templates. */

export function lowerNumericLiteral(node: Node, ctx: LowerContext): Expr {
  const value = Number(node.getText().replace(/_/g, ''));
  return createNumber(value, isExactInteger(value) ? I64 : F64, ctx.origin(node));
}

/** An integer an i64 holds exactly and a double too (-0 is not: it must stay a float). */
export function isExactInteger(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && !Object.is(value, -0);
}

export function lowerStringLiteral(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  const value = Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) ? node.getLiteralValue() : '';
  const origin = ctx.origin(node);
  const target = expected?.kind === 'optional' ? expected.inner : expected;
  if (target?.kind === 'enum' && ctx.tables.enums.get(target.name)?.variants.includes(value)) {
    return { kind: 'enumLit', enumName: target.name, variant: value, type: target, origin };
  }
  return createString(value, origin);
}

export function lowerBooleanLiteral(node: Node, ctx: LowerContext): Expr {
  return createBool(node.getKind() === SyntaxKind.TrueKeyword, ctx.origin(node));
}

export function lowerNull(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  return createNone(expected?.kind === 'optional' ? expected : optionalOf(UNKNOWN), ctx.origin(node));
}

export function lowerThis(node: Node, ctx: LowerContext): Expr {
  const className = ctx.className;
  if (!className) return ctx.refuse(diag.unsupportedSyntax, node, '`this` outside a class');
  const cls = ctx.tables.classes.get(className);
  return { kind: 'this', type: cls ? thisType(cls) : { kind: 'class', name: className }, origin: ctx.origin(node) };
}

export function lowerIdentifier(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  const text = node.getText();
  const origin = ctx.origin(node);
  if (text === 'undefined') return lowerNull(node, ctx, expected);
  if (text === 'NaN') return createNumber(NaN, F64, origin);
  if (text === 'Infinity') return createNumber(Infinity, F64, origin);
  if (text === 'arguments') return ctx.refuse(diag.argumentsObject, node);
  const decl = ctx.declarationOf(node);
  if (!decl) return ctx.refuse(diag.unsupportedSyntax, node, `unresolved name ${text}`);
  const imported = ctx.tables.importedDeclarations.get(decl.compilerNode);
  if (imported) return { kind: 'placeholder', diagnostic: imported, text, type: UNKNOWN, origin };
  const local = ctx.localOf(decl);
  if (local) {
    if (local.type.kind === 'function') return ctx.refuse(diag.localFunction, node);
    return finishRead(ctx, node, createIdent(local.name, local.type, local.binding, origin));
  }
  const name = ctx.tables.names.get(decl.compilerNode);
  const constant = name ? ctx.tables.constants.get(name) : undefined;
  if (constant) return finishRead(ctx, node, createIdent(constant.name, constant.type, 'const', origin));
  if (name && ctx.tables.functions.has(name)) return ctx.refuse(diag.localFunction, node);
  if (name && ctx.tables.classes.has(name)) return ctx.refuse(diag.methodAsValue, node);
  if (Node.isFunctionDeclaration(decl) || Node.isClassDeclaration(decl)) return ctx.refuse(diag.nestedFunction, node);
  return ctx.refuse(diag.unsupportedSyntax, node, `global ${text}`);
}

/**
 * A read of a variable or field: unwraps an optional the checker proved present at this point
 * (`if (x === undefined) return;` before), and converts a number an integer guard proved whole.
 */
export function finishRead(ctx: LowerContext, node: Node, expr: Expr): Expr {
  let out = expr;
  if (out.type.kind === 'optional' && !node.getType().isNullable()) {
    out = { kind: 'unwrap', value: out, type: out.type.inner, origin: out.origin };
  }
  if (isNumeric(out.type) && ctx.guards.isGuarded(node)) out = createConvert('i64', out, out.origin, true);
  return out;
}

export function lowerParenthesized(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  const inner = (node as Node & { getExpression(): Node }).getExpression();
  return ctx.lowerExpression(inner, expected);
}

export function lowerNonNull(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  if (!Node.isNonNullExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const inner = ctx.lowerExpression(node.getExpression(), expected);
  if (inner.type.kind !== 'optional') return inner;
  ctx.reportAt(diag.nonNullAssertion, node);
  return { kind: 'unwrap', value: inner, type: inner.type.inner, origin: ctx.origin(node) };
}

export function lowerPrefixUnary(node: Node, ctx: LowerContext): Expr {
  if (!Node.isPrefixUnaryExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  const operandNode = node.getOperand();
  switch (node.getOperatorToken()) {
    case SyntaxKind.MinusToken: {
      const operand = ctx.lowerExpression(operandNode);
      if (operand.kind === 'number') {
        const value = -operand.value;
        return { ...operand, value, type: isExactInteger(value) ? I64 : F64, origin };
      }
      if (!isNumeric(operand.type)) return ctx.refuse(diag.unsupportedSyntax, node, `unary minus on ${operand.type.kind}`);
      return { kind: 'unary', op: '-', operand, type: F64, origin };
    }
    case SyntaxKind.PlusToken: {
      const operand = ctx.lowerExpression(operandNode);
      return isNumeric(operand.type) ? operand : ctx.refuse(diag.unsupportedLibraryCall, node, 'unary + (number coercion)');
    }
    case SyntaxKind.ExclamationToken:
      return negate(ctx.lowerCondition(operandNode), origin);
    case SyntaxKind.TildeToken:
      return ctx.refuse(diag.bitwiseOperator, node);
    default:
      return lowerIncrementValue(node, ctx);
  }
}

const HOISTABLE_STATEMENTS = new Set([
  SyntaxKind.VariableStatement,
  SyntaxKind.ExpressionStatement,
  SyntaxKind.ReturnStatement,
  SyntaxKind.ThrowStatement,
]);

/**
 * `x++` / `++x` used as a value: the increment moves in front of the statement (the old value
 * kept in a temporary for `x++`). Only where that cannot change what the statement computes:
 * `x` appears once in the statement, and not under &&, ||, ??, ?: or a callback.
 */
export function lowerIncrementValue(node: Node, ctx: LowerContext): Expr {
  if (!Node.isPrefixUnaryExpression(node) && !Node.isPostfixUnaryExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const operand = node.getOperand();
  const op = node.getOperatorToken();
  if (!Node.isIdentifier(operand) || (op !== SyntaxKind.PlusPlusToken && op !== SyntaxKind.MinusMinusToken)) {
    return ctx.refuse(diag.sideEffectInExpression, node);
  }
  let statement: Node | undefined = node.getParent();
  while (statement && !HOISTABLE_STATEMENTS.has(statement.getKind())) {
    const kind = statement.getKind();
    const conditional =
      kind === SyntaxKind.ConditionalExpression ||
      kind === SyntaxKind.ArrowFunction ||
      kind === SyntaxKind.FunctionExpression ||
      (Node.isBinaryExpression(statement) && ['&&', '||', '??'].includes(statement.getOperatorToken().getText()));
    if (conditional || Node.isStatement(statement)) return ctx.refuse(diag.sideEffectInExpression, node);
    statement = statement.getParent();
  }
  const name = operand.getText();
  const mentions = statement?.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => id.getText() === name).length ?? 0;
  if (!statement || mentions !== 1) return ctx.refuse(diag.sideEffectInExpression, node);
  const decl = ctx.declarationOf(operand);
  const local = decl ? ctx.localOf(decl) : undefined;
  if (!local || !isNumeric(local.type)) return ctx.refuse(diag.sideEffectInExpression, node);
  ctx.checkWrite(operand);
  const origin = ctx.origin(node);
  const variable = createIdent(local.name, local.type, local.binding, origin);
  const step: Stmt = { kind: 'assign', target: variable, op: op === SyntaxKind.PlusPlusToken ? '+=' : '-=', value: createNumber(1, I64, origin), origin };
  if (Node.isPrefixUnaryExpression(node)) {
    return ctx.hoist([step]) ? variable : ctx.refuse(diag.sideEffectInExpression, node);
  }
  const temp = ctx.tempName(`${name}Before`);
  const saved: Stmt = { kind: 'var', name: temp, type: local.type, init: variable, mutable: false, origin };
  return ctx.hoist([saved, step]) ? createIdent(temp, local.type, 'local', origin) : ctx.refuse(diag.sideEffectInExpression, node);
}

export function negate(cond: Expr, origin: Expr['origin']): Expr {
  if (cond.kind === 'isNone') return { ...cond, negated: !cond.negated, origin };
  if (cond.kind === 'unary' && cond.op === '!') return cond.operand;
  return { kind: 'unary', op: '!', operand: cond, type: BOOL, origin };
}

const ARITHMETIC: Record<string, BinaryOp> = { '-': '-', '*': '*', '/': '/', '%': '%', '**': '**' };
const COMPARISON: Record<string, BinaryOp> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const BITWISE = new Set(['&', '|', '^', '<<', '>>', '>>>']);
const ASSIGNMENT = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '&&=', '||=', '??=', '&=', '|=', '^=', '<<=', '>>=', '>>>=']);

export function lowerBinary(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  if (!Node.isBinaryExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const op = node.getOperatorToken().getText();
  const origin = ctx.origin(node);
  const leftNode = node.getLeft();
  const rightNode = node.getRight();
  if (ASSIGNMENT.has(op)) return ctx.refuse(diag.sideEffectInExpression, node);
  if (BITWISE.has(op)) return ctx.refuse(diag.bitwiseOperator, node);
  if (op === '===' || op === '!==' || op === '==' || op === '!=') return lowerEquality(node, op, ctx);
  if (op === 'instanceof' || op === 'in') return ctx.refuse(diag.runtimeTypeTest, node);
  if (op === ',') return ctx.refuse(diag.unsupportedSyntax, node, 'comma operator');
  if (op === '&&' || op === '||') {
    const type = node.getType();
    if (!type.isBoolean() && !type.isBooleanLiteral()) return ctx.refuse(diag.valueLogical, node);
    const left = ctx.lowerCondition(leftNode);
    const right = ctx.lowerCondition(rightNode);
    return { kind: 'logical', op, left, right, type: BOOL, origin };
  }
  if (op === '??') {
    const left = ctx.lowerExpression(leftNode, expected === undefined ? undefined : optionalOf(expected));
    if (left.type.kind !== 'optional') return left;
    const inner = left.type.inner;
    const right = ctx.lowerExpression(rightNode, inner);
    // `a ?? b` with an optional `b` stays optional (`a ?? b ?? c` chains).
    if (right.type.kind === 'optional') return { kind: 'logical', op: '??', left, right, type: left.type, origin };
    return { kind: 'logical', op: '??', left, right: ctx.adapt(right, inner, rightNode), type: inner, origin };
  }
  if (op === '+' && isStringType(node)) {
    const left = ctx.lowerExpression(leftNode);
    const right = ctx.lowerExpression(rightNode);
    for (const [side, sideNode] of [[left, leftNode], [right, rightNode]] as const) {
      if (!isFormattable(side.type)) {
        return ctx.refuse(diag.unsupportedSyntax, sideNode, `concatenating a ${side.type.kind} value`);
      }
    }
    return createBinary('concat', left, right, STRING, origin);
  }
  const arithmetic = op === '+' ? '+' : ARITHMETIC[op];
  const comparison = COMPARISON[op];
  if (!arithmetic && !comparison) return ctx.refuse(diag.unsupportedSyntax, node, `operator ${op}`);
  const left = ctx.lowerExpression(leftNode);
  const right = ctx.lowerExpression(rightNode);
  if (left.type.kind === 'unknown' || right.type.kind === 'unknown') {
    return createBinary(arithmetic ?? comparison!, left, right, arithmetic ? F64 : BOOL, origin);
  }
  if (arithmetic) {
    if (!isNumeric(left.type) || !isNumeric(right.type)) {
      return ctx.refuse(diag.unsupportedSyntax, node, `${op} on ${left.type.kind} and ${right.type.kind}`);
    }
    return createBinary(arithmetic, left, right, F64, origin);
  }
  const comparable =
    (isNumeric(left.type) && isNumeric(right.type)) ||
    (left.type.kind === 'string' && right.type.kind === 'string') ||
    (left.type.kind === 'typeParam' && right.type.kind === 'typeParam' && left.type.name === right.type.name);
  if (!comparable) return ctx.refuse(diag.unsupportedSyntax, node, `${op} on ${left.type.kind} and ${right.type.kind}`);
  return createBinary(comparison!, left, right, BOOL, origin);
}

function isStringType(node: Node): boolean {
  const type = node.getType();
  return type.isString() || type.isStringLiteral();
}

export function isFormattable(type: IrType): boolean {
  return ['string', 'f64', 'i64', 'bool', 'enum', 'typeParam', 'unknown'].includes(type.kind);
}

function isNullish(node: Node): boolean {
  const inner = Node.isParenthesizedExpression(node) ? node.getExpression() : node;
  return inner.getKind() === SyntaxKind.NullKeyword || (Node.isIdentifier(inner) && inner.getText() === 'undefined');
}

/** `typeof x === 'undefined'` → x; other typeof tests are refused. */
function typeofUndefinedOperand(node: Node, other: Node): Node | undefined {
  if (!Node.isTypeOfExpression(node)) return undefined;
  return Node.isStringLiteral(other) && other.getLiteralValue() === 'undefined' ? node.getExpression() : undefined;
}

function lowerEquality(node: Node & { getLeft(): Node; getRight(): Node }, op: string, ctx: LowerContext): Expr {
  const origin = ctx.origin(node);
  const negated = op === '!==' || op === '!=';
  const leftNode = node.getLeft();
  const rightNode = node.getRight();
  const noneSide = isNullish(rightNode) ? leftNode : isNullish(leftNode) ? rightNode : undefined;
  const typeofSide = typeofUndefinedOperand(leftNode, rightNode) ?? typeofUndefinedOperand(rightNode, leftNode);
  const tested = noneSide ?? typeofSide;
  if (tested) {
    const value = ctx.lowerExpression(tested);
    if (value.type.kind === 'optional' || value.type.kind === 'unknown') {
      return { kind: 'isNone', value, negated, type: BOOL, origin };
    }
    ctx.reportAt(diag.neverUndefined, node);
    return createBool(negated, origin);
  }
  if (Node.isTypeOfExpression(leftNode) || Node.isTypeOfExpression(rightNode)) return ctx.refuse(diag.runtimeTypeTest, node);
  let left = ctx.lowerExpression(leftNode);
  let right = ctx.lowerExpression(rightNode, left.type);
  if (left.kind === 'string' && right.type.kind === 'enum') left = ctx.lowerExpression(leftNode, right.type);
  const kinds = [left.type.kind, right.type.kind];
  if (kinds.includes('unknown')) return createBinary(negated ? '!=' : '==', left, right, BOOL, origin);
  const valueKinds = [valueType(left.type).kind, valueType(right.type).kind];
  const [a, b] = [valueType(left.type), valueType(right.type)];
  // Instances of a shared class are references in every translation: `===` compares identity there too.
  const sharedIdentity = isSharedType(ctx.tables, a) && isSharedType(ctx.tables, b) && (a as { name: string }).name === (b as { name: string }).name;
  if (!sharedIdentity && valueKinds.some((k) => ['struct', 'class', 'array', 'map', 'set', 'tuple', 'function'].includes(k))) {
    return ctx.refuse(diag.objectIdentity, node);
  }
  const sameKind = (isNumeric(a) && isNumeric(b)) || (a.kind === b.kind && (a.kind !== 'typeParam' || sameType(a, b)));
  if (!sameKind) {
    return op.length === 2 ? ctx.refuse(diag.looseEquality, node) : createBool(negated, origin);
  }
  // `opt === v` compares presence and value: the present side is wrapped, `opt === Some(v)`.
  if (left.type.kind === 'optional' && right.type.kind !== 'optional') right = ctx.adapt(right, left.type, rightNode);
  else if (right.type.kind === 'optional' && left.type.kind !== 'optional') left = ctx.adapt(left, right.type, leftNode);
  return createBinary(negated ? '!=' : '==', left, right, BOOL, origin);
}

/** The type of the value an optional holds when present (the type itself otherwise). */
function valueType(type: IrType): IrType {
  return type.kind === 'optional' ? type.inner : type;
}

export function lowerConditional(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  if (!Node.isConditionalExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const origin = ctx.origin(node);
  const cond = ctx.lowerCondition(node.getCondition());
  let then = ctx.lowerExpression(node.getWhenTrue(), expected);
  let otherwise = ctx.lowerExpression(node.getWhenFalse(), expected ?? then.type);
  let type: IrType;
  if (isNumeric(then.type) && isNumeric(otherwise.type)) {
    type = F64;
  } else if (expected && expected.kind !== 'unknown' && !isNumeric(expected)) {
    type = expected;
  } else if (then.kind === 'none' && otherwise.type.kind !== 'optional') {
    type = optionalOf(otherwise.type);
  } else if (otherwise.kind === 'none' && then.type.kind !== 'optional') {
    type = optionalOf(then.type);
  } else {
    type = then.type.kind === 'optional' ? then.type : otherwise.type.kind === 'optional' ? otherwise.type : then.type;
  }
  const mixed = !isNumeric(type) && [then, otherwise].some((b) => b.type.kind !== type.kind && b.kind !== 'none');
  if (mixed && isFormatted(node) && isFormattable(then.type) && isFormattable(otherwise.type)) {
    // `${c ? 'none' : n}`: a union only ever formatted, so each branch is formatted on its own.
    const format = (e: Expr): Expr => (e.type.kind === 'string' ? e : createBuiltin('String', undefined, [e], STRING, e.origin));
    return { kind: 'conditional', cond, then: format(then), else: format(otherwise), type: STRING, origin };
  }
  if (mixed && then.type.kind !== 'unknown' && otherwise.type.kind !== 'unknown' && type.kind !== 'optional') {
    return ctx.refuse(diag.unsupportedUnion, node, `${ctx.construct(node)} (branches of different types)`);
  }
  if (!isNumeric(type)) {
    then = ctx.adapt(then, type, node.getWhenTrue());
    otherwise = ctx.adapt(otherwise, type, node.getWhenFalse());
  }
  return { kind: 'conditional', cond, then, else: otherwise, type, origin };
}

/** The value only ends up in a template literal or a string concatenation. */
function isFormatted(node: Node): boolean {
  let parent = node.getParent();
  while (parent && Node.isParenthesizedExpression(parent)) parent = parent.getParent();
  if (!parent) return false;
  if (Node.isTemplateSpan(parent)) return true;
  return Node.isBinaryExpression(parent) && parent.getOperatorToken().getText() === '+' && isStringType(parent);
}

export function lowerTemplate(node: Node, ctx: LowerContext): Expr {
  if (!Node.isTemplateExpression(node)) return ctx.refuse(diag.unsupportedSyntax, node);
  const parts: (string | Expr)[] = [];
  const head = node.getHead().getLiteralText();
  if (head) parts.push(head);
  for (const span of node.getTemplateSpans()) {
    const exprNode = span.getExpression();
    const value = ctx.lowerExpression(exprNode);
    parts.push(
      isFormattable(value.type)
        ? value
        : ctx.refuse(diag.unsupportedSyntax, exprNode, `interpolating a ${value.type.kind} value`),
    );
    const text = span.getLiteral().getLiteralText();
    if (text) parts.push(text);
  }
  return { kind: 'template', parts, type: STRING, origin: ctx.origin(node) };
}

export function lowerTypeAssertion(node: Node, ctx: LowerContext, expected: IrType | undefined): Expr {
  const inner = (node as Node & { getExpression(): Node }).getExpression();
  const value = ctx.lowerExpression(inner, expected);
  // `this.items.pop() as T`: the cast asserts presence, as `!` does.
  const asserted = node.getType();
  const dropsAbsence = !asserted.isUnion() && !asserted.isUndefined() && !asserted.isNull() && !asserted.isAny() && !asserted.isUnknown();
  if (value.type.kind !== 'optional' || !dropsAbsence) return value;
  ctx.reportAt(diag.nonNullAssertion, node);
  return { kind: 'unwrap', value, type: value.type.inner, origin: ctx.origin(node) };
}
