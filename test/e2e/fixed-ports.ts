import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The committed example runs on fixed ports (gateway 8000, services 8001-8002, redis 6379), and
 * test files run two at a time: every test that builds and starts that tree holds this lock, a
 * directory made atomically, with its owner's pid inside so a lock left by a killed run is taken
 * over. CI once saw the fuzz test refused because the fault test held 6379.
 */
const LOCK = join(tmpdir(), 'pivot-test-example-ports.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let owner: number;
    try {
      owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    } catch {
      return false; // being made right now
    }
    if (Number.isInteger(owner) && alive(owner)) return false;
    rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(LOCK, 'pid'), String(process.pid));
  return true;
}

/** Runs fn while no other test process runs the example on its fixed ports. */
export async function withExamplePorts<T>(fn: () => Promise<T>): Promise<T> {
  while (!tryLock()) await sleep(250);
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
