/** The machine a bench ran on, recorded with every result: figures from another machine do not compare. */
import { execa } from 'execa';
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  freeMemoryGb: number;
  os: string;
  arch: string;
  node: string;
  rust: string | null;
  go: string | null;
  /** 1-minute load average when the bench started: another busy process skews every figure. */
  loadAverage: number;
  date: string;
}

async function versionOf(command: string, args: string[], pattern: RegExp): Promise<string | null> {
  const result = await execa(command, args, { reject: false, timeout: 5_000, stdin: 'ignore' });
  if (result.failed || result.exitCode !== 0) return null;
  return pattern.exec(result.stdout)?.[1] ?? (result.stdout.trim() || null);
}

export async function describeMachine(now = new Date()): Promise<MachineInfo> {
  const list = cpus();
  const [rust, go] = await Promise.all([
    versionOf('rustc', ['--version'], /rustc (\S+)/),
    versionOf('go', ['version'], /go version go(\S+)/),
  ]);
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    arch: arch(),
    node: process.versions.node,
    rust,
    go,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    date: now.toISOString(),
  };
}

/** One line for reports: `2 × AMD EPYC, 23.5 GB, linux 6.1, Node 20.20.2, Rust 1.80.0, Go 1.22.5`. */
export function machineLine(m: MachineInfo): string {
  return [
    `${m.cores} × ${m.cpuModel}`,
    `${m.memoryGb} GB`,
    m.os,
    `Node ${m.node}`,
    `Rust ${m.rust ?? 'n/a'}`,
    `Go ${m.go ?? 'n/a'}`,
    `load ${m.loadAverage}`,
  ].join(', ');
}
