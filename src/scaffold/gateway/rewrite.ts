/**
 * Call-site rewriting: every call of a declaration that now returns a Promise gets `await`, its
 * enclosing function becomes `async` (return type `Promise<…>`), and that function's own callers
 * follow, across the project, until the chain ends in callbacks whose caller awaits them (fastify
 * route handlers, test bodies, `.then`). References are found with the language service and
 * callbacks are judged by their contextual type, so the rewrite follows types, not names.
 *
 * Whatever cannot be rewritten safely is a diagnostic with file:line, never a silent guess:
 * calls in callbacks whose caller ignores a returned Promise (forEach, setTimeout, sort), a
 * remote function used as a value, accessors, constructors, top-level code, inheritance.
 * `items.map(x => remote(x))` becomes `await Promise.all(items.map(async x => await remote(x)))`
 * when every call it awaits is idempotent (the calls then run concurrently).
 */
import path from 'node:path';
import {
  Node,
  SyntaxKind,
  type ArrowFunction,
  type CallExpression,
  type Expression,
  type FunctionExpression,
  type Identifier,
  type MethodDeclaration,
  type Type,
} from 'ts-morph';
import type { Origin } from '../../translate/ir.js';
import * as diag from './diagnostics.js';
import type { ProjectEdits } from './edits.js';

export interface RemoteDeclaration {
  /** An extracted function, method or getter: its calls now return a Promise. */
  node: Node;
  idempotent: boolean;
  /** A method taking part in a hold (`id` names the hold): a function that opens and completes it owns it. */
  hold?: { id: string; role: 'open' | 'complete' | 'compensate' };
}

/** A call of the gateway's state store (state-fields.ts): awaited like a remote call. */
export interface AwaitedSite {
  site: Expression;
  /** Reads only. */
  idempotent: boolean;
  /** The `await` is already in the edits; only the enclosing function must become async. */
  wrapped: boolean;
}

export interface RewriteRequest {
  root: string;
  remote: RemoteDeclaration[];
  sites?: AwaitedSite[];
  /** Nodes whose text is replaced wholesale (the extracted declarations): nothing inside is edited. */
  replaced: Node[];
  /** Absolute paths of files that are not part of the gateway (dropped tests). */
  skip: ReadonlySet<string>;
  edits: ProjectEdits;
}

export interface RewriteResult {
  diagnostics: diag.Diagnostic[];
  /** `src/orders.ts#OrderService.viewProduct`: declarations that became async. */
  asyncified: string[];
  /** Functions that open a hold and also complete it: they own it (holds-scope.ts wraps them). */
  holdOwners: { fn: Node; holds: string[] }[];
}

type FunctionLike = Node;

export function origin(root: string, node: Node): Origin {
  const sf = node.getSourceFile();
  const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
  return { file: path.relative(root, sf.getFilePath()).split(path.sep).join('/'), line, column };
}

/** `Class.method` or the function / variable name, as the user wrote it. */
export function declarationLabel(node: Node): string {
  const name = Node.hasName(node) ? node.getName() : node.getKindName();
  const owner = node.getParent();
  if ((Node.isMethodDeclaration(node) || Node.isGetAccessorDeclaration(node) || Node.isPropertyDeclaration(node)) && Node.isClassDeclaration(owner)) {
    return `${owner.getName() ?? '(anonymous class)'}.${name}`;
  }
  return name;
}

export function rewriteCallSites(request: RewriteRequest): RewriteResult {
  return new AsyncRewriter(request).run();
}

class AsyncRewriter {
  private readonly diagnostics: diag.Diagnostic[] = [];
  private readonly asyncified: string[] = [];
  private readonly queue: Node[] = [];
  private readonly visited = new Set<Node>();
  private readonly madeAsync = new Set<Node>();
  private readonly idempotent = new Set<Node>();
  /** Function → whether each call it now awaits is idempotent. */
  private readonly awaitsIn = new Map<Node, boolean[]>();
  private readonly mapCallbacks: { callback: Node; call: CallExpression }[] = [];
  /** Function → hold ids it opens / completes. */
  private readonly holdsIn = new Map<Node, { open: Set<string>; complete: Set<string> }>();
  private readonly holdOf = new Map<Node, NonNullable<RemoteDeclaration['hold']>>();

  constructor(private readonly request: RewriteRequest) {}

  run(): RewriteResult {
    for (const remote of this.request.remote) {
      if (remote.idempotent) this.idempotent.add(remote.node);
      if (remote.hold) this.holdOf.set(remote.node, remote.hold);
      this.queue.push(remote.node);
    }
    for (const { site, idempotent, wrapped } of this.request.sites ?? []) this.awaitSite(site, idempotent, '', wrapped);
    for (let decl = this.queue.shift(); decl !== undefined; decl = this.queue.shift()) {
      if (this.visited.has(decl)) continue;
      this.visited.add(decl);
      const name = nameNode(decl);
      if (!name) {
        this.report(diag.usedAsValue, decl, 'an anonymous default export');
        continue;
      }
      for (const ref of name.findReferencesAsNodes()) {
        if (ref !== name && this.editable(ref)) this.reference(ref, decl);
      }
    }
    for (const { callback, call } of this.mapCallbacks) {
      if ((this.awaitsIn.get(callback) ?? []).some((idempotent) => !idempotent)) {
        this.report(diag.concurrentMutation, call, call.getExpression().getText());
      }
    }
    const holdOwners = [...this.holdsIn]
      .map(([fn, h]) => ({ fn, holds: [...h.open].filter((id) => h.complete.has(id)) }))
      .filter((owner) => owner.holds.length > 0);
    return { diagnostics: this.diagnostics, asyncified: this.asyncified, holdOwners };
  }

  private noteHold(site: Node, decl: Node): void {
    const hold = this.holdOf.get(decl);
    if (hold === undefined || hold.role === 'compensate') return;
    const fn = enclosingFunction(site);
    const seen = this.holdsIn.get(fn) ?? { open: new Set<string>(), complete: new Set<string>() };
    seen[hold.role].add(hold.id);
    this.holdsIn.set(fn, seen);
  }

  private editable(node: Node): boolean {
    const file = node.getSourceFile();
    if (this.request.skip.has(file.getFilePath())) return false;
    return !this.request.replaced.some(
      (r) => r.getSourceFile() === file && node.getStart() >= r.getPos() && node.getEnd() <= r.getEnd(),
    );
  }

  private reference(ref: Node, decl: Node): void {
    const parent = ref.getParentOrThrow();
    if (
      Node.isImportSpecifier(parent) ||
      Node.isExportSpecifier(parent) ||
      Node.isImportClause(parent) ||
      Node.isNamespaceImport(parent) ||
      ref.getFirstAncestorByKind(SyntaxKind.TypeQuery) !== undefined
    ) {
      return;
    }
    if (Node.isMethodSignature(parent) || Node.isPropertySignature(parent) || ((Node.isMethodDeclaration(parent) || Node.isPropertyDeclaration(parent)) && parent.getNameNode() === ref)) {
      this.report(diag.inheritedMethod, ref, declarationLabel(parent));
      return;
    }
    const access = Node.isPropertyAccessExpression(parent) && parent.getNameNode() === ref ? parent : ref;
    let site: Expression | undefined;
    if (Node.isGetAccessorDeclaration(decl)) {
      site = access === ref ? undefined : (access as Expression);
    } else {
      const call = access.getParent();
      site = Node.isCallExpression(call) && call.getExpression() === access ? call : undefined;
    }
    if (!site) {
      this.report(diag.usedAsValue, ref, declarationLabel(decl));
      return;
    }
    this.noteHold(site, decl);
    this.awaitSite(site, this.idempotent.has(decl));
  }

  /** `await` in front of `site`, then its enclosing function made async. */
  private awaitSite(site: Expression, idempotent: boolean, inner = '', wrapped = false): void {
    const fn = enclosingFunction(site);
    const parent = skipParens(site.getParentOrThrow());
    if (!wrapped && !Node.isAwaitExpression(parent)) {
      const parens = needsParens(site);
      const before = `${parens ? '(' : ''}await ${inner === '' ? '' : `${inner}(`}`;
      const after = `${inner === '' ? '' : ')'}${parens ? ')' : ''}`;
      this.request.edits.for(site.getSourceFile().getFilePath()).wrap(site.getStart(), site.getEnd(), before, after);
    }
    const list = this.awaitsIn.get(fn) ?? [];
    list.push(idempotent);
    this.awaitsIn.set(fn, list);
    const param = site.getFirstAncestor((a) => Node.isParameterDeclaration(a) && a.getParent() === fn);
    if (param) {
      this.report(diag.outsideFunction, site, `${site.getText()} in a parameter default`);
      return;
    }
    this.makeAsync(fn, site);
  }

  private makeAsync(fn: FunctionLike, site: Node): void {
    if (this.madeAsync.has(fn)) return;
    this.madeAsync.add(fn);
    if (Node.isConstructorDeclaration(fn)) {
      const cls = fn.getParent();
      this.report(diag.asyncConstructor, site, Node.isClassDeclaration(cls) ? (cls.getName() ?? 'a class') : 'a class');
      return;
    }
    if (Node.isGetAccessorDeclaration(fn) || Node.isSetAccessorDeclaration(fn)) {
      this.report(diag.asyncAccessor, site, declarationLabel(fn));
      return;
    }
    if (Node.isSourceFile(fn) || Node.isPropertyDeclaration(fn) || Node.isClassStaticBlockDeclaration(fn)) {
      this.report(diag.outsideFunction, site, site.getText());
      return;
    }
    if (!(Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) {
      this.report(diag.outsideFunction, site, site.getText());
      return;
    }
    if (fn.isAsync()) return;
    if (!Node.isArrowFunction(fn) && fn.isGenerator()) {
      this.report(diag.generatorFunction, fn, declarationLabel(fn));
      return;
    }
    if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) {
      if (Node.isMethodDeclaration(fn) && takesPartInInheritance(fn)) this.report(diag.inheritedMethod, fn, declarationLabel(fn));
      this.markAsync(fn, fn);
      return;
    }
    this.makeFunctionValueAsync(fn, site);
  }

  private makeFunctionValueAsync(fn: ArrowFunction | FunctionExpression, site: Node): void {
    const holder = skipParens(fn.getParentOrThrow());
    if (Node.isVariableDeclaration(holder) || Node.isPropertyDeclaration(holder) || Node.isPropertyAssignment(holder)) {
      if (!Node.isPropertyAssignment(holder) && holder.getTypeNode()) this.report(diag.typedFunctionValue, holder, declarationLabel(holder));
      this.markAsync(fn, holder);
      return;
    }
    if (Node.isCallExpression(holder) && holder.getArguments().some((a) => skipParensDown(a) === fn)) {
      if (isArrayMap(holder, fn)) {
        this.insertAsync(fn);
        this.mapCallbacks.push({ callback: fn, call: holder });
        this.awaitSite(holder, true, 'Promise.all');
        return;
      }
      if (acceptsPromise(fn)) {
        this.insertAsync(fn);
        return;
      }
      this.report(diag.callInSyncCallback, site, `callback of ${holder.getExpression().getText()}(…)`);
      return;
    }
    this.report(diag.callInSyncCallback, site, `function passed around at ${origin(this.request.root, fn).line}`);
  }

  /** A named declaration becomes async and its own callers are visited next. */
  private markAsync(fn: FunctionLike, declaration: Node): void {
    this.insertAsync(fn);
    const o = origin(this.request.root, declaration);
    this.asyncified.push(`${o.file}#${declarationLabel(declaration)}`);
    this.queue.push(declaration);
  }

  private insertAsync(fn: Node): void {
    const edits = this.request.edits.for(fn.getSourceFile().getFilePath());
    const keyword = fn.getFirstChildByKind(SyntaxKind.FunctionKeyword);
    const at = keyword ? keyword.getStart() : Node.isMethodDeclaration(fn) ? fn.getNameNode().getStart() : fn.getStart();
    edits.insert(at, 'async ');
    const returnType = Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) ? fn.getReturnTypeNode() : undefined;
    if (returnType && !isPromiseType(returnType.getType())) {
      edits.wrap(returnType.getStart(), returnType.getEnd(), 'Promise<', '>');
    }
  }

  private report(factory: (o: Origin, construct: string) => diag.Diagnostic, node: Node, construct: string): void {
    this.diagnostics.push(factory(origin(this.request.root, node), construct));
  }
}

function nameNode(decl: Node): Identifier | undefined {
  if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl) || Node.isGetAccessorDeclaration(decl) || Node.isVariableDeclaration(decl) || Node.isPropertyDeclaration(decl) || Node.isPropertyAssignment(decl)) {
    const name = decl.getNameNode();
    return name !== undefined && Node.isIdentifier(name) ? name : undefined;
  }
  return undefined;
}

function enclosingFunction(node: Node): FunctionLike {
  for (let n = node.getParent(); n; n = n.getParent()) {
    if (
      Node.isFunctionDeclaration(n) ||
      Node.isFunctionExpression(n) ||
      Node.isArrowFunction(n) ||
      Node.isMethodDeclaration(n) ||
      Node.isConstructorDeclaration(n) ||
      Node.isGetAccessorDeclaration(n) ||
      Node.isSetAccessorDeclaration(n) ||
      Node.isPropertyDeclaration(n) ||
      Node.isClassStaticBlockDeclaration(n)
    ) {
      return n;
    }
  }
  return node.getSourceFile();
}

function skipParens(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n)) n = n.getParentOrThrow();
  return n;
}

function skipParensDown(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}

/** Whether `await site` must be parenthesised where `site` stands. */
function needsParens(site: Node): boolean {
  const parent = site.getParentOrThrow();
  if (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent) || Node.isCallExpression(parent) || Node.isNewExpression(parent)) {
    return parent.getExpression() === site;
  }
  if (Node.isNonNullExpression(parent) || Node.isTaggedTemplateExpression(parent)) return true;
  if (Node.isBinaryExpression(parent)) return parent.getOperatorToken().getKind() === SyntaxKind.AsteriskAsteriskToken;
  return false;
}

function isArrayMap(call: CallExpression, fn: Node): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'map') return false;
  const first = call.getArguments()[0];
  if (first === undefined || skipParensDown(first) !== fn) return false;
  const type = callee.getExpression().getType();
  return type.isArray() || type.isReadonlyArray();
}

function isPromiseType(type: Type): boolean {
  const name = type.getSymbol()?.getName();
  return name === 'Promise' || name === 'PromiseLike';
}

/** The callback's contextual type says its caller takes a Promise back (and, by convention, awaits it). */
function acceptsPromise(fn: ArrowFunction | FunctionExpression): boolean {
  const contextual = fn.getContextualType();
  if (!contextual) return false;
  const types = contextual.isUnion() ? contextual.getUnionTypes() : [contextual];
  const signatures = types.flatMap((t) => t.getCallSignatures());
  if (signatures.length === 0) return false;
  return signatures.every((signature) => {
    const result = signature.getReturnType();
    if (result.isAny() || result.isUnknown()) return false;
    return (result.isUnion() ? result.getUnionTypes() : [result]).some(isPromiseType);
  });
}

function takesPartInInheritance(method: MethodDeclaration): boolean {
  const cls = method.getParent();
  if (!Node.isClassDeclaration(cls)) return false;
  const name = method.getName();
  const inherited = cls.getBaseTypes().some((t) => t.getProperty(name) !== undefined);
  const implemented = cls.getImplements().some((i) => i.getType().getProperty(name) !== undefined);
  const overridden = cls.getDerivedClasses().some((d) => d.getInstanceMethod(name) !== undefined);
  return inherited || implemented || overridden;
}
