import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as diagnostics from '../../../src/translate/diagnostics.js';

/** docs/translate.md lists every lowering (and compile-gate) diagnostic with its code, severity and exact hint. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const doc = readFileSync(path.join(root, 'docs/translate.md'), 'utf8');
const origin = { file: 'x.ts', line: 1, column: 1 };
const factories = Object.values(diagnostics)
  .filter((value): value is (o: typeof origin, c: string) => diagnostics.Diagnostic => typeof value === 'function' && value.length === 2)
  .map((factory) => factory(origin, '‹construct›'))
  .filter((d) => typeof d?.code === 'string' && (d.code < 'PIV1600' || d.code >= 'PIV9000'));

describe('docs/translate.md', () => {
  it('documents every lowering diagnostic with its severity and hint', () => {
    expect(factories.length).toBeGreaterThan(50);
    for (const d of factories) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${d.code} |`));
      expect(row, d.code).toBeDefined();
      expect(row).toContain(`| ${d.severity} |`);
      expect(row).toContain(d.hint.replace(/\|/g, '\\|'));
    }
  });

  it('uses each code once', () => {
    const codes = factories.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
