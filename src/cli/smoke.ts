import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitError } from '../errors.js';
import { readSystemFile, SYSTEM_FILE, type SystemFile } from '../run/local-system.js';
import { runSmoke, type SmokeCheck } from '../run/smoke.js';
import { renderTable } from '../table.js';
import { createUi, type Ui } from '../ui.js';

export interface SmokeOptions {
  url?: string;
  dir: string;
  cwd: string;
  json?: boolean;
  verbose?: boolean;
}

export function printSmoke(ui: Ui, checks: SmokeCheck[]): void {
  ui.out(
    renderTable(
      [{ header: 'check' }, { header: 'status', align: 'right' }, { header: 'ms', align: 'right' }, { header: 'result' }, { header: 'detail', max: 60 }],
      checks.map((c) => [c.name, c.status === null ? '—' : String(c.status), c.ms.toFixed(0), c.ok ? 'ok' : `FAIL (want ${c.expected})`, c.detail]),
    ),
  );
  const failed = checks.filter((c) => !c.ok).length;
  ui.out(failed === 0 ? `\nsmoke: ${checks.length} checks passed` : `\nsmoke: ${failed} of ${checks.length} checks failed`);
}

/** Smoke-tests a running system: the entry URL (default: the tree's gateway on loopback). */
export async function run(options: SmokeOptions): Promise<SmokeCheck[]> {
  const ui = createUi({ verbose: options.verbose, quiet: options.json });
  const root = resolve(options.cwd, options.dir);
  const file: SystemFile | undefined = existsSync(join(root, SYSTEM_FILE)) ? readSystemFile(root) : undefined;
  const entry = file?.system.services.find((s) => s.name === file.entry);
  const url = options.url ?? (entry ? `http://127.0.0.1:${entry.port}` : 'http://127.0.0.1:8000');
  const checks = await runSmoke(url, file);
  if (options.json) ui.out(JSON.stringify(checks, null, 2));
  else printSmoke(ui, checks);
  if (checks.some((c) => !c.ok)) throw new ExitError(1);
  return checks;
}
