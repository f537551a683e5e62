import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatSchemaErrors, analysisValidatorFn } from '../analyze/schema.js';
import { runStaticPass } from '../analyze/static.js';
import type { Analysis } from '../analyze/types.js';
import { UserError } from '../errors.js';
import { renderSystemTree, type ApplyResult } from '../scaffold/apply.js';
import { summariseWrite, writeTree } from '../scaffold/generate.js';
import { assertPlanMatchesCode, entryUnits, planFromAnalysis, type Plan } from '../scaffold/plan.js';
import type { StateStore } from '../scaffold/services/holds.js';
import type { BuildProfile } from '../translate/api.js';
import { formatDiagnostic } from '../translate/diagnostics.js';
import type { Ui } from '../ui.js';

export function readAnalysis(file: string): Analysis {
  if (!existsSync(file)) throw new UserError(`${file} does not exist`, 'run pivot analyze <dir> first; it writes .pivot/analysis.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file} is not valid JSON: ${(err as Error).message}`, 'run pivot analyze again to rewrite it');
  }
  const validate = analysisValidatorFn();
  if (!validate(data)) {
    throw new UserError(`${file} does not match the analysis schema (schemas/analysis.schema.json)`, 'run pivot analyze again, or fix the fields named below', formatSchemaErrors(validate.errors));
  }
  return data as Analysis;
}

export interface PlanRunOptions {
  analysisFile: string;
  outputDir: string;
  profile: BuildProfile;
  seed: number;
  vectors?: number;
  force?: boolean;
  dryRun?: boolean;
  /** Extract only these unit ids (incremental migration). */
  only?: string[];
  /** Where every stateful unit keeps its state; embedded (one replica each) by default. */
  store?: StateStore;
  systemName?: string;
  ui: Ui;
  verbose?: boolean;
}

/** The system tree for a plan, from the monolith's current code (refusing a stale plan). */
export async function generateSystem(monolithRoot: string, plan: Plan, options: Omit<PlanRunOptions, 'analysisFile'>, source: string, analysisFile?: string): Promise<ApplyResult> {
  assertPlanMatchesCode(plan, runStaticPass(monolithRoot), source);
  const result = await renderSystemTree({
    monolithRoot,
    outputDir: options.outputDir,
    plan,
    systemName: options.systemName ?? `${basename(monolithRoot)}-polyglot`,
    seed: options.seed,
    vectorCount: options.vectors,
    ...(analysisFile === undefined ? {} : { analysisFile }),
    step: (label, work) => options.ui.step(label, work),
    onOutput: options.verbose ? (line) => options.ui.info(`  | ${line}`) : undefined,
  });
  for (const d of result.diagnostics.filter((x) => x.severity === 'warning')) options.ui.info(formatDiagnostic(d));
  return result;
}

/** `pivot evolve --plan analysis.json`: every recommendation at once, services + gateway + deploy files. */
export async function runPlan(options: PlanRunOptions): Promise<ApplyResult> {
  const analysis = readAnalysis(options.analysisFile);
  const verdict = analysis.profile?.verdict;
  if (verdict && !verdict.given) {
    throw new UserError(`${options.analysisFile} gives no verdict: ${verdict.reason ?? 'its profile could not be attributed'}`, verdict.hint ?? 'see docs/analyze.md');
  }
  const recommended = new Set(entryUnits(analysis.units).map((u) => u.id));
  const unknown = (options.only ?? []).filter((id) => !recommended.has(id));
  if (unknown.length > 0) {
    throw new UserError(`--only names ${unknown.join(', ')}, which ${options.analysisFile} does not recommend moving`, `choose among: ${[...recommended].join(', ') || 'none'}`);
  }
  const plan = planFromAnalysis(analysis, { profile: options.profile, only: options.only, store: options.store });
  if (plan.services.length === 0) {
    throw new UserError(`${options.analysisFile} recommends nothing to move out of TypeScript`, 'profile under a heavier or more representative load (pivot analyze --duration, --workload), or keep the monolith');
  }
  const root = resolve(analysis.project.root);
  if (!existsSync(join(root, 'package.json'))) {
    throw new UserError(`the monolith of ${options.analysisFile} is not at ${root} any more`, 'run pivot analyze <dir> again where the monolith is now');
  }
  options.ui.info(`plan: ${plan.services.map((s) => `${s.name} (${s.language}, :${s.port}) ← ${s.units.join(', ')}`).join('; ')}; gateway :${plan.gatewayPort}`);
  const result = await generateSystem(root, plan, options, options.analysisFile, resolve(options.analysisFile));
  const report = await writeTree(result.tree, options.outputDir, options);
  options.ui.info(`${options.dryRun ? 'dry run: would write' : report.written ? 'wrote' : 'up to date:'} ${options.outputDir} (${summariseWrite(report.entries)})`);
  if (!options.dryRun) options.ui.info(`next: pivot build ${options.outputDir} && pivot up ${options.outputDir}`);
  return result;
}
