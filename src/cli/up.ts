import { once } from 'node:events';
import { resolve } from 'node:path';
import { readSystemFile } from '../run/local-system.js';
import { createLogPrinter } from '../run/logs.js';
import { describeSystem, SYSTEM_COLUMNS } from '../run/supervisor.js';
import { startLocal } from '../run/up.js';
import { renderTable } from '../table.js';
import { createUi } from '../ui.js';

export interface UpOptions {
  dir: string;
  cwd: string;
  build: boolean;
  redis: boolean;
  verbose?: boolean;
}

/** Runs until Ctrl-C / SIGTERM (or until a service gives up), then stops everything. */
export async function run(options: UpOptions): Promise<void> {
  const ui = createUi({ verbose: options.verbose });
  const stopRequested = new AbortController();
  const onSignal = () => stopRequested.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const root = resolve(options.cwd, options.dir);
    const names = ['redis', ...readSystemFile(root).system.services.map((s) => s.name)];
    const local = await startLocal(root, {
      ui,
      build: options.build,
      redis: options.redis,
      start: {
        signal: stopRequested.signal,
        onLog: createLogPrinter(names, (text) => process.stderr.write(text), ui.color),
        onEvent: (e) => {
          if (e.kind === 'crashed') ui.warn(`${e.service} exited (code ${e.code ?? e.signal}); restarting`);
          if (e.kind === 'gave-up') ui.error(`${e.service} keeps crashing: giving up`);
        },
      },
    });
    ui.out(renderTable(SYSTEM_COLUMNS, describeSystem(local.system)));
    ui.out(`\n${local.file.entry} answers at ${local.entryUrl} — press Ctrl-C to stop everything.`);
    const outcome = await Promise.race([local.system.exited, once(stopRequested.signal, 'abort').then(() => null)]);
    await local.system.stop();
    if (outcome && outcome.reason === 'failed') throw outcome.error;
    ui.info('stopped every service');
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
