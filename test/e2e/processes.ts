import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Living processes whose command line mentions `marker` (zombies excluded). */
export function survivors(marker: string): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return table.split('\n').filter((line) => line.includes(marker) && !/^\s*\d+\s+Z/.test(line) && !line.includes('ps -eo'));
}

/**
 * Living processes whose environment holds `name=value`: everything a test's pivot started,
 * however the command line reads (`node server.cjs`, npm, sh, cluster workers). Linux only.
 */
export function survivorsWithEnv(name: string, value: string): string[] {
  const needle = `${name}=${value}\0`;
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    if (Number(pid) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3))) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').includes(needle)) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}
