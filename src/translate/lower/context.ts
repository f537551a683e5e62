import { Node, SyntaxKind, type SourceFile, type Type, type ts } from 'ts-morph';
import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import {
  BOOL,
  createBinary,
  createBuiltin,
  createNumber,
  createPlaceholder,
  createPlaceholderStmt,
  createString,
  I64,
  type ClassDecl,
  type ConstDecl,
  type EnumDecl,
  type Expr,
  type FunctionDecl,
  type IrType,
  type Origin,
  type Stmt,
  type StructDecl,
} from '../ir.js';
import { adaptToType } from './adapt.js';
import type { CollectedDeclaration } from './declarations.js';
import type { PendingInstance } from './generics.js';
import { IntegerGuards } from './guards.js';
import { NumericSlots, type SlotInfo } from './slots.js';
import { lowerTsType } from './types.js';

export type ExpressionVisitor = (node: Node, ctx: LowerContext, expected: IrType | undefined) => Expr;
export type StatementVisitor = (node: Node, ctx: LowerContext) => Stmt[];

/** The one visitor table: SyntaxKind → visitor (built in index.ts). */
export interface VisitorTable {
  expressions: ReadonlyMap<SyntaxKind, ExpressionVisitor>;
  statements: ReadonlyMap<SyntaxKind, StatementVisitor>;
}

/** What lowering knows about the module's declarations, filled before any body is lowered. */
export interface ModuleTables {
  structs: Map<string, StructDecl>;
  enums: Map<string, EnumDecl>;
  functions: Map<string, FunctionDecl>;
  classes: Map<string, ClassDecl>;
  constants: Map<string, ConstDecl>;
  /** TS declaration node → IR name, for every collected module-level declaration. */
  names: Map<ts.Node, string>;
  /** The TS node of each function (to re-lower default arguments at call sites). */
  functionNodes: Map<string, Node>;
  /** Class name → method name → TS node. */
  methodNodes: Map<string, Map<string, Node>>;
  constructorNodes: Map<string, Node | undefined>;
  /** Import bindings used by the units (already reported) → the diagnostic code. */
  importedDeclarations: Map<ts.Node, string>;
}

export interface LocalInfo {
  name: string;
  type: IrType;
  binding: 'local' | 'param';
  /** Function nesting depth where the local was declared (closures see outer ones). */
  depth: number;
}

export interface Frame {
  kind: 'function' | 'method' | 'constructor' | 'closure' | 'initializer';
  name: string;
  result: IrType;
  className?: string;
  depth: number;
  /** The TS body, to check that a guarded path is never written. */
  body?: Node;
}

export class LowerContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly slots = new NumericSlots();
  readonly guards = new IntegerGuards(this);
  private readonly locals = new Map<ts.Node, LocalInfo>();
  private readonly frames: Frame[] = [];
  private readonly reported = new Set<string>();
  /** Generic classes by name, their instantiations, and the instantiations whose bodies wait. */
  readonly generics = {
    classes: new Map<string, CollectedDeclaration>(),
    instances: new Map<string, string>(),
    pending: [] as PendingInstance[],
    /** Generic functions by name: their type parameters bound to themselves (see generics.ts). */
    functions: new Map<string, Map<ts.Node, IrType>>(),
  };
  private readonly substitutions: Map<ts.Node, IrType>[] = [];
  private tempCounter = 0;
  private hoisted: Stmt[] | undefined;

  constructor(
    readonly sourceFile: SourceFile,
    /** POSIX path of the source file relative to the project root. */
    readonly relativePath: string,
    readonly visitors: VisitorTable,
    readonly tables: ModuleTables,
  ) {}

  // ---- diagnostics ---------------------------------------------------------------------------

  origin(node: Node): Origin {
    const { line, column } = this.sourceFile.getLineAndColumnAtPos(node.getStart());
    return { file: this.relativePath, line, column };
  }

  report(diagnostic: Diagnostic): void {
    const key = `${diagnostic.code}@${diagnostic.origin.line}:${diagnostic.origin.column}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(diagnostic);
  }

  /** The construct in the user's words: the node's source text, shortened to one line. */
  construct(node: Node): string {
    const text = node.getText().replace(/\s+/g, ' ').trim();
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  }

  typeText(type: Type, node: Node): string {
    return type.getText(node);
  }

  /** Refuses a call, still lowering its arguments so problems inside them are reported too. */
  refuseCall(factory: DiagnosticFactory, node: Node, construct = this.construct(node)): Expr {
    if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
      for (const arg of node.getArguments()) if (!Node.isArrowFunction(arg) && !Node.isFunctionExpression(arg)) this.lowerExpression(arg);
    }
    return this.refuse(factory, node, construct);
  }

  /** Reports `factory` at `node` and returns the placeholder that stands for it. */
  refuse(factory: DiagnosticFactory, node: Node, construct = this.construct(node)): Expr {
    const d = factory(this.origin(node), construct);
    this.report(d);
    return createPlaceholder(d.code, construct, d.origin);
  }

  refuseStmt(factory: DiagnosticFactory, node: Node, construct = this.construct(node)): Stmt[] {
    const d = factory(this.origin(node), construct);
    this.report(d);
    return [createPlaceholderStmt(d.code, construct, d.origin)];
  }

  /** Withdraws a warning that a later step made untrue (a read that turned out to handle absence). */
  retract(code: string, origin: Origin): void {
    const at = this.diagnostics.findIndex((d) => d.code === code && d.origin.line === origin.line && d.origin.column === origin.column);
    if (at >= 0) this.diagnostics.splice(at, 1);
  }

  /** Reports `factory` at `node` (its severity comes from the factory) without a placeholder. */
  reportAt(factory: DiagnosticFactory, node: Node, construct = this.construct(node)): void {
    this.report(factory(this.origin(node), construct));
  }

  // ---- lowering children (visitors only go through these) ------------------------------------

  lowerExpression(node: Node, expected?: IrType): Expr {
    const visitor = this.visitors.expressions.get(node.getKind());
    if (!visitor) return this.refuse(diag.unsupportedSyntax, node, `${node.getKindName()} \`${this.construct(node)}\``);
    return visitor(node, this, expected);
  }

  /** Lowers `node` where a value of `target` is stored (wraps in Some, retypes literals). */
  lowerTo(node: Node, target: IrType): Expr {
    return adaptToType(this, this.lowerExpression(node, target), target, node);
  }

  /** Fits an already lowered value to `target` (see adapt.ts). */
  adapt(expr: Expr, target: IrType, node: Node): Expr {
    return adaptToType(this, expr, target, node);
  }

  /** Lowers a condition; truthiness of non-booleans becomes an explicit test. */
  lowerCondition(node: Node): Expr {
    return this.truthiness(this.lowerExpression(node, BOOL), node);
  }

  truthiness(expr: Expr, node: Node): Expr {
    const type = expr.type;
    const origin = expr.origin;
    switch (type.kind) {
      case 'bool':
      case 'unknown':
        return expr;
      case 'optional': {
        const inner = type.inner.kind;
        if (inner === 'struct' || inner === 'class' || inner === 'array' || inner === 'map' || inner === 'set') {
          return { kind: 'isNone', value: expr, negated: true, type: BOOL, origin };
        }
        return this.refuse(diag.ambiguousTruthiness, node);
      }
      case 'string':
        return createBinary('!=', expr, createString('', origin), BOOL, origin);
      case 'f64':
      case 'i64': {
        const nonZero = createBinary('!=', expr, createNumber(0, I64, origin), BOOL, origin);
        const isNaN = createBuiltin('Number.isNaN', undefined, [expr], BOOL, origin);
        const notNaN: Expr = { kind: 'unary', op: '!', operand: isNaN, type: BOOL, origin };
        return { kind: 'logical', op: '&&', left: nonZero, right: notNaN, type: BOOL, origin };
      }
      default:
        return this.refuse(diag.ambiguousTruthiness, node);
    }
  }

  lowerStatement(node: Node): Stmt[] {
    const visitor = this.visitors.statements.get(node.getKind());
    if (!visitor) return this.refuseStmt(diag.unsupportedSyntax, node, `${node.getKindName()} \`${this.construct(node)}\``);
    const saved = this.hoisted;
    this.hoisted = [];
    try {
      const lowered = visitor(node, this);
      return [...this.hoisted, ...lowered];
    } finally {
      this.hoisted = saved;
    }
  }

  /** Runs `stmts` before the statement being lowered (`const id = next++` → `let t = next; next += 1; …`). */
  hoist(stmts: Stmt[]): boolean {
    if (!this.hoisted) return false;
    this.hoisted.push(...stmts);
    return true;
  }

  /** Lowers a statement list; integer guards established inside end with the list. */
  lowerStatements(nodes: readonly Node[]): Stmt[] {
    return this.guards.scoped(() => {
      const out: Stmt[] = [];
      for (const node of nodes) {
        out.push(...this.lowerStatement(node));
        this.guards.afterStatement(node);
      }
      return out;
    });
  }

  /** A block's statements, or a single statement as a list (`if (x) return;`). */
  lowerBody(node: Node): Stmt[] {
    return Node.isBlock(node) ? this.lowerStatements(node.getStatements()) : this.lowerStatements([node]);
  }

  // ---- types and locals -----------------------------------------------------------------------

  /** Lowers `run` with class type parameters bound to IR types (a generic instantiation). */
  withSubstitution<T>(substitution: Map<ts.Node, IrType>, run: () => T): T {
    this.substitutions.push(substitution);
    try {
      return run();
    } finally {
      this.substitutions.pop();
    }
  }

  /** The IR type a type parameter is bound to in the instantiation being lowered. */
  typeParameter(type: Type): IrType | undefined {
    const decl = type.getSymbol()?.getDeclarations()[0];
    if (!decl) return undefined;
    for (let i = this.substitutions.length - 1; i >= 0; i--) {
      const bound = this.substitutions[i]!.get(decl.compilerNode);
      if (bound) return bound;
    }
    return undefined;
  }

  typeOf(type: Type, node: Node, slot: SlotInfo): IrType {
    return lowerTsType(this, type, node, slot);
  }

  slotInfo(node: Node, name: string, description: string): SlotInfo {
    return { name, description, origin: this.origin(node) };
  }

  /** Map and Set keys of type number must be i64 (see numeric.ts). */
  demandIntegerKey(key: IrType): void {
    const id = this.slots.idOf(key);
    if (id === undefined) return;
    this.slots.demanded.add(id);
    this.slots.keys.add(id);
  }

  declareLocal(declaration: Node, name: string, type: IrType, binding: LocalInfo['binding'] = 'local'): LocalInfo {
    const info: LocalInfo = { name, type, binding, depth: this.frame?.depth ?? 0 };
    this.locals.set(declaration.compilerNode, info);
    return info;
  }

  localOf(declaration: Node): LocalInfo | undefined {
    return this.locals.get(declaration.compilerNode);
  }

  /** The declaration an identifier refers to (through shorthand `{ x }` properties too). */
  declarationOf(identifier: Node): Node | undefined {
    const parent = identifier.getParent();
    let symbol = identifier.getSymbol();
    if (parent && Node.isShorthandPropertyAssignment(parent)) {
      symbol = this.sourceFile.getProject().getTypeChecker().getShorthandAssignmentValueSymbol(parent);
    }
    return symbol?.getDeclarations()[0];
  }

  /**
   * Reports writes a translation cannot express: a closure assigning or mutating state of the
   * enclosing function (or `this`), and any write into a module-level constant.
   */
  checkWrite(target: Node): void {
    let root = target;
    while (
      Node.isPropertyAccessExpression(root) ||
      Node.isElementAccessExpression(root) ||
      Node.isParenthesizedExpression(root) ||
      Node.isNonNullExpression(root)
    ) {
      root = root.getExpression();
    }
    const frame = this.frame;
    const inClosure = frame?.kind === 'closure';
    if (root.getKind() === SyntaxKind.ThisKeyword) {
      if (inClosure) this.reportAt(diag.capturedMutation, target);
      return;
    }
    if (!Node.isIdentifier(root)) return;
    const decl = this.declarationOf(root);
    if (!decl) return;
    const local = this.localOf(decl);
    if (local) {
      if (inClosure && local.depth < frame.depth) this.reportAt(diag.capturedMutation, target);
      return;
    }
    const name = this.tables.names.get(decl.compilerNode);
    if (name && this.tables.constants.has(name)) this.reportAt(diag.moduleMutableState, target);
  }

  /** A fresh name for a lowering temporary (destructuring a call result). */
  tempName(base: string): string {
    this.tempCounter += 1;
    return `${base}${this.tempCounter}`;
  }

  // ---- frames -----------------------------------------------------------------------------------

  get frame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** The innermost method/constructor frame's class, for `this`. */
  get className(): string | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const name = this.frames[i]!.className;
      if (name) return name;
    }
    return undefined;
  }

  withFrame<T>(frame: Omit<Frame, 'depth'>, run: () => T): T {
    this.frames.push({ ...frame, depth: (this.frame?.depth ?? 0) + 1 });
    try {
      // A callback runs where it is written, so the integer guards around it still hold.
      return frame.kind === 'closure' ? run() : this.guards.isolated(run);
    } finally {
      this.frames.pop();
    }
  }

  /** The enclosing function body (skipping closures), for whole-function checks. */
  get functionBody(): Node | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const body = this.frames[i]!.body;
      if (body) return body;
    }
    return undefined;
  }
}

export type DiagnosticFactory = (origin: Origin, construct: string) => Diagnostic;
