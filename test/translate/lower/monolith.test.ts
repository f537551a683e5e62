import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/translate/diagnostics.js';
import type { Expr } from '../../../src/translate/ir.js';
import { lowerModule } from '../../../src/translate/lower/index.js';
import { exprsOf, typeText } from './lower-helpers.js';

/** The acceptance targets: the bundled monolith's pricing module and InventoryStore. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const monolith = (file: string): string => path.join(root, 'fixtures/monolith/src', file);

function errorsOf(diagnostics: ReturnType<typeof lowerModule>['diagnostics']): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

describe('bundled monolith', () => {
  it('lowers every export of pricing.ts without errors', () => {
    const { module, diagnostics } = lowerModule({ root, file: monolith('pricing.ts') });
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(module.sourceFile).toBe('fixtures/monolith/src/pricing.ts');
    expect(module.name).toBe('pricing');
    expect(module.entryPoints).toContain('quotePrice');
    const quote = module.functions.find((f) => f.name === 'quotePrice')!;
    expect(quote.throws).toBe(true);
    expect(quote.nondeterministic).toBe(false);
    expect(module.enums.find((e) => e.name === 'PriceTier')?.variants).toEqual(['premium', 'standard', 'basic', 'economy']);
    // no placeholder reaches the printers
    expect(module.functions.flatMap((fn) => exprsOf(fn.body, 'placeholder'))).toEqual([]);
  });

  it('lowers InventoryStore without errors, with effects the Go and Rust printers rely on', () => {
    const { module, diagnostics } = lowerModule({ root, file: monolith('inventory.ts'), units: ['InventoryStore'] });
    expect(errorsOf(diagnostics)).toEqual([]);
    const store = module.classes.find((c) => c.name === 'InventoryStore')!;
    const method = (name: string) => store.methods.find((m) => m.name === name)!;
    expect(store.constructorThrows).toBe(true);
    expect(typeText(store.fields.find((f) => f.name === 'items')!.type)).toMatch(/^Map<i64,/);
    for (const name of ['has', 'get', 'getReservation', 'stats']) expect(method(name).mutates, name).toBe(false);
    for (const name of ['reserve', 'confirm', 'release']) expect(method(name).mutates, name).toBe(true);
    expect(method('has').throws).toBe(false);
    expect(method('reserve').throws).toBe(true);
    const placeholders: Expr[] = store.methods.flatMap((m) => exprsOf(m.body, 'placeholder'));
    expect(placeholders).toEqual([]);
  });
});
