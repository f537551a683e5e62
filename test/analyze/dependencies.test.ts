import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAnalysis, hotDependencies } from '../../src/analyze/analysis.js';
import { attributeSamples, OUTSIDE_UNITS, packageOf } from '../../src/analyze/attribute.js';
import { parseCpuProfile } from '../../src/analyze/cpuprofile.js';
import { nativeEquivalents, validateNativeEquivalents } from '../../src/analyze/native-equivalents.js';
import { renderMarkdownReport } from '../../src/analyze/report/markdown.js';
import { renderTerminalReport } from '../../src/analyze/report/terminal.js';
import { validateAnalysis } from '../../src/analyze/schema.js';
import { locateSamples, type LocatedFrame, type LocatedSample } from '../../src/analyze/sourcemap.js';
import { runStaticPass } from '../../src/analyze/static.js';
import type { ProfileResult, StaticAnalysis } from '../../src/analyze/types.js';
import { throwawayProjects } from './throwaway-project.js';
import { features, unit } from './unit-builders.js';

const project = throwawayProjects('pivot-deps-');

const js = (file: string, line: number): LocatedFrame => ({ name: `fn${line}`, kind: 'js', project: true, source: { file, line, column: 1, mapped: false, via: 'position' } });
const dep = (file: string): LocatedFrame => ({ name: 'hash', kind: 'js', file, line: 1, column: 1, project: false });
const builtin: LocatedFrame = { name: 'StringPrototypeCharCodeAt', kind: 'builtin', project: false };
const sample = (...frames: LocatedFrame[]): LocatedSample => ({ frames });

describe('packageOf', () => {
  it('names the package from its path: plain, scoped, nested, pnpm store, file URL', () => {
    expect(packageOf('/app/node_modules/bcryptjs/dist/bcrypt.js')).toBe('bcryptjs');
    expect(packageOf('/app/node_modules/@noble/hashes/sha256.js')).toBe('@noble/hashes');
    expect(packageOf('/app/node_modules/jimp/node_modules/pngjs/lib/png.js')).toBe('pngjs');
    expect(packageOf('/app/node_modules/.pnpm/elliptic@6.5.4/node_modules/elliptic/lib/elliptic.js')).toBe('elliptic');
    expect(packageOf('file:///app/node_modules/@noble/secp256k1/index.js')).toBe('@noble/secp256k1');
    expect(packageOf('C:\\app\\node_modules\\sha.js\\sha256.js')).toBe('sha.js');
    expect(packageOf('/app/src/hash.js')).toBeUndefined();
    expect(packageOf('/app/node_modules/@scope')).toBeUndefined();
  });
});

describe('dependency samples', () => {
  const units = [unit('src/auth.ts#login', { line: 1, endLine: 20 }), unit('src/auth.ts#check', { line: 22, endLine: 30 })];

  it('count for the package and for the calling unit\'s total, not its self', () => {
    const bcrypt = dep('/app/node_modules/bcryptjs/dist/bcrypt.js');
    const result = attributeSamples(
      [sample(js('src/auth.ts', 1), bcrypt, builtin), sample(js('src/auth.ts', 1), bcrypt), sample(js('src/auth.ts', 22), dep('/app/node_modules/@noble/hashes/sha256.js')), sample(js('src/auth.ts', 1))],
      units,
    );
    expect(result.byUnit['src/auth.ts#login']).toEqual({ selfSamples: 1, totalSamples: 3 });
    expect(result.byUnit['src/auth.ts#check']).toEqual({ selfSamples: 0, totalSamples: 1 });
    expect(result.packages).toEqual([
      { name: 'bcryptjs', samples: 2, callers: [{ unit: 'src/auth.ts#login', samples: 2 }] },
      { name: '@noble/hashes', samples: 1, callers: [{ unit: 'src/auth.ts#check', samples: 1 }] },
    ]);
    expect(result.projectSamples).toBe(4);
  });

  it('count busy samples (JS, builtins, GC) apart from idle and native-only ones', () => {
    const idle: LocatedSample = { frames: [], vmState: 'idle' };
    const gc: LocatedSample = { frames: [], vmState: 'gc' };
    const result = attributeSamples([sample(js('src/auth.ts', 1)), sample(builtin), idle, gc, sample({ name: 'epoll_pwait', kind: 'native', project: false })], units);
    expect(result.busySamples).toBe(3);
  });

  it('give a project callback a dependency calls back into its own self time, and name callers outside every unit', () => {
    const lodash = dep('/app/node_modules/lodash/lodash.js');
    const result = attributeSamples([sample(js('src/auth.ts', 1), lodash, js('src/auth.ts', 22)), sample(js('src/boot.ts', 3), lodash), sample(lodash)], units);
    expect(result.byUnit['src/auth.ts#check']?.selfSamples).toBe(1);
    expect(result.packages).toEqual([{ name: 'lodash', samples: 1, callers: [{ unit: OUTSIDE_UNITS, samples: 1 }] }]);
  });

  it('are found in a real V8 CPU profile of a project calling a pure-JS package', () => {
    const root = project({
      'package.json': '{ "name": "deps-app", "version": "1.0.0" }',
      'node_modules/slow-kdf/package.json': '{ "name": "slow-kdf", "version": "1.0.0", "main": "index.js" }',
      'node_modules/slow-kdf/index.js': `exports.derive = function derive(password, rounds) {
  let h = 2166136261;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < password.length; i++) h = Math.imul(h ^ password.charCodeAt(i), 16777619) >>> 0;
  }
  return h;
};
`,
      'src/hash.js': `const { derive } = require('slow-kdf');
function hashPasswords(names) {
  let out = 0;
  for (const name of names) out ^= derive(name + ':salt', 20000);
  return out;
}
module.exports = { hashPasswords };
`,
      // In a timer: samples taken while the module loader is on the stack are start-up, not workload.
      'src/main.js': `const { hashPasswords } = require('./hash.js');
setTimeout(() => {
  const until = Date.now() + 600;
  let x = 0;
  while (Date.now() < until) x ^= hashPasswords(['alice', 'bob', 'carol']);
  console.log(x);
}, 0);
`,
    });
    const dir = join(root, 'prof');
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, 'src/main.js'], { cwd: root, stdio: 'pipe' });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
    const samples = parseCpuProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), file);
    const staticAnalysis = runStaticPass(root);
    const located = locateSamples(samples, root, { sourceFiles: new Set(staticAnalysis.files) });
    const result = attributeSamples(located.samples, staticAnalysis.units);
    const kdf = result.packages.find((p) => p.name === 'slow-kdf');
    expect(kdf, JSON.stringify(result.packages)).toBeDefined();
    expect(kdf!.samples).toBeGreaterThan(0.5 * result.projectSamples);
    expect(kdf!.callers[0]!.unit).toBe('src/hash.js#hashPasswords');
    const caller = result.byUnit['src/hash.js#hashPasswords']!;
    expect(caller.totalSamples).toBeGreaterThanOrEqual(kdf!.samples);
    expect(caller.selfSamples).toBeLessThan(caller.totalSamples - kdf!.samples + 1);
  });
});

describe('hot dependencies in the analysis and the report', () => {
  it('ships a native-equivalents table that matches its schema and has the entries the issue names', () => {
    const table = JSON.parse(readFileSync(new URL('../../data/native-equivalents.json', import.meta.url), 'utf8')) as unknown;
    expect(validateNativeEquivalents(table)).toEqual([]);
    expect(validateNativeEquivalents({ packages: { bcryptjs: { what: 'x', rust: 'bcrypt' } } })).not.toEqual([]);
    const natives = nativeEquivalents();
    expect(natives.bcryptjs).toMatchObject({ rust: 'bcrypt', go: 'golang.org/x/crypto/bcrypt' });
    expect(natives['js-sha256']?.rust).toBe('sha2');
    expect(natives['@noble/secp256k1']?.rust).toBe('k256');
    expect(natives.jimp?.rust).toBe('libvips');
    expect(natives.lodash).toBeUndefined();
  });

  const staticAnalysis: StaticAnalysis = {
    root: '/tmp/relay', files: ['src/auth.ts'], lines: 40, problems: [], routes: [], frameworks: [],
    units: [unit('src/auth.ts#login', { line: 1, endLine: 20, features: features({ isAsync: true, awaits: 1 }) })],
  };
  const profile: ProfileResult = {
    totalSamples: 1100, projectSamples: 1000, unattributedSamples: 0, entry: 'dist/main.js', sourceMapped: false,
    byUnit: { 'src/auth.ts#login': { selfSamples: 40, totalSamples: 420 } },
    load: { durationSeconds: 5, requests: 500, requestsPerSecond: 100, errors: 0, non2xx: 0, latencyP50Ms: 20, latencyP99Ms: 40 },
    packages: [
      { name: 'bcryptjs', samples: 300, callers: [{ unit: 'src/auth.ts#login', samples: 300 }] },
      { name: 'slow-kdf', samples: 50, callers: [{ unit: 'src/auth.ts#login', samples: 50 }] },
      { name: 'ms', samples: 5, callers: [{ unit: 'src/auth.ts#login', samples: 5 }] },
    ],
  };

  it('lists packages above 2 % with their share, callers and native equivalent, or says there is none', () => {
    const a = buildAnalysis({ staticAnalysis, profile, workload: { source: 'routes', requests: [{ method: 'POST', path: '/login', weight: 1 }] }, version: 't', createdAt: new Date(0) });
    expect(validateAnalysis(a)).toEqual([]);
    expect(a.profile?.dependencies?.map((d) => [d.name, d.share, d.native?.rust ?? null])).toEqual([['bcryptjs', 0.3, 'bcrypt'], ['slow-kdf', 0.05, null]]);
    const text = renderTerminalReport(a);
    expect(text).toContain('hot dependency: bcryptjs ran innermost in 30.0% of project samples (called from src/auth.ts#login 300); a service would use the bcrypt crate (Rust) or golang.org/x/crypto/bcrypt (Go) for bcrypt password hashing');
    expect(text).toContain("hot dependency: slow-kdf ran innermost in 5.0% of project samples (called from src/auth.ts#login 50); pivot's table (data/native-equivalents.json) has no native equivalent for it");
    expect(text).not.toContain('hot dependency: ms');
    expect(renderMarkdownReport(a)).toContain('- hot dependency: bcryptjs');
    expect(hotDependencies(profile.packages, 0)).toBeUndefined();
  });
});
