import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directNode, fillPlaceholders, shellWords, transpilerOf } from '../../src/analyze/start-command.js';
import { chooseCollector, forkingUse, planStart } from '../../src/analyze/start.js';
import { UserError } from '../../src/errors.js';

const scratch = mkdtempSync(join(tmpdir(), 'pivot-start-plan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe('start commands', () => {
  it('fills {port} and {host}', () => {
    expect(fillPlaceholders('node lib/bin.js db.json --port {port} --host {host}', 4567, '127.0.0.1')).toBe('node lib/bin.js db.json --port 4567 --host 127.0.0.1');
    expect(fillPlaceholders('postgres://{host}:5432/app?port={port}', 1, 'h')).toBe('postgres://h:5432/app?port=1');
  });

  it('splits words as sh does for simple commands, and gives up on shell syntax', () => {
    expect(shellWords(`node "my server.js" --name 'a b' x\\ y`)).toBeUndefined();
    expect(shellWords(`node "my server.js" --name 'a b'`)).toEqual(['node', 'my server.js', '--name', 'a b']);
    expect(shellWords('cd dist && node src/index.js')).toBeUndefined();
    expect(shellWords('node server.js > log')).toBeUndefined();
    expect(shellWords('node $ENTRY')).toBeUndefined();
  });

  it('recognises `node <file>` with its flags, arguments and VAR=value words', () => {
    expect(directNode('node lib/bin.js db.json --port {port}')).toEqual({ node: 'node', env: {}, execArgv: [], script: 'lib/bin.js', args: ['db.json', '--port', '{port}'] });
    expect(directNode('NODE_ENV=production node -r dotenv/config --max-old-space-size 512 dist/main')).toEqual({
      node: 'node', env: { NODE_ENV: 'production' }, execArgv: ['-r', 'dotenv/config', '--max-old-space-size', '512'], script: 'dist/main', args: [],
    });
    expect(directNode('/usr/local/bin/node server.js')?.node).toBe('/usr/local/bin/node');
    for (const command of ['npm start', 'npx tsx src/main.ts', 'nest start', 'node -e "require(1)"', 'node', 'cd dist && node src/index.js']) {
      expect(directNode(command), command).toBeUndefined();
    }
  });

  it('names the transpiler a node command preloads', () => {
    expect(transpilerOf(directNode('node -r ts-node/register src/index.ts')!)).toBe('ts-node/register');
    expect(transpilerOf(directNode('node --import tsx src/index.ts')!)).toBe('tsx');
    expect(transpilerOf(directNode('node --require=@swc-node/register src/index.ts')!)).toBe('@swc-node/register');
    expect(transpilerOf(directNode('node src/main.mts')!)).toBe('src/main.mts');
    expect(transpilerOf(directNode('node -r dotenv/config dist/main.js')!)).toBeUndefined();
  });
});

describe('chooseCollector', () => {
  const direct = directNode('node dist/main.js')!;
  it('keeps 0x for one plain node process', () => {
    expect(chooseCollector({ command: 'node dist/main.js', direct }, undefined, '', undefined)).toEqual({ name: '0x', reason: 'one node process' });
  });

  it('takes cpu-prof for wrappers, package CLIs, in-memory TypeScript and forking projects', () => {
    expect(chooseCollector({ command: 'npm start' }, undefined, '', undefined).reason).toBe('"npm start" reaches node through a wrapper or a shell, which 0x cannot follow');
    const cli = directNode('node node_modules/@nestjs/cli/bin/nest.js start')!;
    expect(chooseCollector({ command: 'x', direct: cli }, undefined, '', undefined).reason).toContain("is a package's command line");
    const tsNode = directNode('node -r ts-node/register src/index.ts')!;
    expect(chooseCollector({ command: 'x', direct: tsNode }, undefined, '', undefined).reason).toContain('ts-node/register compiles TypeScript in memory');
    expect(chooseCollector({ command: 'x', direct }, undefined, '', 'src/index.ts imports cluster')).toEqual({
      name: 'cpu-prof', reason: 'src/index.ts imports cluster, and 0x cannot follow cluster workers or worker threads',
    });
  });

  it('obeys --collector, and refuses 0x for a command it cannot run', () => {
    expect(chooseCollector({ command: 'x', direct }, 'cpu-prof', '--collector', undefined)).toEqual({ name: 'cpu-prof', reason: 'chosen with --collector', forced: true });
    expect(chooseCollector({ command: 'x', direct }, '0x', '--collector', 'src/a.ts imports cluster')).toEqual({ name: '0x', reason: 'chosen with --collector', forced: true });
    expect(() => chooseCollector({ command: 'npm start' }, '0x', '--collector', undefined)).toThrow(UserError);
  });

  it('finds cluster and worker_threads in the sources, and forking packages in the dependencies', () => {
    const root = project('forks', {
      'src/a.ts': "import { x } from './b';\n",
      'src/b.ts': "import { Worker } from 'node:worker_threads';\n",
      'package.json': '{}',
    });
    expect(forkingUse(root, ['src/a.ts', 'src/b.ts'])).toBe('src/b.ts imports worker_threads');
    const pool = project('pool', { 'src/a.ts': 'export const x = 1;\n', 'package.json': JSON.stringify({ dependencies: { piscina: '^4' } }) });
    expect(forkingUse(pool, ['src/a.ts'])).toBe('package.json depends on piscina');
    expect(forkingUse(project('plain', { 'src/a.ts': "const cluster = 'not an import';\n" }), ['src/a.ts'])).toBeUndefined();
  });
});

describe('planStart', () => {
  it('runs npm start when package.json names no node entry but has a start script', async () => {
    const root = project('nest', { 'package.json': JSON.stringify({ scripts: { start: 'nest start' } }) });
    const plan = await planStart({ root, cwd: root, files: [] });
    expect(plan).toMatchObject({ command: 'npm start', origin: 'package.json scripts.start (through npm start)', collector: { name: 'cpu-prof' } });
  });

  it('takes the configuration\'s start, env and setup, and --start over it', async () => {
    const root = project('configured', { 'package.json': '{}' });
    const config = { config: { start: 'node lib/bin.js --port {port}', env: { DATABASE_URL: 'postgres://{host}/app' }, setup: ['npm run migrate'], startTimeout: 60 }, origin: 'pivot.config.json', file: join(root, 'pivot.config.json') };
    const plan = await planStart({ root, cwd: root, files: [], config });
    expect(plan).toMatchObject({
      command: 'node lib/bin.js --port {port}', origin: 'pivot.config.json "start"', env: { DATABASE_URL: 'postgres://{host}/app' },
      setup: [{ command: 'npm run migrate', origin: 'pivot.config.json setup[0]' }], startTimeout: 60, collector: { name: '0x' },
    });
    expect(plan.direct?.script).toBe('lib/bin.js');
    const flagged = await planStart({ root, cwd: root, files: [], config, start: 'npx tsx src/main.ts' });
    expect(flagged).toMatchObject({ command: 'npx tsx src/main.ts', origin: '--start', collector: { name: 'cpu-prof' } });
  });

  it('refuses --start with --entry', async () => {
    const root = project('both', { 'package.json': '{}' });
    await expect(planStart({ root, cwd: root, files: [], start: 'npm start', entry: 'dist/main.js' })).rejects.toThrow('--start and --entry both say what to run');
  });
});
