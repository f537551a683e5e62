/**
 * Translator fixture cases: reading `fixtures/translate/<nn>-<name>.ts` and the `@pivot-case`
 * header described in fixtures/translate/README.md. Pure parsing, no translator involved, so
 * it works (and is tested) before the translator stages exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type CaseExpectation = { kind: 'pass' } | { kind: 'refuse'; codes: string[] };

export interface PivotCase {
  /** File name without `.ts`, e.g. `01-clamp`. */
  id: string;
  /** Absolute path of the fixture. */
  file: string;
  unit: string;
  expect: CaseExpectation;
  /** Explicit argument lists (vector encoding) for a function unit. */
  inputs?: unknown[][];
  /** Explicit call sequences for a class unit: `[ctorArgs, [method, ...args], …]`. */
  sequences: unknown[][];
  /** Generated vectors / call sequences on top of the explicit ones. */
  vectors: number;
  /** Diagnostic codes lowering must report (warnings usually). */
  warns: string[];
  golden: boolean;
  /** A generic unit: the instantiation explicit inputs / sequences run at, e.g. `['number']` (default: the first one). */
  instance?: string[];
  note?: string;
  /** Code → 1-based lines marked `// <- CODE` where a refusal may point. */
  markers: Map<string, number[]>;
}

export const DEFAULT_GENERATED_VECTORS = 50;

const CASE_FILE = /^(\d{2,3})-[a-z0-9-]+\.ts$/;
const KEY_LINE = /^([a-z]+):\s*(.*)$/;
const CODE = /^PIV\d{4}$/;
const KNOWN_KEYS = new Set(['unit', 'expect', 'inputs', 'sequence', 'vectors', 'warns', 'golden', 'instance', 'note']);

export class CaseFormatError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'CaseFormatError';
  }
}

/** The header block's lines (without the leading ` * `), or undefined when the file has none. */
function headerLines(source: string): string[] | undefined {
  const blocks = source.match(/\/\*\*[\s\S]*?\*\//g) ?? [];
  const header = blocks.find((b) => /^\s*\*\s*@pivot-case\s*$/m.test(b));
  if (header === undefined) return undefined;
  return header
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trimEnd())
    .filter((line) => line.trim() !== '' && line.trim() !== '@pivot-case');
}

function parseJson(file: string, key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CaseFormatError(file, `${key} is not valid JSON (${(err as Error).message}): ${text}`);
  }
}

function codesOf(file: string, key: string, text: string): string[] {
  const codes = text.split(/\s+/).filter((c) => c !== '');
  const bad = codes.find((c) => !CODE.test(c));
  if (bad !== undefined) throw new CaseFormatError(file, `${key}: "${bad}" is not a diagnostic code like PIV1003`);
  return codes;
}

function markersOf(source: string): Map<string, number[]> {
  const markers = new Map<string, number[]>();
  source.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(/\/\/\s*<-\s*(PIV\d{4})/g)) {
      const code = match[1]!;
      markers.set(code, [...(markers.get(code) ?? []), i + 1]);
    }
  });
  return markers;
}

/** Parses one fixture. `file` is absolute; the id is its base name without `.ts`. */
export function parseCase(file: string, source: string): PivotCase {
  const id = file.replace(/^.*\//, '').replace(/\.ts$/, '');
  const lines = headerLines(source);
  if (lines === undefined) throw new CaseFormatError(file, 'no `@pivot-case` header block');
  const entries: [string, string][] = [];
  for (const line of lines) {
    const match = KEY_LINE.exec(line.trim());
    if (match && KNOWN_KEYS.has(match[1]!)) entries.push([match[1]!, match[2]!]);
    else if (entries.length > 0) entries[entries.length - 1]![1] += ` ${line.trim()}`;
    else throw new CaseFormatError(file, `header line before any key: "${line}"`);
  }
  const one = (key: string): string | undefined => {
    const found = entries.filter(([k]) => k === key);
    if (found.length > 1) throw new CaseFormatError(file, `${key} is given ${found.length} times`);
    return found[0]?.[1].trim();
  };
  const unit = one('unit');
  if (!unit || !/^[A-Za-z_$][\w$]*$/.test(unit)) throw new CaseFormatError(file, 'unit: missing or not an identifier');
  const expectText = one('expect') ?? '';
  let expectation: CaseExpectation;
  if (expectText === 'pass') expectation = { kind: 'pass' };
  else if (expectText.startsWith('refuse ')) {
    expectation = { kind: 'refuse', codes: codesOf(file, 'expect', expectText.slice('refuse '.length)) };
  } else throw new CaseFormatError(file, `expect: must be "pass" or "refuse PIVnnnn", got "${expectText}"`);

  const inputsText = one('inputs');
  let inputs: unknown[][] | undefined;
  if (inputsText !== undefined) {
    const parsed = parseJson(file, 'inputs', inputsText);
    if (!Array.isArray(parsed) || !parsed.every(Array.isArray)) {
      throw new CaseFormatError(file, 'inputs: must be an array of argument arrays');
    }
    inputs = parsed as unknown[][];
  }
  const sequences = entries
    .filter(([k]) => k === 'sequence')
    .map(([, text]) => {
      const parsed = parseJson(file, 'sequence', text.trim());
      const ok =
        Array.isArray(parsed) &&
        parsed.length >= 1 &&
        parsed.every(Array.isArray) &&
        parsed.slice(1).every((call) => typeof (call as unknown[])[0] === 'string');
      if (!ok) throw new CaseFormatError(file, 'sequence: must be [[ctorArgs…], ["method", args…], …]');
      return parsed as unknown[][];
    });
  if (inputs !== undefined && sequences.length > 0) {
    throw new CaseFormatError(file, 'inputs (functions) and sequence (classes) cannot both be given');
  }
  const vectorsText = one('vectors');
  const vectors = vectorsText === undefined ? DEFAULT_GENERATED_VECTORS : Number(vectorsText);
  if (!Number.isInteger(vectors) || vectors < 0) throw new CaseFormatError(file, `vectors: not a count: ${vectorsText}`);
  const golden = one('golden');
  if (golden !== undefined && golden !== 'yes' && golden !== 'no') throw new CaseFormatError(file, 'golden: yes or no');
  return {
    id,
    file,
    unit,
    expect: expectation,
    inputs,
    sequences,
    vectors,
    warns: codesOf(file, 'warns', one('warns') ?? ''),
    golden: golden === 'yes',
    instance: one('instance')?.split(',').map((t) => t.trim()),
    note: one('note'),
    markers: markersOf(source),
  };
}

/**
 * Every case of a fixture directory, in number order. `only` keeps the cases whose number or
 * id is listed (e.g. from `PIVOT_CASES=01,13,100`).
 */
export function loadCases(dir: string, only?: readonly string[]): PivotCase[] {
  const number = (f: string): string => CASE_FILE.exec(f)![1]!;
  const files = readdirSync(dir)
    .filter((f) => CASE_FILE.test(f))
    .sort((a, b) => Number(number(a)) - Number(number(b)));
  const wanted = only && only.length > 0 ? new Set(only) : undefined;
  return files
    .filter((f) => !wanted || wanted.has(number(f)) || wanted.has(f.replace(/\.ts$/, '')))
    .map((f) => parseCase(join(dir, f), readFileSync(join(dir, f), 'utf8')));
}

/** `PIVOT_CASES=01,13` → ['01', '13']. */
export function casesFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Rust crate name and Go module name of a case: `01-clamp` → `c01_clamp` / `c01clamp`. */
export function packageNames(id: string): { rust: string; go: string } {
  const words = id.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  return { rust: `c${words.join('_')}`, go: `c${words.join('')}` };
}
