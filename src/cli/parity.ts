import { resolve } from 'node:path';
import { ExitError, UserError } from '../errors.js';
import { readSystemFile } from '../run/local-system.js';
import { runParity, type ParityConfig, type ParityResult } from '../run/parity.js';
import { paritySetup } from '../run/parity-requests.js';
import { startMonolith } from '../run/monolith.js';
import type { RunningSystem } from '../run/supervisor.js';
import { startLocal } from '../run/up.js';
import { renderTable } from '../table.js';
import { createUi, type Ui } from '../ui.js';

export interface ParityOptions {
  dir: string;
  cwd: string;
  monolithUrl?: string;
  polyglotUrl?: string;
  count: number;
  seed: number;
  build: boolean;
  json?: boolean;
  verbose?: boolean;
}

const short = (v: unknown) => {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

export function printParity(ui: Ui, results: ParityResult[], config: ParityConfig): void {
  const failed = results.filter((r) => r.differences.length > 0);
  const byKind = new Map<string, { n: number; bad: number }>();
  for (const r of results) {
    const k = r.request.kind === 'valid' ? 'valid' : 'invalid';
    const e = byKind.get(k) ?? { n: 0, bad: 0 };
    e.n++;
    if (r.differences.length > 0) e.bad++;
    byKind.set(k, e);
  }
  ui.out(renderTable([{ header: 'requests' }, { header: 'sent', align: 'right' }, { header: 'same', align: 'right' }, { header: 'different', align: 'right' }], [...byKind].map(([k, e]) => [k, String(e.n), String(e.n - e.bad), String(e.bad)])));
  const ignored = [...new Set(results.flatMap((r) => r.ignored))];
  ui.out(`\nvolatile fields, declared in pivot.system.json and not compared: ${ignored.length > 0 ? ignored.join(', ') : 'none seen'} (declared: ${config.volatile.join(', ') || 'none'})`);
  for (const r of failed.slice(0, 10)) {
    ui.out(`\n${r.request.method} ${r.request.path}${r.request.body === undefined ? '' : ` ${short(r.request.body)}`}  (${r.request.kind})`);
    for (const d of r.differences.slice(0, 5)) ui.out(`  ${d.path}: monolith ${short(d.monolith)}  polyglot ${short(d.polyglot)}`);
  }
  if (failed.length > 10) ui.out(`\n… and ${failed.length - 10} more requests with differences (--json lists all)`);
  ui.out(failed.length === 0 ? `\nparity: ${results.length} requests, every answer the same` : `\nparity: ${failed.length} of ${results.length} answers differ`);
}

export async function run(options: ParityOptions): Promise<ParityResult[]> {
  const ui = createUi({ verbose: options.verbose, quiet: options.json });
  const root = resolve(options.cwd, options.dir);
  const file = readSystemFile(root);
  if (!file.monolith) throw new UserError(`${root}/pivot.system.json does not say where the monolith is`, 'add "monolith": "<path relative to the tree>" to it, or regenerate the tree');
  const { monolithRoot, config, requests } = paritySetup(root, { ...file, monolith: file.monolith }, { count: options.count, seed: options.seed });
  const started: RunningSystem[] = [];
  try {
    let monolithUrl = options.monolithUrl;
    if (!monolithUrl) {
      const m = await startMonolith(monolithRoot, ui);
      started.push(m.system);
      monolithUrl = m.url;
    }
    let polyglotUrl = options.polyglotUrl;
    if (!polyglotUrl) {
      const local = await startLocal(root, { ui, build: options.build, freshState: true });
      started.push(local.system);
      polyglotUrl = local.entryUrl;
    }
    const results = await ui.step(`Sending ${requests.length} requests to both systems`, () => runParity(monolithUrl!, polyglotUrl!, requests, config));
    if (options.json) ui.out(JSON.stringify(results, null, 2));
    else printParity(ui, results, config);
    if (results.some((r) => r.differences.length > 0)) throw new ExitError(1);
    return results;
  } finally {
    for (const s of started.reverse()) await s.stop();
  }
}
