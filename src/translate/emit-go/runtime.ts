/**
 * jsrt.go: the runtime the generated Go package relies on for JavaScript semantics. Only the
 * helpers a package uses (and the helpers those call) are emitted, with exactly the imports they
 * need (Go rejects unused imports); the clock and random pins are always there for the replay.
 * Unexported helpers are prefixed `js` so they never collide with translated names (names.ts
 * reserves the prefix). Checked against Node for rounding, number formatting, toFixed, radix
 * strings, parsing, UTF-16 string positions, mulberry32 and toISOString
 * (test/translate/emit-go/runtime.test.ts).
 */
import { GO_RUNTIME_ARRAYS } from './runtime-arrays.js';
import { GO_RUNTIME_CLOCK } from './runtime-clock.js';
import { GO_RUNTIME_COLLECTIONS } from './runtime-collections.js';
import { GO_RUNTIME_GENERICS } from './runtime-generics.js';
import { fillMathMarkers, GO_RUNTIME_MATH } from './runtime-math.js';
import { GO_RUNTIME_NUMBERS } from './runtime-numbers.js';
import { GO_RUNTIME_STRINGS } from './runtime-strings.js';

export interface GoRuntimeSnippet {
  /** The Go name it declares (a type and its methods are one snippet, named after the type). */
  name: string;
  /** Other snippets its code refers to. */
  deps: string[];
  /** Import paths its code uses. */
  imports: string[];
  /** Emitted whatever the package uses: the replay pins the clock and Math.random through these. */
  always: boolean;
  code: string;
}

/** Package qualifier in the runtime code → import path. */
const PACKAGES: Record<string, string> = {
  json: 'encoding/json',
  errors: 'errors',
  fmt: 'fmt',
  math: 'math',
  sort: 'sort',
  strconv: 'strconv',
  strings: 'strings',
  sync: 'sync',
  time: 'time',
  unicode: 'unicode',
  utf16: 'unicode/utf16',
  utf8: 'unicode/utf8',
};

const ALWAYS = new Set(['jsEnv', 'SetClockMs', 'ResetClock', 'SeedRandom', 'ClockState', 'RandomState']);

interface Declaration {
  name: string;
  lines: string[];
}

/** The name a top-level declaration line declares; methods belong to their receiver's type. */
function declaredName(line: string): string | undefined {
  const method = /^func \(\w+ \*?(\w+)(?:\[[^\]]*\])?\) /.exec(line);
  if (method) return method[1];
  return /^(?:func|type|var|const) (\w+)/.exec(line)?.[1];
}

/**
 * Top-level declarations of Go source with the comment lines directly above them. Section
 * banners (a comment block followed by a blank line) belong to no declaration and are dropped.
 */
export function splitDeclarations(source: string): Declaration[] {
  const lines = source.split('\n');
  const out: Declaration[] = [];
  let comments: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('//')) {
      comments.push(line);
      continue;
    }
    if (line.trim() === '') {
      comments = [];
      continue;
    }
    const name = declaredName(line);
    if (!name) throw new Error(`jsrt.go: cannot name the declaration at "${line}"`);
    const body = [...comments, line];
    comments = [];
    if (/[{(]$/.test(line)) {
      while (i + 1 < lines.length && !/^[})]/.test(lines[i]!)) body.push(lines[++i]!);
    }
    out.push({ name, lines: body });
  }
  return out;
}

/** Code without comments and string literals, so only real references count. */
function codeOnly(lines: string[]): string {
  return lines
    .filter((l) => !l.trimStart().startsWith('//'))
    .join('\n')
    .replace(/`[^`]*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/\/\/.*$/gm, '');
}

function identifiers(code: string): Set<string> {
  return new Set(code.match(/[A-Za-z_]\w*/g) ?? []);
}

function buildSnippets(): GoRuntimeSnippet[] {
  const source = [GO_RUNTIME_NUMBERS, GO_RUNTIME_MATH, GO_RUNTIME_STRINGS, GO_RUNTIME_COLLECTIONS, GO_RUNTIME_ARRAYS, GO_RUNTIME_CLOCK, GO_RUNTIME_GENERICS].join('\n\n');
  const byName = new Map<string, string[][]>();
  for (const d of splitDeclarations(source)) byName.set(d.name, [...(byName.get(d.name) ?? []), d.lines]);
  const names = new Set(byName.keys());
  return [...byName].map(([name, decls]) => {
    const code = codeOnly(decls.flat());
    const used = identifiers(code);
    const imports = Object.entries(PACKAGES)
      .filter(([qualifier]) => new RegExp(`\\b${qualifier}\\.[A-Z]`).test(code))
      .map(([, path]) => path);
    return {
      name,
      deps: [...names].filter((n) => n !== name && used.has(n)),
      imports,
      always: ALWAYS.has(name),
      code: decls.map((d) => d.join('\n')).join('\n\n'),
    };
  });
}

export const GO_RUNTIME_SNIPPETS: readonly GoRuntimeSnippet[] = buildSnippets();
const BY_NAME = new Map(GO_RUNTIME_SNIPPETS.map((s) => [s.name, s]));

/** Runtime helpers the given generated sources refer to (the printers' output is the record). */
export function runtimeNeeds(sources: Iterable<string>): Set<string> {
  const needs = new Set<string>();
  for (const text of sources) {
    for (const id of identifiers(codeOnly(text.split('\n')))) if (BY_NAME.has(id)) needs.add(id);
  }
  return needs;
}

/** `needs` plus everything the chosen helpers call, plus the always-emitted ones. */
function closure(needs: Iterable<string>): Set<string> {
  const all = new Set<string>();
  const visit = (name: string): void => {
    const snippet = BY_NAME.get(name);
    if (all.has(name) || !snippet) return;
    all.add(name);
    snippet.deps.forEach(visit);
  };
  for (const s of GO_RUNTIME_SNIPPETS) if (s.always) visit(s.name);
  for (const n of needs) visit(n);
  return all;
}

/** jsrt.go with the helpers in `needs` (every helper when absent), in the runtime's own order. */
export function goRuntime(packageName: string, needs?: Iterable<string>): string {
  const names = needs ? closure(needs) : new Set(BY_NAME.keys());
  const chosen = GO_RUNTIME_SNIPPETS.filter((s) => names.has(s.name));
  const imports = [...new Set(chosen.flatMap((s) => s.imports))].sort();
  const header = [
    '// Code generated by pivot. DO NOT EDIT.',
    '',
    '// JavaScript semantics for the translated code: numbers, strings, arrays, Map/Set, clock and random.',
    '',
    `package ${packageName}`,
    ...(imports.length === 0 ? [] : ['', 'import (', ...imports.map((i) => `\t"${i}"`), ')']),
  ];
  return `${[header.join('\n'), ...chosen.map((s) => fillMathMarkers(s.code))].join('\n\n')}\n`;
}
