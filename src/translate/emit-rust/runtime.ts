/**
 * `src/jsrt.rs`: the small runtime the generated crate ships — JS semantics Rust's std does not
 * have (number formatting, half-up rounding, UTF-16 string indices, insertion-ordered maps,
 * a pinnable clock and seeded Math.random). Only the helpers a module uses (and their
 * dependencies) are emitted; the clock and random state are always there for the replay.
 */
import { COLLECTION_SNIPPETS } from './runtime-collections.js';
import { GENERIC_SNIPPETS } from './runtime-generics.js';
import { LANE_SNIPPETS } from './runtime-lanes.js';
import { MATH_SNIPPETS } from './runtime-math.js';
import { NUMBER_SNIPPETS } from './runtime-numbers.js';
import { STRING_SNIPPETS } from './runtime-strings.js';
import type { RuntimeNeeds } from './types.js';

export interface RuntimeSnippet {
  name: string;
  /** Other snippets this one calls. */
  deps?: string[];
  /** `use` paths it needs. */
  uses?: string[];
  /** Emitted whatever the module uses. */
  always?: boolean;
  code: string;
}

const USES: Record<string, string[]> = {
  clock: ['std::cell::Cell', 'std::time::{SystemTime, UNIX_EPOCH}'],
  order: ['std::cmp::Ordering'],
  str_cmp: ['std::cmp::Ordering'],
};

const SNIPPETS: RuntimeSnippet[] = [...NUMBER_SNIPPETS, ...MATH_SNIPPETS, ...LANE_SNIPPETS, ...STRING_SNIPPETS, ...COLLECTION_SNIPPETS, ...GENERIC_SNIPPETS];
const BY_NAME = new Map(SNIPPETS.map((s) => [s.name, s]));

/** Helper names the printers may use (unknown names are a printer bug). */
export function isRuntimeItem(name: string): boolean {
  return BY_NAME.has(name);
}

function closure(needs: RuntimeNeeds): Set<string> {
  const all = new Set<string>();
  const visit = (name: string): void => {
    if (all.has(name) || !BY_NAME.has(name)) return;
    all.add(name);
    for (const d of BY_NAME.get(name)!.deps ?? []) visit(d);
  };
  for (const s of SNIPPETS) if (s.always) visit(s.name);
  for (const n of needs) visit(n);
  return all;
}

/** Merges `a::b::C` and `a::b::{D, E}` into one `use` per path. */
function useLines(paths: Iterable<string>): string[] {
  const byPrefix = new Map<string, Set<string>>();
  for (const p of paths) {
    const m = /^(.*)::\{(.*)\}$/.exec(p);
    const [prefix, names] = m ? [m[1]!, m[2]!.split(',').map((n) => n.trim())] : [p.slice(0, p.lastIndexOf('::')), [p.slice(p.lastIndexOf('::') + 2)]];
    const set = byPrefix.get(prefix) ?? new Set<string>();
    for (const n of names) set.add(n);
    byPrefix.set(prefix, set);
  }
  const lines = [...byPrefix.entries()].map(([prefix, names]) => {
    const sorted = [...names].sort((a, b) => (a === 'self' ? -1 : b === 'self' ? 1 : a.localeCompare(b, 'en')));
    return sorted.length === 1 ? `use ${prefix}::${sorted[0]};` : `use ${prefix}::{${sorted.join(', ')}};`;
  });
  const rank = (l: string): number => (l.startsWith('use std::') ? 1 : 0);
  return lines.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en'));
}

/** The text of `src/jsrt.rs` for the helpers in `needs`. */
export function runtimeSource(needs: RuntimeNeeds): string {
  const names = closure(needs);
  const chosen = SNIPPETS.filter((s) => names.has(s.name));
  const uses = useLines(chosen.flatMap((s) => [...(s.uses ?? []), ...(USES[s.name] ?? [])]));
  const header = [
    '//! JavaScript semantics the translated code relies on, where Rust\'s std differs: number',
    '//! formatting, half-up rounding, UTF-16 string indices, insertion-ordered maps, and a clock',
    '//! and `Math.random` that the golden-vector replay pins.',
    '',
  ];
  const std = uses.filter((l) => l.startsWith('use std::'));
  const external = uses.filter((l) => !l.startsWith('use std::'));
  const useBlock = [...external, ...(external.length > 0 && std.length > 0 ? [''] : []), ...std];
  return `${[...header, ...useBlock, '', chosen.map((s) => s.code).join('\n\n')].join('\n')}\n`;
}
