import { join, resolve } from 'node:path';
import { ExitError } from '../errors.js';
import { projectLabel, verifyTree, type ProjectVerification, type VerifyResult } from '../run/verify.js';
import { showValue } from '../run/verify-report.js';
import { renderTable } from '../table.js';
import { createUi, type Ui } from '../ui.js';

export interface VerifyOptions {
  cwd: string;
  dir?: string;
  json?: boolean;
  verbose?: boolean;
  ui?: Ui;
}

function statusOf(project: ProjectVerification, failed: number): string {
  if (project.status === 'build-failed') return 'BUILD FAILED';
  return failed === 0 && project.status === 'passed' ? 'ok' : 'FAILED';
}

/** The per-unit table and the first mismatch of each failing unit, as terminal text. */
export function renderVerifyResult(result: VerifyResult): string {
  const rows: string[][] = [];
  const details: string[] = [];
  for (const project of result.projects) {
    const where = projectLabel(result.root, project.dir);
    for (const u of project.units) {
      const unknown = u.inferred === true && project.status !== 'passed';
      const count = (n: number) => (unknown ? '?' : String(n));
      rows.push([project.target, where, u.unit, String(u.total), count(u.passed), count(u.failed), statusOf(project, u.failed)]);
      const m = u.firstMismatch;
      if (u.crashed) details.push(`${join(where, 'vectors', u.file)}: the test binary crashed on vector ${m?.index ?? '?'} (${u.crashed}); the vectors after it did not run`);
      if (m) {
        const item = m.call === undefined ? `vector ${m.index}` : `sequence ${m.index}, ${m.call < 0 ? 'constructor' : `call ${m.call}`}`;
        details.push(
          `first mismatch in ${join(where, 'vectors', u.file)} (${item}):`,
          `  input    ${showValue(m.input)}`,
          `  expected ${showValue(m.expected)}`,
          `  actual   ${showValue(m.actual)}`,
        );
      }
    }
    if (project.units.length === 0) rows.push([project.target, where, '(no vector files)', '0', '0', '0', statusOf(project, 0)]);
    if (project.note) details.push(`${where}: ${project.note}`);
    const explained = project.units.some((u) => u.firstMismatch !== undefined);
    if (project.status !== 'passed' && project.log?.length && (project.status === 'build-failed' || !explained)) {
      details.push(`${where}: ${project.command} ${project.status === 'build-failed' ? 'did not build' : 'failed'}; last lines:`);
      details.push(...project.log.map((l) => `  ${l}`));
    }
  }
  const table = renderTable(
    [
      { header: 'target' },
      { header: 'project' },
      { header: 'unit' },
      { header: 'vectors', align: 'right' },
      { header: 'passed', align: 'right' },
      { header: 'failed', align: 'right' },
      { header: 'status' },
    ],
    rows,
  );
  return [table, ...(details.length > 0 ? ['', ...details] : [])].join('\n');
}

export async function run(options: VerifyOptions): Promise<VerifyResult> {
  const ui = options.ui ?? createUi({ verbose: options.verbose, quiet: options.json });
  const dir = resolve(options.cwd, options.dir ?? '.');
  const result = await verifyTree(dir, {
    onProject: (p) => ui.info(`${p.target === 'rust' ? 'cargo test --release' : 'go test -race'} in ${projectLabel(dir, p.dir)} ...`),
  });
  if (options.json) ui.out(JSON.stringify(result, null, 2));
  else {
    ui.out(renderVerifyResult(result));
    const units = result.projects.flatMap((p) => p.units);
    const passed = units.reduce((n, u) => n + u.passed, 0);
    const failed = units.reduce((n, u) => n + u.failed, 0);
    // Vectors of a failed run that never reported (after a crash, or a file the binary never reached).
    const notRun = result.projects
      .filter((p) => p.status !== 'passed')
      .flatMap((p) => p.units)
      .reduce((n, u) => n + u.total - u.passed - u.failed, 0);
    ui.out(`\nvectors: ${passed} passed, ${failed} failed${notRun > 0 ? `, ${notRun} not run (the tests stopped early)` : ''}`);
  }
  if (!result.ok) throw new ExitError(1);
  return result;
}
