/**
 * After an extracted module's units became client calls, the private helpers only they used are
 * dead code (and would fail a lint for unused declarations): drop every non-exported
 * declaration and import nothing refers to any more, until none is left. Exported declarations
 * always stay — other modules, or users of the package, may use them.
 */
import { Node, Project, type Identifier, type SourceFile, type Statement } from 'ts-morph';

export function pruneUnused(text: string): string {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const file = project.createSourceFile('/module.ts', text);
  for (let removed = true; removed; ) {
    removed = false;
    for (const statement of file.getStatements()) {
      if (removable(statement)) {
        statement.remove();
        removed = true;
        break;
      }
    }
  }
  pruneImports(file);
  return file.getFullText();
}

function removable(statement: Statement): boolean {
  const names = declaredNames(statement);
  if (names === undefined || names.length === 0) return false;
  return names.every((name) => name.findReferencesAsNodes().every((ref) => ref === name || ref.getFirstAncestor((a) => a === statement) !== undefined));
}

/** The names a non-exported declaration introduces; undefined when it must stay. */
function declaredNames(statement: Statement): Identifier[] | undefined {
  if (
    Node.isFunctionDeclaration(statement) ||
    Node.isClassDeclaration(statement) ||
    Node.isInterfaceDeclaration(statement) ||
    Node.isTypeAliasDeclaration(statement) ||
    Node.isEnumDeclaration(statement)
  ) {
    if (statement.isExported() || statement.hasDeclareKeyword()) return undefined;
    const name = statement.getNameNode();
    return name !== undefined && Node.isIdentifier(name) ? [name] : undefined;
  }
  if (Node.isVariableStatement(statement)) {
    if (statement.isExported()) return undefined;
    const declarations = statement.getDeclarations();
    // Dropping an initialiser that calls something could drop a side effect.
    const sideEffects = declarations.some((d) => {
      const init = d.getInitializer();
      return init !== undefined && (Node.isCallExpression(init) || Node.isNewExpression(init) || init.getDescendants().some((n) => (Node.isCallExpression(n) || Node.isNewExpression(n)) && !insideFunction(n, init)));
    });
    if (sideEffects) return undefined;
    const names = declarations.map((d) => d.getNameNode());
    return names.every((n) => Node.isIdentifier(n)) ? (names as Identifier[]) : undefined;
  }
  return undefined;
}

function insideFunction(node: Node, root: Node): boolean {
  for (let n = node.getParent(); n && n !== root; n = n.getParent()) {
    if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) return true;
  }
  return false;
}

function pruneImports(file: SourceFile): void {
  const unused = (name: Identifier): boolean => name.findReferencesAsNodes().every((ref) => ref === name);
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getImportClause() === undefined) continue; // side-effect import
    const named = declaration.getNamedImports();
    const unusedNamed = named.filter((s) => {
      const local = s.getAliasNode() ?? s.getNameNode();
      return Node.isIdentifier(local) && unused(local);
    });
    const defaultImport = declaration.getDefaultImport();
    const namespace = declaration.getNamespaceImport();
    const defaultUnused = defaultImport === undefined || unused(defaultImport);
    const namespaceUnused = namespace === undefined || unused(namespace);
    if (unusedNamed.length === named.length && defaultUnused && namespaceUnused) {
      declaration.remove();
      continue;
    }
    for (const specifier of unusedNamed) specifier.remove();
    if (defaultImport && defaultUnused) declaration.removeDefaultImport();
    if (namespace && namespaceUnused) declaration.removeNamespaceImport();
  }
}
