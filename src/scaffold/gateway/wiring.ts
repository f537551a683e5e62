/**
 * Where the gateway's runtime plugs into the monolith, found by type (what a call resolves to),
 * not by name:
 * - every `fastify(…)` call becomes `withPivot(fastify(…))`, which installs the UpstreamError →
 *   503 mapping, the /health dependency report, /ready and the http_* metrics before the app
 *   adds its own routes and error handler;
 * - every `new Registry(…)` of prom-client becomes `registerPivotMetrics(new Registry(…))`, so the
 *   upstream metrics show on the app's own /metrics.
 */
import path from 'node:path';
import { Node, type SourceFile } from 'ts-morph';
import type { ProjectEdits } from './edits.js';

export interface Wiring {
  /** Files that create a fastify app / a prom-client registry (absolute paths). */
  fastifyFiles: string[];
  registryFiles: string[];
  /** Facts the runtime templates need. */
  hasReadyRoute: boolean;
  hasMetricsRoute: boolean;
  hasHttpMetrics: boolean;
}

export interface WiringRequest {
  files: SourceFile[];
  runtimeDir: string;
  edits: ProjectEdits;
}

export function wireRuntime(request: WiringRequest): Wiring {
  const wiring: Wiring = { fastifyFiles: [], registryFiles: [], hasReadyRoute: false, hasMetricsRoute: false, hasHttpMetrics: false };
  for (const file of request.files) {
    let fastify = 0;
    let registries = 0;
    const edits = request.edits.for(file.getFilePath());
    for (const node of file.getDescendants()) {
      if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
        const text = node.getLiteralText();
        if (text === '/ready') wiring.hasReadyRoute = true;
        if (text === '/metrics') wiring.hasMetricsRoute = true;
        if (text === 'http_requests_total' || text === 'http_request_duration_seconds') wiring.hasHttpMetrics = true;
      } else if (Node.isCallExpression(node) && resolvesTo(node.getExpression(), 'fastify', 'fastify')) {
        edits.wrap(node.getStart(), node.getEnd(), 'withPivot(', ')');
        fastify += 1;
      } else if (Node.isNewExpression(node) && resolvesTo(node.getExpression(), 'prom-client', 'Registry')) {
        edits.wrap(node.getStart(), node.getEnd(), 'registerPivotMetrics(', ')');
        registries += 1;
      }
    }
    const dir = path.dirname(file.getFilePath());
    if (fastify > 0) {
      addImport(request, file, `import { withPivot } from '${importPath(dir, request.runtimeDir, 'fastify')}';\n`);
      wiring.fastifyFiles.push(file.getFilePath());
    }
    if (registries > 0) {
      addImport(request, file, `import { registerPivotMetrics } from '${importPath(dir, request.runtimeDir, 'metrics')}';\n`);
      wiring.registryFiles.push(file.getFilePath());
    }
  }
  return wiring;
}

/** `./pivot/fastify.js` from the importing file's folder (both absolute). */
export function importPath(fromDir: string, runtimeDir: string, module: string): string {
  const relative = path.relative(fromDir, path.join(runtimeDir, `${module}.js`)).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** Adds an import line after the file's last import (or after its header comment). */
export function addImport(request: { edits: ProjectEdits }, file: SourceFile, line: string): void {
  request.edits.for(file.getFilePath()).insert(importPosition(file), line, -1);
}

function importPosition(file: SourceFile): number {
  const imports = file.getImportDeclarations();
  const last = imports[imports.length - 1];
  if (last) return endOfLine(file.getFullText(), last.getEnd());
  const first = file.getStatements()[0];
  if (!first) return file.getEnd();
  // After the leading comments when a blank line separates them from the first statement.
  const text = file.getFullText();
  const start = first.getStart(true);
  const ranges = first.getLeadingCommentRanges();
  const header = ranges.find((r) => /\n[ \t]*\n/.test(text.slice(r.getEnd(), first.getStart())));
  return header ? endOfLine(text, header.getEnd()) : start;
}

function endOfLine(text: string, pos: number): number {
  const newline = text.indexOf('\n', pos);
  return newline === -1 ? text.length : newline + 1;
}

/** Whether `expression` names the declaration `name` of package `moduleName`, through any import alias. */
function resolvesTo(expression: Node, moduleName: string, name: string): boolean {
  let symbol = expression.getSymbol();
  if (!symbol) return false;
  if (symbol.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  if (symbol.getName() !== name) return false;
  return symbol.getDeclarations().some((d) => {
    const file = d.getSourceFile().getFilePath().split(path.sep).join('/');
    return file.includes(`/node_modules/${moduleName}/`) || file.includes(`/node_modules/@types/${moduleName}/`);
  });
}
