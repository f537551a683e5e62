import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../../../src/run/process-group.js';
import { parseRssBytes, parseStat, processTrees, ResourceSampler, type ProcStat } from '../../../src/run/bench/resources.js';

describe('/proc parsing', () => {
  it('reads a stat line whose command holds spaces and parentheses', () => {
    const line = '4242 (node (worker) x) S 4000 4242 4242 0 -1 4194560 1 0 0 0 150 25 0 0 20 0 11 0 100 1000000 5000 18446744073709551615';
    expect(parseStat(line)).toEqual({ pid: 4242, comm: 'node (worker) x', ppid: 4000, pgid: 4242, ticks: 175 });
    expect(parseStat('garbage')).toBeNull();
  });

  it('reads VmRSS in bytes', () => {
    expect(parseRssBytes('Name:\tnode\nVmRSS:\t  51200 kB\nVmData:\t1 kB\n')).toBe(51200 * 1024);
    expect(parseRssBytes('Name:\tkthreadd\n')).toBe(0);
  });

  it('finds descendants and process-group members of each root', () => {
    const p = (pid: number, ppid: number, pgid = pid): ProcStat => ({ pid, ppid, pgid, comm: `p${pid}`, ticks: 0 });
    // 10 → 11 → 12; 20 alone; 30 was orphaned (ppid 1) but stayed in group 10; 40 is unrelated.
    const table = [p(1, 0), p(10, 1), p(11, 10, 10), p(12, 11, 10), p(20, 1), p(30, 1, 10), p(40, 1)];
    const owners = processTrees(table, [10, 20]);
    expect(Object.fromEntries(owners)).toEqual({ 10: 10, 11: 10, 12: 10, 20: 20, 30: 10 });
  });
});

describe('ResourceSampler on a real process tree', () => {
  it('sees a child and the grandchild it starts, RSS rising as the grandchild allocates, and CPU spent', async () => {
    // The grandchild allocates and touches 8 MB every 50 ms, ~120 MB in all, then idles.
    const grandchild = `const keep=[];let n=0;const t=setInterval(()=>{const b=Buffer.alloc(8<<20,1);keep.push(b);if(++n===15)clearInterval(t)},50);setInterval(()=>{},1e6)`;
    const parent = `const c=require('child_process').spawn(process.execPath,['-e',${JSON.stringify(grandchild)}],{stdio:'inherit'});console.log(c.pid);setInterval(()=>{},1e6)`;
    const child = spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const grandchildPid = Number(line.toString().trim());
    try {
      const sampler = new ResourceSampler(() => [child.pid!], (pid) => (pid === child.pid ? 'parent' : undefined), 100);
      sampler.start();
      await sleep(1_200);
      const usage = sampler.stop();
      expect(usage.samples).toBeGreaterThanOrEqual(8);
      const names = usage.processes.map((p) => p.name);
      expect(names).toContain('parent');
      const grand = usage.processes.find((p) => p.pid === grandchildPid);
      expect(grand?.name).toBe('parent/node');
      expect(grand!.rssPeakMb).toBeGreaterThan(grand!.rssMeanMb);
      expect(grand!.rssPeakMb).toBeGreaterThan(100);
      expect(usage.rssPeakMb).toBeGreaterThan(usage.rssMeanMb);
      expect(usage.rssPeakMb).toBeGreaterThan(130);
      expect(usage.cpuSeconds).toBeGreaterThan(0);
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
    await sleep(100);
    expect(processAlive(grandchildPid)).toBe(false);
  });
});
