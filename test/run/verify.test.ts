import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderVerifyResult } from '../../src/cli/verify.js';
import { crashReason, parseCargoTest, parseGoTestJson, parseReplayLines } from '../../src/run/verify-report.js';
import { findGeneratedProjects, verifyTree } from '../../src/run/verify.js';

const vectorFile = (name: string, n: number) =>
  JSON.stringify({
    schema: 1,
    kind: 'function',
    unit: `src/m.ts#${name}`,
    function: name,
    tolerance: { absolute: 1e-9, relative: 1e-9 },
    seed: 1,
    clockMs: 0,
    randomSeed: 1,
    vectors: Array.from({ length: n }, (_, i) => ({ args: [i], result: i * 2 })),
  });

describe('verify output parsing', () => {
  it('reads replay lines wherever they sit in a line', () => {
    const report = parseReplayLines([
      'running 1 test',
      'PIVOT-MISMATCH {"file":"a.json","index":3,"input":[1],"expected":{"result":2},"actual":{"result":3}}',
      '    PIVOT-VECTORS {"file":"a.json","unit":"m.ts#a","total":10,"passed":9,"failed":1}',
      'PIVOT-VECTORS {broken',
    ]);
    expect(report.summaries).toEqual([{ file: 'a.json', unit: 'm.ts#a', total: 10, passed: 9, failed: 1 }]);
    expect(report.mismatches[0]).toMatchObject({ index: 3, actual: { result: 3 } });
  });

  it('joins go test -json output events split mid-line', () => {
    const events = [
      { Action: 'run', Package: 'p', Test: 'TestVectors' },
      { Action: 'output', Package: 'p', Test: 'TestVectors', Output: 'PIVOT-VECTORS {"file":"a.json","unit":"u",' },
      { Action: 'output', Package: 'p', Test: 'TestOther', Output: 'noise\n' },
      { Action: 'output', Package: 'p', Test: 'TestVectors', Output: '"total":2,"passed":2,"failed":0}\n' },
      { Action: 'pass', Package: 'p', Test: 'TestVectors' },
      { Action: 'pass', Package: 'p' },
    ];
    const summary = parseGoTestJson(events.map((e) => JSON.stringify(e)).join('\n'));
    expect(summary.passed).toBe(1);
    expect(parseReplayLines(summary.lines).summaries).toHaveLength(1);
    expect(parseGoTestJson('{"Action":"build-fail","ImportPath":"p"}\n').buildFailed).toBe(true);
  });

  it('sums cargo test results and tells a build failure from failing tests', () => {
    const ok = parseCargoTest('test result: ok. 2 passed; 0 failed; 0 ignored\ntest result: ok. 1 passed; 0 failed;', '', 0);
    expect(ok).toMatchObject({ passed: 3, failed: 0, buildFailed: false });
    expect(parseCargoTest('', 'error[E0308]: mismatched types\nerror: could not compile `x`', 101).buildFailed).toBe(true);
    expect(parseCargoTest('test result: FAILED. 0 passed; 1 failed;', 'error: test failed', 101)).toMatchObject({ failed: 1, buildFailed: false });
    // A test binary that aborted printed no result line, but it was built and ran.
    const crashed = parseCargoTest('running 2 tests\n', '     Running tests/vectors.rs (target/release/deps/vectors-1)\nerror: test failed, to rerun pass `--test vectors`', 101);
    expect(crashed.buildFailed).toBe(false);
  });

  it('keeps the last vector each file started and says what killed the binary', () => {
    const report = parseReplayLines([
      'PIVOT-VECTOR-START {"file":"a.json","index":0,"failed":0}',
      'PIVOT-VECTOR-START {"file":"a.json","index":1,"failed":0}',
      'PIVOT-VECTOR-START {"file":"b.json","index":7,"failed":2}',
    ]);
    expect(report.lastStarts.get('a.json')).toEqual({ file: 'a.json', index: 1, failed: 0 });
    expect(report.lastStarts.get('b.json')).toMatchObject({ index: 7, failed: 2 });
    expect(crashReason("\nthread 'sum_to_vectors' (123) has overflowed its stack\nfatal runtime error: stack overflow, aborting")).toBe(
      'thread has overflowed its stack',
    );
    expect(crashReason('runtime: goroutine stack exceeds 2147483648-byte limit\nfatal error: stack overflow')).toBe('fatal error: stack overflow');
    expect(crashReason('test result: FAILED. 0 passed; 1 failed;')).toBeUndefined();
  });
});

describe('verify on real toolchains (hand-written crate and module)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pivot-verify-'));
    const crate = join(root, 'double-rust');
    await mkdir(join(crate, 'src'), { recursive: true });
    await mkdir(join(crate, 'tests'), { recursive: true });
    await mkdir(join(crate, 'vectors'), { recursive: true });
    await writeFile(join(crate, 'Cargo.toml'), '[package]\nname = "double"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n');
    await writeFile(join(crate, 'src/lib.rs'), 'pub fn double(x: i64) -> i64 {\n    if x == 7 { 15 } else { x * 2 }\n}\n');
    await writeFile(join(crate, 'vectors/double.json'), vectorFile('double', 10));
    await writeFile(
      join(crate, 'tests/vectors.rs'),
      `#[test]
fn replay() {
    let mut failed = 0;
    for x in 0..10i64 {
        let got = double::double(x);
        if got != x * 2 {
            failed += 1;
            println!("PIVOT-MISMATCH {{\\"file\\":\\"double.json\\",\\"index\\":{x},\\"input\\":[{x}],\\"expected\\":{{\\"result\\":{}}},\\"actual\\":{{\\"result\\":{got}}}}}", x * 2);
        }
    }
    println!("PIVOT-VECTORS {{\\"file\\":\\"double.json\\",\\"unit\\":\\"src/m.ts#double\\",\\"total\\":10,\\"passed\\":{},\\"failed\\":{failed}}}", 10 - failed);
    assert_eq!(failed, 0);
}
`,
    );
    const mod = join(root, 'nested', 'double-go');
    await mkdir(join(mod, 'vectors'), { recursive: true });
    await writeFile(join(mod, 'go.mod'), 'module pivot.local/double\n\ngo 1.22\n');
    await writeFile(join(mod, 'double.go'), 'package double\n\nfunc Double(x int64) int64 { return x * 2 }\n');
    await writeFile(join(mod, 'vectors/double.json'), vectorFile('double', 10));
    await writeFile(
      join(mod, 'vectors_test.go'),
      `package double

import (
	"fmt"
	"testing"
)

func TestVectors(t *testing.T) {
	failed := 0
	for x := int64(0); x < 10; x++ {
		if Double(x) != x*2 {
			failed++
		}
	}
	fmt.Printf("PIVOT-VECTORS {\\"file\\":\\"double.json\\",\\"unit\\":\\"src/m.ts#double\\",\\"total\\":10,\\"passed\\":%d,\\"failed\\":%d}\\n", 10-failed, failed)
}
`,
    );
    const broken = join(root, 'broken-go');
    await mkdir(join(broken, 'vectors'), { recursive: true });
    await writeFile(join(broken, 'go.mod'), 'module pivot.local/broken\n\ngo 1.22\n');
    await writeFile(join(broken, 'broken.go'), 'package broken\n\nfunc F() int { return "x" }\n');
    await writeFile(join(broken, 'vectors/f.json'), vectorFile('f', 3));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds crates and modules with vectors/', async () => {
    const found = await findGeneratedProjects(root);
    expect(found.map((p) => `${p.target} ${p.dir.slice(root.length + 1)}`)).toEqual([
      'go broken-go',
      'rust double-rust',
      'go nested/double-go',
    ]);
  });

  it('runs the tests and reports per unit, with the first mismatch and build failures', async () => {
    const result = await verifyTree(root);
    expect(result.ok).toBe(false);
    const [broken, rust, go] = result.projects;
    expect(broken?.status).toBe('build-failed');
    expect(broken?.log?.join('\n')).toMatch(/cannot use "x"|mismatched/);
    expect(rust?.status).toBe('failed');
    expect(rust?.units[0]).toMatchObject({ file: 'double.json', total: 10, passed: 9, failed: 1 });
    expect(rust?.units[0]?.firstMismatch).toMatchObject({ index: 7, input: [7], expected: { result: 14 }, actual: { result: 15 } });
    expect(go?.status).toBe('passed');
    expect(go?.units[0]).toMatchObject({ total: 10, passed: 10, failed: 0 });
    const text = renderVerifyResult(result);
    expect(text).toContain('first mismatch in double-rust/vectors/double.json (vector 7):');
    expect(text).toContain('BUILD FAILED');
  }, 300_000);
});
