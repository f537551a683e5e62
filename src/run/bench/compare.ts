/**
 * Predicted vs measured: the end-to-end gain analysis.json predicts for the units it
 * recommends extracting, next to the throughput gain bench measured, with the error in percent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { validateAnalysis } from '../../analyze/schema.js';
import type { Analysis, Workload } from '../../analyze/types.js';
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

/**
 * Reads analysis.json; a missing or invalid file gives a comparison with a note instead of
 * failing the bench. With `benchWorkload`, says so when analyze profiled a different mix.
 */
export function loadPrediction(file: string | undefined, benchWorkload?: Workload): Pick<GainComparison, 'predicted' | 'units' | 'rule' | 'source' | 'note'> {
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
  const profiled = analysis.profile?.workload;
  const note = profiled === undefined
    ? 'analysis.json has no profile (--no-profile): the prediction rests on no measured CPU shares'
    : benchWorkload && !sameRequests(profiled, benchWorkload)
      ? 'analyze profiled a different request mix than this bench sends, and the predicted gain is for that mix'
      : undefined;
  return { ...prediction, source: file, ...(prediction.predicted === null ? { note: 'analysis.json recommends extracting nothing' } : note ? { note } : {}) };
}

function sameRequests(a: Workload, b: Workload): boolean {
  const key = (w: Workload) => JSON.stringify(w.requests.map((r) => [r.method, r.path, r.weight, r.body ?? null]).sort());
  return key(a) === key(b);
}

/** Pure: the comparison row; measured is candidate max throughput / baseline max throughput. */
export function compareGain(prediction: ReturnType<typeof loadPrediction>, baselineRps: number | null, candidateRps: number | null): GainComparison {
  const measured = baselineRps && candidateRps !== null ? round(candidateRps / baselineRps, 3) : null;
  const errorPct = prediction.predicted !== null && measured !== null ? percentDifference(prediction.predicted, measured) : null;
  return { ...prediction, measured, errorPct };
}
