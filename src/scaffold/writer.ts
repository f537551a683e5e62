/**
 * Puts a generated file tree somewhere: on disk (atomically), in memory (tests), or nowhere
 * (dry run: a diff, or a JSON list of what would happen). All three share one pure plan.
 *
 * Ownership: the output directory keeps `.pivot-manifest.json` with the sha256 of every file
 * pivot wrote. A file whose current hash differs from the manifest was changed by hand, and a
 * file that is not in the manifest at all is the user's; overwriting either is a conflict
 * that needs `force`. Files pivot wrote before and no longer generates are removed when they
 * are still as pivot left them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InternalError, UserError } from '../errors.js';
import type { FileTree } from '../translate/api.js';
import { unifiedDiff } from './diff.js';

export const MANIFEST_FILE = '.pivot-manifest.json';

export type WriteAction = 'create' | 'update' | 'unchanged' | 'conflict' | 'delete';

export interface PlannedWrite {
  path: string;
  action: WriteAction;
  /** Why a file is a conflict (or was overwritten with force). */
  reason?: string;
}

export interface WriteReport {
  outputDir: string;
  entries: PlannedWrite[];
  /** False for a dry run, or when nothing changed. */
  written: boolean;
}

export interface TreeWriter {
  write(tree: FileTree): Promise<WriteReport>;
}

export interface Manifest {
  schema: 1;
  generator: 'pivot';
  /** Relative path → sha256 hex of the contents pivot wrote. */
  files: Record<string, string>;
}

/** What a writer needs to know about the destination. */
export interface TreeState {
  /** Current contents, or undefined when the file does not exist. */
  read(path: string): Promise<string | undefined>;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function parseManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Manifest>;
    if (value.generator === 'pivot' && typeof value.files === 'object' && value.files !== null) {
      return { schema: 1, generator: 'pivot', files: value.files };
    }
  } catch {
    // An unreadable manifest protects nothing: every existing file counts as the user's.
  }
  return undefined;
}

export function manifestFor(tree: FileTree): Manifest {
  const files: Record<string, string> = {};
  for (const path of [...tree.keys()].sort()) files[path] = sha256(tree.get(path)!);
  return { schema: 1, generator: 'pivot', files };
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function checkPaths(tree: FileTree): void {
  for (const path of tree.keys()) {
    if (path === MANIFEST_FILE || path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '' || p === '.')) {
      throw new InternalError(`a generated tree has an invalid path: ${JSON.stringify(path)}`);
    }
  }
}

/** Decides what happens to every file. Pure apart from reading `state`. */
export async function planWrite(tree: FileTree, state: TreeState, force: boolean): Promise<PlannedWrite[]> {
  checkPaths(tree);
  const manifest = parseManifest(await state.read(MANIFEST_FILE));
  const entries: PlannedWrite[] = [];
  for (const path of [...tree.keys()].sort()) {
    const current = await state.read(path);
    if (current === undefined) entries.push({ path, action: 'create' });
    else if (current === tree.get(path)) entries.push({ path, action: 'unchanged' });
    else {
      const recorded = manifest?.files[path];
      if (recorded !== undefined && recorded === sha256(current)) entries.push({ path, action: 'update' });
      else {
        const reason = recorded === undefined ? 'not written by pivot' : 'changed by hand since pivot wrote it';
        entries.push(force ? { path, action: 'update', reason: `${reason}; overwritten (--force)` } : { path, action: 'conflict', reason });
      }
    }
  }
  for (const [path, hash] of Object.entries(manifest?.files ?? {})) {
    if (tree.has(path)) continue;
    const current = await state.read(path);
    if (current !== undefined && sha256(current) === hash) entries.push({ path, action: 'delete' });
  }
  return entries;
}

function refuseConflicts(entries: PlannedWrite[], outputDir: string): void {
  const conflicts = entries.filter((e) => e.action === 'conflict');
  if (conflicts.length === 0) return;
  throw new UserError(
    `${conflicts.length} file(s) in ${outputDir} would be overwritten but were not written by pivot or were changed by hand; nothing was written`,
    'pass --force to overwrite them, --output to write elsewhere, or --dry-run to see the differences',
    conflicts.map((c) => `${c.path}: ${c.reason}`),
  );
}

const changes = (entries: PlannedWrite[]) => entries.filter((e) => e.action !== 'unchanged');

// ---------------------------------------------------------------------------------------------
// Disk

export function diskState(outputDir: string): TreeState {
  return {
    async read(path) {
      try {
        return await readFile(join(outputDir, path), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw err;
      }
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function writeStaged(root: string, path: string, contents: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), contents);
}

/**
 * Writes into a temp dir beside `outputDir`, then renames into place: the whole directory when
 * it is new, else file by file with the replaced files kept aside until every rename worked
 * (a failure puts them back).
 */
export function createDiskWriter(options: { outputDir: string; force?: boolean }): TreeWriter {
  const { outputDir } = options;
  return {
    async write(tree) {
      const entries = await planWrite(tree, diskState(outputDir), options.force === true);
      refuseConflicts(entries, outputDir);
      const manifestText = serializeManifest(manifestFor(tree));
      const manifestChanged = (await diskState(outputDir).read(MANIFEST_FILE)) !== manifestText;
      if (changes(entries).length === 0 && !manifestChanged) return { outputDir, entries, written: false };
      await mkdir(dirname(outputDir), { recursive: true });
      const staging = join(dirname(outputDir), `.${basename(outputDir)}.pivot-${randomBytes(4).toString('hex')}`);
      try {
        const fresh = !(await exists(outputDir));
        const placed = entries.filter((e) => fresh || e.action === 'create' || e.action === 'update');
        for (const e of placed) await writeStaged(join(staging, 'new'), e.path, tree.get(e.path)!);
        await writeStaged(join(staging, 'new'), MANIFEST_FILE, manifestText);
        if (fresh) {
          await rename(join(staging, 'new'), outputDir);
        } else {
          const deleted = entries.filter((e) => e.action === 'delete').map((e) => e.path);
          await swapIn(staging, outputDir, [...placed.map((e) => e.path), MANIFEST_FILE], deleted);
        }
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      return { outputDir, entries, written: true };
    },
  };
}

async function swapIn(staging: string, outputDir: string, paths: string[], deleted: string[]): Promise<void> {
  const undo: (() => Promise<void>)[] = [];
  try {
    for (const path of [...paths, ...deleted]) {
      const target = join(outputDir, path);
      const backup = join(staging, 'old', path);
      if (await exists(target)) {
        await mkdir(dirname(backup), { recursive: true });
        await rename(target, backup);
        undo.push(() => rename(backup, target));
      }
      if (!deleted.includes(path)) {
        await mkdir(dirname(target), { recursive: true });
        await rename(join(staging, 'new', path), target);
        undo.push(() => rm(target, { force: true }));
      }
    }
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Memory (tests) and dry run

export interface MemoryWriter extends TreeWriter {
  /** The destination's files, including the manifest. */
  readonly files: Map<string, string>;
}

export function memoryState(files: Map<string, string>): TreeState {
  return { read: async (path) => files.get(path) };
}

export function createMemoryWriter(options: { initial?: Map<string, string>; force?: boolean } = {}): MemoryWriter {
  const files = new Map(options.initial ?? []);
  return {
    files,
    async write(tree) {
      const entries = await planWrite(tree, memoryState(files), options.force === true);
      refuseConflicts(entries, '(memory)');
      for (const e of entries) {
        if (e.action === 'delete') files.delete(e.path);
        else files.set(e.path, tree.get(e.path)!);
      }
      files.set(MANIFEST_FILE, serializeManifest(manifestFor(tree)));
      return { outputDir: '(memory)', entries, written: changes(entries).length > 0 };
    },
  };
}

export interface DryRunOptions {
  outputDir: string;
  force?: boolean;
  /** JSON list of {path, action} instead of diffs. */
  json?: boolean;
  /** Where the diff / JSON goes (the Ui's `out`). */
  print: (text: string) => void;
  /** Destination to compare with; default the disk at outputDir. */
  state?: TreeState;
  maxDiffLines?: number;
}

export function createDryRunWriter(options: DryRunOptions): TreeWriter {
  const state = options.state ?? diskState(options.outputDir);
  return {
    async write(tree) {
      const entries = await planWrite(tree, state, options.force === true);
      if (options.json) {
        options.print(JSON.stringify(entries.map(({ path, action, reason }) => ({ path, action, ...(reason ? { reason } : {}) })), null, 2));
      } else {
        for (const e of entries) {
          if (e.action === 'unchanged') continue;
          const before = e.action === 'create' ? undefined : await state.read(e.path);
          const after = e.action === 'delete' ? undefined : tree.get(e.path);
          const note = e.reason ? ` (${e.reason})` : '';
          options.print(`${e.action} ${e.path}${note}\n${unifiedDiff(e.path, before, after, options.maxDiffLines)}\n`);
        }
        const unchanged = entries.filter((e) => e.action === 'unchanged').length;
        if (unchanged > 0) options.print(`${unchanged} file(s) unchanged`);
      }
      return { outputDir: options.outputDir, entries, written: false };
    },
  };
}
