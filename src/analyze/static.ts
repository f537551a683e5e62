import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project, ts, type CompilerOptions } from 'ts-morph';
import { InternalError, UserError } from '../errors.js';
import type { DiscoveredRoute, StaticAnalysis, StaticUnit } from './types.js';
import {
  countLines, findSyntaxProblems, includeMatcher, isExcludedPath, readSource, resolveRoot, toPosixRelative, walkSourceFiles,
} from './sources.js';
import { collectUnits, UnitIndex } from './units.js';
import { collectModuleState, finishFeatures, measureUnit, type ModuleState, type UnitTally } from './features.js';
import { collectFileIo } from './io.js';
import { discoverRoutes } from './routes/index.js';

/**
 * The static pass: which units a project has, what their code looks like (features, call
 * edges) and which HTTP routes it serves. Pure apart from reading the project's files.
 */

export interface StaticPassOptions {
  /** Globs or paths relative to the root; when given, only matching files are analysed. */
  include?: string[];
}

/**
 * What the checker needs to resolve calls between project files, and no more: the project's
 * files are the program's roots, so `noResolve` keeps dependencies (and the @types they pull
 * in) out; the ES library without the DOM is enough to infer callback parameter types. This
 * takes the fixed cost of a small project from about a second to a few hundred ms.
 */
const LEAN_OPTIONS: CompilerOptions = { noResolve: true, types: [], lib: ['lib.esnext.d.ts'], noEmit: true };

/** Options for projects without a tsconfig.json: every kind of JS/TS, imports written either way. */
const DEFAULT_OPTIONS: CompilerOptions = {
  ...LEAN_OPTIONS,
  allowJs: true,
  checkJs: false,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
};

interface LoadedProject {
  project: Project;
  files: string[];
}

function loadProject(root: string): LoadedProject {
  const tsconfig = path.join(root, 'tsconfig.json');
  if (existsSync(tsconfig)) {
    try {
      const project = new Project({ tsConfigFilePath: tsconfig, skipFileDependencyResolution: true, compilerOptions: LEAN_OPTIONS });
      const files: string[] = [];
      for (const sourceFile of project.getSourceFiles()) {
        const file = path.resolve(sourceFile.getFilePath());
        const relative = toPosixRelative(root, file);
        if (relative.startsWith('..') || isExcludedPath(relative)) project.removeSourceFile(sourceFile);
        else files.push(file);
      }
      if (files.length > 0) return { project, files: files.sort() };
    } catch {
      // An unreadable tsconfig (e.g. an `extends` that is not installed): fall back to the file walk.
    }
  }
  return {
    project: new Project({ compilerOptions: DEFAULT_OPTIONS, skipFileDependencyResolution: true }),
    files: walkSourceFiles(root),
  };
}

/** Runs the static pass over the project at `root`. */
export function runStaticPass(root: string, options: StaticPassOptions = {}): StaticAnalysis {
  const absoluteRoot = resolveRoot(root);
  const loaded = loadProject(absoluteRoot);
  const include = options.include === undefined || options.include.length === 0 ? undefined : includeMatcher(options.include);
  const sources = loaded.files
    .map((file) => ({ path: file, relative: toPosixRelative(absoluteRoot, file) }))
    .filter((file) => include === undefined || include(file.relative))
    .map((file) => ({ ...file, text: readSource(file.path) }));
  if (sources.length === 0) {
    throw new UserError(
      `No TypeScript or JavaScript sources found in ${absoluteRoot}`,
      options.include === undefined
        ? 'Point pivot at the directory with the monolith\'s .ts/.js files (node_modules, dist and tests are skipped).'
        : `Check the include patterns (${options.include.join(', ')}): they are relative to ${absoluteRoot}.`,
    );
  }
  const files = sources.map((source) => source.relative);
  const lines = sources.reduce((sum, source) => sum + countLines(source.text), 0);
  const { project } = loaded;
  for (const source of sources) {
    if (project.getSourceFile(source.path) === undefined) project.createSourceFile(source.path, source.text, { overwrite: true });
  }
  const program = project.getProgram().compilerObject;
  const parsed = sources.map((source) => {
    const sourceFile = program.getSourceFile(project.getSourceFileOrThrow(source.path).getFilePath());
    if (sourceFile === undefined) throw new InternalError(`${source.path} is not in the TypeScript program`);
    return { sourceFile, file: source.relative };
  });
  const problems = findSyntaxProblems(program, parsed.map(({ sourceFile, file }) => ({ sourceFile, relative: file })));
  // The caller stops on syntax errors, so units of a half-parsed file would only mislead.
  if (problems.length > 0) return { root: absoluteRoot, files, lines, units: [], routes: [], frameworks: [], problems };
  const checker = program.getTypeChecker();

  const discovery = discoverRoutes(parsed, checker, program.getCompilerOptions());
  const index = new UnitIndex(checker);
  const moduleState: ModuleState = { kinds: new Map(), names: new Set() };
  for (const { sourceFile, file } of parsed) {
    collectUnits(index, sourceFile, file, discovery.inlineHandlerNames);
    collectModuleState(sourceFile, moduleState);
  }

  const routes: DiscoveredRoute[] = discovery.routes.map((route) => {
    const { handler } = route;
    const unit = handler === undefined ? undefined : ts.isMethodDeclaration(handler) ? index.unitOfDeclaration(handler) : index.resolve(handler);
    if (unit !== undefined) unit.isRouteHandler = true;
    const { handler: _handler, bodySchema, ...rest } = route;
    return { ...rest, ...(unit === undefined ? {} : { handler: unit.id }), ...(bodySchema === undefined ? {} : { bodySchema }) };
  });
  for (const handler of discovery.requestHandlers) {
    const unit = index.resolve(handler);
    if (unit !== undefined) unit.isRouteHandler = true;
  }

  const tallies = new Map<string, UnitTally>();
  const unitsByFile = new Map<string, typeof index.units>();
  for (const unit of index.units) unitsByFile.set(unit.file, [...(unitsByFile.get(unit.file) ?? []), unit]);
  for (const { sourceFile, file } of parsed) {
    const fileUnits = unitsByFile.get(file);
    if (fileUnits === undefined) continue;
    const io = collectFileIo(sourceFile);
    for (const unit of fileUnits) tallies.set(unit.id, measureUnit(unit, { checker, index, io, moduleState, sourceFile }));
  }
  const measured = finishFeatures(index.units, tallies, moduleState);

  const units: StaticUnit[] = index.units.map((unit) => {
    const { features, calls } = measured.get(unit.id)!;
    return {
      id: unit.id, file: unit.file, name: unit.name, kind: unit.kind, line: unit.line, column: unit.column,
      endLine: unit.endLine, exported: unit.exported, ...(unit.parent === undefined ? {} : { parent: unit.parent }),
      features, calls, isRouteHandler: unit.isRouteHandler,
    };
  });
  units.sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column);
  routes.sort((a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.method, b.method));
  return { root: absoluteRoot, files, lines, units, routes, frameworks: discovery.frameworks, problems };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
