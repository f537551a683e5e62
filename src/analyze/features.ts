import { ts } from 'ts-morph';
import type { UnitFeatures } from './types.js';
import { unwrapExpression } from './literal.js';
import { ioCallName, type FileIo } from './io.js';
import { isFunctionNode, type UnitIndex, type UnitSite } from './units.js';

/**
 * Static features of a unit, measured by one walk over its own code.
 *
 * Double counting: a nested named unit (a nested function declaration, a const-bound arrow
 * inside a function, a method of a class) is measured on its own and not again in the unit
 * around it; the outer unit only gets a call edge when it calls it. Anonymous callbacks are
 * part of their enclosing unit. A class is the exception that aggregates: its features are
 * its own field initializers plus all its methods (maximum loop depth, summed counts, union
 * of I/O calls), since a class is extracted as a whole and classified by what its methods do.
 * Its call edges are its methods' edges to units outside the class.
 */

const LOOP_KINDS = new Set([ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.WhileStatement, ts.SyntaxKind.DoStatement]);
const STATEMENT_KINDS = new Set([...LOOP_KINDS, ts.SyntaxKind.VariableStatement, ts.SyntaxKind.ExpressionStatement,
  ts.SyntaxKind.ReturnStatement, ts.SyntaxKind.IfStatement, ts.SyntaxKind.SwitchStatement, ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.TryStatement, ts.SyntaxKind.BreakStatement, ts.SyntaxKind.ContinueStatement]);
const NUMERIC_OPERATORS = new Set([ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken, ts.SyntaxKind.AmpersandToken,
  ts.SyntaxKind.BarToken, ts.SyntaxKind.CaretToken, ts.SyntaxKind.LessThanLessThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanToken, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]);
/** Array methods whose callback runs once per element: each is a loop level. */
const ITERATION_METHODS = new Set(['map', 'forEach', 'reduce', 'reduceRight', 'filter', 'flatMap', 'some', 'every',
  'find', 'findIndex', 'findLast', 'findLastIndex', 'sort']);
const PROMISE_STATICS = new Set(['all', 'race', 'allSettled', 'any', 'resolve', 'reject']);
const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);
/** Methods that change the container they are called on. */
const MUTATORS = new Set(['set', 'delete', 'clear', 'add', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse',
  'fill', 'copyWithin']);

export type SharedKind = 'binding' | 'container';

/**
 * Module-level state: `let`/`var` bindings always count; `const` Maps, Sets, arrays and object
 * literals count only once some unit mutates them (seeding at module load does not count).
 */
export interface ModuleState {
  kinds: Map<ts.Node, SharedKind>;
  names: Set<string>;
}

export function collectModuleState(sourceFile: ts.SourceFile, state: ModuleState): void {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const init = declaration.initializer === undefined ? undefined : unwrapExpression(declaration.initializer);
      if (init !== undefined && (isFunctionNode(init) || ts.isClassExpression(init))) continue;
      let kind: SharedKind | undefined;
      if (!isConst) kind = 'binding';
      else if (init !== undefined && (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init)
        || (ts.isNewExpression(init) && ts.isIdentifier(init.expression)
          && /^(?:Map|Set|WeakMap|WeakSet|Array)$/.test(init.expression.text)))) kind = 'container';
      if (kind === undefined) continue;
      state.kinds.set(declaration, kind);
      state.names.add(declaration.name.text);
    }
  }
}

export interface UnitTally {
  features: UnitFeatures;
  calls: Set<string>;
  io: Set<string>;
  /** Reads and writes per module-level declaration, settled once every unit is measured. */
  state: Map<ts.Node, { reads: number; writes: number }>;
  thisReads: number;
  thisWrites: number;
}

export interface MeasureContext {
  checker: ts.TypeChecker;
  index: UnitIndex;
  io: FileIo;
  moduleState: ModuleState;
  sourceFile: ts.SourceFile;
}

function emptyFeatures(lines: number): UnitFeatures {
  return { loopDepth: 0, loops: 0, numericOps: 0, mathCalls: 0, allocations: 0, isAsync: false, awaits: 0,
    promiseOps: 0, ioCalls: [], sharedStateReads: 0, sharedStateWrites: 0, calls: 0, statements: 0, lines };
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Whether an expression (an identifier or `this.x`) is written: assigned, ++/--, deleted, or mutated in place. */
function accessKind(node: ts.Expression): 'read' | 'write' {
  let current: ts.Node = node;
  for (;;) {
    const parent = current.parent;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === current) {
      if (ts.isPropertyAccessExpression(parent) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent
        && MUTATORS.has(parent.name.text)) return 'write';
      current = parent;
    } else if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) current = parent;
    else break;
  }
  const parent = current.parent;
  if (ts.isBinaryExpression(parent) && parent.left === current && isAssignment(parent.operatorToken.kind)) return 'write';
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent))
    && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return 'write';
  return ts.isDeleteExpression(parent) ? 'write' : 'read';
}

/** False for identifiers that name something rather than read it (declarations, property names). */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node;
  if (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)
    || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)
    || ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent)) return parent.name !== node;
  return !ts.isImportSpecifier(parent) && !ts.isExportSpecifier(parent) && !ts.isQualifiedName(parent);
}

function isStringOperand(node: ts.Expression): boolean {
  const expr = unwrapExpression(node);
  return ts.isStringLiteral(expr) || ts.isTemplateExpression(expr) || ts.isNoSubstitutionTemplateLiteral(expr);
}

function classMethodNames(classNode: ts.ClassLikeDeclaration): Set<string> {
  const names = new Set<string>();
  for (const member of classNode.members) {
    if ((ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) && member.name !== undefined
      && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) {
      if (ts.isMethodDeclaration(member) || (member.initializer && isFunctionNode(unwrapExpression(member.initializer)))) {
        names.add(member.name.text);
      }
    }
  }
  return names;
}

/** Measures one unit's own code (nested units excluded, see the file comment). */
export function measureUnit(unit: UnitSite, ctx: MeasureContext): UnitTally {
  const { checker, index, moduleState } = ctx;
  const features = emptyFeatures(unit.endLine - unit.line + 1);
  const tally: UnitTally = { features, calls: new Set(), io: new Set(), state: new Map(), thisReads: 0, thisWrites: 0 };
  const root = unit.body;
  const methodNames = unit.kind === 'method' && unit.classNode !== undefined && !ts.isConstructorDeclaration(root)
    ? classMethodNames(unit.classNode) : undefined;
  features.isAsync = ts.canHaveModifiers(root) && (ts.getModifiers(root)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
  if (isFunctionNode(root) && ts.isArrowFunction(root) && !ts.isBlock(root.body)) features.statements++;

  const addEdge = (expression: ts.Expression): boolean => {
    const target = index.resolve(expression);
    if (target === undefined) return false;
    tally.calls.add(target.id);
    return true;
  };
  const enterLoop = (depth: number): void => {
    features.loops++;
    features.loopDepth = Math.max(features.loopDepth, depth + 1);
  };

  const visitCall = (call: ts.CallExpression, depth: number): void => {
    features.calls++;
    const callee = unwrapExpression(call.expression);
    let iterates = false;
    if (ts.isPropertyAccessExpression(callee)) {
      const name = callee.name.text;
      const owner = unwrapExpression(callee.expression);
      if (ts.isIdentifier(owner) && owner.text === 'Math') features.mathCalls++;
      if (ts.isIdentifier(owner) && owner.text === 'Promise' && PROMISE_STATICS.has(name)) features.promiseOps++;
      if (PROMISE_CHAIN.has(name)) features.promiseOps++;
      iterates = ITERATION_METHODS.has(name);
    }
    const io = ioCallName(call, ctx.io);
    if (io !== undefined) tally.io.add(io);
    addEdge(callee);
    walk(call.expression, depth);
    for (const argument of call.arguments) {
      const arg = unwrapExpression(argument);
      if (iterates && isFunctionNode(arg) && index.unitOfBody(arg) === undefined) {
        enterLoop(depth);
        walk(argument, depth + 1);
      } else if (iterates && addEdge(arg)) {
        // A named unit passed as the per-element callback: the iteration is this unit's loop.
        enterLoop(depth);
      } else walk(argument, depth);
    }
  };

  const visitStateIdentifier = (node: ts.Identifier): void => {
    if (!moduleState.names.has(node.text) || !isValueReference(node)) return;
    let symbol = ts.isShorthandPropertyAssignment(node.parent)
      ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || !moduleState.kinds.has(declaration)) return;
    let counts = tally.state.get(declaration);
    if (counts === undefined) tally.state.set(declaration, (counts = { reads: 0, writes: 0 }));
    if (accessKind(node) === 'write') counts.writes++;
    else counts.reads++;
  };

  const visitThisAccess = (node: ts.PropertyAccessExpression): void => {
    if (methodNames === undefined) return;
    const isCallee = ts.isCallExpression(node.parent) && node.parent.expression === node;
    if (methodNames.has(node.name.text) && (isCallee || !ts.isBinaryExpression(node.parent))) return;
    if (accessKind(node) === 'write') tally.thisWrites++;
    else tally.thisReads++;
  };

  function walk(node: ts.Node, depth: number): void {
    if (node !== root && index.unitOfBody(node) !== undefined) return;
    if (ts.isTypeNode(node)) return;
    const kind = node.kind;
    if (STATEMENT_KINDS.has(kind)) features.statements++;
    if (LOOP_KINDS.has(kind)) {
      enterLoop(depth);
      if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) features.awaits++;
      ts.forEachChild(node, (child) => walk(child, depth + 1));
      return;
    }
    if (ts.isCallExpression(node)) return visitCall(node, depth);
    if (ts.isNewExpression(node)) {
      features.allocations++;
      const callee = unwrapExpression(node.expression);
      if (ts.isIdentifier(callee) && callee.text === 'Promise') features.promiseOps++;
      addEdge(callee);
    } else if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node) || ts.isSpreadElement(node)
      || ts.isSpreadAssignment(node) || (node !== root && isFunctionNode(node))) {
      features.allocations++;
    } else if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      const stringy = (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.PlusEqualsToken)
        && (isStringOperand(node.left) || isStringOperand(node.right));
      if (NUMERIC_OPERATORS.has(operator) && !stringy) features.numericOps++;
    } else if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) features.numericOps++;
    } else if (ts.isAwaitExpression(node)) {
      features.awaits++;
    } else if (ts.isIdentifier(node)) {
      visitStateIdentifier(node);
    } else if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      visitThisAccess(node);
    }
    ts.forEachChild(node, (child) => walk(child, depth));
  }

  walk(root, 0);
  return tally;
}

/**
 * Settles shared-state counts (a const container counts once any unit mutates it) and rolls
 * methods up into their class. Returns features and call edges by unit id.
 */
export function finishFeatures(
  units: UnitSite[],
  tallies: Map<string, UnitTally>,
  moduleState: ModuleState,
): Map<string, { features: UnitFeatures; calls: string[] }> {
  const mutated = new Set<ts.Node>();
  for (const tally of tallies.values()) {
    for (const [declaration, counts] of tally.state) if (counts.writes > 0) mutated.add(declaration);
  }
  const own = new Map<string, { features: UnitFeatures; calls: Set<string> }>();
  for (const unit of units) {
    const tally = tallies.get(unit.id);
    if (tally === undefined) continue;
    const features = { ...tally.features, ioCalls: [...tally.io].sort() };
    features.sharedStateReads = tally.thisReads;
    features.sharedStateWrites = tally.thisWrites;
    for (const [declaration, counts] of tally.state) {
      if (moduleState.kinds.get(declaration) === 'container' && !mutated.has(declaration)) continue;
      features.sharedStateReads += counts.reads;
      features.sharedStateWrites += counts.writes;
    }
    own.set(unit.id, { features, calls: tally.calls });
  }
  const result = new Map<string, { features: UnitFeatures; calls: string[] }>();
  for (const unit of units) {
    const mine = own.get(unit.id);
    if (mine === undefined) continue;
    if (unit.kind !== 'class') {
      result.set(unit.id, { features: mine.features, calls: [...mine.calls].sort() });
      continue;
    }
    const members = units.filter((member) => member.parent === unit.id);
    const memberIds = new Set([unit.id, ...members.map((member) => member.id)]);
    const features = { ...mine.features };
    const io = new Set(features.ioCalls);
    const calls = new Set(mine.calls);
    for (const member of members) {
      const theirs = own.get(member.id);
      if (theirs === undefined) continue;
      mergeInto(features, theirs.features);
      for (const name of theirs.features.ioCalls) io.add(name);
      for (const id of theirs.calls) calls.add(id);
    }
    features.ioCalls = [...io].sort();
    result.set(unit.id, { features, calls: [...calls].filter((id) => !memberIds.has(id)).sort() });
  }
  return result;
}

function mergeInto(target: UnitFeatures, source: UnitFeatures): void {
  target.loopDepth = Math.max(target.loopDepth, source.loopDepth);
  target.isAsync ||= source.isAsync;
  for (const key of ['loops', 'numericOps', 'mathCalls', 'allocations', 'awaits', 'promiseOps', 'sharedStateReads',
    'sharedStateWrites', 'calls', 'statements'] as const) {
    target[key] += source[key];
  }
}
