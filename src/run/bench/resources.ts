/**
 * Resource use of a running system, sampled from /proc every ~150 ms: every process of each
 * sampled tree (the leader, its descendants, and anything left in its process group). CPU is
 * utime + stime from /proc/<pid>/stat, as the difference between the first and the last sample
 * a process was seen in; RSS is VmRSS from /proc/<pid>/status. A child that exits between two
 * samples loses at most one interval of CPU; its parent's cutime is not added, since that
 * would count children twice while they are alive.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { round } from './stats.js';
import type { ProcessUsage, ResourceUsage } from './types.js';

export const DEFAULT_SAMPLE_INTERVAL_MS = 150;

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  pgid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/** Parses /proc/<pid>/stat; the command name sits in parentheses and may itself hold spaces or parentheses. */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state) of proc(5): ppid is 4, pgrp 5, utime 14, stime 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close), ppid: Number(fields[1]), pgid: Number(fields[2]), ticks: utime + stime };
}

/** VmRSS of /proc/<pid>/status in bytes; 0 for a process without one (a zombie, a kernel thread). */
export function parseRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Every process visible in /proc. */
export function readProcessTable(): ProcStat[] {
  const table: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = readText(`/proc/${entry}/stat`);
    const stat = text === null ? null : parseStat(text);
    if (stat) table.push(stat);
  }
  return table;
}

/** Pure: the roots, their descendants, and the members of their process groups, each mapped to its root. */
export function processTrees(table: readonly ProcStat[], roots: readonly number[]): Map<number, number> {
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const rootSet = new Set(roots);
  const owner = new Map<number, number>();
  for (const proc of table) {
    let current: ProcStat | undefined = proc;
    const seen = new Set<number>();
    while (current && !seen.has(current.pid)) {
      if (rootSet.has(current.pid)) {
        owner.set(proc.pid, current.pid);
        break;
      }
      seen.add(current.pid);
      current = byPid.get(current.ppid);
    }
    if (!owner.has(proc.pid) && rootSet.has(proc.pgid)) owner.set(proc.pid, proc.pgid);
  }
  return owner;
}

let clockTicks: number | undefined;

/** USER_HZ: clock ticks per second of the /proc CPU counters (100 nearly everywhere). */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

interface Track {
  pid: number;
  name: string;
  firstTicks: number;
  lastTicks: number;
  rssPeak: number;
  rssSum: number;
  seen: number;
}

const MB = 1024 * 1024;
/** How often the process trees are discovered again; in between only known processes are read. */
const RESCAN_MS = 1_000;

/**
 * Samples the trees of `roots()` until stopped. `names` labels a root (e.g. by service); other
 * members are labelled `<root name>/<command>`.
 */
export class ResourceSampler {
  private readonly tracks = new Map<number, Track>();
  private readonly totals: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private owners = new Map<number, number>();
  private lastScan = 0;
  private lastRoots = '';

  constructor(
    private readonly roots: () => number[],
    private readonly names: (pid: number) => string | undefined = () => undefined,
    readonly intervalMs = DEFAULT_SAMPLE_INTERVAL_MS,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Takes a last sample, so CPU covers the run to its end, and summarises. */
  stop(): ResourceUsage {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.usage();
  }

  sample(): void {
    const roots = this.roots().filter((pid) => pid > 0);
    if (roots.length === 0) return;
    const now = Date.now();
    const rootsChanged = roots.join(',') !== this.lastRoots;
    if (rootsChanged || now - this.lastScan >= RESCAN_MS) {
      // Walking all of /proc costs milliseconds, in the load generator's event loop: not every sample.
      this.owners = processTrees(readProcessTable(), roots);
      this.lastScan = now;
      this.lastRoots = roots.join(',');
    }
    let total = 0;
    for (const [pid, root] of this.owners) {
      const text = readText(`/proc/${pid}/stat`);
      const proc = text === null ? null : parseStat(text);
      if (proc === null) continue;
      const status = readText(`/proc/${proc.pid}/status`);
      const rss = status === null ? 0 : parseRssBytes(status);
      total += rss;
      let track = this.tracks.get(proc.pid);
      if (!track) {
        const rootName = this.names(root) ?? `pid ${root}`;
        track = { pid: proc.pid, name: proc.pid === root ? rootName : `${rootName}/${proc.comm}`, firstTicks: proc.ticks, lastTicks: proc.ticks, rssPeak: 0, rssSum: 0, seen: 0 };
        this.tracks.set(proc.pid, track);
      }
      track.lastTicks = Math.max(track.lastTicks, proc.ticks);
      track.rssPeak = Math.max(track.rssPeak, rss);
      track.rssSum += rss;
      track.seen++;
    }
    this.totals.push(total);
  }

  usage(): ResourceUsage {
    const hz = ticksPerSecond();
    const processes: ProcessUsage[] = [...this.tracks.values()].map((t) => ({
      pid: t.pid,
      name: t.name,
      cpuSeconds: round((t.lastTicks - t.firstTicks) / hz, 2),
      rssPeakMb: round(t.rssPeak / MB, 1),
      rssMeanMb: round(t.seen ? t.rssSum / t.seen / MB : 0, 1),
    }));
    const samples = this.totals.length;
    return {
      samples,
      intervalMs: this.intervalMs,
      processes,
      cpuSeconds: round([...this.tracks.values()].reduce((sum, t) => sum + t.lastTicks - t.firstTicks, 0) / hz, 2),
      rssPeakMb: round(Math.max(0, ...this.totals) / MB, 1),
      rssMeanMb: round(samples ? this.totals.reduce((a, b) => a + b, 0) / samples / MB : 0, 1),
    };
  }
}
