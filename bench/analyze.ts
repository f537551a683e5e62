/**
 * Times the static pass: over the bundled monolith (when present) and over a generated tree of
 * more than 50,000 lines of varied TypeScript (classes with state, loops, async I/O, imports
 * between files, fastify routes). Prints lines, files, the median of a few runs, and ms per
 * 1,000 lines. Run with `npm run bench:analyze`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStaticPass } from '../src/analyze/static.js';

const RUNS = 3;
const TARGET_LINES = 52_000;

/** Deterministic choices, so every run times the same tree. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function moduleText(index: number, random: () => number): string {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const lines: string[] = [];
  const imports = index === 0 ? [] : [Math.floor(random() * index), Math.floor(random() * index)];
  lines.push("import { readFile } from 'node:fs/promises';");
  for (const other of new Set(imports)) lines.push(`import { compute${other}, Store${other} } from './module${other}.js';`);
  lines.push('', `let requests${index} = 0;`, `const registry${index} = new Map<string, number>();`, '');
  lines.push(`export interface Item${index} {`, '  id: number;', '  name: string;', '  price: number;', '  tags: string[];', '}', '');

  lines.push(`export class Store${index} {`, '  private readonly items = new Map<number, Item' + index + '>();',
    '  private updated = 0;', '', '  constructor(seed: number) {', '    for (let i = 0; i < seed; i++) {',
    `      this.items.set(i, { id: i, name: 'item' + i, price: i * 1.5, tags: [] });`, '    }', '  }', '');
  const methods = 4 + Math.floor(random() * 4);
  for (let m = 0; m < methods; m++) {
    const kind = pick(['read', 'write', 'scan']);
    lines.push(`  method${m}(id: number): number {`);
    if (kind === 'read') {
      lines.push('    const item = this.items.get(id);', '    if (item === undefined) {', '      return 0;', '    }',
        `    return item.price * ${m + 1};`);
    } else if (kind === 'write') {
      lines.push('    const item = this.items.get(id);', '    if (item === undefined) {', "      throw new Error('missing ' + id);",
        '    }', `    item.price = Math.round(item.price * ${(1 + m / 10).toFixed(2)} * 100) / 100;`,
        '    this.updated = Date.now();', '    return item.price;');
    } else {
      lines.push('    let total = 0;', '    for (const item of this.items.values()) {',
        '      total += item.tags.filter((tag) => tag.length > id).length + item.price;', '    }', '    return total;');
    }
    lines.push('  }', '');
  }
  lines.push('  get size(): number {', '    return this.items.size;', '  }', '}', '');

  const functions = 6 + Math.floor(random() * 5);
  for (let f = 0; f < functions; f++) {
    const shape = pick(['numeric', 'nested', 'async', 'arrow', 'collect']);
    const name = f === 0 ? `compute${index}` : `fn${index}_${f}`;
    if (shape === 'arrow' && f !== 0) {
      lines.push(`export const ${name} = (values: number[]): number =>`,
        '  values.reduce((sum, value) => sum + value * value, 0) / Math.max(1, values.length);', '');
      continue;
    }
    lines.push(`export ${shape === 'async' && f !== 0 ? 'async ' : ''}function ${name}(input: number, rounds = 10)` +
      `${shape === 'async' && f !== 0 ? ': Promise<number>' : ': number'} {`);
    switch (shape) {
      case 'numeric':
      default:
        lines.push('  let best = 0;', '  for (let i = 0; i < rounds; i++) {', '    const x = input + i / rounds;',
          '    const y = Math.sin(x) * Math.exp(-x / 10) + x * x - 3 * x;', '    if (y > best) {', '      best = y;', '    }',
          '  }', `  requests${index}++;`, '  return best;');
        break;
      case 'nested':
        lines.push('  const grid: number[][] = [];', '  for (let i = 0; i < rounds; i++) {', '    const row: number[] = [];',
          '    for (let j = 0; j < rounds; j++) {', '      row.push((i * j + input) % 7);', '    }', '    grid.push(row);',
          '  }', '  return grid.flat().reduce((a, b) => a + b, 0);');
        break;
      case 'async':
        lines.push("  const text = await readFile('/tmp/data-' + input + '.json', 'utf8').catch(() => '[]');",
          '  const parsed = JSON.parse(text) as number[];', `  registry${index}.set(String(input), parsed.length);`,
          '  return parsed.length + rounds;');
        break;
      case 'collect':
        lines.push('  const names = Array.from({ length: rounds }, (_, i) => `n${i + input}`);',
          '  const unique = new Set(names.map((name) => name.toUpperCase()));',
          '  const helper = (value: string): number => value.length * 2;',
          '  return [...unique].map(helper).reduce((a, b) => a + b, 0);');
        break;
    }
    lines.push('}', '');
  }

  lines.push(`export function use${index}(seed: number): number {`, `  const store = new Store${index}(seed);`,
    `  let total = store.method0(1) + compute${index}(seed);`);
  for (const other of new Set(imports)) {
    lines.push(`  const other${other} = new Store${other}(seed);`, `  total += other${other}.method0(2) + compute${other}(seed, 5);`);
  }
  lines.push(`  return total + requests${index} + registry${index}.size;`, '}', '');
  return lines.join('\n');
}

function routesText(modules: number): string {
  const lines = ["import Fastify from 'fastify';"];
  const routed = Array.from({ length: Math.min(modules, 40) }, (_, i) => i);
  for (const i of routed) lines.push(`import { use${i} } from './module${i}.js';`);
  lines.push('', 'const app = Fastify();', "app.get('/health', async () => ({ ok: true }));");
  for (const i of routed) {
    lines.push(`app.get('/api/use${i}/:id', async (request) => ({ value: use${i}(Number((request.params as { id: string }).id)) }));`);
    lines.push(`app.post('/api/use${i}', { schema: { body: { type: 'object', required: ['seed'], properties: { seed: { type: 'integer', minimum: 1 } } } } }, async (request) => use${i}((request.body as { seed: number }).seed));`);
  }
  lines.push("app.listen({ port: 3000 }).catch(() => process.exit(1));", '');
  return lines.join('\n');
}

/** Writes the large tree; returns its root and line count. */
function generateTree(): { root: string; lines: number } {
  const root = mkdtempSync(path.join(tmpdir(), 'pivot-bench-analyze-'));
  const src = path.join(root, 'src');
  mkdirSync(src, { recursive: true });
  const random = rng(20240601);
  let lines = 0;
  let index = 0;
  while (lines < TARGET_LINES) {
    const text = moduleText(index, random);
    writeFileSync(path.join(src, `module${index}.ts`), text);
    lines += text.split('\n').length;
    index++;
  }
  const routes = routesText(index);
  writeFileSync(path.join(src, 'server.ts'), routes);
  lines += routes.split('\n').length;
  return { root, lines };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timePass(label: string, root: string): void {
  const times: number[] = [];
  let summary = { files: 0, lines: 0, units: 0, routes: 0, problems: 0 };
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const analysis = runStaticPass(root);
    times.push(performance.now() - started);
    summary = { files: analysis.files.length, lines: analysis.lines, units: analysis.units.length,
      routes: analysis.routes.length, problems: analysis.problems.length };
  }
  const ms = median(times);
  console.log(
    `${label.padEnd(18)} ${String(summary.lines).padStart(7)} lines ${String(summary.files).padStart(4)} files `
    + `${String(summary.units).padStart(6)} units ${String(summary.routes).padStart(4)} routes  `
    + `median ${ms.toFixed(0).padStart(6)} ms  ${(ms / (summary.lines / 1000)).toFixed(1).padStart(6)} ms/1k lines  `
    + `(runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
  );
  if (summary.problems > 0) console.log(`  ${summary.problems} syntax problem(s): the pass stopped early`);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const monolith = path.resolve(here, '../fixtures/monolith');
console.log(`static pass, median of ${RUNS} runs (node ${process.version})`);
if (existsSync(path.join(monolith, 'src'))) timePass('fixtures/monolith', monolith);
else console.log('fixtures/monolith: not present, skipped');
const tree = generateTree();
try {
  timePass('generated tree', tree.root);
} finally {
  rmSync(tree.root, { recursive: true, force: true });
}
