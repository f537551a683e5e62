import type { ApplyResult } from '../scaffold/apply.js';
import { runPlan } from './evolve-plan.js';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { ExitError, UserError } from '../errors.js';
import { kebabCase } from '../scaffold/gateway/plan.js';
import { createDiskWriter, createDryRunWriter, type WriteReport } from '../scaffold/writer.js';
import type { BuildProfile, TargetLanguage } from '../translate/api.js';
import { compileCheckTree, type CompileCheckFailure } from '../run/compile-check.js';
import { emittedCodeDoesNotCompile, formatDiagnostic, type Diagnostic } from '../translate/diagnostics.js';
import type { IrModule, Origin } from '../translate/ir.js';
import { evolveUnit, type EvolveResult, type EvolveStages } from '../translate/evolve.js';
import { createUi, type Ui } from '../ui.js';
import type { StateStore } from '../scaffold/services/holds.js';

export interface EvolveOptions {
  cwd: string;
  unit?: string;
  target?: TargetLanguage;
  plan?: string;
  /** With --plan: extract only these unit ids. */
  only?: string[];
  /** With --plan: where every stateful unit keeps its state (and so how it is deployed). */
  store?: StateStore;
  output?: string;
  profile?: BuildProfile;
  vectors?: number;
  seed?: number;
  dryRun?: boolean;
  force?: boolean;
  allowPartial?: boolean;
  /** False skips compiling the emitted code before it is written (--no-compile-check). */
  compileCheck?: boolean;
  json?: boolean;
  verbose?: boolean;
  /** Tests inject stages; the CLI uses the real ones. */
  stages?: EvolveStages;
  ui?: Ui;
}

const EXAMPLE = 'pivot evolve src/pricing.ts#quotePrice --target rust';
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

export interface UnitArgument {
  file: string;
  name?: string;
  /** Directory with the nearest package.json: origins and unit ids are relative to it. */
  root: string;
}

/** Resolves `file[#name]` against cwd and checks the file is a TypeScript module. */
export function parseUnitArgument(unit: string, cwd: string): UnitArgument {
  const hash = unit.lastIndexOf('#');
  const path = hash >= 0 ? unit.slice(0, hash) : unit;
  const name = hash >= 0 ? unit.slice(hash + 1) : undefined;
  if (path === '') throw new UserError(`"${unit}" names no file`, `give the module's path before the #, e.g. ${EXAMPLE}`);
  if (name === '') throw new UserError(`"${unit}" has an empty name after #`, 'name a function or class after #, or drop the # to translate every export');
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new UserError(`no such file: ${path}`, `paths are relative to the current directory, e.g. ${EXAMPLE}`);
  if (!statSync(file).isFile()) throw new UserError(`${path} is not a file`, `name a TypeScript module, e.g. ${EXAMPLE}`);
  if (!TS_EXTENSIONS.has(extname(file))) {
    throw new UserError(`${path} is not a TypeScript module`, 'pivot translates .ts sources; point it at the .ts file, not the compiled .js');
  }
  return { file, name, root: projectRoot(file) };
}

function projectRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}

/** `generated/<name>-<target>`: the unit's name when one was given, else the module's. */
export function defaultOutput(cwd: string, unit: UnitArgument, target: TargetLanguage): string {
  const name = unit.name ?? basename(unit.file, extname(unit.file));
  return join(cwd, 'generated', `${kebabCase(name)}-${target}`);
}

function checkOptions(options: EvolveOptions): { unit: string; target: TargetLanguage; seed: number } {
  if (!options.unit) throw new UserError('evolve needs a unit to translate', `name a module or one function/class in it, e.g. ${EXAMPLE}`);
  if (!options.target) {
    throw new UserError('evolve needs --target', 'pass --target rust (compute-bound code) or --target go (concurrent state); pivot analyze recommends one per unit');
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new UserError(`--seed takes an integer, got ${String(options.seed)}`, 'e.g. --seed 42');
  if (options.vectors !== undefined && !Number.isSafeInteger(options.vectors)) {
    throw new UserError(`--vectors takes a whole number, got ${options.vectors}`, 'e.g. --vectors 500');
  }
  return { unit: options.unit, target: options.target, seed };
}

function summarise(entries: WriteReport['entries']): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  return [...counts].map(([action, n]) => `${n} ${action}`).join(', ');
}

function vectorCounts(result: EvolveResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, file] of result.vectors) counts[name] = file.kind === 'function' ? file.vectors.length : file.sequences.length;
  return counts;
}

/** Where the unit is declared (the module's first entry point when the whole module was translated). */
function unitOrigin(module: IrModule, name: string | undefined): Origin {
  const wanted = name ?? module.entryPoints[0];
  const decl = [...module.functions, ...module.classes].find((d) => d.name === wanted);
  return decl?.origin ?? { file: module.sourceFile, line: 1, column: 1 };
}

function printDiagnostics(ui: Ui, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) ui.info(formatDiagnostic(d));
}

export async function run(options: EvolveOptions & { plan: string }): Promise<ApplyResult>;
export async function run(options: EvolveOptions): Promise<EvolveResult>;
export async function run(options: EvolveOptions): Promise<EvolveResult | ApplyResult> {
  if (options.plan !== undefined) {
    if (options.unit) throw new UserError('evolve takes either a unit or --plan, not both', `drop ${options.unit}, or drop --plan to translate one unit`);
    const ui = options.ui ?? createUi({ verbose: options.verbose, quiet: options.json });
    return runPlan({
      analysisFile: resolve(options.cwd, options.plan),
      outputDir: resolve(options.cwd, options.output ?? join('generated', 'polyglot')),
      profile: options.profile ?? 'balanced',
      seed: options.seed ?? 1,
      vectors: options.vectors,
      force: options.force,
      dryRun: options.dryRun,
      only: options.only,
      store: options.store,
      ui,
      verbose: options.verbose,
    });
  }
  const { unit: unitArg, target, seed } = checkOptions(options);
  const ui = options.ui ?? createUi({ verbose: options.verbose, quiet: options.json });
  const unit = parseUnitArgument(unitArg, options.cwd);
  const outputDir = options.output ? resolve(options.cwd, options.output) : defaultOutput(options.cwd, unit, target);
  const result = await evolveUnit(
    {
      root: unit.root,
      file: unit.file,
      units: unit.name ? [unit.name] : [],
      target,
      profile: options.profile ?? 'balanced',
      vectorCount: options.vectors,
      seed,
      allowPartial: options.allowPartial,
      step: (label, work) => ui.step(label, work),
      onOutput: options.verbose ? (line) => ui.info(`  | ${line}`) : undefined,
    },
    options.stages,
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const fromCwd = relative(options.cwd, outputDir);
  const shownOutput = fromCwd === '' ? '.' : fromCwd.startsWith('..') ? outputDir : fromCwd;
  const unitId = `${relative(unit.root, unit.file).split('\\').join('/')}${unit.name ? `#${unit.name}` : ''}`;
  const jsonReport = (files: WriteReport['entries'], written: boolean, compileErrors?: CompileCheckFailure) => ({
    unit: unitId,
    target,
    output: outputDir,
    dryRun: options.dryRun === true,
    complete: result.complete,
    written,
    diagnostics: result.diagnostics,
    vectors: vectorCounts(result),
    files: files.map(({ path, action, reason }) => ({ path, action, ...(reason ? { reason } : {}) })),
    ...(compileErrors ? { compileCheck: compileErrors } : {}),
  });

  printDiagnostics(ui, result.diagnostics);
  if (!result.complete && !options.allowPartial) {
    if (options.json) ui.out(JSON.stringify(jsonReport([], false), null, 2));
    else ui.error(`${errors} error(s) in ${unitArg}; nothing was written (--allow-partial writes the tree anyway)`);
    throw new ExitError(1);
  }
  if (result.formatError) ui.warn(`the partial tree is not formatted: ${result.formatError}`);
  // A partial tree holds placeholders by design; a complete one must compile before it is written.
  if (result.complete && options.compileCheck !== false) {
    const failure = await ui.step(`compile the emitted ${target === 'rust' ? 'crate (cargo check)' : 'module (go build, go vet)'}`, () =>
      compileCheckTree(result.tree, target, { shownDir: shownOutput }),
    );
    if (failure) {
      const diagnostic = emittedCodeDoesNotCompile(unitOrigin(result.module, unit.name), unitId);
      result.diagnostics.push(diagnostic);
      if (options.json) ui.out(JSON.stringify(jsonReport([], false, failure), null, 2));
      else {
        ui.info(formatDiagnostic(diagnostic));
        ui.info(`  ${failure.command}:`);
        for (const line of failure.errors) ui.info(`    ${line}`);
      }
      throw new ExitError(1);
    }
  }

  const writer = options.dryRun
    ? createDryRunWriter({ outputDir, force: options.force, json: false, print: options.json ? () => undefined : (t) => ui.out(t) })
    : createDiskWriter({ outputDir, force: options.force });
  const report = await writer.write(result.tree);
  if (options.json) {
    ui.out(JSON.stringify(jsonReport(report.entries, report.written), null, 2));
    return result;
  }
  const vectors = Object.entries(vectorCounts(result))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  ui.info(`golden vectors: ${vectors || 'none'}`);
  if (options.dryRun) ui.info(`dry run: would write ${shownOutput} (${summarise(report.entries)})`);
  else {
    ui.info(`${report.written ? 'wrote' : 'up to date:'} ${shownOutput} (${summarise(report.entries)})`);
    ui.info(`next: pivot verify ${shownOutput}`);
  }
  if (!result.complete) ui.warn(`${errors} error(s) remain; the tree is partial (--allow-partial)`);
  return result;
}
