/**
 * The translator harness, in the spirit of TypeScriptToLua's
 * `testFunction\`…\`.expectToMatchJsResult()`: every fixture case is lowered, the TS original
 * runs on explicit and generated inputs (golden vectors), the Rust and Go translations are
 * emitted, built and run for real on those vectors, and every failure is reported under the
 * case's name with its first mismatch. Case files: fixtures/translate/README.md.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import type { EmitOptions, FileTree, LowerRequest, LowerResult, TargetLanguage } from '../../src/translate/api.js';
import type { Diagnostic } from '../../src/translate/diagnostics.js';
import { instanceFileName, instantiateClass, instantiateFunction, instantiationOf, vectorInstantiations, type TypeArgLabel } from '../../src/translate/instances.js';
import { observedResult, type IrModule, type TypeParamDecl } from '../../src/translate/ir.js';
import type { CallSequence, FunctionVector, VectorFile } from '../../src/translate/vectors-format.js';
import { loadCases, packageNames, type PivotCase } from './harness-cases.js';
import { runGoWorkspace, runRustWorkspace, type LanguageOutcome, type MemberTree } from './harness-toolchains.js';

export { loadCases, casesFromEnv, parseCase, type PivotCase } from './harness-cases.js';
export type { LanguageOutcome } from './harness-toolchains.js';

/** The stage modules the harness drives, by the name reports use. */
export const TRANSLATOR_MODULES = {
  lower: 'src/translate/lower/index.ts',
  'emit-rust': 'src/translate/emit-rust/index.ts',
  'emit-go': 'src/translate/emit-go/index.ts',
  vectors: 'src/translate/vectors.ts',
  'record-runner': 'src/translate/record-runner.ts',
  format: 'src/translate/format.ts',
} as const;

export function missingTranslatorModules(root: string): string[] {
  return Object.entries(TRANSLATOR_MODULES)
    .filter(([, path]) => !existsSync(join(root, path)))
    .map(([name]) => name);
}

interface RecordResultLike {
  files: Map<string, VectorFile>;
  diagnostics: Diagnostic[];
}

export interface Translator {
  lowerModule(req: LowerRequest): LowerResult;
  emitRustCrate(module: IrModule, options: EmitOptions): FileTree;
  emitGoModule(module: IrModule, options: EmitOptions): FileTree;
  recordVectors(req: {
    module: IrModule;
    file: string;
    root: string;
    units?: string[];
    seed: number;
    count?: number;
    clockMs?: number;
    randomSeed?: number;
  }): Promise<RecordResultLike>;
  formatTree(tree: FileTree, language: TargetLanguage): Promise<FileTree>;
  typeTableOf(module: IrModule): unknown;
  runnerPath: string;
}

/** Imports the stage modules at run time, so this file loads (and tests skip) before they exist. */
export async function loadTranslator(root: string): Promise<Translator> {
  const load = async (path: string) => (await import(pathToFileURL(join(root, path)).href)) as Record<string, unknown>;
  const lower = await load(TRANSLATOR_MODULES.lower);
  const rust = await load(TRANSLATOR_MODULES['emit-rust']);
  const go = await load(TRANSLATOR_MODULES['emit-go']);
  const vectors = await load(TRANSLATOR_MODULES.vectors);
  const format = await load(TRANSLATOR_MODULES.format);
  const codec = await load('src/translate/vector-codec.ts');
  return {
    lowerModule: lower.lowerModule as Translator['lowerModule'],
    emitRustCrate: rust.emitRustCrate as Translator['emitRustCrate'],
    emitGoModule: go.emitGoModule as Translator['emitGoModule'],
    recordVectors: vectors.recordVectors as Translator['recordVectors'],
    formatTree: format.formatTree as Translator['formatTree'],
    typeTableOf: codec.typeTableOf as Translator['typeTableOf'],
    runnerPath: join(root, TRANSLATOR_MODULES['record-runner']),
  };
}

export const HARNESS_SEED = 20240611;
/** 2023-11-14T22:13:20.000Z, the recorder's default pinned clock. */
export const HARNESS_CLOCK_MS = 1_700_000_000_000;

const errorText = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err)).split('\n').slice(0, 6).join('\n');
const codesOf = (ds: Diagnostic[]): string => ds.map((d) => `${d.code}@${d.origin.line}`).join(', ') || 'none';

/** Why a refuse case is not refused as its header says; empty when it is. */
export function refusalProblems(c: PivotCase, diagnostics: Diagnostic[]): string[] {
  if (c.expect.kind !== 'refuse') return [];
  const problems: string[] = [];
  for (const code of c.expect.codes) {
    const found = diagnostics.filter((d) => d.code === code && d.severity === 'error');
    if (found.length === 0) {
      problems.push(`expected error ${code}, lowering reported: ${codesOf(diagnostics)}`);
      continue;
    }
    const lines = c.markers.get(code);
    if (lines && !found.some((d) => lines.includes(d.origin.line))) {
      problems.push(`${code} reported at line ${found.map((d) => d.origin.line).join('/')}, expected line ${lines.join(' or ')}`);
    }
  }
  return problems;
}

/** Problems of lowering a pass case: errors, missing expected warnings, a missing entry point. */
export function loweringProblems(c: PivotCase, result: LowerResult): string[] {
  const problems = result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `lowering error ${d.code} at line ${d.origin.line} (${d.construct}): ${d.message}`);
  for (const code of c.warns) {
    if (!result.diagnostics.some((d) => d.code === code)) {
      problems.push(`expected diagnostic ${code}, lowering reported: ${codesOf(result.diagnostics)}`);
    }
  }
  const present = [...result.module.functions, ...result.module.classes].some((u) => u.name === c.unit);
  if (!present) problems.push(`the IR module has no function or class named ${c.unit}`);
  return problems;
}

interface ExplicitRun {
  vectors: FunctionVector[];
  sequences: CallSequence[];
}

/** Runs the case's explicit inputs / sequences on the TS original through the recorder's child process. */
async function recordExplicit(t: Translator, c: PivotCase, module: IrModule, root: string, labels: TypeArgLabel[] | undefined): Promise<ExplicitRun> {
  const genericFn = module.functions.find((f) => f.name === c.unit);
  const genericCls = module.classes.find((k) => k.name === c.unit);
  const types = (params: TypeParamDecl[] | undefined) => (params && labels ? instantiationOf(params, labels).types : undefined);
  const fnTypes = genericFn && types(genericFn.typeParams);
  const clsTypes = genericCls && types(genericCls.typeParams);
  const fn = genericFn && fnTypes ? instantiateFunction(genericFn, fnTypes) : genericFn;
  const cls = genericCls && clsTypes ? instantiateClass(genericCls, clsTypes) : genericCls;
  const none: ExplicitRun = { vectors: [], sequences: [] };
  if ((fn && !c.inputs) || (cls && c.sequences.length === 0) || (!fn && !cls)) return none;
  let unit: unknown;
  if (fn) {
    const params = fn.params.map((p) => p.type);
    unit = { kind: 'function', name: fn.name, params, result: fn.result, inputs: c.inputs!.map((args, index) => ({ index, args })) };
  } else {
    const publicMethods = cls!.methods.filter((m) => m.visibility === 'public');
    const methods = Object.fromEntries(
      publicMethods.map((m) => [m.name, { params: m.params.map((p) => p.type), result: observedResult(m), getter: m.isGetter }]),
    );
    const sequences = c.sequences.map((seq, index) => {
      const calls = seq.slice(1).map((call) => {
        const [method, ...args] = call as [string, ...unknown[]];
        if (!(method in methods)) throw new Error(`sequence ${index} calls ${method}, which is no public method of ${cls!.name}`);
        return { method, args };
      });
      return { index, sequence: { constructorArgs: seq[0], calls } };
    });
    unit = { kind: 'class', name: cls!.name, constructorParams: cls!.constructorParams.map((p) => p.type), methods, sequences };
  }
  const dir = join(tmpdir(), 'pivot-harness-requests');
  mkdirSync(dir, { recursive: true });
  const requestPath = join(dir, `${c.id}.json`);
  const request = {
    moduleUrl: pathToFileURL(c.file).href,
    aliases: { [c.unit]: `__pivot_unit_${c.unit}` },
    clockMs: HARNESS_CLOCK_MS,
    randomSeed: HARNESS_SEED,
    table: t.typeTableOf(module),
    units: [unit],
  };
  writeFileSync(requestPath, JSON.stringify(request));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  const child = execa(process.execPath, ['--import', tsx, t.runnerPath, requestPath], {
    cwd: root,
    ipc: true,
    serialization: 'json',
    stdin: 'ignore',
    reject: false,
    timeout: 120_000,
  });
  const run: ExplicitRun = { vectors: [], sequences: [] };
  let fatal: string | undefined;
  for await (const raw of child.getEachMessage()) {
    const message = raw as unknown as { type: string; index: number; vector?: FunctionVector; sequence?: CallSequence; message?: string };
    if (message.type === 'vector') run.vectors[message.index] = message.vector!;
    else if (message.type === 'sequence') run.sequences[message.index] = message.sequence!;
    else if (message.type === 'fatal') fatal = message.message;
    if (message.type === 'finished' || message.type === 'fatal') break;
  }
  const result = await child;
  rmSync(requestPath, { force: true });
  if (fatal !== undefined) throw new Error(`the TS original failed on the explicit inputs: ${fatal}`);
  const expected = fn ? c.inputs!.length : c.sequences.length;
  const got = fn ? run.vectors.filter(Boolean).length : run.sequences.filter(Boolean).length;
  if (got !== expected) {
    throw new Error(`recorded ${got} of ${expected} explicit inputs: ${String(result.stderr ?? '').slice(0, 400)}`);
  }
  return run;
}

/**
 * The golden vector files of a case (one per instantiation of a generic unit): explicit vectors
 * first (in the file of the case's `instance`), then generated ones.
 */
export async function caseVectors(t: Translator, c: PivotCase, module: IrModule, root: string): Promise<{ files: Map<string, VectorFile>; warnings: string[] }> {
  const decl = module.functions.find((f) => f.name === c.unit) ?? module.classes.find((k) => k.name === c.unit);
  const labels = decl?.typeParams ? ((c.instance as TypeArgLabel[] | undefined) ?? vectorInstantiations(decl.typeParams)[0]!.labels) : undefined;
  const explicit = await recordExplicit(t, c, module, root, labels);
  const recorded = await t.recordVectors({
    module,
    file: c.file,
    root,
    units: [c.unit],
    seed: HARNESS_SEED,
    count: c.vectors,
    clockMs: HARNESS_CLOCK_MS,
    randomSeed: HARNESS_SEED,
  });
  const warnings = recorded.diagnostics.map((d) => `${d.code}: ${d.message}`);
  const name = instanceFileName(c.unit, labels);
  const file = recorded.files.get(name);
  if (!file) throw new Error(`recordVectors returned no ${name} (${warnings.join('; ') || 'no diagnostics'})`);
  if (file.kind === 'function') file.vectors = [...explicit.vectors, ...file.vectors];
  else file.sequences = [...explicit.sequences, ...file.sequences];
  const files = new Map([...recorded.files].filter(([, f]) => (f.kind === 'function' ? f.function : f.class) === c.unit));
  return { files, warnings };
}

export interface EmittedCase {
  tree?: FileTree;
  problems: string[];
}

/** Emits one language and pipes it through rustfmt / gofmt; an unformattable tree is still returned, to be built. */
export async function emitCase(t: Translator, language: TargetLanguage, c: PivotCase, module: IrModule, vectors: Map<string, VectorFile>): Promise<EmittedCase> {
  const names = packageNames(c.id);
  // Lanes on, so every loop the lane printer takes is built and replayed (through F64x4's
  // per-lane fallback: the workspace builds for plain x86-64; math.test.ts covers the AVX2 path).
  const options: EmitOptions = { profile: 'balanced', packageName: language === 'rust' ? names.rust : names.go, vectors, lanes: true };
  let tree: FileTree;
  try {
    tree = language === 'rust' ? t.emitRustCrate(module, options) : t.emitGoModule(module, options);
  } catch (err) {
    return { problems: [`${language} emitter crashed: ${errorText(err)}`] };
  }
  try {
    return { tree: await t.formatTree(tree, language), problems: [] };
  } catch (err) {
    return { tree, problems: [`${language === 'rust' ? 'rustfmt' : 'gofmt'} rejected the emitted code: ${errorText(err)}`] };
  }
}

export interface CaseReport {
  case: PivotCase;
  diagnostics: Diagnostic[];
  /** Refuse cases: why the refusal is not as expected. Pass cases: lowering / recording problems. */
  problems: string[];
  /** Notes that do not fail the case (e.g. vectors dropped after a timeout). */
  notes: string[];
  vectorCount?: number;
  rust?: LanguageOutcome;
  go?: LanguageOutcome;
}

export interface HarnessOptions {
  /** Repository root (where src/translate lives). */
  root: string;
  fixturesDir: string;
  only?: string[];
  /** Where the generated Rust / Go workspaces are kept between runs. */
  workDir: string;
  targetDir: string;
  /** Run cargo clippy -D warnings and go vet. */
  lint: boolean;
  log?: (line: string) => void;
}

async function prepareCase(t: Translator, c: PivotCase, opts: HarnessOptions): Promise<{ report: CaseReport; rust?: FileTree; go?: FileTree }> {
  const report: CaseReport = { case: c, diagnostics: [], problems: [], notes: [] };
  let lowered: LowerResult;
  try {
    lowered = t.lowerModule({ root: opts.fixturesDir, file: c.file, units: [c.unit] });
  } catch (err) {
    report.problems.push(`lowering crashed: ${errorText(err)}`);
    return { report };
  }
  report.diagnostics = lowered.diagnostics;
  if (c.expect.kind === 'refuse') {
    report.problems.push(...refusalProblems(c, lowered.diagnostics));
    return { report };
  }
  report.problems.push(...loweringProblems(c, lowered));
  if (report.problems.length > 0) return { report };
  let files: Map<string, VectorFile>;
  try {
    const recorded = await caseVectors(t, c, lowered.module, opts.root);
    files = recorded.files;
    report.notes.push(...recorded.warnings);
    report.vectorCount = [...files.values()].reduce((n, v) => n + (v.kind === 'function' ? v.vectors.length : v.sequences.length), 0);
  } catch (err) {
    report.problems.push(`recording vectors failed: ${errorText(err)}`);
    return { report };
  }
  const rust = await emitCase(t, 'rust', c, lowered.module, files);
  const go = await emitCase(t, 'go', c, lowered.module, files);
  const failed = (problems: string[]): LanguageOutcome => ({ status: 'fail', problems, lint: [] });
  if (!rust.tree) report.rust = failed(rust.problems);
  else if (rust.problems.length > 0) report.notes.push(...rust.problems);
  if (!go.tree) report.go = failed(go.problems);
  else if (go.problems.length > 0) report.notes.push(...go.problems);
  return { report, rust: rust.tree, go: go.tree };
}

/** Runs every case; returns one report per case id. */
export async function runHarness(opts: HarnessOptions): Promise<Map<string, CaseReport>> {
  const log = opts.log ?? (() => undefined);
  const t = await loadTranslator(opts.root);
  const cases = loadCases(opts.fixturesDir, opts.only);
  const reports = new Map<string, CaseReport>();
  const rustMembers: MemberTree[] = [];
  const goMembers: MemberTree[] = [];
  const started = Date.now();
  // Two at a time: recording runs the TS original in child processes, so two cores stay busy.
  const prepared: Awaited<ReturnType<typeof prepareCase>>[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) prepared[i] = await prepareCase(t, cases[i]!, opts);
  };
  await Promise.all([worker(), worker()]);
  for (const [i, c] of cases.entries()) {
    const { report, rust, go } = prepared[i]!;
    reports.set(c.id, report);
    const names = packageNames(c.id);
    if (rust) rustMembers.push({ caseId: c.id, dirName: names.rust, tree: rust });
    if (go) goMembers.push({ caseId: c.id, dirName: names.go, tree: go });
  }
  log(`harness: lowered, recorded and emitted ${cases.length} cases in ${Math.round((Date.now() - started) / 1000)}s`);
  if (rustMembers.length > 0) {
    const t0 = Date.now();
    const rust = await runRustWorkspace(rustMembers, { workspaceDir: join(opts.workDir, 'rust'), targetDir: opts.targetDir, lint: opts.lint });
    for (const [id, outcome] of rust) reports.get(id)!.rust = outcome;
    log(`harness: rust workspace of ${rustMembers.length} crates built and tested in ${Math.round((Date.now() - t0) / 1000)}s`);
  }
  if (goMembers.length > 0) {
    const t0 = Date.now();
    const go = await runGoWorkspace(goMembers, { workspaceDir: join(opts.workDir, 'go'), lint: opts.lint });
    for (const [id, outcome] of go) reports.get(id)!.go = outcome;
    log(`harness: go workspace of ${goMembers.length} modules built and tested in ${Math.round((Date.now() - t0) / 1000)}s`);
  }
  return reports;
}

const cell = (o: LanguageOutcome | undefined, skipped: boolean): string => {
  if (skipped) return '-';
  if (!o) return 'not built';
  const counts = o.total === undefined ? '' : ` ${o.passed}/${o.total}`;
  if (o.status === 'pass') return `pass${counts}`;
  return o.problems.length === 0 ? `lint${counts}` : `FAIL${counts}`;
};

/** A plain-text table: one row per case, then every problem under its case name. */
export function formatHarnessReport(reports: Map<string, CaseReport>): string {
  const rows = [...reports.values()].map((r) => {
    const refuse = r.case.expect.kind === 'refuse';
    const lower = refuse ? (r.problems.length === 0 ? 'refused ok' : 'REFUSAL WRONG') : r.problems.length === 0 ? 'ok' : 'FAIL';
    return [r.case.id, lower, cell(r.rust, refuse), cell(r.go, refuse)];
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), 8));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const details = [...reports.values()].flatMap((r) => {
    const all = [...r.problems, ...(r.rust?.problems ?? []), ...(r.rust?.lint ?? []), ...(r.go?.problems ?? []), ...(r.go?.lint ?? [])];
    return all.length === 0 ? [] : [`\n## ${r.case.id}`, ...all.map((p) => `- ${p}`)];
  });
  return [line(['case', 'lower', 'rust', 'go']), ...rows.map(line), ...details].join('\n');
}
