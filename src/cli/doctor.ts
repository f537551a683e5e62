import pc from 'picocolors';
import { ExitError } from '../errors.js';
import { checkTools, type ToolStatus } from '../run/toolchain.js';
import { renderTable } from '../table.js';
import { createUi } from '../ui.js';

export interface DoctorOptions {
  cwd: string;
  json?: boolean;
  verbose?: boolean;
}

/** Pure: the doctor's verdict. Exit 1 when a tool the default flow needs is missing. */
export function doctorVerdict(statuses: ToolStatus[]): { ok: boolean; missingRequired: string[] } {
  const missingRequired = statuses.filter((s) => s.required && !s.found).map((s) => s.name);
  return { ok: missingRequired.length === 0, missingRequired };
}

export async function run(options: DoctorOptions): Promise<ToolStatus[]> {
  const ui = createUi({ verbose: options.verbose, quiet: options.json });
  const statuses = await checkTools();
  const verdict = doctorVerdict(statuses);
  if (options.json) {
    ui.out(JSON.stringify({ ok: verdict.ok, tools: statuses }, null, 2));
  } else {
    const paint = pc.createColors(ui.color);
    const mark = (s: ToolStatus) => {
      if (s.found) return s.problem ? paint.yellow('limited') : paint.green('ok');
      return s.required ? paint.red('MISSING') : paint.yellow('missing');
    };
    ui.out(
      renderTable(
        [{ header: 'tool' }, { header: 'status' }, { header: 'version' }, { header: 'needed for' }],
        statuses.map((s) => [s.name, mark(s), s.version ?? '—', s.required ? s.purpose : `${s.purpose} (optional)`]),
      ),
    );
    for (const s of statuses.filter((x) => !x.found || x.problem)) {
      ui.out(`\n${s.name}: ${s.problem}\n  disables: ${s.disables}\n  install:  ${s.install}`);
    }
    ui.out(verdict.ok ? '\nEverything the default flow needs is here.' : `\nMissing for the default flow: ${verdict.missingRequired.join(', ')}.`);
  }
  if (!verdict.ok) throw new ExitError(1);
  return statuses;
}
