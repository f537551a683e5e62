/**
 * `pivot analyze` on servers that do not come up, through the real CLI: each failure is one
 * clear error with what pivot ran, what it waited for, the server's last output and a hint,
 * exit 1, no analysis written, and no process left (found by an environment marker, so wrappers
 * and children count too).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/analyze/process-group.js';
import { pivot, REPO } from './cli.js';
import { survivorsWithEnv } from './processes.js';

const FIXTURES = join(REPO, 'test/fixtures/start');
const scratch = mkdtempSync(join(tmpdir(), 'pivot-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function analyze(fixture: string, args: string[], env: Record<string, string> = {}) {
  const mark = `${fixture}-${process.pid}-${Date.now()}`;
  const output = join(scratch, mark);
  const result = await pivot(['analyze', join(FIXTURES, fixture), '--output', output, '--duration', '2', ...args], {
    env: { PIVOT_TEST_MARK: mark, ...env },
    timeoutMs: 90_000,
  });
  return { ...result, output, left: survivorsWithEnv('PIVOT_TEST_MARK', mark) };
}

describe('pivot analyze: servers that do not come up', () => {
  it('a start command that exits: its output, what ran, a hint', async () => {
    const r = await analyze('exits', ['--start', 'node server.cjs']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('the monolith exited during start-up (code 1)');
    expect(r.stderr).toContain('DATABASE_URL is not set: cannot connect to the database');
    expect(r.stderr).toMatch(/pivot ran: node server\.cjs \(from --start\) in the project folder, with PORT=\d+ HOST=127\.0\.0\.1/);
    expect(r.stderr).toContain('hint: run node server.cjs yourself');
    expect(existsSync(join(r.output, 'analysis.json'))).toBe(false);
    expect(r.left).toEqual([]);
  });

  it('a server that never listens: how long pivot waited for which address (startTimeout from pivot.config.json)', async () => {
    const r = await analyze('never-listens', []);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/the monolith did not accept connections on 127\.0\.0\.1:(\d+) within 2 s/);
    expect(r.stderr).toMatch(/it waited 2 s for a connection on 127\.0\.0\.1:\d+ \(and \[::1\]:\d+\)/);
    expect(r.stderr).toContain('connecting to the job queue...');
    expect(r.stderr).toContain('hint: it must listen on the PORT');
    expect(r.left).toEqual([]);
  });

  it('a port flag that is ignored: the port it listens on instead', async () => {
    const elsewhere = await freePort();
    const r = await analyze('ignores-port', ['--start', 'node server.cjs --port {port}', '--start-timeout', '30'], { APP_PORT: String(elsewhere) });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`the monolith ignored the port it was given: it listens on 127\\.0\\.0\\.1:${elsewhere}, not on \\d+`));
    expect(r.stderr).toMatch(/pivot ran: node server\.cjs --port \d+ \(from --start\)/);
    expect(r.stderr).toContain(`listening on ${elsewhere} as always`);
    expect(r.stderr).toContain('hint: the start command passes {port}, but the server does not use it');
    expect(r.left).toEqual([]);
  }, 60_000);

  it('a bad pivot.config.json: every problem named by file and key', async () => {
    const r = await analyze('bad-config', []);
    const file = join(FIXTURES, 'bad-config/pivot.config.json');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${file}: /setp is not a known key (known keys: start, env, setup, collector, startTimeout)`);
    expect(r.stderr).toContain(`${file}: /start must be string`);
    expect(r.stderr).toContain(`${file}: /env/PORT is set by pivot`);
    expect(r.stderr).not.toContain('must NOT be valid');
    expect(r.stderr).toContain('hint: see docs/analyze.md');
    expect(r.left).toEqual([]);
  });

  it('a setup command that fails: which one, its output, and the server is never started', async () => {
    const r = await analyze('failing-setup', []);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('setup command pivot.config.json setup[0] failed (exit code 3): node -e');
    expect(r.stderr).toContain('migration 002 failed: relation users already exists');
    expect(r.stderr).not.toContain('listening on port');
    expect(r.left).toEqual([]);
  });

  it('--collector 0x with a command 0x cannot run says so before starting anything', async () => {
    const r = await analyze('exits', ['--start', 'npm start', '--collector', '0x']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('--collector 0x needs a start command that runs node itself (node <file> …); "npm start" does not');
    expect(r.left).toEqual([]);
  });
});
