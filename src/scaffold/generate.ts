import type { FileTree } from '../translate/api.js';
import type { Ui } from '../ui.js';
import { createDiskWriter, createDryRunWriter, diskState, planWrite, type PlannedWrite, type WriteReport } from './writer.js';

export interface WriteOptions {
  force?: boolean;
  dryRun?: boolean;
  ui: Ui;
}

/** Write a generated tree (atomically, refusing to clobber hand edits unless --force), or show it (--dry-run). */
export async function writeTree(tree: FileTree, outputDir: string, options: WriteOptions): Promise<WriteReport> {
  const writer = options.dryRun
    ? createDryRunWriter({ outputDir, force: options.force, json: false, print: (t) => options.ui.out(t) })
    : createDiskWriter({ outputDir, force: options.force });
  return writer.write(tree);
}

/** Files on disk that differ from what pivot would generate now: drift. */
export async function driftOf(tree: FileTree, outputDir: string): Promise<PlannedWrite[]> {
  const entries = await planWrite(tree, diskState(outputDir), true);
  return entries.filter((e) => e.action !== 'unchanged');
}

export function summariseWrite(entries: PlannedWrite[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  return [...counts].map(([action, n]) => `${n} ${action}`).join(', ') || 'nothing';
}
