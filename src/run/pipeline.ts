import type { Ui } from '../ui.js';
import type { SystemFile } from './local-system.js';
import { startMonolith } from './monolith.js';
import { runParity, type ParityConfig, type ParityResult } from './parity.js';
import { paritySetup } from './parity-requests.js';
import { runSmoke, type SmokeCheck } from './smoke.js';
import type { RunningSystem } from './supervisor.js';
import { startLocal } from './up.js';

export interface PipelineOutcome {
  ok: boolean;
  smoke: SmokeCheck[];
  parity?: { results: ParityResult[]; config: ParityConfig };
}

/**
 * Build → up → parity (on fresh systems, before anything writes) → smoke → stop. Everything
 * started here is stopped here, whatever happens.
 */
export async function runPipeline(root: string, file: SystemFile, options: { ui: Ui; parityCount?: number }): Promise<PipelineOutcome> {
  const started: RunningSystem[] = [];
  try {
    const local = await startLocal(root, { ui: options.ui, freshState: true });
    started.push(local.system);
    let parity: PipelineOutcome['parity'];
    if (file.monolith) {
      const { monolithRoot, config, requests } = paritySetup(root, { ...file, monolith: file.monolith }, { count: options.parityCount ?? 300, seed: 1 });
      const monolith = await startMonolith(monolithRoot, options.ui);
      started.push(monolith.system);
      const results = await options.ui.step(`Parity: ${requests.length} requests to the monolith and the polyglot system`, () => runParity(monolith.url, local.entryUrl, requests, config));
      parity = { results, config };
    }
    const smoke = await options.ui.step('Smoke test', () => runSmoke(local.entryUrl, file));
    const ok = smoke.every((c) => c.ok) && (parity?.results.every((r) => r.differences.length === 0) ?? true);
    return { ok, smoke, parity };
  } finally {
    for (const system of started.reverse()) await system.stop();
  }
}
