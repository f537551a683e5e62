/**
 * Predicted vs measured: the end-to-end gain analysis.json predicts for the units it
 * recommends extracting, next to the throughput gain bench measured, with the error in percent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateAnalysis } from '../../analyze/schema.js';
import type { Analysis, Workload } from '../../analyze/types.js';
import { UserError } from '../../errors.js';
import { percentDifference, round } from './stats.js';
import type { GainComparison } from './types.js';

export const PREDICTION_RULE =
  'one service per module: each module moved to Rust or Go counts once, with the largest total CPU share of its extracted units '
  + '(that unit\'s share already holds what it calls in the module) and that unit\'s assumed speed-up; modules combine by Amdahl, '
  + '1 / (1 − Σ share + Σ share / speed-up)';

type Prediction = Pick<GainComparison, 'predicted' | 'units' | 'rule'>;

/** Pure: the predicted end-to-end throughput factor of extracting every recommended unit. */
export function predictGain(analysis: Pick<Analysis, 'units'>): Prediction {
  const byModule = new Map<string, Analysis['units'][number]>();
  for (const unit of analysis.units) {
    if (unit.target === 'typescript') continue;
    const key = `${unit.file}→${unit.target}`;
    const current = byModule.get(key);
    if (!current || unit.totalShare > current.totalShare) byModule.set(key, unit);
  }
  const units = [...byModule.values()]
    .sort((a, b) => b.totalShare - a.totalShare)
    .map((u) => ({ id: u.id, target: u.target, share: round(u.totalShare, 4), speedup: u.assumedSpeedup, gain: u.predictedGain }));
  if (units.length === 0) return { rule: PREDICTION_RULE, predicted: null, units };
  const total = units.reduce((sum, u) => sum + u.share, 0);
  // Shares that overlap past 100 % are scaled down together, so they stay a fraction of the time.
  const scale = total > 1 ? 1 / total : 1;
  const predicted = 1 / units.reduce((rest, u) => rest - u.share * scale + (u.share * scale) / (u.speedup > 0 ? u.speedup : 1), 1);
  return { rule: PREDICTION_RULE, predicted: round(predicted, 3), units };
}

export interface AnalysisSearch {
  cwd: string;
  /** `--analysis <file>`: must exist when given. */
  flag?: string;
  /** The polyglot tree and the analysis its pivot.system.json records (relative to the tree). */
  tree?: { dir: string; analysis?: string };
  outputDir: string;
  monolithRoot: string;
}

/**
 * Where the predicted gain comes from: `--analysis`, else the analysis the polyglot tree was
 * generated from, else `<output>/analysis.json`, else the monolith's own `.pivot/analysis.json`.
 * Undefined when none exists.
 */
export function findAnalysis(search: AnalysisSearch): string | undefined {
  if (search.flag !== undefined) {
    const file = resolve(search.cwd, search.flag);
    if (!existsSync(file)) throw new UserError(`--analysis ${search.flag}: ${file} does not exist`, 'pass the analysis.json pivot analyze wrote (its --output folder, default .pivot), or leave --analysis out');
    return file;
  }
  const candidates = [
    ...(search.tree?.analysis ? [resolve(search.tree.dir, search.tree.analysis)] : []),
    join(search.outputDir, 'analysis.json'),
    join(search.monolithRoot, '.pivot', 'analysis.json'),
  ];
  return candidates.find((file) => existsSync(file));
}

/**
 * Reads analysis.json; a missing or invalid file gives a comparison with a note instead of
 * failing the bench. With `benchWorkload`, says so when analyze profiled a different mix.
 */
export function loadPrediction(file: string | undefined, benchWorkload?: Workload, monolithRoot?: string): Pick<GainComparison, 'predicted' | 'units' | 'rule' | 'source' | 'note'> {
  const empty = { rule: PREDICTION_RULE, predicted: null, units: [], source: file ?? null };
  if (file === undefined || !existsSync(file)) {
    return { ...empty, source: null, note: 'no analysis.json found: run pivot analyze first (or point --analysis at it) to see the predicted gain' };
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ...empty, note: `${file} is not valid JSON (${(error as Error).message})` };
  }
  const problems = validateAnalysis(data);
  if (problems.length > 0) return { ...empty, note: `${file} is not a valid analysis.json: ${problems[0]}` };
  const analysis = data as Analysis;
  const prediction = predictGain(analysis);
  const note = predictionNote(analysis, benchWorkload, monolithRoot);
  return { ...prediction, source: file, ...(prediction.predicted === null ? { note: 'analysis.json recommends extracting nothing' } : note ? { note } : {}) };
}

/** Why the prediction may not fit this bench, if it may not. */
function predictionNote(analysis: Analysis, benchWorkload: Workload | undefined, monolithRoot: string | undefined): string | undefined {
  if (monolithRoot !== undefined && resolve(analysis.project.root) !== resolve(monolithRoot)) {
    return `analysis.json is of ${analysis.project.root}, not of the monolith benched (${monolithRoot})`;
  }
  const profiled = analysis.profile?.workload;
  if (profiled === undefined) return 'analysis.json has no profile (--no-profile): the prediction rests on no measured CPU shares';
  if (benchWorkload && !sameRequests(profiled, benchWorkload)) return 'analyze profiled a different request mix than this bench sends, and the predicted gain is for that mix';
  return undefined;
}

function sameRequests(a: Workload, b: Workload): boolean {
  const key = (w: Workload) => JSON.stringify(w.requests.map((r) => [r.method, r.path, r.weight, r.body ?? null]).sort());
  return key(a) === key(b);
}

/** A system's figures at max load (closed loop, median of the runs). */
export interface MaxFigures {
  rps: number;
  cpuPer1k: number;
}

/**
 * Pure: the comparison row. Measured throughput gain is candidate / baseline max throughput;
 * CPU per request is candidate / baseline at max load, predicted as 1 / the predicted gain
 * (Amdahl on CPU time: the time saved per request is CPU saved, no hop counted).
 */
export function compareGain(prediction: ReturnType<typeof loadPrediction>, baseline: MaxFigures | null, candidate: MaxFigures | null): GainComparison {
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? round(a / b, 3) : null);
  const measured = ratio(candidate?.rps, baseline?.rps);
  const measuredCpuPerRequest = ratio(candidate?.cpuPer1k, baseline?.cpuPer1k);
  const predictedCpuPerRequest = prediction.predicted ? round(1 / prediction.predicted, 3) : null;
  const errorOf = (p: number | null, m: number | null) => (p !== null && m !== null ? percentDifference(p, m) : null);
  return {
    ...prediction,
    measured,
    errorPct: errorOf(prediction.predicted, measured),
    predictedCpuPerRequest,
    measuredCpuPerRequest,
    cpuErrorPct: errorOf(predictedCpuPerRequest, measuredCpuPerRequest),
  };
}
