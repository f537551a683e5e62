import { resolveEntry } from '../analyze/entry.js';
import type { Ui } from '../ui.js';
import { freePort } from './ports.js';
import { startSystem, type RunningSystem } from './supervisor.js';

/** Start the monolith from its own entry on a free loopback port (built first when it needs to be). */
export async function startMonolith(root: string, ui: Ui): Promise<{ system: RunningSystem; url: string }> {
  const { entryFile } = await resolveEntry(root, {});
  const port = await freePort();
  const system = await ui.step(`Starting the monolith on port ${port}`, () =>
    startSystem([{ name: 'monolith', command: process.execPath, args: [entryFile], cwd: root, env: { PORT: String(port), HOST: '127.0.0.1' }, port, health: { tcp: true, timeoutMs: 20_000 } }]),
  );
  return { system, url: `http://127.0.0.1:${port}` };
}
