/**
 * Maps profiled JS frames back to the project's sources: compiled `dist/x.js:12:34` becomes
 * `src/x.ts:10:3` through a source map: the one the process held in memory (cpu-prof collector;
 * tsx and ts-node keep theirs nowhere else), else the `.js.map` beside the file or an inline
 * data-URL map. Without a map, compiled JS and in-memory-compiled TS are mapped by function name
 * and order (compiled-source.ts). Frames of plain JS projects keep their JS position.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, TraceMap, originalPositionFor, type EncodedSourceMap } from '@jridgewell/trace-mapping';
import type { CompiledSourceFinder } from './compiled-source.js';
import type { ProfileFrame, ProfileSample, VmState } from './ticks.js';

export type { EncodedSourceMap };

/** How a frame's source position was found. */
export type LocatedVia = 'source-map' | 'name' | 'position';

export interface SourcePosition {
  /** POSIX path relative to the project root. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  /** True when a source map produced this position, false otherwise. */
  mapped: boolean;
  /** source-map; name: compiled JS or in-memory TS matched by function name and order; position: the file's own. */
  via: LocatedVia;
}

export interface LocateOptions {
  /** Source maps the profiled processes held in memory, by absolute script path. */
  runtimeMaps?: ReadonlyMap<string, EncodedSourceMap>;
  /** False: ignore every source map (what a build without maps would give). */
  sourceMaps?: boolean;
  /** Compiled JS (and in-memory TS) without a usable map, back to TS by name and order. */
  compiled?: CompiledSourceFinder;
  /** POSIX paths (relative to the root) of JS files that are sources themselves: their positions are kept. */
  sourceFiles?: ReadonlySet<string>;
}

const TS_FILE = /\.[cm]?tsx?$/;

export interface LocatedFrame extends ProfileFrame {
  /** The project's own code: inside the root, outside node_modules. */
  project: boolean;
  /** Where the function starts. */
  source?: SourcePosition;
  /** Where the running line is (from `tickLine`), when it could be placed: inside an inlined callee, if V8 inlined one. */
  running?: SourcePosition;
}

export interface LocatedSample {
  frames: LocatedFrame[];
  vmState?: VmState;
  /** See ProfileSample.outsideLoad. */
  outsideLoad?: boolean;
}

const SOURCE_MAPPING_URL = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/;

/** Locates frames in the project's sources, caching one source map per compiled file. */
export class SourceLocator {
  private readonly maps = new Map<string, TraceMap | null>();
  private readonly frames = new Map<string, LocatedFrame>();
  private mappedAny = false;

  constructor(private readonly root: string, private readonly options: LocateOptions = {}) {}

  /** True once any frame was mapped through a source map. */
  get sourceMapped(): boolean {
    return this.mappedAny;
  }

  locate(frame: ProfileFrame): LocatedFrame {
    if (frame.kind !== 'js' || !frame.file || frame.line === undefined) return { ...frame, project: false };
    const key = `${frame.inlined ? 'i' : ''}${frame.name}\0${frame.file}:${frame.line}:${frame.column ?? 0}:${frame.tickLine ?? ''}`;
    const cached = this.frames.get(key);
    if (cached) return cached;
    const located = this.locateUncached(frame, frame.file, frame.line, frame.column ?? 1);
    if (frame.tickLine !== undefined && located.source && located.source.line > 0) {
      const running = this.locateUncached(frame, frame.file, frame.tickLine, 1).source;
      if (running && running.line > 0) located.running = running;
    }
    this.frames.set(key, located);
    return located;
  }

  private locateUncached(frame: ProfileFrame, file: string, line: number, column: number): LocatedFrame {
    const jsPath = this.projectPath(file);
    if (jsPath === undefined) return { ...frame, project: false };
    const map = this.options.sourceMaps === false ? null : this.mapFor(file);
    if (map) {
      // V8 columns are 1-based, trace-mapping's are 0-based.
      const needle = { line, column: Math.max(0, column - 1) };
      let original = originalPositionFor(map, { ...needle, bias: GREATEST_LOWER_BOUND });
      if (original.source === null) original = originalPositionFor(map, { ...needle, bias: LEAST_UPPER_BOUND });
      if (original.source !== null && original.line !== null) {
        this.mappedAny = true;
        const sourceFile = original.source.startsWith('file:') ? fileURLToPath(original.source) : original.source;
        const sourcePath = this.projectPath(resolve(dirname(file), sourceFile));
        if (sourcePath === undefined) return { ...frame, project: false };
        return { ...frame, project: true, source: { file: sourcePath, line: original.line, column: (original.column ?? 0) + 1, mapped: true, via: 'source-map' } };
      }
    }
    const { compiled, sourceFiles } = this.options;
    if (compiled && (TS_FILE.test(file) || !sourceFiles?.has(jsPath))) {
      const found = compiled.locate(file, line, column, frame.name);
      // tsc's runtime helpers run on behalf of their caller, like a dependency would.
      if (found === 'helper') return { ...frame, project: false };
      const sourcePath = found ? this.projectPath(found.file) : undefined;
      if (found && sourcePath !== undefined) {
        return { ...frame, project: true, source: { file: sourcePath, line: found.line, column: found.column, mapped: false, via: 'name' } };
      }
    }
    // A TypeScript file whose running code had other positions (compiled in memory, map gone): no line to trust.
    const trusted = !TS_FILE.test(file) || !compiled;
    return { ...frame, project: true, source: { file: jsPath, line: trusted ? line : 0, column: trusted ? column : 0, mapped: false, via: 'position' } };
  }

  /** POSIX path relative to the root, or undefined outside the project or in node_modules. */
  private projectPath(file: string): string | undefined {
    const rel = relative(this.root, file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    const parts = rel.split(sep);
    if (parts.includes('node_modules')) return undefined;
    return parts.join('/');
  }

  private mapFor(file: string): TraceMap | null {
    if (this.maps.has(file)) return this.maps.get(file) ?? null;
    const held = this.options.runtimeMaps?.get(file);
    const map = held ? traceMapOf(held, file) : loadSourceMap(file);
    this.maps.set(file, map);
    return map;
  }
}

/** Loads the source map of a compiled JS file: its `sourceMappingURL` (file or data URL), else `<file>.map`. */
export function loadSourceMap(file: string): TraceMap | null {
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const tail = code.slice(Math.max(0, code.length - 4096)).trimEnd();
  const reference = SOURCE_MAPPING_URL.exec(tail)?.[1] ?? (code.length > 4096 ? SOURCE_MAPPING_URL.exec(code.trimEnd())?.[1] : undefined);
  try {
    if (reference?.startsWith('data:')) {
      const comma = reference.indexOf(',');
      const header = reference.slice(0, comma);
      const payload = reference.slice(comma + 1);
      const text = header.endsWith(';base64') ? Buffer.from(payload, 'base64').toString('utf8') : decodeURIComponent(payload);
      return new TraceMap(text, file);
    }
    const mapPath = reference ? resolve(dirname(file), decodeURIComponent(reference)) : `${file}.map`;
    if (!existsSync(mapPath)) return null;
    return new TraceMap(readFileSync(mapPath, 'utf8'), mapPath);
  } catch {
    // A broken map is treated like no map: the frame keeps its JS position.
    return null;
  }
}

function traceMapOf(map: EncodedSourceMap, file: string): TraceMap | null {
  try {
    return new TraceMap(map, file);
  } catch {
    return null;
  }
}

/** Locates every frame of every sample; `sourceMapped` says whether any map was used. */
export function locateSamples(
  samples: readonly ProfileSample[],
  root: string,
  options: LocateOptions = {},
): { samples: LocatedSample[]; sourceMapped: boolean } {
  const locator = new SourceLocator(root, options);
  const located = samples.map((sample): LocatedSample => {
    const result: LocatedSample = { frames: placeUnplaced(sample.frames.map((frame) => locator.locate(frame))) };
    if (sample.vmState) result.vmState = sample.vmState;
    if (sample.outsideLoad) result.outsideLoad = true;
    return result;
  });
  return { samples: located, sourceMapped: locator.sourceMapped };
}

/**
 * A project frame left without a line (line 0: an anonymous function of in-memory-compiled TS
 * without its map) takes the place of its nearest caller in the same file: inline callbacks
 * (`filter`, `sort`, `then`) run on behalf of the function they are written in.
 */
function placeUnplaced(frames: LocatedFrame[]): LocatedFrame[] {
  let placed: LocatedFrame | undefined;
  let changed: LocatedFrame[] | undefined;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i] as LocatedFrame;
    if (!frame.project || !frame.source) continue;
    if (frame.source.line > 0) {
      placed = frame;
      continue;
    }
    if (placed?.source && placed.source.file === frame.source.file) {
      changed ??= [...frames];
      changed[i] = { ...frame, source: { ...placed.source, via: 'name' } };
    }
  }
  return changed ?? frames;
}
