import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/analyze/types.js';
import { UserError } from '../../../src/errors.js';
import { compareGain, loadPrediction, predictGain } from '../../../src/run/bench/compare.js';
import { chooseMix, MIXES } from '../../../src/run/bench/mixes.js';
import { benchSettings, levelLabel, planBench } from '../../../src/run/bench/plan.js';

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
    expect(chooseMix(undefined, dir, dir)).toEqual({ name: file, workload: { source: 'file', requests: [{ method: 'GET', path: '/a', weight: 2 }] } });
    expect(chooseMix('pivot.workload.json', dir, '/nonexistent').name).toBe(file);
    expect(() => chooseMix('nonsense', dir, dir)).toThrow(/neither a known mix nor a workload file/);
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
    const c = compareGain({ ...none, predicted: 2 }, 1000, 1600);
    expect(c).toMatchObject({ predicted: 2, measured: 1.6, errorPct: 25 });
    expect(compareGain(none, 1000, null)).toMatchObject({ measured: null, errorPct: null });
  });

  it('an invalid analysis.json is a note, not a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pivot-analysis-'));
    const file = join(dir, 'analysis.json');
    writeFileSync(file, '{"schema": 1}');
    expect(loadPrediction(file)).toMatchObject({ predicted: null, source: file });
    expect(loadPrediction(file).note).toMatch(/not a valid analysis.json/);
  });
});
