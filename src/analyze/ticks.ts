/**
 * Reading the sampled stacks 0x leaves behind (pure: JSON in, samples out).
 *
 * Two inputs describe the same ticks:
 * - `ticks.json` (0x `--write-ticks`): one array per sample of V8 code entries, outermost
 *   first. It carries no program counter, so a sample in optimised code that inlined other
 *   functions can only say "somewhere in this function or what it inlined".
 * - `isolate-…-v8.log.json` (written by 0x as the output of `node --prof-process
 *   --preprocess`): the same code entries plus, per frame, the offset of the program counter
 *   inside the code object. Together with the code's source-position table (`C<pc>O<src>I<id>`)
 *   and inlining table (`F<fn>O<src>I<parent>`) this tells which inlined function was running,
 *   so inlined frames are re-expanded exactly (see `parseV8Profile`).
 */
import { fileURLToPath } from 'node:url';
import { InternalError } from '../errors.js';

/** What ran in a frame: project or dependency JS, Node's own JS, V8 builtins, or C++/libraries. */
export type FrameKind = 'js' | 'node' | 'builtin' | 'native';
/** V8 tier of the code: Ignition, Sparkplug, or Maglev/TurboFan. */
export type FrameTier = 'interpreted' | 'baseline' | 'optimized';
/** V8's VM state when the tick was taken (`StateTag`). */
export type VmState = 'js' | 'gc' | 'parser' | 'bytecode-compiler' | 'compiler' | 'other' | 'external' | 'atomics-wait' | 'idle' | 'logging';

export interface ProfileFrame {
  /** Function name; `(anonymous)` for unnamed JS functions, the symbol for native code. */
  name: string;
  kind: FrameKind;
  /** Script URL as V8 reports it: `file:///…`, an absolute path (CommonJS) or `node:…`. */
  url?: string;
  /** Absolute file path when the script is on disk. */
  file?: string;
  /** 1-based line and column of the function's start (V8 reports the opening parenthesis). */
  line?: number;
  column?: number;
  tier?: FrameTier;
  /** True for a frame re-expanded from optimised code that had inlined this function. */
  inlined?: boolean;
  /** From ticks.json only: functions this optimised code may have been running inlined (`name url`). */
  inlinedCandidates?: string[];
  /**
   * From a .cpuprofile only, on the running frame: the 1-based line of the script being executed.
   * V8's CPU profiler does not expand inlined frames, but this line is in the inlined callee's body.
   */
  tickLine?: number;
}

export interface ProfileSample {
  /** Outermost frame first, the running one last. */
  frames: ProfileFrame[];
  vmState?: VmState;
  /** Taken before the load began or after it ended (start-up, shutdown): not the workload's time. */
  outsideLoad?: boolean;
}

/** A V8 code entry as `--prof-process --preprocess` writes it (and 0x copies into ticks.json). */
export interface V8CodeEntry {
  name: string;
  type: string;
  kind?: string;
  func?: number;
  source?: { script?: number; start?: number; end?: number; positions?: string; inlined?: string; fns?: number[] };
}

export interface V8ProfileJson {
  code: V8CodeEntry[];
  functions: { name: string; codes?: number[] }[];
  ticks: { tm: number; vm: number; s: number[] }[];
}

/** One entry of meta.json `inlined`: `fn` was inlined while optimising `caller`. */
export interface InlineRecord {
  fn: string;
  file: string;
  caller: { fn: string; file: string; key: string };
}

const VM_STATES: VmState[] = ['js', 'gc', 'parser', 'bytecode-compiler', 'compiler', 'other', 'external', 'atomics-wait', 'idle', 'logging'];

const LOCATED_NAME = /^(.*?) ?((?:file:\/\/|node:|\/|[A-Za-z]:[\\/]|\[eval\]|evalmachine).*?):(\d+):(\d+)$/;

/** Turns one V8 code entry into a frame, splitting `name url:line:column`. */
export function frameFromCode(code: V8CodeEntry): ProfileFrame {
  if (code.type === 'JS') {
    const tier = tierOf(code.kind);
    const located = parseLocatedName(code.name);
    return tier ? { ...located, tier } : located;
  }
  if (code.type === 'CODE') return { name: code.kind ? `${code.name} [${code.kind}]` : code.name, kind: 'builtin' };
  return { name: code.name, kind: 'native' };
}

/** Splits a V8 JS function name like `quotePrice file:///app/dist/pricing.js:12:34`. */
export function parseLocatedName(text: string): ProfileFrame {
  const match = LOCATED_NAME.exec(text);
  if (!match) return { name: text.trim() || '(anonymous)', kind: 'js' };
  const [, rawName = '', url = '', line = '0', column = '0'] = match;
  const frame: ProfileFrame = {
    name: rawName.trim() || '(anonymous)',
    kind: url.startsWith('node:') ? 'node' : 'js',
    url,
    line: Number(line),
    column: Number(column),
  };
  const file = fileOfUrl(url);
  if (file) frame.file = file;
  return frame;
}

function fileOfUrl(url: string): string | undefined {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  if (url.startsWith('/') || /^[A-Za-z]:[\\/]/.test(url)) return url;
  return undefined;
}

function tierOf(kind: string | undefined): FrameTier | undefined {
  switch (kind) {
    case 'Unopt':
    case 'Interpreted':
      return 'interpreted';
    case 'Sparkplug':
    case 'Baseline':
      return 'baseline';
    case 'Opt':
    case 'Maglev':
    case 'Turbofan':
    case 'TurboFan':
      return 'optimized';
    default:
      return undefined;
  }
}

/**
 * Parses 0x's ticks.json. Without program counters inlined functions cannot be told apart
 * from the code that inlined them; with meta.json's `inlined` map an optimised frame at least
 * lists the functions it may have been running (`inlinedCandidates`), which attribution ignores.
 */
export function parseTicksJson(ticks: unknown, inlined?: Record<string, InlineRecord[]>): ProfileSample[] {
  if (!Array.isArray(ticks)) throw badFormat('ticks.json', 'expected an array of stacks');
  const candidatesByCaller = inlined ? inlinedCalleesByCaller(inlined) : undefined;
  return ticks.map((stack, index): ProfileSample => {
    if (!Array.isArray(stack)) throw badFormat('ticks.json', `tick ${index} is not an array of frames`);
    const frames = (stack as unknown[]).filter(isCodeEntry).map((code) => {
      const frame = frameFromCode(code);
      // Not gated on code.source.inlined: 0x drops the long log lines that carry it.
      if (candidatesByCaller && frame.tier === 'optimized') {
        const candidates = candidatesByCaller.get(frameKey(frame));
        if (candidates) frame.inlinedCandidates = candidates;
      }
      return frame;
    });
    return { frames };
  });
}

/** 0x keys inlining records as `name url` (the code name without `:line:column`). */
function frameKey(frame: ProfileFrame): string {
  return frame.url === undefined ? frame.name : `${frame.name === '(anonymous)' ? '' : frame.name} ${frame.url}`;
}

function inlinedCalleesByCaller(inlined: Record<string, InlineRecord[]>): Map<string, string[]> {
  const byCaller = new Map<string, Set<string>>();
  for (const [callee, records] of Object.entries(inlined)) {
    if (!Array.isArray(records)) continue;
    for (const record of records) {
      const key = record?.caller?.key;
      if (typeof key !== 'string') continue;
      // 0x writes anonymous callers as `(anonymous) url`; frame keys use an empty name.
      const normalised = key.startsWith('(anonymous) ') ? key.slice('(anonymous)'.length) : key;
      const set = byCaller.get(normalised) ?? new Set<string>();
      set.add(callee);
      byCaller.set(normalised, set);
    }
  }
  return new Map([...byCaller].map(([key, set]) => [key, [...set].sort()]));
}

interface DecodedCode {
  frame: ProfileFrame;
  /** Ascending program-counter offsets and, per offset, the inlining id (-1 = the code's own function). */
  pcOffsets?: number[];
  inliningIds?: number[];
  /** Per inlining id: the inlined function's frame and the id it was inlined into (-1 = the outer code). */
  inlinings?: { frame: ProfileFrame; parent: number }[];
}

/**
 * Parses the `--prof-process --preprocess` JSON 0x keeps beside ticks.json and re-expands
 * inlined frames: for optimised code, the program counter's source position names the inlining
 * id, whose chain of parents gives the inlined functions from outer to inner.
 */
export function parseV8Profile(json: unknown): ProfileSample[] {
  if (!isV8Profile(json)) throw badFormat('the V8 profile JSON', 'expected { code, functions, ticks }');
  const decoded = new Map<number, DecodedCode>();
  const decode = (index: number): DecodedCode | undefined => {
    const cached = decoded.get(index);
    if (cached) return cached;
    const code = json.code[index];
    if (!code) return undefined;
    const entry = decodeCode(code, json.functions);
    decoded.set(index, entry);
    return entry;
  };

  return json.ticks.map((tick): ProfileSample => {
    const innermostFirst: ProfileFrame[] = [];
    for (let i = 0; i + 1 < tick.s.length; i += 2) {
      const codeIndex = tick.s[i] ?? -1;
      const offset = tick.s[i + 1] ?? 0;
      if (codeIndex < 0) continue;
      const entry = decode(codeIndex);
      if (!entry) continue;
      // Outer frames hold return addresses, one past the call instruction.
      const inlinedFrames = inlinedChain(entry, i === 0 ? offset : offset - 1);
      for (let k = inlinedFrames.length - 1; k >= 0; k--) innermostFirst.push(inlinedFrames[k] as ProfileFrame);
      innermostFirst.push(entry.frame);
    }
    const sample: ProfileSample = { frames: innermostFirst.reverse() };
    const vmState = VM_STATES[tick.vm];
    if (vmState) sample.vmState = vmState;
    return sample;
  });
}

function decodeCode(code: V8CodeEntry, functions: V8ProfileJson['functions']): DecodedCode {
  const frame = frameFromCode(code);
  const source = code.source;
  if (frame.tier !== 'optimized' || !source?.inlined || !source.positions || !source.fns) return { frame };
  const inlinings: { frame: ProfileFrame; parent: number }[] = [];
  for (const match of source.inlined.matchAll(/F(\d+)O(\d+)(?:I(\d+))?/g)) {
    const fn = functions[source.fns[Number(match[1])] ?? -1];
    const inlinedFrame: ProfileFrame = fn
      ? { ...parseLocatedName(fn.name), tier: 'optimized', inlined: true }
      : { name: '(unknown inlined function)', kind: 'js', tier: 'optimized', inlined: true };
    inlinings.push({ frame: inlinedFrame, parent: match[3] === undefined ? -1 : Number(match[3]) });
  }
  const pcOffsets: number[] = [];
  const inliningIds: number[] = [];
  for (const match of source.positions.matchAll(/C(\d+)O\d+(?:I(\d+))?/g)) {
    pcOffsets.push(Number(match[1]));
    inliningIds.push(match[2] === undefined ? -1 : Number(match[2]));
  }
  return { frame, pcOffsets, inliningIds, inlinings };
}

/** Inlined frames running at `pcOffset` inside `entry`, outermost first. */
function inlinedChain(entry: DecodedCode, pcOffset: number): ProfileFrame[] {
  const { pcOffsets, inliningIds, inlinings } = entry;
  if (!pcOffsets || !inliningIds || !inlinings || pcOffsets.length === 0) return [];
  let low = 0;
  let high = pcOffsets.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((pcOffsets[mid] ?? 0) <= pcOffset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  const chain: ProfileFrame[] = [];
  let id = found < 0 ? -1 : (inliningIds[found] ?? -1);
  // Guard against malformed parent links that would loop.
  for (let depth = 0; id >= 0 && depth < inlinings.length; depth++) {
    const inlining = inlinings[id];
    if (!inlining) break;
    chain.push(inlining.frame);
    id = inlining.parent;
  }
  return chain.reverse();
}

function isCodeEntry(value: unknown): value is V8CodeEntry {
  return typeof value === 'object' && value !== null && typeof (value as V8CodeEntry).name === 'string' && typeof (value as V8CodeEntry).type === 'string';
}

function isV8Profile(value: unknown): value is V8ProfileJson {
  if (typeof value !== 'object' || value === null) return false;
  const json = value as Partial<V8ProfileJson>;
  return Array.isArray(json.code) && Array.isArray(json.functions) && Array.isArray(json.ticks);
}

function badFormat(what: string, problem: string): InternalError {
  return new InternalError(`0x wrote ${what} in a shape pivot does not understand (${problem}); report the 0x version you use`);
}
