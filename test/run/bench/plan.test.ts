import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAnalysis } from '../../../src/analyze/analysis.js';
import type { Analysis } from '../../../src/analyze/types.js';
import { UserError } from '../../../src/errors.js';
import { compareGain, findAnalysis, loadPrediction, predictGain } from '../../../src/run/bench/compare.js';
import { chooseMix, MIXES, workloadChangesState } from '../../../src/run/bench/mixes.js';
import { benchSettings, levelLabel, planBench } from '../../../src/run/bench/plan.js';

import { features, unit as staticUnit } from '../../analyze/unit-builders.js';

const workload = { source: 'file' as const, requests: [{ method: 'GET' as const, path: '/api/stats', weight: 1 }] };

describe('planBench', () => {
  it('baseline first; closed loop, then the rate levels round-robin; direct pairs only where declared', () => {
    const settings = benchSettings({ mix: 'read', workload, runs: 2, durationSeconds: 5, warmupSeconds: 1, levels: [0.9, 0.5] });
    const plan = planBench(settings, [
      { name: 'polyglot', role: 'candidate', direct: [{ service: 'pricing', url: 'http://127.0.0.1:1', direct: workload, viaGateway: workload }] },
      { name: 'monolith', role: 'baseline' },
    ]);
    const line = plan.steps.map((s) => `${s.target}:${s.kind}${'level' in s ? `@${s.level}` : ''}${'via' in s ? `/${s.via}` : ''}${'run' in s ? `#${s.run}` : ''}`);
    expect(line).toEqual([
      'monolith:warmup', 'monolith:closed#1', 'monolith:closed#2',
      'monolith:rate@0.5#1', 'monolith:rate@0.9#1', 'monolith:rate@0.5#2', 'monolith:rate@0.9#2',
      'polyglot:warmup', 'polyglot:closed#1', 'polyglot:closed#2',
      'polyglot:rate@0.5#1', 'polyglot:rate@0.9#1', 'polyglot:rate@0.5#2', 'polyglot:rate@0.9#2',
      'polyglot:direct@0.5/direct#1', 'polyglot:direct@0.5/gateway#1', 'polyglot:direct@0.5/direct#2', 'polyglot:direct@0.5/gateway#2',
    ]);
    expect(plan.estimatedSeconds).toBe(2 * 1 + 16 * 5);
  });

  it('defaults: 3 runs of 10 s at 50, 75 and 90 %', () => {
    const settings = benchSettings({ mix: 'read', workload });
    expect(settings).toMatchObject({ runs: 3, durationSeconds: 10, levels: [0.5, 0.75, 0.9] });
    expect(levelLabel(0.75)).toBe('75%');
  });

  it('refuses bad settings and a plan without exactly one baseline', () => {
    expect(() => benchSettings({ mix: 'read', workload, runs: 1.5 })).toThrow(/--runs must be a positive whole number/);
    expect(() => benchSettings({ mix: 'read', workload, durationSeconds: 0 })).toThrow(UserError);
    expect(() => benchSettings({ mix: 'read', workload, levels: [0] })).toThrow(/rate levels/);
    const settings = benchSettings({ mix: 'read', workload });
    expect(() => planBench(settings, [{ name: 'a', role: 'candidate' }])).toThrow(/exactly one baseline/);
  });
});

describe('mixes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pivot-mix-'));

  it('every named mix is a usable workload', () => {
    expect(MIXES.map((m) => m.name)).toEqual(['pricing', 'read', 'order', 'mixed']);
    for (const mix of MIXES) expect(chooseMix(mix.name, dir, dir).workload.requests.length).toBeGreaterThan(0);
    expect(chooseMix('pricing', dir, dir).workload.requests).toEqual([{ method: 'GET', path: '/api/product/{id:1-1000}', weight: 1 }]);
  });

  it('defaults to the monolith\'s pivot.workload.json, else mixed; a file path works as --mix', () => {
    expect(chooseMix(undefined, dir, dir).name).toBe('mixed');
    const file = join(dir, 'pivot.workload.json');
    writeFileSync(file, JSON.stringify({ requests: [{ method: 'GET', path: '/a', weight: 2 }] }));
    expect(chooseMix(undefined, dir, dir)).toEqual({ name: file, workload: { source: 'file', requests: [{ method: 'GET', path: '/a', weight: 2 }] }, changesState: false });
    expect(chooseMix('pivot.workload.json', dir, '/nonexistent').name).toBe(file);
    expect(() => chooseMix('nonsense', dir, dir)).toThrow(/neither a known mix nor a workload file/);
  });

  it('knows which mixes change state: orders do, reads do not; a workload file changes state when it sends anything but GET', () => {
    expect(Object.fromEntries(MIXES.map((m) => [m.name, chooseMix(m.name, dir, dir).changesState]))).toEqual({ pricing: false, read: false, order: true, mixed: true });
    const posting = join(dir, 'posting.json');
    writeFileSync(posting, JSON.stringify({ requests: [{ method: 'GET', path: '/a', weight: 5 }, { method: 'PUT', path: '/b', weight: 1 }] }));
    expect(chooseMix(posting, dir, dir).changesState).toBe(true);
    expect(workloadChangesState({ source: 'file', requests: [{ method: 'DELETE', path: '/b', weight: 0 }, { method: 'GET', path: '/a', weight: 1 }] })).toBe(false);
    expect(benchSettings({ mix: 'x', workload: { source: 'file', requests: [{ method: 'POST', path: '/o', weight: 1 }] } }).changesState).toBe(true);
    expect(benchSettings({ mix: 'x', workload, changesState: true }).changesState).toBe(true);
  });
});

describe('predicted vs measured gain', () => {
  const unit = (id: string, file: string, target: 'rust' | 'go' | 'typescript', totalShare: number, assumedSpeedup: number) =>
    ({ id, file, target, totalShare, assumedSpeedup, predictedGain: 1 / (1 - totalShare + totalShare / assumedSpeedup) }) as Analysis['units'][number];

  it('one share per module (the largest), modules combined by Amdahl', () => {
    const prediction = predictGain({
      units: [
        unit('src/pricing.ts#calculatePrice', 'src/pricing.ts', 'rust', 0.6, 10),
        unit('src/pricing.ts#demandCurve', 'src/pricing.ts', 'rust', 0.5, 10),
        unit('src/inventory.ts#InventoryStore', 'src/inventory.ts', 'go', 0.1, 2),
        unit('src/orders.ts#placeOrder', 'src/orders.ts', 'typescript', 0.9, 1),
      ],
    });
    expect(prediction.units.map((u) => u.id)).toEqual(['src/pricing.ts#calculatePrice', 'src/inventory.ts#InventoryStore']);
    expect(prediction.predicted).toBeCloseTo(1 / (1 - 0.7 + 0.06 + 0.05), 3);
  });

  it('nothing extracted: no prediction; a measured gain gives the error in percent', () => {
    expect(predictGain({ units: [] }).predicted).toBeNull();
    const none = loadPrediction(undefined);
    expect(none.note).toMatch(/run pivot analyze first/);
    const c = compareGain({ ...none, predicted: 2 }, { rps: 1000, cpuPer1k: 1 }, { rps: 1600, cpuPer1k: 0.4 });
    expect(c).toMatchObject({ predicted: 2, measured: 1.6, errorPct: 25 });
    expect(compareGain(none, { rps: 1000, cpuPer1k: 1 }, null)).toMatchObject({ measured: null, errorPct: null, measuredCpuPerRequest: null, predictedCpuPerRequest: null, cpuErrorPct: null });
  });

  it('CPU per request side by side: predicted 1 / gain, measured candidate / baseline at max, the error in percent', () => {
    const c = compareGain({ ...loadPrediction(undefined), predicted: 2 }, { rps: 1000, cpuPer1k: 1.2 }, { rps: 1600, cpuPer1k: 0.8 });
    expect(c.predictedCpuPerRequest).toBe(0.5);
    expect(c.measuredCpuPerRequest).toBe(0.667);
    expect(c.cpuErrorPct).toBe(-25);
    // Nothing predicted: the measured figure still stands.
    expect(compareGain(loadPrediction(undefined), { rps: 1000, cpuPer1k: 2 }, { rps: 900, cpuPer1k: 3 })).toMatchObject({ predictedCpuPerRequest: null, measuredCpuPerRequest: 1.5, cpuErrorPct: null });
  });

  it('finds the analysis: --analysis (which must exist), else the tree\'s, else <output>/analysis.json, else <monolith>/.pivot/analysis.json', () => {
    const base = mkdtempSync(join(tmpdir(), 'pivot-find-analysis-'));
    const [tree, output, monolith] = [join(base, 'tree'), join(base, 'out'), join(base, 'shop')];
    for (const d of [join(tree, 'a'), output, join(monolith, '.pivot')]) mkdirSync(d, { recursive: true });
    const search = { cwd: base, outputDir: output, monolithRoot: monolith, tree: { dir: tree, analysis: 'a/analysis.json' } };
    expect(findAnalysis(search)).toBeUndefined();
    writeFileSync(join(monolith, '.pivot', 'analysis.json'), '{}');
    expect(findAnalysis(search)).toBe(join(monolith, '.pivot', 'analysis.json'));
    writeFileSync(join(output, 'analysis.json'), '{}');
    expect(findAnalysis(search)).toBe(join(output, 'analysis.json'));
    writeFileSync(join(tree, 'a', 'analysis.json'), '{}');
    expect(findAnalysis(search)).toBe(join(tree, 'a', 'analysis.json'));
    expect(findAnalysis({ ...search, flag: 'out/analysis.json' })).toBe(join(output, 'analysis.json'));
    expect(() => findAnalysis({ ...search, flag: 'missing.json' })).toThrow(/--analysis missing.json: .*missing.json does not exist/);
  });

  it('an analysis of another monolith says so', () => {
    const root = '/tmp/bench-shop';
    const analysis = buildAnalysis({
      staticAnalysis: { root, files: ['src/score.ts'], lines: 40, problems: [], routes: [], frameworks: [], units: [staticUnit('src/score.ts#score', { features: features({ loopDepth: 2, numericOps: 40 }) })] },
      profile: null, workload: null, version: 'test', createdAt: new Date(0),
    });
    const file = join(mkdtempSync(join(tmpdir(), 'pivot-analysis-root-')), 'analysis.json');
    writeFileSync(file, JSON.stringify(analysis));
    expect(loadPrediction(file, undefined, root).note ?? '').not.toMatch(/not of the monolith benched/);
    expect(loadPrediction(file, undefined, '/elsewhere/shop').note).toBe(`analysis.json is of ${root}, not of the monolith benched (/elsewhere/shop)`);
  });

  it('an invalid analysis.json is a note, not a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pivot-analysis-'));
    const file = join(dir, 'analysis.json');
    writeFileSync(file, '{"schema": 1}');
    expect(loadPrediction(file)).toMatchObject({ predicted: null, source: file });
    expect(loadPrediction(file).note).toMatch(/not a valid analysis.json/);
  });
});
