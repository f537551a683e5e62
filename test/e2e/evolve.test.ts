import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runEvolve } from '../../src/cli/evolve.js';
import { ExitError, UserError } from '../../src/errors.js';
import { MANIFEST_FILE } from '../../src/scaffold/writer.js';
import type { FileTree } from '../../src/translate/api.js';
import { unsupportedSyntax, type Diagnostic } from '../../src/translate/diagnostics.js';
import { defaultStages, type EvolveStages } from '../../src/translate/evolve.js';
import { F64, type IrModule, type Origin } from '../../src/translate/ir.js';
import type { FunctionVectorFile } from '../../src/translate/vectors-format.js';
import type { VerifyResult } from '../../src/run/verify.js';
import { createUi } from '../../src/ui.js';
import { pivot, REPO } from './cli.js';

const at: Origin = { file: 'src/area.ts', line: 1, column: 1 };
const areaModule: IrModule = {
  sourceFile: 'src/area.ts',
  name: 'area',
  structs: [],
  enums: [],
  constants: [],
  functions: [
    {
      kind: 'function',
      name: 'area',
      params: [{ name: 'r', type: F64, reassigned: false, origin: at }],
      result: F64,
      throws: true,
      body: [],
      exported: true,
      nondeterministic: false,
      origin: at,
    },
  ],
  classes: [],
  entryPoints: ['area'],
};

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Real recording and rustfmt; hand-built IR and a tiny hand-written "emitter". */
const AREA_RS = 'pub fn area(r:f64)->Result<f64,String>{if r<0.0{return Err(format!("negative radius {}",r));}Ok(std::f64::consts::PI*r*r)}\n';

function stubStages(diagnostics: Diagnostic[] = [], lib = AREA_RS): EvolveStages {
  return {
    lower: () => ({ module: areaModule, diagnostics }),
    emit: (module, options): FileTree =>
      new Map([
        ['Cargo.toml', `[package]\nname = "${options.packageName ?? module.name}"\nversion = "0.1.0"\nedition = "2021"\n`],
        ['src/lib.rs', lib],
        ['README.md', `# ${module.name}\n`],
        ...[...options.vectors.keys()].map((name): [string, string] => [`vectors/${name}`, 'emitter text']),
      ]),
    record: defaultStages.record,
    format: defaultStages.format,
  };
}

describe('pivot evolve (composition, hand-built IR)', () => {
  let project: string;
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'pivot-evolve-'));
    await writeFile(join(project, 'package.json'), '{"type":"module"}');
    await writeFile(join(project, 'area.ts'), `export function area(r: number): number {\n  if (r < 0) throw new Error(\`negative radius \${r}\`);\n  return Math.PI * r * r;\n}\n`);
  });
  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  const evolve = (extra: Partial<Parameters<typeof runEvolve>[0]>, stages = stubStages()) => {
    const out = capture();
    const err = capture();
    const ui = createUi({ stdout: out.stream, stderr: err.stream, env: { NO_COLOR: '1' }, quiet: extra.json });
    const done = runEvolve({ cwd: project, unit: 'area.ts#area', target: 'rust', seed: 3, vectors: 50, ui, stages, ...extra });
    return { done, stdout: out.text, stderr: err.text };
  };

  it('records vectors, formats, writes generated/<name>-<target> with a manifest', async () => {
    const { done, stderr } = evolve({});
    const result = await done;
    const dir = join(project, 'generated', 'area-rust');
    expect(await readFile(join(dir, 'src/lib.rs'), 'utf8')).toContain('pub fn area(r: f64) -> Result<f64, String> {');
    const vectors = JSON.parse(await readFile(join(dir, 'vectors/area.json'), 'utf8')) as FunctionVectorFile;
    expect(vectors).toMatchObject({ kind: 'function', unit: 'src/area.ts#area', seed: 3 });
    expect(vectors.vectors).toHaveLength(50);
    expect(vectors.vectors.some((v) => v.error?.startsWith('negative radius'))).toBe(true);
    expect(existsSync(join(dir, MANIFEST_FILE))).toBe(true);
    expect(result.complete).toBe(true);
    expect(stderr()).toContain('next: pivot verify generated/area-rust');
  });

  it('--dry-run --json lists actions and writes nothing', async () => {
    const output = join(project, 'dry');
    const { done, stdout } = evolve({ dryRun: true, json: true, output });
    await done;
    const report = JSON.parse(stdout()) as { files: { path: string; action: string }[]; vectors: Record<string, number>; written: boolean };
    expect(report.written).toBe(false);
    expect(report.vectors).toEqual({ 'area.json': 50 });
    expect(report.files.map((f) => f.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(existsSync(output)).toBe(false);
  });

  it('stops with exit 1 and writes nothing when lowering reports errors, unless --allow-partial', async () => {
    const diagnostics = [unsupportedSyntax(at, 'for-in loop')];
    const output = join(project, 'partial');
    const failed = evolve({ output }, stubStages(diagnostics));
    await expect(failed.done).rejects.toBeInstanceOf(ExitError);
    expect(failed.stderr()).toContain('src/area.ts:1:1 error PIV1001: for-in loop cannot be translated');
    expect(existsSync(output)).toBe(false);
    const partial = evolve({ output, allowPartial: true }, stubStages(diagnostics));
    expect((await partial.done).complete).toBe(false);
    expect(existsSync(join(output, 'src/lib.rs'))).toBe(true);
  });

  it('records from a CommonJS TypeScript project (no "type": "module", extensionless imports)', async () => {
    const legacy = await mkdtemp(join(tmpdir(), 'pivot-evolve-cjs-'));
    try {
      await writeFile(join(legacy, 'package.json'), '{"name":"legacy","version":"1.0.0"}');
      await writeFile(join(legacy, 'scale.ts'), 'export const SCALE = Math.PI;\n');
      await writeFile(
        join(legacy, 'area.ts'),
        `import { SCALE } from './scale';\nexport function area(r: number): number {\n  if (r < 0) throw new Error(\`negative radius \${r}\`);\n  return SCALE * r * r;\n}\n`,
      );
      const ui = createUi({ stdout: capture().stream, stderr: capture().stream, env: { NO_COLOR: '1' } });
      await runEvolve({ cwd: legacy, unit: 'area.ts#area', target: 'rust', seed: 3, vectors: 20, ui, stages: stubStages() });
      const vectors = JSON.parse(await readFile(join(legacy, 'generated', 'area-rust', 'vectors/area.json'), 'utf8')) as FunctionVectorFile;
      expect(vectors.vectors).toHaveLength(20);
      expect(vectors.vectors.some((v) => v.error?.startsWith('negative radius'))).toBe(true);
    } finally {
      await rm(legacy, { recursive: true, force: true });
    }
  });

  it('stops with PIV9001 naming the compiler error and writes nothing when the emitted code does not compile', async () => {
    const output = join(project, 'broken');
    const broken = stubStages([], AREA_RS.replace('PI*r*r', 'PI*r*radius'));
    const failed = evolve({ output }, broken);
    await expect(failed.done).rejects.toBeInstanceOf(ExitError);
    const text = failed.stderr();
    expect(text).toContain('src/area.ts:1:1 error PIV9001: the code emitted for area.ts#area does not compile; nothing was written');
    expect(text).toContain('this is a pivot bug: please report it; --no-compile-check skips the gate');
    expect(text).toMatch(/broken\/src\/lib\.rs:\d+:\d+: error\[E0425\]: cannot find value `radius`/);
    expect(existsSync(output)).toBe(false);
    const json = evolve({ output, json: true }, broken);
    await expect(json.done).rejects.toBeInstanceOf(ExitError);
    const report = JSON.parse(json.stdout()) as { written: boolean; diagnostics: Diagnostic[]; compileCheck: { errors: string[] } };
    expect(report.written).toBe(false);
    expect(report.diagnostics.map((d) => d.code)).toContain('PIV9001');
    expect(report.compileCheck.errors[0]).toContain('E0425');
    await evolve({ output, compileCheck: false }, broken).done;
    expect(existsSync(join(output, 'src/lib.rs'))).toBe(true);
  }, 180_000);

  it('refuses to overwrite a hand-edited generated file without --force', async () => {
    const output = join(project, 'edited');
    await evolve({ output }).done;
    await writeFile(join(output, 'README.md'), '# my notes\n');
    await expect(evolve({ output, seed: 4 }).done).rejects.toBeInstanceOf(UserError);
    expect(await readFile(join(output, 'README.md'), 'utf8')).toBe('# my notes\n');
    await evolve({ output, seed: 4, force: true }).done;
    expect(await readFile(join(output, 'README.md'), 'utf8')).toBe('# area\n');
  });
});

const translatorReady = ['src/translate/lower/index.ts', 'src/translate/emit-rust/index.ts', 'src/translate/emit-go/index.ts'].every(
  (f) => existsSync(join(REPO, f)),
);

describe.skipIf(!translatorReady)('pivot evolve compiles a real translation before writing it', () => {
  for (const target of ['rust', 'go'] as const) {
    it(`clamp → ${target}: the compile gate runs and passes`, async () => {
      const out = await mkdtemp(join(tmpdir(), `pivot-gate-${target}-`));
      try {
        const evolve = await pivot(['evolve', 'fixtures/translate/01-clamp.ts#clamp', '--target', target, '--vectors', '20', '--output', join(out, 'clamp')], {
          timeoutMs: 300_000,
        });
        expect(evolve.code, evolve.stderr).toBe(0);
        expect(evolve.stderr).toMatch(target === 'rust' ? /compile the emitted crate \(cargo check\) done/ : /compile the emitted module \(go build, go vet\) done/);
        expect(existsSync(join(out, 'clamp', 'vectors', 'clamp.json'))).toBe(true);
        expect(existsSync(join(out, 'clamp', 'target'))).toBe(false);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }, 600_000);
  }
});

describe.skipIf(!translatorReady)('pivot evolve → pivot verify on the pricing fixture (real toolchains)', () => {
  for (const target of ['rust', 'go'] as const) {
    it(`quotePrice → ${target}: at least 1,000 golden vectors pass`, async () => {
      const out = await mkdtemp(join(tmpdir(), `pivot-e2e-${target}-`));
      try {
        const evolve = await pivot(['evolve', 'fixtures/monolith/src/pricing.ts#quotePrice', '--target', target, '--output', out], {
          timeoutMs: 300_000,
        });
        expect(evolve.code, evolve.stderr).toBe(0);
        const verify = await pivot(['verify', out, '--json'], { timeoutMs: 900_000 });
        const result = JSON.parse(verify.stdout) as VerifyResult;
        const units = result.projects.flatMap((p) => p.units);
        const passed = units.reduce((n, u) => n + u.passed, 0);
        expect(verify.code, `${JSON.stringify(result.projects, null, 2).slice(0, 4000)}\n${verify.stderr}`).toBe(0);
        expect(passed).toBeGreaterThanOrEqual(1000);
        expect(units.every((u) => u.failed === 0)).toBe(true);
        // Counted from the PIVOT-VECTORS lines the generated tests print, not inferred from exit codes.
        expect(units.every((u) => u.inferred !== true)).toBe(true);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }, 1_200_000);
  }
});
