/**
 * The profile pass against real processes: the shop monolith under 0x, a plain JS app, and
 * monoliths that fail in the ways users' do. Every test also checks that nothing it started
 * is still running afterwards.
 *
 * `UPDATE_PROFILE_FIXTURE=1 npx vitest run test/e2e/profile.test.ts` re-records the trimmed
 * profile of test/fixtures/profile-app that the parser and attribution tests read.
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveEntry } from '../../src/analyze/entry.js';
import { profileProject } from '../../src/analyze/profile.js';
import { runStaticPass } from '../../src/analyze/static.js';
import type { V8CodeEntry, V8ProfileJson } from '../../src/analyze/ticks.js';
import type { Workload } from '../../src/analyze/types.js';
import { UserError } from '../../src/errors.js';
import { RECORDED_ROOT } from '../analyze/recorded-profile.js';
import { REPO } from './cli.js';
import { survivors } from './processes.js';

const MONOLITH = join(REPO, 'fixtures/monolith');
const PROFILE_APP = join(REPO, 'test/fixtures/profile-app');
const RECORDED = join(REPO, 'test/fixtures/profile');

const scratch = mkdtempSync(join(tmpdir(), 'pivot-profile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), contents);
  }
  return dir;
}

async function expectUserError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const shopWorkload: Workload = {
  source: 'file',
  requests: [
    { method: 'GET', path: '/api/product/{id:1-200}', weight: 6 },
    { method: 'POST', path: '/api/order', body: { product_id: 7, quantity: 1 }, weight: 1 },
    { method: 'GET', path: '/health', weight: 1 },
  ],
};

describe('profileProject on the shop monolith', () => {
  it('finds the pricing search hottest, at TypeScript positions', async () => {
    const entry = await resolveEntry(MONOLITH);
    const { units } = runStaticPass(MONOLITH);
    const outputDir = join(scratch, 'shop');
    const started = Date.now();
    const result = await profileProject({
      root: MONOLITH,
      entryFile: entry.entryFile,
      units,
      workload: shopWorkload,
      durationSeconds: 4,
      connections: 8,
      outputDir,
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`shop monolith: ${seconds.toFixed(1)} s from start to flamegraph; ${result.totalSamples} samples, ${result.load.requests} requests`);

    expect(result.entry).toBe('dist/server.js');
    expect(result.sourceMapped).toBe(true);
    expect(result.load.requests).toBeGreaterThan(100);
    expect(result.collector?.name).toBe('0x');
    expect(existsSync(result.flamegraphHtml!)).toBe(true);
    expect(existsSync(result.ticksFile!)).toBe(true);
    const hottestFunction = result.functions?.[0];
    expect(hottestFunction?.file).toBe('src/pricing.ts');
    const [hottestUnit] = Object.entries(result.byUnit).sort(([, a], [, b]) => b.selfSamples - a.selfSamples);
    expect(hottestUnit?.[0]).toMatch(/^src\/pricing\.ts#/);
    expect(result.byUnit['src/pricing.ts#quotePrice']?.totalSamples).toBeGreaterThan(result.projectSamples * 0.2);
    // A class's total counts samples in its methods.
    const store = result.byUnit['src/inventory.ts#InventoryStore'];
    expect(store?.totalSamples).toBeGreaterThanOrEqual(result.byUnit['src/inventory.ts#InventoryStore.get']?.totalSamples ?? 0);
    expect(result.projectSamples).toBeLessThanOrEqual(result.totalSamples);
    expect(survivors(outputDir)).toEqual([]);
  }, 120_000);
});

describe('profileProject on a plain JS app', () => {
  it('keeps JS positions and leaves no process behind, not even one that ignores SIGINT', async () => {
    const root = project('plain', {
      'package.json': JSON.stringify({ name: 'plain', main: 'server.js' }),
      'server.js': [
        "const http = require('node:http');",
        "const { spawn } = require('node:child_process');",
        // A helper process that ignores SIGINT: the pass must still end it.
        "spawn(process.execPath, ['-e', 'process.on(\"SIGINT\", () => {}); setInterval(() => {}, 1000)', __dirname], { stdio: 'ignore' });",
        'function spin(n) {',
        '  let acc = 0;',
        '  for (let i = 0; i < n; i++) acc = (acc + Math.sqrt(i)) % 1000;',
        '  return acc;',
        '}',
        'http.createServer((req, res) => res.end(String(spin(100000)))).listen(Number(process.env.PORT), process.env.HOST);',
        '',
      ].join('\n'),
    });
    const entry = await resolveEntry(root);
    const result = await profileProject({
      root,
      entryFile: entry.entryFile,
      units: [],
      workload: { source: 'file', requests: [{ method: 'GET', path: '/', weight: 1 }] },
      durationSeconds: 2,
      outputDir: join(root, '.pivot'),
    });
    expect(result.sourceMapped).toBe(false);
    expect(result.functions?.[0]).toMatchObject({ name: 'spin', file: 'server.js', line: 4 });
    expect(result.unattributedSamples).toBe(result.projectSamples);
    expect(survivors(root)).toEqual([]);
  }, 120_000);
});

describe('profileProject on monoliths that fail', () => {
  it('reports a monolith that throws at start-up, with its output', async () => {
    const root = project('throws', {
      'package.json': JSON.stringify({ name: 'throws', main: 'index.js' }),
      'index.js': "console.log('connecting');\nthrow new Error('cannot reach the database');\n",
    });
    const error = await expectUserError(
      profileProject({ root, entryFile: join(root, 'index.js'), units: [], workload: shopWorkload, durationSeconds: 2, outputDir: join(root, '.pivot') }),
    );
    expect(error.message).toBe('the monolith exited during start-up (code 1)');
    expect(error.details?.join('\n')).toContain('cannot reach the database');
    expect(survivors(root)).toEqual([]);
  }, 60_000);

  it('reports a monolith that never listens, and stops it', async () => {
    const root = project('silent', {
      'package.json': JSON.stringify({ name: 'silent', main: 'index.js' }),
      'index.js': "console.log('warming up forever');\nsetInterval(() => {}, 1000);\n",
    });
    const error = await expectUserError(
      profileProject({ root, entryFile: join(root, 'index.js'), units: [], workload: shopWorkload, durationSeconds: 2, outputDir: join(root, '.pivot'), startTimeoutMs: 1500 }),
    );
    expect(error.message).toMatch(/^the monolith did not accept connections on 127\.0\.0\.1:\d+ within 1\.5 s$/);
    expect(error.hint).toContain('PORT');
    expect(error.details).toContain('warming up forever');
    expect(survivors(root)).toEqual([]);
  }, 60_000);

  it('reports a monolith that dies under load', async () => {
    const root = project('dies', {
      'package.json': JSON.stringify({ name: 'dies', main: 'index.js' }),
      'index.js': "require('node:http').createServer(() => { console.error('out of memory, pretend'); process.exit(3); }).listen(Number(process.env.PORT), process.env.HOST);\n",
    });
    const error = await expectUserError(
      profileProject({ root, entryFile: join(root, 'index.js'), units: [], workload: shopWorkload, durationSeconds: 3, outputDir: join(root, '.pivot') }),
    );
    expect(error.message).toBe('the monolith exited while under load (code 3)');
    expect(error.details).toContain('out of memory, pretend');
    expect(survivors(root)).toEqual([]);
  }, 60_000);

  it('stops everything when pivot itself is interrupted', async () => {
    const root = project('interrupted', {
      'package.json': JSON.stringify({ name: 'interrupted', main: 'index.js' }),
      'index.js': "require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), process.env.HOST);\n",
      'pivot.mts': [
        `import { profileProject } from ${JSON.stringify(pathToFileURL(join(REPO, 'src/analyze/profile.ts')).href)};`,
        'await profileProject({',
        `  root: ${JSON.stringify(join(scratch, 'interrupted'))}, entryFile: ${JSON.stringify(join(scratch, 'interrupted/index.js'))}, units: [],`,
        "  workload: { source: 'file', requests: [{ method: 'GET', path: '/', weight: 1 }] }, durationSeconds: 60,",
        `  outputDir: ${JSON.stringify(join(scratch, 'interrupted/.pivot'))}, onStatus: (line) => console.log(line),`,
        '});',
      ].join('\n'),
    });
    const pivot = execa(process.execPath, ['--import', 'tsx', join(root, 'pivot.mts')], { cwd: REPO, reject: false });
    await new Promise<void>((resolve) => pivot.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve()));
    expect(survivors(join(root, 'index.js')).length).toBeGreaterThan(0);
    pivot.kill('SIGINT');
    const result = await pivot;
    expect(result.signal).toBe('SIGINT');
    expect(survivors(root)).toEqual([]);
  }, 60_000);

  it('says so when package.json names no entry', async () => {
    const root = project('no-entry', { 'package.json': JSON.stringify({ name: 'no-entry', scripts: { test: 'vitest' } }) });
    const error = await expectUserError(resolveEntry(root));
    expect(error.message).toBe(`no entry found in ${join(root, 'package.json')}`);
    expect(error.hint).toContain('--entry');
  });
});

describe.runIf(process.env.UPDATE_PROFILE_FIXTURE === '1')('recording', () => {
  it('records a trimmed profile of test/fixtures/profile-app', async () => {
    const outputDir = join(scratch, 'record');
    await profileProject({
      root: PROFILE_APP,
      entryFile: join(PROFILE_APP, 'out/server.js'),
      units: runStaticPass(PROFILE_APP).units,
      workload: {
        source: 'file',
        requests: [
          { method: 'GET', path: '/api/price/{id:1-100}', weight: 3 },
          { method: 'POST', path: '/api/ledger', body: { id: 1, amount: 5 }, weight: 1 },
        ],
      },
      durationSeconds: 3,
      outputDir,
    });
    recordTrimmed(join(outputDir, '0x'), PROFILE_APP, RECORDED);
  }, 120_000);
});

function evenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}

/** Keeps a few hundred ticks and only what they reference; the app's path becomes RECORDED_ROOT. */
function recordTrimmed(artefacts: string, appDir: string, target: string): void {
  const prefix = `${pathToFileURL(appDir).href}/`;
  const isApp = (code: V8CodeEntry | undefined) => code?.name.includes(prefix) === true;
  const slim = (code: V8CodeEntry): V8CodeEntry => {
    const copy: V8CodeEntry = { name: code.name, type: code.type };
    if (code.kind !== undefined) copy.kind = code.kind;
    if (isApp(code) && code.source) copy.source = { ...code.source };
    return copy;
  };

  const v8 = JSON.parse(readFileSync(join(artefacts, 'v8-profile.json'), 'utf8')) as V8ProfileJson;
  const codeIndex = new Map<number, number>();
  const functionIndex = new Map<number, number>();
  const trimmed: V8ProfileJson = { code: [], functions: [], ticks: [] };
  const keepFunction = (index: number) => {
    if (!functionIndex.has(index)) {
      functionIndex.set(index, trimmed.functions.length);
      trimmed.functions.push({ name: v8.functions[index]?.name ?? '' });
    }
    return functionIndex.get(index) as number;
  };
  const keepCode = (index: number) => {
    if (index < 0) return index;
    if (!codeIndex.has(index)) {
      const code = slim(v8.code[index] as V8CodeEntry);
      if (code.source?.fns) code.source.fns = code.source.fns.map(keepFunction);
      codeIndex.set(index, trimmed.code.length);
      trimmed.code.push(code);
    }
    return codeIndex.get(index) as number;
  };
  for (const tick of evenly(v8.ticks, 400)) {
    trimmed.ticks.push({ tm: tick.tm, vm: tick.vm, s: tick.s.map((value, i) => (i % 2 === 0 ? keepCode(value) : value)) });
  }

  const ticks = JSON.parse(readFileSync(join(artefacts, 'ticks.json'), 'utf8')) as V8CodeEntry[][];
  const meta = JSON.parse(readFileSync(join(artefacts, 'meta.json'), 'utf8')) as { inlined: Record<string, { caller: { key: string } }[]> };
  const inlined = Object.fromEntries(
    Object.entries(meta.inlined).filter(([key, records]) => key.includes(prefix) || records.some((record) => record.caller.key.includes(prefix))),
  );

  mkdirSync(target, { recursive: true });
  const write = (file: string, value: unknown) => writeFileSync(join(target, file), `${JSON.stringify(value).split(prefix).join(RECORDED_ROOT)}\n`);
  write('v8-profile.json', trimmed);
  write('ticks.json', evenly(ticks, 100).map((stack) => stack.map(slim)));
  write('meta.json', { inlined });
}
