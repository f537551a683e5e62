/**
 * The databases a corpus project needs, started from the machine's own packages (apt's postgresql,
 * redis-server, mariadb-server) in a temporary folder on free loopback ports, and stopped when the
 * project is done. Nothing of a developer's own databases is touched.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, HOST, type ProcessGroup } from '../../src/analyze/process-group.js';
import { UserError } from '../../src/errors.js';
import type { DatabaseKind, DatabaseNeed } from './definition.js';
import { runCommand, type Supervisor } from './processes.js';

export type DatabasePorts = Partial<Record<`${DatabaseKind}Port`, number>>;

export interface RunningDatabases {
  ports: DatabasePorts;
  stop(): Promise<void>;
}

interface Context {
  supervisor: Supervisor;
  dir: string;
  log: string;
  env: NodeJS.ProcessEnv;
}

const INSTALL_HINT: Record<DatabaseKind, string> = {
  postgres: 'apt-get install postgresql (15 or later), or put initdb and postgres on PATH',
  redis: 'apt-get install redis-server',
  mariadb: 'apt-get install mariadb-server',
};

/** Absolute path of a program on PATH or in the usual package folders, or a UserError saying how to install it. */
export function findProgram(name: string, kind: DatabaseKind, env: NodeJS.ProcessEnv = process.env): string {
  const pgBins = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort().reverse().map((version) => `/usr/lib/postgresql/${version}/bin`)
    : [];
  const dirs = [...(env.PATH ?? '').split(':'), '/usr/local/bin', '/usr/sbin', '/usr/bin', ...pgBins];
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new UserError(`${kind} is needed but ${name} is not installed`, INSTALL_HINT[kind]);
}

/** Starts every database of `needs`; on any failure the ones already started are stopped. */
export async function startDatabases(needs: Partial<Record<DatabaseKind, DatabaseNeed>>, context: Context): Promise<RunningDatabases> {
  const started: ProcessGroup[] = [];
  const ports: DatabasePorts = {};
  const stop = async () => {
    for (const group of started.reverse()) await context.supervisor.stop(group, 'SIGINT', 15_000);
  };
  try {
    if (needs.postgres) ports.postgresPort = await startPostgres(needs.postgres, context, started);
    if (needs.redis) ports.redisPort = await startRedis(context, started);
    if (needs.mariadb) ports.mariadbPort = await startMariadb(needs.mariadb, context, started);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, stop };
}

async function listening(group: ProcessGroup, port: number, what: string): Promise<void> {
  const wait = await group.waitForPort(port, 60_000);
  if (wait.state !== 'open') {
    throw new UserError(`${what} did not start (${wait.state === 'exited' ? `it exited, code ${group.exitCode}` : 'no connection within 60 s'})`, 'its last lines are below', group.lastLines());
  }
}

/** The uid and gid of a system account, when pivot runs as root and a server refuses root (postgres). */
function account(name: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = [execFileSync('id', ['-u', name]), execFileSync('id', ['-g', name])].map((out) => Number(out.toString().trim()));
    return { uid: uid!, gid: gid! };
  } catch {
    throw new UserError(`postgres refuses to run as root and there is no "${name}" account to run it as`, 'create one (apt-get install postgresql does) or run as another user');
  }
}

async function startPostgres(need: DatabaseNeed, context: Context, started: ProcessGroup[]): Promise<number> {
  const initdb = findProgram('initdb', 'postgres');
  const postgres = findProgram('postgres', 'postgres');
  const psql = findProgram('psql', 'postgres');
  const home = join(context.dir, 'postgres');
  mkdirSync(home, { recursive: true });
  const owner = account('postgres');
  if (owner) chownSync(home, owner.uid, owner.gid);
  const asOwner = (command: string) => (owner ? `runuser -u postgres -- ${command}` : command);
  const data = join(home, 'data');
  await runCommand(context.supervisor, asOwner(`${initdb} -D ${data} -U postgres --auth=trust -E UTF8 --no-sync`), {
    cwd: home, env: context.env, log: context.log, what: 'initdb',
  });
  const port = await freePort();
  const settings = `-c listen_addresses=${HOST} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const group = context.supervisor.start(
    { file: '/bin/sh', args: ['-c', `exec ${asOwner(`${postgres} -D ${data} -p ${port} -k ${home} ${settings}`)}`], cwd: home, env: context.env },
    context.log,
  );
  started.push(group);
  await listening(group, port, 'postgres');
  const sql = (statement: string) => `${psql} -h ${HOST} -p ${port} -U postgres -v ON_ERROR_STOP=1 -qc '${statement}'`;
  // The port opens before the server takes queries ("the database system is starting up").
  for (let attempt = 0; ; attempt++) {
    try {
      await runCommand(context.supervisor, sql('SELECT 1'), { cwd: home, env: context.env, log: context.log, what: 'postgres' });
      break;
    } catch (error) {
      if (attempt >= 30) throw error;
      await sleep(500);
    }
  }
  if (need.database && need.database !== 'postgres') {
    await runCommand(context.supervisor, sql(`CREATE DATABASE "${need.database}"`), { cwd: home, env: context.env, log: context.log, what: 'creating the database' });
  }
  return port;
}

async function startRedis(context: Context, started: ProcessGroup[]): Promise<number> {
  const redis = findProgram('redis-server', 'redis');
  const home = join(context.dir, 'redis');
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const group = context.supervisor.start(
    { file: redis, args: ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', home], cwd: home, env: context.env },
    context.log,
  );
  started.push(group);
  await listening(group, port, 'redis-server');
  return port;
}

async function startMariadb(need: DatabaseNeed, context: Context, started: ProcessGroup[]): Promise<number> {
  const install = findProgram('mariadb-install-db', 'mariadb');
  const server = findProgram('mariadbd', 'mariadb');
  const client = findProgram('mariadb', 'mariadb');
  const home = join(context.dir, 'mariadb');
  mkdirSync(home, { recursive: true });
  const data = join(home, 'data');
  const socket = join(home, 'mariadb.sock');
  const asRoot = process.getuid?.() === 0 ? ' --user=root' : '';
  await runCommand(context.supervisor, `${install} --no-defaults${asRoot} --datadir=${data} --auth-root-authentication-method=normal --skip-test-db`, {
    cwd: home, env: context.env, log: context.log, what: 'mariadb-install-db',
  });
  const port = await freePort();
  const args = ['--no-defaults', ...(asRoot ? ['--user=root'] : []), `--datadir=${data}`, `--port=${port}`, `--bind-address=${HOST}`,
    `--socket=${socket}`, `--pid-file=${join(home, 'mariadb.pid')}`, '--skip-log-bin', '--innodb-flush-log-at-trx-commit=0'];
  const group = context.supervisor.start({ file: server, args, cwd: home, env: context.env }, context.log);
  started.push(group);
  await listening(group, port, 'mariadbd');
  if (need.database) {
    const user = need.user ?? 'root';
    const grants = need.user
      ? ['localhost', '%'].map((host) => `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${need.password ?? ''}'; GRANT ALL ON \`${need.database}\`.* TO '${user}'@'${host}';`).join(' ')
      : '';
    // Inside the shell's double quotes every backtick of the SQL must be escaped.
    const statements = `CREATE DATABASE \`${need.database}\`; ${grants}`.replace(/`/g, '\\`');
    await runCommand(context.supervisor, `${client} --no-defaults -S ${socket} -u root -e "${statements}"`, {
      cwd: home, env: context.env, log: context.log, what: 'creating the mariadb database',
    });
  }
  return port;
}
