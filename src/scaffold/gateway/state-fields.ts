/**
 * The gateway's own state: a class that stays in TypeScript and changes its fields after
 * construction (OrderService: `orders = new Map()`, `orderCounter = 0`) would keep that state in
 * one process's memory — lost on a restart, different in every replica. Such fields are moved
 * onto the runtime's state store (runtime/state.ts):
 *
 * - a Map field initialised with `new Map()` → `durableMap('Class.field')`; its get/has/set/
 *   delete/clear/keys/values/entries calls and `size` are awaited;
 * - a number, string or boolean field with an initialiser → `durableCell('Class.field', init)`:
 *   `this.f` → `(await this.f.get())`, `this.f = v` → `await this.f.set(v)`, `+= d` / `++` →
 *   `await this.f.add(d)` (atomic in the store). A read that follows a write in the same block,
 *   with no `await` of the original in between, reads the value that write produced, as it did
 *   in the monolith, where nothing could run in between: so `counter += 1; id = f(counter)` hands
 *   out each number once, across replicas.
 *
 * Only classes whose instance is made at start-up and used while serving (request-time.ts).
 * Everything else that changes after construction (arrays, Sets, objects, values changed in
 * place, uses pivot cannot follow) stays in memory and is reported (PIV2020-PIV2022), naming the
 * field. Pure: edits are collected, the async rewrite (rewrite.ts) makes the functions async.
 */
import path from 'node:path';
import { Node, SyntaxKind, type ClassDeclaration, type Expression, type PropertyAccessExpression, type PropertyDeclaration, type SourceFile } from 'ts-morph';
import * as diag from './diagnostics.js';
import type { ProjectEdits } from './edits.js';
import { RequestTime } from './request-time.js';
import { origin, type AwaitedSite } from './rewrite.js';
import { addImport, importPath } from './wiring.js';

export interface StateFieldsRequest {
  root: string;
  runtimeDir: string;
  files: SourceFile[];
  edits: ProjectEdits;
}

export interface StateFields {
  /** `OrderService.orders (Map)`: fields now kept in the state store. */
  durable: string[];
  sites: AwaitedSite[];
  diagnostics: diag.Diagnostic[];
}

const MAP_READS = new Set(['get', 'has', 'keys', 'values', 'entries']);
const MAP_WRITES = new Set(['set', 'delete', 'clear']);
const MUTATORS = new Set(['set', 'delete', 'clear', 'add', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
const ASSIGNMENTS = new Set([
  SyntaxKind.EqualsToken,
  SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken,
  SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken,
  SyntaxKind.PercentEqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken,
  SyntaxKind.BarBarEqualsToken,
  SyntaxKind.AmpersandAmpersandEqualsToken,
]);

type Use = { access: PropertyAccessExpression; inConstructor: boolean };

export function moveStateFields(request: StateFieldsRequest): StateFields {
  const out: StateFields = { durable: [], sites: [], diagnostics: [] };
  const requestTime = new RequestTime(request.files);
  for (const file of request.files) {
    const imports = new Set<string>();
    for (const cls of file.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) {
      if (!requestTime.holdsState(cls)) continue;
      for (const field of cls.getProperties()) {
        if (field.isStatic()) continue;
        const kind = moveField(request, cls, field, out);
        if (kind === 'map') imports.add('durableMap');
        if (kind === 'cell') imports.add('durableCell');
        if (kind !== undefined && field.getTypeNode()) imports.add(kind === 'map' ? 'DurableMap' : 'DurableCell');
      }
      for (const p of cls.getConstructors()[0]?.getParameters() ?? []) {
        if (p.isParameterProperty() && usesOf(request.root, cls, p.getName()).some((u) => !u.inConstructor && isWrite(u.access))) {
          out.diagnostics.push(diag.memoryOnlyState(origin(request.root, p), `${cls.getName() ?? 'class'}.${p.getName()}`));
        }
      }
    }
    if (imports.size > 0) {
      const sorted = [...imports].sort();
      const names = [...sorted.filter((n) => /^[a-z]/.test(n)), ...sorted.filter((n) => /^[A-Z]/.test(n)).map((n) => `type ${n}`)];
      addImport(request, file, `import { ${names.join(', ')} } from '${importPath(path.dirname(file.getFilePath()), request.runtimeDir, 'state')}';\n`);
    }
  }
  return out;
}

/** Every `this.<name>` inside the class (other references are reported by the caller). */
function usesOf(_root: string, cls: ClassDeclaration, name: string): Use[] {
  const uses: Use[] = [];
  for (const access of cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (access.getName() !== name || !Node.isThisExpression(access.getExpression())) continue;
    const owner = access.getFirstAncestor((a) => Node.isClassDeclaration(a) || Node.isClassExpression(a));
    if (owner !== cls) continue;
    uses.push({ access, inConstructor: access.getFirstAncestorByKind(SyntaxKind.Constructor) !== undefined });
  }
  return uses;
}

function isWrite(access: PropertyAccessExpression): boolean {
  const parent = access.getParentOrThrow();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === access && ASSIGNMENTS.has(parent.getOperatorToken().getKind())) return true;
  if ((Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(parent.getOperatorToken())) return true;
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === access) {
    const call = parent.getParent();
    if (Node.isCallExpression(call) && call.getExpression() === parent && MUTATORS.has(parent.getName())) return true;
    const assigned = parent.getParent();
    if (Node.isBinaryExpression(assigned) && assigned.getLeft() === parent && ASSIGNMENTS.has(assigned.getOperatorToken().getKind())) return true;
  }
  if (Node.isElementAccessExpression(parent) && parent.getExpression() === access) {
    const assigned = parent.getParent();
    return Node.isBinaryExpression(assigned) && assigned.getLeft() === parent && ASSIGNMENTS.has(assigned.getOperatorToken().getKind());
  }
  return false;
}

function moveField(request: StateFieldsRequest, cls: ClassDeclaration, field: PropertyDeclaration, out: StateFields): 'map' | 'cell' | undefined {
  const label = `${cls.getName() ?? 'class'}.${field.getName()}`;
  const uses = usesOf(request.root, cls, field.getName());
  if (!uses.some((u) => !u.inConstructor && isWrite(u.access))) return undefined;
  const report = (factory: typeof diag.memoryOnlyState, node: Node, construct: string): undefined => {
    out.diagnostics.push(factory(origin(request.root, node), construct));
    if (factory !== diag.memoryOnlyState) out.diagnostics.push(diag.memoryOnlyState(origin(request.root, field), label));
    return undefined;
  };
  const name = field.getNameNode();
  if (!Node.isIdentifier(name)) return report(diag.memoryOnlyState, field, label);
  const outside = name.findReferencesAsNodes().find((r) => r !== name && !uses.some((u) => u.access.getNameNode() === r));
  if (outside) return report(diag.durableFieldUse, outside, `${label} used outside this.${field.getName()}`);
  const inCtor = uses.find((u) => u.inConstructor);
  if (inCtor) return report(diag.durableFieldUse, inCtor.access, `${label} set in the constructor (initialise it where it is declared)`);
  const init = field.getInitializer();
  if (init === undefined) return report(diag.memoryOnlyState, field, label);
  const type = field.getType();
  if (type.getSymbol()?.getName() === 'Map' && Node.isNewExpression(init) && init.getArguments().length === 0) return moveMap(request, field, label, init, uses, out);
  const base = type.getBaseTypeOfLiteralType();
  if ((base.isNumber() || base.isString() || base.isBoolean()) && !init.getDescendants().some((d) => Node.isThisExpression(d))) return moveCell(request, field, label, init, uses, out);
  return report(diag.memoryOnlyState, field, label);
}

function moveMap(request: StateFieldsRequest, field: PropertyDeclaration, label: string, init: Expression, uses: Use[], out: StateFields): 'map' | undefined {
  const sites: AwaitedSite[] = [];
  for (const { access } of uses) {
    const member = access.getParentOrThrow();
    const call = member.getParent();
    if (Node.isPropertyAccessExpression(member) && member.getName() === 'size' && member.getExpression() === access) {
      sites.push({ site: member, idempotent: true, wrapped: false });
    } else if (Node.isPropertyAccessExpression(member) && Node.isCallExpression(call) && call.getExpression() === member && (MAP_READS.has(member.getName()) || MAP_WRITES.has(member.getName()))) {
      if (member.getName() === 'get' && changedInPlace(call)) {
        out.diagnostics.push(diag.durableValueChanged(origin(request.root, call), call.getText()), diag.memoryOnlyState(origin(request.root, field), label));
        return undefined;
      }
      sites.push({ site: call, idempotent: MAP_READS.has(member.getName()), wrapped: false });
    } else {
      out.diagnostics.push(diag.durableFieldUse(origin(request.root, access), `${label}: ${member.getText().slice(0, 60)}`), diag.memoryOnlyState(origin(request.root, field), label));
      return undefined;
    }
  }
  const typeArgs = Node.isNewExpression(init) ? init.getTypeArguments().map((t) => t.getText()) : [];
  const args = typeArgs.length === 2 ? typeArgs : field.getType().getTypeArguments().map((t) => t.getText(field));
  const edits = request.edits.for(field.getSourceFile().getFilePath());
  edits.replace(init.getStart(), init.getEnd(), `durableMap<${args.join(', ')}>('${label}')`);
  const typeNode = field.getTypeNode();
  if (typeNode) edits.replace(typeNode.getStart(), typeNode.getEnd(), `DurableMap<${args.join(', ')}>`);
  out.sites.push(...sites);
  out.durable.push(`${label} (Map)`);
  return 'map';
}

/** `const v = this.f.get(k)` (or `this.f.get(k)!.x = …`) followed by a change of a property of v. */
function changedInPlace(call: Node): boolean {
  let value: Node = call;
  while (Node.isNonNullExpression(value.getParent()) || Node.isAsExpression(value.getParent()) || Node.isParenthesizedExpression(value.getParent())) value = value.getParentOrThrow();
  const holder = value.getParent();
  if (Node.isPropertyAccessExpression(holder) || Node.isElementAccessExpression(holder)) return isChange(holder);
  if (!Node.isVariableDeclaration(holder) || !Node.isIdentifier(holder.getNameNode())) return false;
  return holder
    .getNameNode()
    .asKindOrThrow(SyntaxKind.Identifier)
    .findReferencesAsNodes()
    .some((ref) => {
      const parent = ref.getParent();
      return (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === ref && isChange(parent);
    });
}

function isChange(member: Node): boolean {
  const parent = member.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === member && ASSIGNMENTS.has(parent.getOperatorToken().getKind())) return true;
  if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) return true;
  const call = parent?.getParent();
  return Node.isPropertyAccessExpression(parent) && Node.isCallExpression(call) && MUTATORS.has(parent.getName());
}

function moveCell(request: StateFieldsRequest, field: PropertyDeclaration, label: string, init: Expression, uses: Use[], out: StateFields): 'cell' | undefined {
  const numeric = field.getType().getBaseTypeOfLiteralType().isNumber();
  const writes = uses.filter((u) => isWrite(u.access));
  for (const { access } of writes) {
    const parent = access.getParentOrThrow();
    const op = Node.isBinaryExpression(parent) ? parent.getOperatorToken().getKind() : undefined;
    const selfRead = Node.isBinaryExpression(parent) && op === SyntaxKind.EqualsToken && uses.some((u) => u.access !== access && parent.getRight().containsRange(u.access.getPos(), u.access.getEnd()));
    const unsupported = Node.isBinaryExpression(parent)
      ? op !== SyntaxKind.EqualsToken && !(numeric && (op === SyntaxKind.PlusEqualsToken || op === SyntaxKind.MinusEqualsToken))
      : !Node.isPrefixUnaryExpression(parent) && !Node.isPostfixUnaryExpression(parent);
    if (selfRead || unsupported) {
      const why = selfRead ? 'a read-modify-write the store cannot do atomically' : 'a change pivot does not rewrite';
      out.diagnostics.push(diag.durableFieldUse(origin(request.root, parent), `${label}: ${parent.getText().slice(0, 60)} (${why})`), diag.memoryOnlyState(origin(request.root, field), label));
      return undefined;
    }
  }
  const file = field.getSourceFile();
  const edits = request.edits.for(file.getFilePath());
  const typeText = field.getTypeNode()?.getText() ?? field.getType().getBaseTypeOfLiteralType().getText(field);
  const fresh = new Set<PropertyAccessExpression>();
  for (const { access } of writes) rewriteCellWrite(edits, access, uses, fresh, out);
  for (const { access } of uses) {
    if (isWrite(access) || fresh.has(access)) continue;
    edits.wrap(access.getStart(), access.getEnd(), '(await ', '.get())');
    out.sites.push({ site: access, idempotent: true, wrapped: true });
  }
  edits.replace(init.getStart(), init.getEnd(), `durableCell<${typeText}>('${label}', ${init.getText()})`);
  const typeNode = field.getTypeNode();
  if (typeNode) edits.replace(typeNode.getStart(), typeNode.getEnd(), `DurableCell<${typeText}>`);
  out.durable.push(`${label} (${typeText})`);
  return 'cell';
}

/** One write of a cell; reads it makes fresh (same block, no original await between) are added to `fresh`. */
function rewriteCellWrite(edits: ReturnType<ProjectEdits['for']>, access: PropertyAccessExpression, uses: Use[], fresh: Set<PropertyAccessExpression>, out: StateFields): void {
  const parent = access.getParentOrThrow();
  const target = access.getText();
  let call: string;
  let value: Expression | undefined;
  if (Node.isBinaryExpression(parent)) {
    value = parent.getRight();
    const op = parent.getOperatorToken().getKind();
    call = op === SyntaxKind.EqualsToken ? `${target}.set(` : op === SyntaxKind.PlusEqualsToken ? `${target}.add(` : `${target}.add(-(`;
  } else {
    const unary = parent as Node & { getOperatorToken(): SyntaxKind };
    call = `${target}.add(${unary.getOperatorToken() === SyntaxKind.PlusPlusToken ? '1' : '-1'})`;
  }
  const close = value === undefined ? '' : call.endsWith('-(') ? '))' : ')';
  const statement = parent.getParent();
  const readsAfter = Node.isExpressionStatement(statement) ? freshReads(statement, access, uses) : [];
  let before: string;
  let after = close;
  if (readsAfter.length > 0) {
    const local = freeLocal(statement!, access.getName());
    before = `const ${local} = await ${call}`;
    for (const read of readsAfter) {
      edits.replace(read.getStart(), read.getEnd(), local);
      fresh.add(read);
    }
  } else if (Node.isExpressionStatement(statement)) {
    before = `await ${call}`;
  } else if (Node.isPostfixUnaryExpression(parent)) {
    before = `((await ${call}) - ${parent.getOperatorToken() === SyntaxKind.PlusPlusToken ? '1' : '-1'})`;
  } else {
    before = `(await ${call}`;
    after = `${close})`;
  }
  if (value === undefined) {
    edits.replace(parent.getStart(), parent.getEnd(), before);
  } else {
    edits.replace(parent.getStart(), value.getStart(), before);
    edits.insert(value.getEnd(), after);
  }
  out.sites.push({ site: parent as Expression, idempotent: false, wrapped: true });
}

/** Reads of the field in the statements after `statement` in its block, up to the next write or an `await`. */
function freshReads(statement: Node, write: PropertyAccessExpression, uses: Use[]): PropertyAccessExpression[] {
  const block = statement.getParent();
  if (!Node.isBlock(block)) return [];
  const reads: PropertyAccessExpression[] = [];
  for (const next of block.getStatements().slice(statement.getChildIndex() + 1)) {
    const inside = uses.filter((u) => u.access !== write && next.containsRange(u.access.getPos(), u.access.getEnd()));
    const awaits = next.getDescendantsOfKind(SyntaxKind.AwaitExpression);
    for (const u of inside) {
      if (isWrite(u.access)) return reads;
      if (awaits.some((a) => a.getStart() < u.access.getStart())) return reads;
      reads.push(u.access);
    }
    if (awaits.length > 0 || next.getDescendants().some((d) => Node.isFunctionLikeDeclaration(d))) return reads;
  }
  return reads;
}

function freeLocal(statement: Node, name: string): string {
  const scope = statement.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) ?? statement.getSourceFile();
  const names = scope.getDescendantsOfKind(SyntaxKind.Identifier).filter((i) => {
    const parent = i.getParent();
    return !(Node.isPropertyAccessExpression(parent) && parent.getNameNode() === i);
  });
  const used = new Set(names.map((i) => i.getText()));
  let candidate = name;
  for (let i = 2; used.has(candidate); i++) candidate = `${name}${i}`;
  return candidate;
}
