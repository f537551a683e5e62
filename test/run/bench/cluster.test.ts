import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../src/run/ports.js';
import { processAlive } from '../../../src/run/process-group.js';
import { CLUSTER_LAUNCHER, monolithClusterTarget } from '../../../src/run/bench/targets.js';

/** An ESM entry like a monolith's: answers its own pid on PORT; `exitAfterMs` makes each worker exit with 3. */
function entry(exitAfterMs?: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pivot-cluster-')), 'server.mjs');
  writeFileSync(file, `import http from 'node:http';
http.createServer((q, s) => s.end(String(process.pid))).listen(Number(process.env.PORT), '127.0.0.1');
${exitAfterMs === undefined ? '' : `setTimeout(() => process.exit(3), ${exitAfterMs});`}
`);
  return file;
}

function launch(file: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [CLUSTER_LAUNCHER, file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the cluster launcher', () => {
  it('forks the entry once per worker; the workers share the port and answer in turn; SIGTERM stops them all with 0', async () => {
    const port = await freePort();
    const run = launch(entry(), { PORT: String(port), PIVOT_CLUSTER_WORKERS: '2' });
    await until(() => run.out().includes('pivot cluster: 2 worker(s)'));
    const pids = new Set<string>();
    for (let i = 0; i < 8; i++) pids.add(await (await fetch(`http://127.0.0.1:${port}/`)).text());
    expect(pids.size).toBe(2);
    expect(pids.has(String(run.child.pid))).toBe(false);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    for (const pid of pids) expect(processAlive(Number(pid))).toBe(false);
  }, 20_000);

  it('a worker that exits ends the cluster with status 1, saying which', async () => {
    const run = launch(entry(300), { PORT: String(await freePort()), PIVOT_CLUSTER_WORKERS: '2' });
    expect(await run.exited).toBe(1);
    expect(run.err()).toMatch(/pivot cluster: worker \d+ exited \(code 3\); stopping the cluster/);
  }, 20_000);

  it('refuses a worker count that is not a whole number of at least 1', async () => {
    const run = launch(entry(), { PORT: String(await freePort()), PIVOT_CLUSTER_WORKERS: '0' });
    expect(await run.exited).toBe(2);
    expect(run.err()).toContain('PIVOT_CLUSTER_WORKERS must be a whole number of at least 1, got "0"');
  });

  it('the target runs the monolith\'s own entry through the launcher with the same env and port, and says its state is per worker', () => {
    const target = monolithClusterTarget({ root: '/srv/shop', entryFile: '/srv/shop/dist/server.js', port: 4100, workers: 3 });
    expect(target).toMatchObject({ name: 'monolith-cluster', role: 'alternative', url: 'http://127.0.0.1:4100' });
    expect(target.services[0]).toMatchObject({
      command: process.execPath, args: [CLUSTER_LAUNCHER, '/srv/shop/dist/server.js'], cwd: '/srv/shop', port: 4100,
      env: { PORT: '4100', HOST: '127.0.0.1', NODE_ENV: 'production', PIVOT_CLUSTER_WORKERS: '3' },
    });
    expect(target.statePerProcess).toMatch(/^each of the 3 cluster workers keeps its own in-memory state/);
  });
});
