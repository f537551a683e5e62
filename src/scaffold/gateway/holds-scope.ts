/**
 * A gateway function that opens a hold (InventoryStore.reserve) and completes it (confirm) owns
 * it: its body runs inside `withHolds` (runtime/holds.ts), so a hold it leaves open — the
 * confirm failed or timed out, or the code threw or returned before it — is compensated before
 * the function's error or result goes on. Only text insertions, so they combine with every
 * other edit of the rewrite.
 */
import path from 'node:path';
import { Node, type JSDoc } from 'ts-morph';
import { wrapWords } from '../../wrap-words.js';
import type { ResolvedHold } from '../services/holds.js';
import * as diag from './diagnostics.js';
import type { ProjectEdits } from './edits.js';
import { declarationLabel, origin } from './rewrite.js';
import { addImport, importPath } from './wiring.js';

export interface HoldScopeRequest {
  root: string;
  runtimeDir: string;
  owners: { fn: Node; holds: string[] }[];
  /** Hold id (`inventory.InventoryStore.reserve`) → its service and spec. */
  specs: ReadonlyMap<string, { service: string; spec: ResolvedHold }>;
  edits: ProjectEdits;
}

export interface HoldScopes {
  /** `src/orders.ts#OrderService.placeOrder`. */
  wrapped: string[];
  diagnostics: diag.Diagnostic[];
}

export function wrapHoldScopes(request: HoldScopeRequest): HoldScopes {
  const out: HoldScopes = { wrapped: [], diagnostics: [] };
  const files = new Set<string>();
  for (const { fn, holds } of request.owners) {
    const body = Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) ? fn.getBody() : undefined;
    const label = Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) ? declarationLabel(fn.getParentOrThrow()) : declarationLabel(fn);
    if (body === undefined || !Node.isBlock(body) || body.getDescendants().some((d) => Node.isIdentifier(d) && d.getText() === 'arguments')) {
      out.diagnostics.push(diag.holdScope(origin(request.root, fn), label));
      continue;
    }
    const file = fn.getSourceFile();
    const text = file.getFullText();
    const edits = request.edits.for(file.getFilePath());
    const open = body.getStart() + 1;
    const close = body.getEnd() - 1;
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    edits.insert(open, `\n${indent}  return withHolds(async () => {`, -2e9);
    // Indent the body one level: an insertion at the start of each of its lines.
    for (let at = text.indexOf('\n', open); at !== -1 && at + 1 < lineStart; at = text.indexOf('\n', at + 1)) {
      if (text[at + 1] !== '\n') edits.insert(at + 1, '  ', -2e9);
    }
    edits.insert(close, `${text.slice(lineStart, close) === indent ? '' : '\n'}  });\n${indent}`, 2e9 - 1);
    if (!files.has(file.getFilePath())) {
      files.add(file.getFilePath());
      addImport(request, file, `import { withHolds } from '${importPath(path.dirname(file.getFilePath()), request.runtimeDir, 'holds')}';\n`);
    }
    const guarantees = holds.map((id) => request.specs.get(id)).filter((h) => h !== undefined).map(guarantee);
    for (const doc of docsOf(fn)) edits.replace(doc.getStart(), doc.getEnd(), rewrittenDoc(doc, guarantees, indent));
    const o = origin(request.root, fn);
    out.wrapped.push(`${o.file}#${label}`);
  }
  return out;
}

/** What keeps the function correct now that its calls to the service are awaited one by one. */
function guarantee({ service, spec }: { service: string; spec: ResolvedHold }): string {
  return (
    `pivot: ${spec.method} and ${spec.complete ?? 'its completion'} are calls to the ${service} service now, with awaits in between. ` +
    `${spec.method} takes what it holds in one step inside the service, so concurrent calls cannot take more than there is; ` +
    `a hold this function leaves open (${spec.complete ?? 'the completion'} failed, timed out or was not reached) is given back with ${spec.compensate} ` +
    `before the error goes on, or by the service after its TTL (${spec.ttlSeconds} s) if the gateway dies first.`
  );
}

function docsOf(fn: Node): JSDoc[] {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return fn.getJsDocs();
  const statement = fn.getFirstAncestor((a) => Node.isVariableStatement(a));
  return Node.isVariableStatement(statement) ? statement.getJsDocs() : [];
}

/**
 * The doc comment without its sentences about `await` (the original's reasoning about running
 * without one is no longer true), plus what guarantees the same now; tags are kept.
 */
function rewrittenDoc(doc: JSDoc, guarantees: string[], indent: string): string {
  const description = doc.getDescription().replace(/\s+/g, ' ').trim();
  const sentences = description.split(/(?<=[.!?])\s+/).filter((s) => s !== '' && !/\bawaits?\b/i.test(s));
  const paragraphs = [sentences.join(' '), ...guarantees].filter((p) => p !== '');
  const lines: string[] = ['/**'];
  paragraphs.forEach((paragraph, i) => {
    if (i > 0) lines.push(' *');
    lines.push(...wrapWords(paragraph, 96 - indent.length).map((l) => ` * ${l}`));
  });
  for (const tag of doc.getTags()) lines.push(...tag.getText().trim().split('\n').map((l) => ` * ${l.replace(/^\s*\*\s?/, '')}`));
  lines.push(' */');
  return lines.join(`\n${indent}`);
}
