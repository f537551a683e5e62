/**
 * Which code runs while the gateway serves, as opposed to start-up: everything reachable from a
 * callback the app hands to a library (a fastify route handler or hook, a timer, an event
 * listener) — not to the language's own (Array#map runs at once). A class whose instance is made
 * at start-up and whose methods run at request time holds the gateway's state; one made at start
 * and only used then (a seeded random generator building the catalogue) or one made per request
 * does not. Found by symbols, not names.
 */
import { Node, SyntaxKind, type ClassDeclaration, type SourceFile } from 'ts-morph';

function isFunctionLike(node: Node): boolean {
  return Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isGetAccessorDeclaration(node) || Node.isSetAccessorDeclaration(node);
}

function libraryCallee(call: Node): boolean {
  const callee = Node.isCallExpression(call) ? call.getExpression() : undefined;
  let symbol = callee?.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  return (symbol?.getDeclarations() ?? []).some((d) => {
    const file = d.getSourceFile().getFilePath();
    return file.includes('/node_modules/') && !file.includes('/node_modules/typescript/lib/');
  });
}

/** What a call or `new` runs, inside the project: function bodies, methods, constructors. */
function targets(node: Node): Node[] {
  const expression = Node.isCallExpression(node) || Node.isNewExpression(node) ? node.getExpression() : undefined;
  let symbol = expression?.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  const found: Node[] = [];
  for (const d of symbol?.getDeclarations() ?? []) {
    if (d.getSourceFile().getFilePath().includes('/node_modules/')) continue;
    if (Node.isVariableDeclaration(d) || Node.isPropertyDeclaration(d)) {
      const init = d.getInitializer();
      if (init && isFunctionLike(init)) found.push(init);
    } else if (Node.isClassDeclaration(d)) {
      found.push(...d.getConstructors());
    } else if (isFunctionLike(d)) {
      found.push(d);
    }
  }
  return found;
}

export class RequestTime {
  private readonly reached = new Set<Node>();

  constructor(files: SourceFile[]) {
    const queue: Node[] = [];
    for (const file of files) {
      for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
        if (!libraryCallee(call)) continue;
        for (const arg of call.getArguments()) if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) queue.push(arg);
      }
    }
    for (let fn = queue.shift(); fn !== undefined; fn = queue.shift()) {
      if (this.reached.has(fn)) continue;
      this.reached.add(fn);
      for (const call of fn.getDescendants()) {
        if (Node.isCallExpression(call) || Node.isNewExpression(call)) queue.push(...targets(call).filter((t) => !this.reached.has(t)));
      }
    }
  }

  /** Whether `node` runs while the gateway serves (inside a reached function). */
  has(node: Node): boolean {
    for (let n: Node | undefined = node; n !== undefined; n = n.getParent()) if (this.reached.has(n)) return true;
    return false;
  }

  /** Made at start-up (some `new` outside request time) and used at request time (a method runs then). */
  holdsState(cls: ClassDeclaration): boolean {
    const methods = [...cls.getMethods(), ...cls.getGetAccessors(), ...cls.getSetAccessors()];
    if (!methods.some((m) => this.reached.has(m))) return false;
    const name = cls.getNameNode();
    if (name === undefined) return false;
    return name.findReferencesAsNodes().some((ref) => {
      const made = ref.getParent();
      return Node.isNewExpression(made) && made.getExpression() === ref && !this.has(made);
    });
  }
}
