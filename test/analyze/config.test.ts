import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/analyze/config.js';
import { UserError } from '../../src/errors.js';

const scratch = mkdtempSync(join(tmpdir(), 'pivot-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, unknown>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, value] of Object.entries(files)) writeFileSync(join(dir, file), typeof value === 'string' ? value : JSON.stringify(value));
  return dir;
}

function failure(root: string): UserError {
  try {
    loadConfig(root);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('loadConfig', () => {
  it('reads pivot.config.json, or the "pivot" key of package.json, or nothing', () => {
    const config = { start: 'npm start', env: { DATABASE_URL: 'postgres://localhost/app' }, setup: ['npm run migrate'], collector: 'cpu-prof', startTimeout: 90 };
    expect(loadConfig(project('file', { 'package.json': {}, 'pivot.config.json': config }))).toMatchObject({ config, origin: 'pivot.config.json' });
    expect(loadConfig(project('key', { 'package.json': { pivot: { start: 'node x.js' } } }))).toMatchObject({ config: { start: 'node x.js' }, origin: 'package.json "pivot"' });
    expect(loadConfig(project('none', { 'package.json': { name: 'x' } }))).toBeUndefined();
  });

  it('names the file and the key of every problem', () => {
    const root = project('bad', { 'pivot.config.json': { start: '', env: { HOST: 'x', 'NOT-A-NAME': 'y', N: 3 }, setup: 'npm run build', collector: 'perf', stat: 1 } });
    const error = failure(root);
    const file = join(root, 'pivot.config.json');
    const all = [error.message, ...(error.details ?? [])];
    expect(all).toEqual(expect.arrayContaining([
      `${file}: /start must NOT have fewer than 1 characters`,
      `${file}: /env/HOST is set by pivot; pass {port}/{host} to the server through another variable or the start command`,
      `${file}: /env/NOT-A-NAME is not an environment variable name (letters, digits and _)`,
      `${file}: /env/N must be string`,
      `${file}: /setup must be array`,
      `${file}: /collector must be one of 0x, cpu-prof`,
      `${file}: /stat is not a known key (known keys: start, env, setup, collector, startTimeout)`,
    ]));
    expect(error.hint).toContain('schemas/pivot-config.schema.json');
  });

  it('points into package.json under /pivot', () => {
    const root = project('pkg-bad', { 'package.json': { pivot: { startTimeout: -1 } } });
    expect(failure(root).message).toBe(`${join(root, 'package.json')}: /pivot/startTimeout must be > 0`);
    expect(failure(project('pkg-type', { 'package.json': { pivot: 'npm start' } })).message).toMatch(/package\.json: \/pivot must be object$/);
  });

  it('refuses two configurations, and says where JSON is broken', () => {
    expect(failure(project('both', { 'package.json': { pivot: {} }, 'pivot.config.json': {} })).message).toContain('has both pivot.config.json and a "pivot" key in package.json');
    expect(failure(project('broken', { 'pivot.config.json': '{ "start": ' })).message).toMatch(/pivot\.config\.json is not valid JSON/);
  });
});
