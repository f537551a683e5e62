import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileOfStartScript, resolveEntry } from '../../src/analyze/entry.js';
import { UserError } from '../../src/errors.js';
import { PROFILE_APP } from './recorded-profile.js';

const scratch = mkdtempSync(join(tmpdir(), 'pivot-entry-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), contents);
  }
  return dir;
}

const tsconfig = JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'build', module: 'NodeNext', sourceMap: true }, include: ['src'] });

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('fileOfStartScript', () => {
  it('finds the file node runs', () => {
    expect(fileOfStartScript('node dist/server.js')).toBe('dist/server.js');
    expect(fileOfStartScript('NODE_ENV=production node --enable-source-maps -r dotenv/config dist/main.js --port 3')).toBe('dist/main.js');
    expect(fileOfStartScript('cross-env A=1 node "build/app.js" && echo done')).toBe('build/app.js');
    expect(fileOfStartScript('tsx src/server.ts')).toBeUndefined();
    expect(fileOfStartScript('node')).toBeUndefined();
  });
});

describe('resolveEntry', () => {
  it('uses package.json main, and maps a TypeScript --entry to its compiled file', async () => {
    expect(await resolveEntry(PROFILE_APP, { build: false })).toMatchObject({ entryFile: join(PROFILE_APP, 'out/server.js'), source: 'main' });
    expect(await resolveEntry(PROFILE_APP, { entry: 'src/server.ts', build: false })).toMatchObject({
      entryFile: join(PROFILE_APP, 'out/server.js'),
      source: 'flag',
    });
  });

  it('falls back to the start script and resolves main without an extension', async () => {
    const started = project('start', { 'package.json': JSON.stringify({ scripts: { start: 'node lib/run.js' } }), 'lib/run.js': '' });
    expect(await resolveEntry(started)).toMatchObject({ entryFile: join(started, 'lib/run.js'), source: 'start-script' });
    const bare = project('bare', { 'package.json': JSON.stringify({ main: 'lib/index' }), 'lib/index.js': '' });
    expect((await resolveEntry(bare)).entryFile).toBe(join(bare, 'lib/index.js'));
  });

  it('says when there is no entry, or no tsconfig to compile a TS entry with', async () => {
    const none = project('none', { 'package.json': '{"name":"x"}' });
    const error = await userError(resolveEntry(none));
    expect(error.message).toBe(`no entry found in ${join(none, 'package.json')}`);
    expect(error.hint).toContain('--entry');
    expect((await userError(resolveEntry(none, { entry: 'src/a.ts' }))).hint).toContain('--entry');
    expect((await userError(resolveEntry(none, { entry: 'gone.js' }))).message).toBe('entry gone.js (from --entry) does not exist');
  });

  it('builds a missing compiled entry, and reports a failing build with its output', async () => {
    const builds = project('builds', {
      'package.json': JSON.stringify({ main: 'build/server.js', scripts: { build: 'node make.cjs' } }),
      'make.cjs': "require('fs').mkdirSync('build', { recursive: true }); require('fs').writeFileSync('build/server.js', '');",
      'tsconfig.json': tsconfig,
      'src/server.ts': 'export {};\n',
    });
    expect(await resolveEntry(builds)).toMatchObject({ entryFile: join(builds, 'build/server.js'), built: true });
    // Sources newer than the output make it stale: build again, unless --no-build.
    utimesSync(join(builds, 'build/server.js'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect((await resolveEntry(builds, { build: false })).built).toBe(false);
    expect((await resolveEntry(builds)).built).toBe(true);

    const broken = project('broken', {
      'package.json': JSON.stringify({ main: 'build/server.js', scripts: { build: 'node -e "console.error(\'src/server.ts(1,7): error TS2322: nope\'); process.exit(2)"' } }),
      'tsconfig.json': tsconfig,
      'src/server.ts': 'export {};\n',
    });
    const error = await userError(resolveEntry(broken));
    expect(error.message).toMatch(/^the build failed: npm run build in .* exited with 2$/);
    expect(error.details?.join('\n')).toContain('error TS2322: nope');
    expect(error.hint).toContain('--no-build');
    expect((await userError(resolveEntry(broken, { build: false }))).hint).toContain('--no-build');
  }, 30_000);
});
