import { describe, expect, it } from 'vitest';
import { buildAnalysis } from '../../src/analyze/analysis.js';
import { renderHtmlReport } from '../../src/analyze/report/html.js';
import { renderMarkdownReport } from '../../src/analyze/report/markdown.js';
import { renderTerminalReport } from '../../src/analyze/report/terminal.js';
import { validateAnalysis } from '../../src/analyze/schema.js';
import type { ProfileResult, StaticAnalysis, Workload } from '../../src/analyze/types.js';
import { features, unit } from './unit-builders.js';

const staticAnalysis: StaticAnalysis = {
  root: '/tmp/shop',
  files: ['src/pricing.ts', 'src/app.ts'],
  lines: 300,
  problems: [],
  routes: [{ method: 'GET', path: '/api/product/:id', framework: 'fastify', file: 'src/app.ts', line: 12, handler: 'src/app.ts#getProduct' }],
  units: [
    unit('src/pricing.ts#quote', { features: features({ loopDepth: 2, numericOps: 30, mathCalls: 4 }) }),
    unit('src/app.ts#getProduct', { isRouteHandler: true, features: features({ isAsync: true, awaits: 1 }) }),
    unit('src/app.ts#format<T>|odd', {}),
  ],
};
const workload: Workload = { source: 'routes', requests: [{ method: 'GET', path: '/api/product/{id:1-100}', weight: 1 }] };
const profile: ProfileResult = {
  totalSamples: 1200,
  projectSamples: 1000,
  byUnit: { 'src/pricing.ts#quote': { selfSamples: 700, totalSamples: 720 }, 'src/app.ts#getProduct': { selfSamples: 20, totalSamples: 760 }, 'src/app.ts#format<T>|odd': { selfSamples: 5, totalSamples: 5 } },
  unattributedSamples: 3,
  flamegraphHtml: '/tmp/out/profile/flamegraph.html',
  ticksFile: '/tmp/out/profile/ticks.json',
  load: { durationSeconds: 5, requests: 5000, requestsPerSecond: 1000, errors: 0, non2xx: 0, latencyP50Ms: 3, latencyP99Ms: 12 },
  entry: 'dist/server.js',
  sourceMapped: true,
};

const build = (p: ProfileResult | null) =>
  buildAnalysis({ staticAnalysis, profile: p, workload: p ? workload : null, flamegraphPath: 'profile/flamegraph.html', version: '0.0.0-test', createdAt: new Date('2026-01-01T00:00:00Z') });

describe('buildAnalysis', () => {
  it('ranks the hottest unit first and validates against the committed schema', () => {
    const a = build(profile);
    expect(a.units[0]!.id).toBe('src/pricing.ts#quote');
    expect(a.units[0]!.target).toBe('rust');
    expect(a.units[0]!.selfShare).toBe(0.7);
    expect(a.profile?.flamegraph).toBe('profile/flamegraph.html');
    expect(validateAnalysis(a)).toEqual([]);
  });

  it('produces a valid static-only analysis', () => {
    const a = build(null);
    expect(a.profile).toBeNull();
    expect(validateAnalysis(a)).toEqual([]);
  });

  it('the schema rejects what breaks the contract', () => {
    const a = build(profile) as unknown as { units: Record<string, unknown>[] };
    a.units[0]!.target = 'cobol';
    delete a.units[1]!.predictedGain;
    const problems = validateAnalysis(a);
    expect(problems.some((p) => p.startsWith('/units/0/target'))).toBe(true);
    expect(problems.some((p) => p.includes('predictedGain'))).toBe(true);
  });
});

describe('reports', () => {
  const a = build(profile);
  it('terminal: ranked table with shares, class, target and the next command', () => {
    const text = renderTerminalReport(a);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('unit'));
    expect(lines[header + 2]).toMatch(/src\/pricing\.ts#quote:1\s+70\.0%\s+72\.0%\s+compute-bound\s+rust/);
    expect(text).toContain('pivot evolve src/pricing.ts#quote --target rust');
  });
  it('markdown: escapes pipes and links the flamegraph', () => {
    const md = renderMarkdownReport(a);
    expect(md).toContain('[profile/flamegraph.html](profile/flamegraph.html)');
    expect(md).toContain('format<T>\\|odd');
  });
  it('html: escapes unit names and links the flamegraph', () => {
    const html = renderHtmlReport(a);
    expect(html).toContain('href="profile/flamegraph.html"');
    expect(html).toContain('format&lt;T&gt;|odd');
    expect(html).not.toContain('format<T>');
  });
});
