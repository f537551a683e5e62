import { Node, SyntaxKind, type SourceFile, type ts } from 'ts-morph';
import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Origin } from '../ir.js';

/**
 * Unit resolution and dependency collection: the units the user named (or every exported
 * function, const-bound function and class) plus, transitively, every module-level declaration
 * of the same file they use. Names imported from elsewhere are reported, never followed.
 */
export type DeclarationKind = 'function' | 'class' | 'struct' | 'enum' | 'const' | 'alias';

export interface CollectedDeclaration {
  kind: DeclarationKind;
  name: string;
  node: Node;
  exported: boolean;
}

export interface CollectedModule {
  /** In source order. */
  declarations: CollectedDeclaration[];
  entryPoints: string[];
  importedDeclarations: Map<ts.Node, string>;
}

export function collectDeclarations(
  sourceFile: SourceFile,
  units: readonly string[],
  origin: (node: Node) => Origin,
  report: (d: Diagnostic) => void,
): CollectedModule {
  const topLevel = topLevelDeclarations(sourceFile);
  const byName = new Map(topLevel.map((d) => [d.name, d]));
  const fileOrigin: Origin = { ...origin(sourceFile), line: 1, column: 1 };
  const entryPoints: CollectedDeclaration[] = [];
  if (units.length === 0) {
    entryPoints.push(...topLevel.filter((d) => d.exported && (d.kind === 'function' || d.kind === 'class')));
    if (entryPoints.length === 0) report(diag.nothingToTranslate(fileOrigin, sourceFile.getBaseName()));
  }
  for (const name of units) {
    const found = byName.get(name);
    if (found && (found.kind === 'function' || found.kind === 'class')) {
      entryPoints.push(found);
    } else if (found) {
      report(diag.notAUnit(origin(found.node), name));
    } else {
      const available = topLevel.filter((d) => d.kind === 'function' || d.kind === 'class').map((d) => d.name);
      const detail = available.length > 0 ? `available: ${available.join(', ')}` : 'the file declares no units';
      report(diag.withDetail(diag.unitNotFound(fileOrigin, name), detail));
    }
  }

  const byNode = new Map(topLevel.map((d) => [d.node.compilerNode as ts.Node, d]));
  const collected = new Set<CollectedDeclaration>();
  const importedDeclarations = new Map<ts.Node, string>();
  const queue = [...entryPoints];
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (collected.has(current)) continue;
    collected.add(current);
    for (const identifier of current.node.getDescendantsOfKind(SyntaxKind.Identifier)) {
      for (const decl of identifier.getSymbol()?.getDeclarations() ?? []) {
        if (decl.getSourceFile() !== sourceFile) continue;
        const importDecl = decl.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
        if (importDecl) {
          const specifier = importDecl.getModuleSpecifierValue();
          const factory = specifier.startsWith('.') ? diag.projectImport : diag.packageImport;
          const d = factory(origin(identifier), `${identifier.getText()} (from '${specifier}')`);
          importedDeclarations.set(decl.compilerNode, d.code);
          report(d);
          continue;
        }
        const owner = byNode.get(decl.compilerNode);
        if (owner && !collected.has(owner)) queue.push(owner);
      }
    }
  }
  return {
    declarations: topLevel.filter((d) => collected.has(d)),
    entryPoints: entryPoints.map((d) => d.name),
    importedDeclarations,
  };
}

/** Every module-level declaration with a name, classified, in source order. */
export function topLevelDeclarations(sourceFile: SourceFile): CollectedDeclaration[] {
  const out: CollectedDeclaration[] = [];
  for (const statement of sourceFile.getStatements()) {
    if (Node.isVariableStatement(statement)) {
      for (const decl of statement.getDeclarations()) {
        const init = decl.getInitializer();
        const isFunction = init !== undefined && (Node.isArrowFunction(init) || Node.isFunctionExpression(init));
        out.push({ kind: isFunction ? 'function' : 'const', name: decl.getName(), node: decl, exported: statement.isExported() });
      }
      continue;
    }
    const kind = classify(statement);
    if (!kind) continue;
    const name = (statement as Node & { getName?: () => string | undefined }).getName?.();
    if (!name) continue;
    const exported = Node.isExportable(statement) && statement.isExported();
    out.push({ kind, name, node: statement, exported });
  }
  return out;
}

function classify(node: Node): DeclarationKind | undefined {
  if (Node.isFunctionDeclaration(node)) return node.hasBody() ? 'function' : undefined;
  if (Node.isClassDeclaration(node)) return 'class';
  if (Node.isInterfaceDeclaration(node)) return 'struct';
  if (Node.isEnumDeclaration(node)) return 'enum';
  if (Node.isTypeAliasDeclaration(node)) {
    const typeNode = node.getTypeNode();
    if (typeNode && isStringLiteralUnion(typeNode)) return 'enum';
    if (typeNode && Node.isTypeLiteral(typeNode)) return 'struct';
    return 'alias';
  }
  return undefined;
}

export function isStringLiteralUnion(typeNode: Node): boolean {
  const members = Node.isUnionTypeNode(typeNode) ? typeNode.getTypeNodes() : [typeNode];
  return members.every((m) => Node.isLiteralTypeNode(m) && Node.isStringLiteral(m.getLiteral()));
}

/** The string literals of `type X = 'a' | 'b'`, in declaration order. */
export function unionVariants(typeNode: Node): string[] {
  const members = Node.isUnionTypeNode(typeNode) ? typeNode.getTypeNodes() : [typeNode];
  return members.map((m) => {
    const literal = Node.isLiteralTypeNode(m) ? m.getLiteral() : undefined;
    return literal && Node.isStringLiteral(literal) ? literal.getLiteralValue() : m.getText();
  });
}
