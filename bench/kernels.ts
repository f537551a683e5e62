/**
 * npm run bench:kernels — per-call time of the fixture's pricing kernel (quotePrice) as the TS
 * original in Node, as pivot's Rust translation (aggressive profile: fat LTO, one codegen unit,
 * target-cpu=native, float folds in four-wide lanes) and as its Go translation, on the same
 * inputs in one run.
 *
 * Each language runs the same list of inputs (the first QUOTES products of the seeded catalogue)
 * ROUNDS times after a warm-up, and prints a checksum of the optimal prices, so the three are
 * known to compute the same thing. Env: QUOTES (default 2000), ROUNDS (default 5).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { buildCatalog } from '../fixtures/monolith/src/catalog.js';
import { quotePrice } from '../fixtures/monolith/src/pricing.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const QUOTES = Number(process.env.QUOTES ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

interface Result {
  name: string;
  nsPerCall: number[];
  checksum: string;
}

const inputs = buildCatalog()
  .slice(0, QUOTES)
  .map((p) => ({ productId: p.id, basePrice: p.basePrice, stock: p.initialStock }));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function benchTs(): Result {
  const run = () => {
    let sum = 0;
    for (const input of inputs) sum += quotePrice(input).optimalPrice;
    return sum;
  };
  run();
  const nsPerCall: number[] = [];
  let sum = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const started = process.hrtime.bigint();
    sum = run();
    nsPerCall.push(Number(process.hrtime.bigint() - started) / inputs.length);
  }
  return { name: `TypeScript (Node ${process.version})`, nsPerCall, checksum: sum.toFixed(2) };
}

const RUST_MAIN = `use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let inputs: Vec<pricing::PriceInput> = serde_json::from_str(&text).unwrap();
    let rounds: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let run = || inputs.iter().map(|i| std::hint::black_box(pricing::quote_price(i).unwrap()).optimal_price).sum::<f64>();
    run();
    let mut sum = 0.0;
    for _ in 0..rounds {
        let started = Instant::now();
        sum = run();
        println!("ns {}", started.elapsed().as_nanos() as f64 / inputs.len() as f64);
    }
    println!("checksum {:.2}", sum);
}
`;

const GO_MAIN = `package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"pivot.local/pricing"
)

func main() {
	data, _ := os.ReadFile(os.Args[1])
	var inputs []pricing.PriceInput
	if err := json.Unmarshal(data, &inputs); err != nil {
		panic(err)
	}
	rounds, _ := strconv.Atoi(os.Args[2])
	run := func() float64 {
		sum := 0.0
		for i := range inputs {
			q, err := pricing.QuotePrice(&inputs[i])
			if err != nil {
				panic(err)
			}
			sum += q.OptimalPrice
		}
		return sum
	}
	run()
	sum := 0.0
	for r := 0; r < rounds; r++ {
		started := time.Now()
		sum = run()
		fmt.Printf("ns %f\\n", float64(time.Since(started).Nanoseconds())/float64(len(inputs)))
	}
	fmt.Printf("checksum %.2f\\n", sum)
}
`;

function parseDriver(name: string, stdout: string): Result {
  const nsPerCall = [...stdout.matchAll(/^ns ([\d.]+)$/gm)].map((m) => Number(m[1]));
  const checksum = /^checksum ([\d.]+)$/m.exec(stdout)?.[1] ?? '?';
  return { name, nsPerCall, checksum };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pivot-kernels-'));
  const pivot = (args: string[]) => execa('node', [join(REPO, 'bin/pivot.js'), ...args], { cwd: REPO, stdio: 'inherit' });
  try {
    const inputsFile = join(dir, 'inputs.json');
    writeFileSync(inputsFile, JSON.stringify(inputs));
    const unit = 'fixtures/monolith/src/pricing.ts#quotePrice';
    await pivot(['evolve', unit, '--target', 'rust', '--profile', 'aggressive', '--vectors', '20', '--output', join(dir, 'rust')]);
    await pivot(['evolve', unit, '--target', 'go', '--profile', 'aggressive', '--vectors', '20', '--output', join(dir, 'go')]);

    // Rust driver: its own crate (the release profile of the workspace root applies), aggressive settings copied.
    mkdirSync(join(dir, 'rust-bench', 'src'), { recursive: true });
    mkdirSync(join(dir, 'rust-bench', '.cargo'), { recursive: true });
    writeFileSync(join(dir, 'rust-bench', 'Cargo.toml'), `[package]\nname = "kernel-bench"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\npricing = { path = "../rust" }\nserde_json = "1"\n\n[profile.release]\nopt-level = 3\nlto = "fat"\ncodegen-units = 1\npanic = "abort"\n`);
    writeFileSync(join(dir, 'rust-bench', '.cargo', 'config.toml'), '[build]\nrustflags = ["-C", "target-cpu=native"]\n');
    writeFileSync(join(dir, 'rust-bench', 'src', 'main.rs'), RUST_MAIN);
    const target = join(dir, 'rust-target'); // native CPU flags: keep it out of the shared cache
    await execa('cargo', ['build', '--release', '--quiet'], { cwd: join(dir, 'rust-bench'), env: { CARGO_TARGET_DIR: target }, stdio: 'inherit' });
    const rust = parseDriver('Rust (aggressive)', (await execa(join(target, 'release', 'kernel-bench'), [inputsFile, String(ROUNDS)])).stdout);

    mkdirSync(join(dir, 'go-bench'), { recursive: true });
    writeFileSync(join(dir, 'go-bench', 'go.mod'), 'module kernelbench\n\ngo 1.22\n\nrequire pivot.local/pricing v0.0.0\n\nreplace pivot.local/pricing => ../go\n');
    writeFileSync(join(dir, 'go-bench', 'main.go'), GO_MAIN);
    await execa('go', ['build', '-trimpath', '-o', 'kernel-bench', '.'], { cwd: join(dir, 'go-bench'), stdio: 'inherit' });
    const go = parseDriver('Go', (await execa(join(dir, 'go-bench', 'kernel-bench'), [inputsFile, String(ROUNDS)])).stdout);

    const ts = benchTs();
    const base = median(ts.nsPerCall);
    console.log(`\npricing kernel quotePrice: ${inputs.length} quotes × ${ROUNDS} rounds after a warm-up, median round`);
    for (const r of [ts, rust, go]) {
      const m = median(r.nsPerCall);
      const spread = `${(Math.min(...r.nsPerCall) / 1000).toFixed(1)}–${(Math.max(...r.nsPerCall) / 1000).toFixed(1)}`;
      console.log(`${r.name.padEnd(28)} ${(m / 1000).toFixed(1).padStart(8)} µs/call  (rounds ${spread})  ×${(base / m).toFixed(2)} vs TS  checksum ${r.checksum}`);
    }
    if (new Set([ts.checksum, rust.checksum, go.checksum]).size !== 1) {
      console.log('checksums differ: the translations did not compute the same prices');
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
