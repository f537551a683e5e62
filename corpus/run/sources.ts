/**
 * A corpus project's source at its pinned commit, in a folder outside the repository: from a
 * local bare mirror when there is one (`/work/.mirror/<owner>+<name>/repo`, or --mirrors), else
 * a `git clone` from GitHub. The tree is a plain copy (`git archive`), without the project's git
 * history; a marker file records the commit so a kept folder is reused, not fetched again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import type { CorpusProject } from './definition.js';

export const PIN_FILE = '.corpus-pin';

export interface Source {
  dir: string;
  /** Where it came from: `mirror <path>`, `clone <url>`, or `kept` (a previous --keep run). */
  origin: string;
}

function git(args: string[], cwd?: string): string {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString();
}

/** The bare mirror of a repository under `mirrors`, if it holds the commit. */
export function mirrorOf(mirrors: string, project: CorpusProject): string | undefined {
  const gitDir = join(mirrors, project.repo.replace('/', '+'), 'repo');
  if (!existsSync(gitDir)) return undefined;
  try {
    git(['--git-dir', gitDir, 'cat-file', '-e', `${project.commit}^{commit}`]);
    return gitDir;
  } catch {
    return undefined;
  }
}

/** True when `dir` holds this project's pinned tree, installed (a folder kept by --keep). */
export function isKept(dir: string, project: CorpusProject): boolean {
  const pin = join(dir, PIN_FILE);
  return existsSync(pin) && readFileSync(pin, 'utf8').trim() === project.commit && existsSync(join(dir, 'node_modules'));
}

export function fetchSource(project: CorpusProject, dir: string, mirrors: string): Source {
  if (isKept(dir, project)) return { dir, origin: 'kept' };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const mirror = mirrorOf(mirrors, project);
  if (mirror) {
    const archive = execFileSync('git', ['--git-dir', mirror, 'archive', '--format=tar', project.commit], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    writeFileSync(join(dir, PIN_FILE), `${project.commit}\n`);
    return { dir, origin: `mirror ${mirror}` };
  }
  const url = `https://github.com/${project.repo}.git`;
  const clone = `${dir}.clone`;
  rmSync(clone, { recursive: true, force: true });
  try {
    git(['clone', '--quiet', '--no-checkout', '--filter=blob:none', url, clone]);
    git(['--work-tree', dir, 'checkout', '--quiet', project.commit, '--', '.'], clone);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3) ?? [];
    throw new UserError(
      `cannot get ${project.repo}@${project.commit.slice(0, 7)}: no mirror under ${mirrors}, and git clone ${url} failed`,
      `give the folder of bare mirrors with --mirrors (<owner>+<name>/repo), or make github.com reachable`,
      stderr,
    );
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
  writeFileSync(join(dir, PIN_FILE), `${project.commit}\n`);
  return { dir, origin: `clone ${url}` };
}
