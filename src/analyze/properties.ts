import { readFileSync } from 'node:fs';
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * Property names the code writes in object literals — a parse-only pass (typescript-estree) is
 * enough, no type information needed. Used to propose which response fields parity should
 * treat as volatile.
 */
export function objectLiteralKeys(files: string[]): Set<string> {
  const keys = new Set<string>();
  for (const file of files) {
    let ast: TSESTree.Program;
    try {
      ast = parse(readFileSync(file, 'utf8'), { jsx: file.endsWith('x'), loc: false, range: false });
    } catch {
      continue; // the static pass reports syntax errors; this pass only proposes names
    }
    simpleTraverse(ast, {
      enter(node) {
        if (node.type !== 'ObjectExpression') return;
        for (const property of node.properties) {
          if (property.type !== 'Property') continue;
          if (property.key.type === 'Identifier') keys.add(property.key.name);
          else if (property.key.type === 'Literal' && typeof property.key.value === 'string') keys.add(property.key.value);
        }
      },
    });
  }
  return keys;
}
