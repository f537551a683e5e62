import { describe, expect, it } from 'vitest';
import { buildAnalysis, verdictOf } from '../../src/analyze/analysis.js';
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
  frameworks: ['fastify'],
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

describe('cpu-prof profiles and the verdict', () => {
  const cpuProf: ProfileResult = {
    ...profile,
    flamegraphHtml: undefined,
    ticksFile: undefined,
    collector: { name: 'cpu-prof', reason: '"npm start" reaches node through a wrapper or a shell, which 0x cannot follow' },
    cpuProfiles: ['/tmp/out/profile/cpu-prof/12-0.cpuprofile'],
    processes: [
      { pid: 11, threadId: 0, role: 'process', command: 'node npm-cli.js start', samples: 900, projectSamples: 0, state: 'not-project', profile: '11-0.cpuprofile' },
      { pid: 12, threadId: 0, role: 'cluster-worker', command: 'node dist/main.js', samples: 1200, projectSamples: 1000, state: 'merged', profile: '12-0.cpuprofile' },
      { pid: 13, threadId: 0, role: 'cluster-worker', command: 'node dist/main.js', samples: 0, projectSamples: 0, state: 'lost' },
    ],
    attribution: { ownSamples: 800, ownUnattributed: 8, via: { sourceMap: 0, name: 990, position: 10 }, unattributedTop: [{ file: 'src/app.ts', name: '(anonymous)', line: 3, samples: 8 }] },
  };
  const withheldProfile: ProfileResult = {
    ...cpuProf,
    attribution: { ownSamples: 800, ownUnattributed: 700, via: { sourceMap: 0, name: 0, position: 1000 }, unattributedTop: [{ file: 'dist/pricing.js', name: 'quote', line: 40, samples: 650 }] },
  };
  const buildCpu = (p: ProfileResult) =>
    buildAnalysis({ staticAnalysis, profile: p, workload, cpuProfilePaths: ['profile/cpu-prof/12-0.cpuprofile'], version: '0.0.0-test', createdAt: new Date('2026-01-01T00:00:00Z') });

  it('says which collector ran, which processes merged and which were lost, and links the CPU profiles', () => {
    const a = buildCpu(cpuProf);
    expect(validateAnalysis(a)).toEqual([]);
    expect(a.profile).toMatchObject({ collector: cpuProf.collector, cpuProfiles: ['profile/cpu-prof/12-0.cpuprofile'], verdict: { given: true } });
    expect(a.profile?.flamegraph).toBeUndefined();
    const text = renderTerminalReport(a);
    expect(text).toContain('collector: cpu-prof ("npm start" reaches node through a wrapper or a shell, which 0x cannot follow)');
    expect(text).toContain('processes: 1 merged (1 cluster-worker), 1 without project code (wrappers)');
    expect(text).toContain('lost: pid 13 (cluster-worker, node dist/main.js) wrote no profile');
    expect(text).toContain('attributed: 99.0% of 800 samples in the project\'s own code (99.7% of 1000 with its code on the stack); located by source map 0.0%, by name 99.0%, by own position 1.0%');
    expect(renderMarkdownReport(a)).toContain('V8 CPU profile (open in Chrome DevTools or speedscope): [profile/cpu-prof/12-0.cpuprofile]');
    expect(renderHtmlReport(a)).toContain('href="profile/cpu-prof/12-0.cpuprofile"');
  });

  it('gives no verdict when more than 10 % of the project\'s own samples are unattributed, and says how to fix it', () => {
    const a = buildCpu(withheldProfile);
    expect(validateAnalysis(a)).toEqual([]);
    expect(a.profile?.verdict).toMatchObject({ given: false });
    expect(a.profile?.verdict?.reason).toBe("700 of 800 samples in the project's own code (87.5 %, more than 10 %) could not be given to a unit; most are in dist/pricing.js:40 quote (650)");
    expect(a.profile?.verdict?.hint).toContain('"sourceMap": true');
    for (const text of [renderTerminalReport(a), renderMarkdownReport(a), renderHtmlReport(a)]) {
      expect(text).toContain('No verdict: 700 of 800 samples');
      expect(text).not.toContain('pivot evolve');
      expect(text).not.toContain('keep the monolith as it is');
    }
  });

  it('keeps the verdict at exactly 10 %', () => {
    const edge = { ...withheldProfile, attribution: { ...withheldProfile.attribution!, ownUnattributed: 80 } };
    expect(verdictOf(edge)).toEqual({ given: true });
    expect(verdictOf({ ...edge, attribution: { ...edge.attribution, ownUnattributed: 81 } }).given).toBe(false);
  });

  it('gives no verdict when the project\'s own code is attributed but its callers of a hot dependency are not', () => {
    // A module-level callback outside every unit calls bcrypt: its samples end in node_modules, not in the project's own code.
    const hidden = { ...cpuProf, projectSamples: 1000, unattributedSamples: 700,
      attribution: { ...cpuProf.attribution!, unattributedTop: [{ file: 'server/passport.js', name: '(anonymous)', line: 40, samples: 690 }] } };
    const verdict = verdictOf(hidden, new Set(['server/passport.js']));
    expect(verdict.given).toBe(false);
    expect(verdict.reason).toBe("700 of 1000 samples with the project's code on the stack (70.0 %, more than 10 %) could not be given to a unit; most are in server/passport.js:40 (anonymous) (690)");
    expect(verdict.hint).toContain('outside every function and class');
    expect(verdictOf({ ...hidden, unattributedSamples: 100 }).given).toBe(true);
  });
});
