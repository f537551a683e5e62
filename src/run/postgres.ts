import { execa } from 'execa';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOOPBACK } from './ports.js';
import type { ServiceSpec } from './spec.js';

/**
 * A real PostgreSQL server for `pivot up` and the tests: a cluster initialised into a directory
 * of the run (initdb, trust on loopback only), `postgres` in the foreground on one TCP port and
 * no Unix socket. As root it runs as the `postgres` account (postgres refuses root), which the
 * Debian package creates. `spec: null` with a reason when it is not installed.
 */
export interface PostgresOptions {
  /** The cluster's directory; initialised when it holds none yet. */
  dataDir: string;
  name?: string;
  /** Where to look for the binaries when `postgres` is not on PATH (Debian keeps them there). */
  libDir?: string;
}

export type PostgresSpecResult = { spec: ServiceSpec; url: string; version: string } | { spec: null; reason: string };

export const POSTGRES_USER = 'pivot';
const INSTALL_HINT = 'apt-get install postgresql (or brew install postgresql)';

/** The directory holding postgres and initdb: PATH first, then the newest /usr/lib/postgresql/<n>/bin. */
export async function postgresBinDir(libDir = '/usr/lib/postgresql'): Promise<string | undefined> {
  const which = await execa('sh', ['-c', 'command -v postgres'], { reject: false, stdin: 'ignore' });
  const onPath = which.exitCode === 0 ? which.stdout.trim() : '';
  if (onPath !== '' && existsSync(join(onPath, '..', 'initdb'))) return join(onPath, '..');
  if (!existsSync(libDir)) return undefined;
  const versions = readdirSync(libDir).filter((v) => /^\d+$/.test(v) && existsSync(join(libDir, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(libDir, versions[0]!, 'bin') : undefined;
}

/** uid and gid of an account in /etc/passwd. */
function account(name: string): { uid: number; gid: number } | undefined {
  if (!existsSync('/etc/passwd')) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid === undefined || gid === undefined ? undefined : { uid: Number(uid), gid: Number(gid) };
}

/** Pure: the URL a service gets in STATE_URL for a local cluster. */
export function postgresUrl(port: number): string {
  return `postgres://${POSTGRES_USER}@${LOOPBACK}:${port}/postgres?sslmode=disable`;
}

/** Pure: the server's command line (foreground, loopback TCP only, no Unix socket). */
export function postgresArgs(dataDir: string, port: number): string[] {
  return ['-D', dataDir, '-p', String(port), '-c', `listen_addresses=${LOOPBACK}`, '-c', 'unix_socket_directories=', '-c', 'fsync=on'];
}

/** The installed server's binaries and version, or why there is none. */
export async function findPostgres(libDir?: string): Promise<{ bin: string; version: string } | { reason: string }> {
  const bin = await postgresBinDir(libDir);
  if (!bin) return { reason: `postgres is not installed (${INSTALL_HINT})` };
  const probe = await execa(join(bin, 'postgres'), ['--version'], { reject: false, stdin: 'ignore' });
  if (probe.exitCode !== 0) return { reason: `${join(bin, 'postgres')} does not run: ${probe.stderr.trim()}` };
  return { bin, version: /(\d+(?:\.\d+)*)/.exec(probe.stdout)?.[1] ?? probe.stdout.trim() };
}

export async function postgresSpec(port: number, options: PostgresOptions): Promise<PostgresSpecResult> {
  const found = await findPostgres(options.libDir);
  if ('reason' in found) return { spec: null, reason: found.reason };
  const { bin, version } = found;
  // postgres refuses to run as root: drop to the package's account.
  let asUser: string[] = [];
  if (process.getuid?.() === 0) {
    const user = account('postgres');
    if (!user) return { spec: null, reason: `postgres refuses to run as root and there is no postgres account (${INSTALL_HINT} creates it)` };
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    chownSync(options.dataDir, user.uid, user.gid);
    asUser = ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--'];
  } else {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  }
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    const [command, ...prefix] = asUser.length > 0 ? asUser : [join(bin, 'initdb')];
    const args = [...(asUser.length > 0 ? [...prefix, join(bin, 'initdb')] : []), '-D', options.dataDir, '-U', POSTGRES_USER, '-A', 'trust', '-E', 'UTF8', '--no-instructions'];
    const init = await execa(command!, args, { reject: false, stdin: 'ignore', all: true, timeout: 120_000 });
    if (init.exitCode !== 0) return { spec: null, reason: `initdb ${options.dataDir} failed: ${(init.all ?? '').trim().split('\n').slice(-3).join(' ')}` };
  }
  const server = [join(bin, 'postgres'), ...postgresArgs(options.dataDir, port)];
  const [command, ...args] = [...asUser, ...server];
  return {
    version,
    url: postgresUrl(port),
    spec: {
      name: options.name ?? 'postgres',
      command: command!,
      args,
      cwd: options.dataDir,
      port,
      url: postgresUrl(port),
      health: { tcp: true, timeoutMs: 30_000 },
    },
  };
}
