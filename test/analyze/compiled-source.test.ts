/**
 * Compiled JS back to TypeScript without source maps. The compiled side is real tsc output
 * (ts.transpileModule with the targets projects use), and the recorded 0x profile of
 * test/fixtures/profile-app must attribute the same with and without its maps.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { attributeSamples } from '../../src/analyze/attribute.js';
import { CompiledSourceFinder } from '../../src/analyze/compiled-source.js';
import { readTsProject } from '../../src/analyze/entry.js';
import { locateSamples } from '../../src/analyze/sourcemap.js';
import { runStaticPass } from '../../src/analyze/static.js';
import { parseV8Profile } from '../../src/analyze/ticks.js';
import { PROFILE_APP, readRecorded } from './recorded-profile.js';

const scratch = mkdtempSync(join(tmpdir(), 'pivot-compiled-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SERVICE = `import { createApp } from './app';

// Comments and types tsc drops, so lines move.
interface Item { id: number; price: number }

export class Service {
  private readonly items: Item[] = [];
  private readonly onChange = (id: number): void => {
    this.items.splice(id, 1);
  };

  async find(query: string): Promise<Item[]> {
    const found = this.items.filter((item) => String(item.id).includes(query));
    return found.sort((a, b) => a.price - b.price);
  }

  total(): number {
    return this.items.reduce((sum, item) => sum + item.price, 0);
  }
}

export function routes(app: { get(path: string, handler: (req: unknown) => unknown): void }): void {
  app.get('/items', () => new Service().total());
  app.get('/items/:id', async () => new Service().find('1'));
}
`;

/** Compiles `source` with tsc into out/, as a project without source maps would ship. */
function compiledProject(name: string, target: ts.ScriptTarget): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  writeFileSync(join(root, 'src/service.ts'), SERVICE);
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'out' }, include: ['src'] }));
  const js = ts.transpileModule(SERVICE, { compilerOptions: { target, module: ts.ModuleKind.CommonJS, useDefineForClassFields: false } }).outputText;
  writeFileSync(join(root, 'out/service.js'), js);
  return root;
}

/** 1-based line and column of the first match of `pattern` in a file's text (V8 reports a function at its parameter list). */
function positionOf(text: string, pattern: string): { line: number; column: number } {
  const offset = text.indexOf(pattern);
  if (offset < 0) throw new Error(`${pattern} not found`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

describe('CompiledSourceFinder', () => {
  for (const [label, target] of [['ES2022', ts.ScriptTarget.ES2022], ['ES2015 (async as generators, fields in the constructor)', ts.ScriptTarget.ES2015]] as const) {
    it(`finds each function's TypeScript start in tsc ${label} output`, () => {
      const root = compiledProject(`svc-${target}`, target);
      const finder = new CompiledSourceFinder(root, readTsProject(root));
      const jsFile = join(root, 'out/service.js');
      const js = ts.sys.readFile(jsFile) ?? '';
      const located = (pattern: string, name: string) => {
        const { line, column } = positionOf(js, pattern);
        return finder.locate(jsFile, line, column, name);
      };
      const where = (pattern: string, name: string) => {
        const found = located(pattern, name);
        return found === 'helper' ? undefined : found;
      };
      const tsFile = join(root, 'src/service.ts');
      const tsLine = (pattern: string) => positionOf(SERVICE, pattern).line;
      expect(finder.sourceOf(jsFile)).toBe(tsFile);
      expect(where('total() {', 'total')).toMatchObject({ file: tsFile, line: tsLine('total(): number') });
      expect(where('(item) => String', '')?.line).toBe(tsLine('(item) => String'));
      expect(where('(sum, item)', '')?.line).toBe(tsLine('(sum, item)'));
      // Both route handlers are anonymous; the route path tells them apart.
      const routeLine = tsLine("app.get('/items/:id'");
      // V8 places a function at its start: right after the route path here.
      const handler = positionOf(js, "'/items/:id', ");
      const handlerAt = finder.locate(jsFile, handler.line, handler.column + "'/items/:id', ".length, '');
      expect(handlerAt === 'helper' ? handlerAt : handlerAt?.line).toBe(routeLine);
      expect(where('() => new Service().total', '')?.line).toBe(tsLine('() => new Service().total'));
      if (target === ts.ScriptTarget.ES2015) {
        // The generator tsc runs the async body in is the async function itself; its helper is nobody's.
        expect(where("function* () { return new Service().find('1')", '')?.line).toBe(routeLine);
        expect(where('function* () {\n            const found', '')?.line).toBe(tsLine('async find'));
        expect(located('function step(result)', 'step')).toBe('helper');
      }
      // Wherever tsc put the field's arrow function, it is still onChange.
      expect(where('this.items.splice', 'onChange')?.line).toBeLessThanOrEqual(tsLine('this.items.splice'));
      const find = where('find(query', 'find');
      expect(find?.line).toBe(tsLine('async find'));
    });
  }

  it('maps dist/ to src/ without a tsconfig, and a .ts file by name when its positions are the compiled ones', () => {
    const root = join(scratch, 'plain-dist');
    mkdirSync(join(root, 'src'), { recursive: true });
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'src/service.ts'), SERVICE);
    writeFileSync(join(root, 'dist/service.js'), ts.transpileModule(SERVICE, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText);
    const finder = new CompiledSourceFinder(root, undefined);
    const line = (found: ReturnType<CompiledSourceFinder['locate']>) => (found === 'helper' ? found : found?.line);
    expect(finder.sourceOf(join(root, 'dist/service.js'))).toBe(join(root, 'src/service.ts'));
    const tsFile = join(root, 'src/service.ts');
    expect(line(finder.locate(tsFile, 1, 300, 'total'))).toBe(positionOf(SERVICE, 'total(): number').line);
    expect(line(finder.locate(tsFile, 1, 300, 'Service.total'))).toBe(positionOf(SERVICE, 'total(): number').line);
    expect(finder.locate(tsFile, 1, 300, '(anonymous)')).toBeUndefined();
    // After type stripping the positions are the file's own: an anonymous function is found where it is.
    const arrow = positionOf(SERVICE, '(sum, item)');
    expect(line(finder.locate(tsFile, arrow.line, arrow.column, '(anonymous)'))).toBe(arrow.line);
  });
});

describe('attribution without source maps', () => {
  it('attributes the recorded profile-app run exactly as its maps do', () => {
    const units = runStaticPass(PROFILE_APP).units;
    const samples = parseV8Profile(readRecorded('v8-profile.json'));
    const withMaps = attributeSamples(locateSamples(samples, PROFILE_APP).samples, units);
    const compiled = new CompiledSourceFinder(PROFILE_APP, readTsProject(PROFILE_APP));
    const withoutMaps = attributeSamples(locateSamples(samples, PROFILE_APP, { sourceMaps: false, compiled }).samples, units);
    expect(withoutMaps.byUnit).toEqual(withMaps.byUnit);
    expect(withoutMaps.summary.via).toEqual({ sourceMap: 0, name: withMaps.summary.via.sourceMap, position: 0 });
    expect(withoutMaps.summary.ownUnattributed).toBe(0);
    // Without the finder, every project frame stays in out/*.js and nothing is attributed.
    const bare = attributeSamples(locateSamples(samples, PROFILE_APP, { sourceMaps: false }).samples, units);
    expect(bare.unattributedSamples).toBe(bare.projectSamples);
  });
});
