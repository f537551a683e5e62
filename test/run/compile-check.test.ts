import { describe, expect, it } from 'vitest';
import { compileCheckTree, goErrors, rustErrors } from '../../src/run/compile-check.js';
import type { FileTree } from '../../src/translate/api.js';

const cargoToml = '[package]\nname = "gate_probe"\nversion = "0.1.0"\nedition = "2021"\n';
const goMod = 'module pivot.local/gateprobe\n\ngo 1.22\n';

/** A tree as an emitter would hand it over, with the emitted text of one file replaced. */
const rustTree = (lib: string, test = 'use gate_probe::area;\n\n#[test]\nfn area_is_positive() {\n    assert!(area(1.0) > 0.0);\n}\n'): FileTree =>
  new Map([
    ['Cargo.toml', cargoToml],
    ['src/lib.rs', lib],
    ['tests/vectors.rs', test],
  ]);
const goTree = (lib: string, test = 'package gateprobe\n\nimport "testing"\n\nfunc TestArea(t *testing.T) {\n\tif Area(1) <= 0 {\n\t\tt.Fatal("area")\n\t}\n}\n'): FileTree =>
  new Map([
    ['go.mod', goMod],
    ['lib.go', lib],
    ['lib_test.go', test],
  ]);

const goodRust = 'pub fn area(r: f64) -> f64 {\n    std::f64::consts::PI * r * r\n}\n';
const goodGo = 'package gateprobe\n\nimport "math"\n\nfunc Area(r float64) float64 {\n\treturn math.Pi * r * r\n}\n';

describe('compileCheckTree (real cargo check / go build + go vet)', () => {
  it('passes a tree that compiles, tests included', async () => {
    expect(await compileCheckTree(rustTree(goodRust), 'rust', { shownDir: 'out' })).toBeUndefined();
    expect(await compileCheckTree(goTree(goodGo), 'go', { shownDir: 'out' })).toBeUndefined();
  }, 180_000);

  it('names the Rust file and line of the first errors, under the output directory', async () => {
    const broken = 'pub fn area(r: f64) -> f64 {\n    std::f64::consts::PI * r * radius\n}\n';
    const failure = await compileCheckTree(rustTree(broken), 'rust', { shownDir: 'generated/area-rust' });
    expect(failure?.command).toContain('cargo check --all-targets');
    expect(failure?.errors[0]).toMatch(/^generated\/area-rust\/src\/lib\.rs:2:\d+: error\[E0425\]: cannot find value `radius`/);
  }, 180_000);

  it('catches a generated test that does not compile', async () => {
    const failure = await compileCheckTree(rustTree(goodRust, '#[test]\nfn t() {\n    let x: u8 = "no";\n}\n'), 'rust', { shownDir: 'o' });
    expect(failure?.errors[0]).toMatch(/^o\/tests\/vectors\.rs:3:\d+: error\[E0308\]/);
  }, 180_000);

  it('reports go build errors, then go vet findings, with the emitted file and line', async () => {
    const broken = goodGo.replace('return math.Pi * r * r', 'return math.Pi * r * radius');
    const build = await compileCheckTree(goTree(broken), 'go', { shownDir: 'generated/area-go' });
    expect(build?.command).toBe('go build ./...');
    expect(build?.errors[0]).toMatch(/^generated\/area-go\/lib\.go:6:\d+: undefined: radius/);
    const vetOnly = goTree(goodGo, 'package gateprobe\n\nimport (\n\t"fmt"\n\t"testing"\n)\n\nfunc TestArea(t *testing.T) {\n\tfmt.Printf("%d\\n", "text")\n}\n');
    const vet = await compileCheckTree(vetOnly, 'go', { shownDir: 'o' });
    expect(vet?.command).toBe('go vet ./...');
    expect(vet?.errors[0]).toMatch(/^o\/lib_test\.go:9:\d+: .*%d/);
  }, 180_000);
});

describe('compiler output parsing', () => {
  it('maps scratch paths to the output directory', () => {
    expect(rustErrors('/tmp/s/src/lib.rs:3:5: error[E0425]: cannot find value `x`\nerror: could not compile', '/tmp/s', 'out')).toEqual([
      'out/src/lib.rs:3:5: error[E0425]: cannot find value `x`',
    ]);
    expect(goErrors('# pivot.local/x\n./lib.go:4:2: undefined: y\nvet: ./lib_test.go:9:2: bad', '/tmp/s', 'out')).toEqual([
      'out/lib.go:4:2: undefined: y',
      'out/lib_test.go:9:2: bad',
    ]);
  });
});
