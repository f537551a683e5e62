import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceLocator, loadSourceMap } from '../../src/analyze/sourcemap.js';
import { PROFILE_APP } from './recorded-profile.js';

const scratch = mkdtempSync(join(tmpdir(), 'pivot-sourcemap-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('SourceLocator', () => {
  it('maps a compiled frame to its TypeScript file and line', () => {
    const locator = new SourceLocator(PROFILE_APP);
    const frame = locator.locate({ name: 'quotePrice', kind: 'js', file: join(PROFILE_APP, 'out/pricing.js'), line: 8, column: 27 });
    expect(frame).toMatchObject({ project: true, source: { file: 'src/pricing.ts', line: 10, column: 27, mapped: true } });
    expect(locator.sourceMapped).toBe(true);
  });

  it('reads inline data-URL maps', () => {
    const root = join(scratch, 'inline');
    mkdirSync(join(root, 'build'), { recursive: true });
    const map = { version: 3, file: 'a.js', sources: ['../src/a.ts'], names: [], mappings: 'AAAA;AACA' };
    const data = Buffer.from(JSON.stringify(map)).toString('base64');
    writeFileSync(join(root, 'build/a.js'), `x();\ny();\n//# sourceMappingURL=data:application/json;base64,${data}\n`);
    expect(loadSourceMap(join(root, 'build/a.js'))).not.toBeNull();
    const frame = new SourceLocator(root).locate({ name: 'y', kind: 'js', file: join(root, 'build/a.js'), line: 2, column: 1 });
    expect(frame.source).toEqual({ file: 'src/a.ts', line: 2, column: 1, mapped: true, via: 'source-map' });
  });

  it('keeps plain JS positions, and leaves dependencies and Node out of the project', () => {
    const root = join(scratch, 'plain');
    mkdirSync(join(root, 'node_modules/dep'), { recursive: true });
    writeFileSync(join(root, 'server.js'), 'function spin() {}\n');
    const locator = new SourceLocator(root);
    expect(locator.locate({ name: 'spin', kind: 'js', file: join(root, 'server.js'), line: 1, column: 14 })).toMatchObject({
      project: true,
      source: { file: 'server.js', line: 1, column: 14, mapped: false },
    });
    expect(locator.locate({ name: 'f', kind: 'js', file: join(root, 'node_modules/dep/index.js'), line: 1, column: 1 }).project).toBe(false);
    expect(locator.locate({ name: 'f', kind: 'js', file: '/elsewhere/x.js', line: 1, column: 1 }).project).toBe(false);
    expect(locator.locate({ name: 'emit', kind: 'node', url: 'node:events', line: 1, column: 1 }).project).toBe(false);
    expect(locator.sourceMapped).toBe(false);
  });
});
