/**
 * The whole Go path on the bundled monolith: lower pricing.ts#quotePrice and
 * inventory.ts#InventoryStore, record vectors from the TS originals, emit Go, and require
 * gofmt-clean, vet-clean code whose replay of every vector passes under -race.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrors } from '../../../src/translate/diagnostics.js';
import { emitGoModule } from '../../../src/translate/emit-go/index.js';
import { lowerModule } from '../../../src/translate/lower/index.js';
import { recordVectors } from '../../../src/translate/vectors.js';
import { goCheck, haveGo, writeTree } from './go-tools.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'pivot-lowered-go-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!haveGo)('lowered monolith units in Go', () => {
  it.each([
    ['fixtures/monolith/src/pricing.ts', 'quotePrice', 12],
    ['fixtures/monolith/src/inventory.ts', 'InventoryStore', 40],
  ])('%s#%s builds, vets and replays its vectors', async (file, unit, count) => {
    const abs = join(repo, file);
    const lowered = lowerModule({ root: repo, file: abs, units: [unit] });
    expect(hasErrors(lowered.diagnostics)).toBe(false);
    const recorded = await recordVectors({ module: lowered.module, file: abs, root: repo, seed: 42, count });
    expect(recorded.files.size).toBe(1);
    const dir = join(out, lowered.module.name);
    writeTree(dir, emitGoModule(lowered.module, { profile: 'balanced', vectors: recorded.files }));
    const log = await goCheck(dir);
    expect(log).toMatch(/PIVOT-VECTORS \{[^\n]*"failed":0/);
  }, 600_000);
});
