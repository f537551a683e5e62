import path from 'node:path';
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { LowerRequest, LowerResult } from '../api.js';
import * as diag from '../diagnostics.js';
import type { ClassDecl, IrModule } from '../ir.js';
import { lowerElementAccess, lowerPropertyAccess } from './access.js';
import { lowerCall, lowerNew } from './calls.js';
import { declareClass, lowerClassBodies } from './classes.js';
import { declareGenericClass } from './generics.js';
import { LowerContext, type ExpressionVisitor, type ModuleTables, type StatementVisitor, type VisitorTable } from './context.js';
import { collectDeclarations, type CollectedDeclaration } from './declarations.js';
import { inferBounds } from './bounds.js';
import { analyseEffects } from './effects.js';
import * as expr from './expressions.js';
import { lowerArrayLiteral, lowerObjectLiteral } from './literals.js';
import { lowerLabeled, lowerLoop } from './loops.js';
import { inferIntegers } from './numeric.js';
import { openSourceFile } from './project.js';
import { markSharedClasses } from './shared.js';
import {
  declareConst,
  declareEnum,
  declareFunction,
  declareStruct,
  fillStructFields,
  functionNode,
  lowerConstValue,
  lowerFunctionBody,
} from './signatures.js';
import * as stmt from './statements.js';
import { lowerSwitch } from './switch.js';

/**
 * TS → IR. One visitor table maps each SyntaxKind to the visitor of its construct family;
 * visitors lower children only through the context, never produce text, and report what they
 * refuse with a coded diagnostic and a placeholder, so one run shows every problem of a file.
 */

const refuseWith =
  (factory: typeof diag.unsupportedSyntax): ExpressionVisitor =>
  (node, ctx) =>
    ctx.refuse(factory, node);

const EXPRESSIONS: [SyntaxKind[], ExpressionVisitor][] = [
  [[SyntaxKind.NumericLiteral], expr.lowerNumericLiteral],
  [[SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral], expr.lowerStringLiteral],
  [[SyntaxKind.TemplateExpression], expr.lowerTemplate],
  [[SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword], expr.lowerBooleanLiteral],
  [[SyntaxKind.NullKeyword], expr.lowerNull],
  [[SyntaxKind.Identifier], expr.lowerIdentifier],
  [[SyntaxKind.ThisKeyword], expr.lowerThis],
  [[SyntaxKind.ParenthesizedExpression], expr.lowerParenthesized],
  [[SyntaxKind.AsExpression, SyntaxKind.TypeAssertionExpression, SyntaxKind.SatisfiesExpression], expr.lowerTypeAssertion],
  [[SyntaxKind.NonNullExpression], expr.lowerNonNull],
  [[SyntaxKind.PrefixUnaryExpression], expr.lowerPrefixUnary],
  [[SyntaxKind.PostfixUnaryExpression], (node, ctx) => expr.lowerIncrementValue(node, ctx)],
  [[SyntaxKind.BinaryExpression], expr.lowerBinary],
  [[SyntaxKind.ConditionalExpression], expr.lowerConditional],
  [[SyntaxKind.PropertyAccessExpression], lowerPropertyAccess],
  [[SyntaxKind.ElementAccessExpression], lowerElementAccess],
  [[SyntaxKind.CallExpression], lowerCall],
  [[SyntaxKind.NewExpression], lowerNew],
  [[SyntaxKind.ObjectLiteralExpression], lowerObjectLiteral],
  [[SyntaxKind.ArrayLiteralExpression], lowerArrayLiteral],
  [[SyntaxKind.ArrowFunction, SyntaxKind.FunctionExpression], refuseWith(diag.localFunction)],
  [[SyntaxKind.TypeOfExpression], refuseWith(diag.runtimeTypeTest)],
  [[SyntaxKind.DeleteExpression], refuseWith(diag.deleteOperator)],
  [[SyntaxKind.AwaitExpression], refuseWith(diag.asyncCode)],
  [[SyntaxKind.YieldExpression], refuseWith(diag.generatorFunction)],
  [[SyntaxKind.RegularExpressionLiteral], refuseWith(diag.regexLiteral)],
  [[SyntaxKind.SpreadElement], refuseWith(diag.unsupportedSpread)],
  [[SyntaxKind.BigIntLiteral], refuseWith(diag.unsupportedType)],
  [[SyntaxKind.SuperKeyword], refuseWith(diag.classInheritance)],
];

const STATEMENTS: [SyntaxKind[], StatementVisitor][] = [
  [[SyntaxKind.VariableStatement], stmt.lowerVariableStatement],
  [[SyntaxKind.ExpressionStatement], stmt.lowerExpressionStatement],
  [[SyntaxKind.IfStatement], stmt.lowerIf],
  [[SyntaxKind.Block], stmt.lowerBlock],
  [[SyntaxKind.ReturnStatement], stmt.lowerReturn],
  [[SyntaxKind.ThrowStatement], stmt.lowerThrow],
  [[SyntaxKind.SwitchStatement], lowerSwitch],
  [
    [SyntaxKind.ForStatement, SyntaxKind.ForOfStatement, SyntaxKind.ForInStatement, SyntaxKind.WhileStatement, SyntaxKind.DoStatement],
    (node, ctx) => lowerLoop(node, ctx),
  ],
  [[SyntaxKind.LabeledStatement], lowerLabeled],
  [[SyntaxKind.BreakStatement, SyntaxKind.ContinueStatement], stmt.lowerBreakOrContinue],
  [[SyntaxKind.EmptyStatement], stmt.lowerEmpty],
  [[SyntaxKind.TryStatement], stmt.refuseTry],
  [
    [SyntaxKind.FunctionDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.InterfaceDeclaration, SyntaxKind.TypeAliasDeclaration, SyntaxKind.EnumDeclaration],
    stmt.refuseNestedDeclaration,
  ],
];

function table<V>(entries: [SyntaxKind[], V][]): Map<SyntaxKind, V> {
  return new Map(entries.flatMap(([kinds, visitor]) => kinds.map((kind) => [kind, visitor] as const)));
}

export const VISITORS: VisitorTable = { expressions: table(EXPRESSIONS), statements: table(STATEMENTS) };

/** Lowers the unit(s) of one TS module (and everything of that module they use) to IR. */
export function lowerModule(req: LowerRequest): LowerResult {
  return lowerSourceFile(openSourceFile(req.root, req.file), { root: req.root, units: req.units });
}

export interface LowerSourceOptions {
  /** Project root: origins are relative to it. */
  root: string;
  units?: string[];
}

/** Same as lowerModule for a source file already in a ts-morph project (tests use in-memory ones). */
export function lowerSourceFile(sourceFile: SourceFile, options: LowerSourceOptions): LowerResult {
  const relativePath = path.relative(options.root, sourceFile.getFilePath()).split(path.sep).join('/');
  const tables: ModuleTables = {
    structs: new Map(),
    enums: new Map(),
    functions: new Map(),
    classes: new Map(),
    constants: new Map(),
    names: new Map(),
    functionNodes: new Map(),
    methodNodes: new Map(),
    constructorNodes: new Map(),
    importedDeclarations: new Map(),
  };
  const ctx = new LowerContext(sourceFile, relativePath, VISITORS, tables);
  const report = (d: diag.Diagnostic): void => ctx.report(d);
  const collected = collectDeclarations(sourceFile, options.units ?? [], (n) => ctx.origin(n), report);
  for (const [node, code] of collected.importedDeclarations) tables.importedDeclarations.set(node, code);
  const byKind = (kind: CollectedDeclaration['kind']): CollectedDeclaration[] => collected.declarations.filter((d) => d.kind === kind);
  for (const decl of collected.declarations) tables.names.set(decl.node.compilerNode, decl.name);

  for (const decl of byKind('enum')) {
    const declared = declareEnum(ctx, decl);
    if (declared) tables.enums.set(decl.name, declared);
  }
  const structs = byKind('struct').map((decl) => {
    const struct = declareStruct(ctx, decl);
    tables.structs.set(decl.name, struct);
    return { decl, struct };
  });
  const classes = byKind('class').filter((decl) => {
    if (!isGeneric(decl.node)) return true;
    ctx.generics.classes.set(decl.name, decl);
    return false;
  });
  for (const decl of classes) tables.classes.set(decl.name, stubClass(decl, ctx.origin(decl.node)));
  for (const { decl, struct } of structs) fillStructFields(ctx, decl, struct);
  for (const decl of classes) {
    const cls = declareClass(ctx, decl);
    if (cls) tables.classes.set(decl.name, cls);
  }
  for (const decl of byKind('class')) {
    if (isGeneric(decl.node) && collected.entryPoints.includes(decl.name)) declareGenericClass(ctx, decl);
  }
  for (const decl of byKind('function')) {
    const fn = declareFunction(ctx, decl);
    if (!fn) continue;
    tables.functions.set(decl.name, fn);
    const node = functionNode(decl.node);
    if (node) tables.functionNodes.set(decl.name, node);
  }
  for (const decl of byKind('const')) {
    const constant = declareConst(ctx, decl);
    if (constant) tables.constants.set(decl.name, constant);
  }

  for (const decl of byKind('const')) {
    const constant = tables.constants.get(decl.name);
    if (constant) lowerConstValue(ctx, constant, decl);
  }
  for (const decl of byKind('function')) {
    const fn = tables.functions.get(decl.name);
    if (fn) lowerFunctionBody(ctx, fn, decl);
  }
  for (const decl of classes) {
    const cls = tables.classes.get(decl.name);
    if (cls) lowerClassBodies(ctx, cls, decl);
  }
  for (let next = ctx.generics.pending.shift(); next; next = ctx.generics.pending.shift()) {
    const { cls, decl, substitution } = next;
    ctx.withSubstitution(substitution, () => lowerClassBodies(ctx, cls, decl));
  }

  reportTypeErrors(ctx, sourceFile, collected.declarations.map((d) => d.node));
  inferBounds(tables);
  analyseEffects(tables, report);
  inferIntegers({ tables, slots: ctx.slots, entryPoints: collected.entryPoints, report });
  markSharedClasses(tables);

  const module: IrModule = {
    sourceFile: relativePath,
    name: moduleName(sourceFile.getBaseNameWithoutExtension()),
    structs: [...tables.structs.values()],
    enums: [...tables.enums.values()],
    constants: [...tables.constants.values()],
    functions: [...tables.functions.values()],
    classes: [...tables.classes.values()],
    entryPoints: collected.entryPoints,
  };
  const diagnostics = [...ctx.diagnostics].sort((a, b) => a.origin.line - b.origin.line || a.origin.column - b.origin.column);
  return { module, diagnostics };
}

function isGeneric(node: Node): boolean {
  return Node.isClassDeclaration(node) && node.getTypeParameters().length > 0;
}

function stubClass(decl: CollectedDeclaration, origin: ClassDecl['origin']): ClassDecl {
  return {
    kind: 'class',
    name: decl.name,
    fields: [],
    constructorParams: [],
    constructorBody: [],
    constructorThrows: false,
    methods: [],
    exported: decl.exported,
    origin,
  };
}

/** TypeScript's own errors inside the translated declarations (lowering trusts the checker). */
function reportTypeErrors(ctx: LowerContext, sourceFile: SourceFile, nodes: Node[]): void {
  const ranges = nodes.map((n) => [n.getPos(), n.getEnd()] as const);
  for (const d of sourceFile.getPreEmitDiagnostics()) {
    const start = d.getStart();
    if (d.getSourceFile()?.getFilePath() !== sourceFile.getFilePath() || start === undefined) continue;
    if (d.getCategory() !== 1 /* Error */ || !ranges.some(([from, to]) => start >= from && start < to)) continue;
    const message = typeof d.getMessageText() === 'string' ? (d.getMessageText() as string) : (d.getMessageText() as { getMessageText(): string }).getMessageText();
    const { line, column } = sourceFile.getLineAndColumnAtPos(start);
    ctx.report(diag.typeScriptError({ file: ctx.relativePath, line, column }, `TS${d.getCode()} ${message}`));
  }
}

/** `02-round-half-up` → `round_half_up`: usable as a crate and a Go package name. */
export function moduleName(base: string): string {
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[0-9_]+|_+$/g, '');
  return name.length > 0 ? name : 'unit';
}
