/**
 * Maps profiled JS frames back to the project's sources: compiled `dist/x.js:12:34` becomes
 * `src/x.ts:10:3` through the `.js.map` beside the file (or an inline data-URL map).
 * Frames of plain JS projects, which have no maps, keep their JS position.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { ProfileFrame, ProfileSample, VmState } from './ticks.js';

export interface SourcePosition {
  /** POSIX path relative to the project root. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  /** True when a source map produced this position, false for a JS file's own position. */
  mapped: boolean;
}

export interface LocatedFrame extends ProfileFrame {
  /** The project's own code: inside the root, outside node_modules. */
  project: boolean;
  source?: SourcePosition;
}

export interface LocatedSample {
  frames: LocatedFrame[];
  vmState?: VmState;
}

const SOURCE_MAPPING_URL = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/;

/** Locates frames in the project's sources, caching one source map per compiled file. */
export class SourceLocator {
  private readonly maps = new Map<string, TraceMap | null>();
  private readonly frames = new Map<string, LocatedFrame>();
  private mappedAny = false;

  constructor(private readonly root: string) {}

  /** True once any frame was mapped through a source map. */
  get sourceMapped(): boolean {
    return this.mappedAny;
  }

  locate(frame: ProfileFrame): LocatedFrame {
    if (frame.kind !== 'js' || !frame.file || frame.line === undefined) return { ...frame, project: false };
    const key = `${frame.inlined ? 'i' : ''}${frame.name}\0${frame.file}:${frame.line}:${frame.column ?? 0}`;
    const cached = this.frames.get(key);
    if (cached) return cached;
    const located = this.locateUncached(frame, frame.file, frame.line, frame.column ?? 1);
    this.frames.set(key, located);
    return located;
  }

  private locateUncached(frame: ProfileFrame, file: string, line: number, column: number): LocatedFrame {
    const jsPath = this.projectPath(file);
    if (jsPath === undefined) return { ...frame, project: false };
    const map = this.mapFor(file);
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
        return { ...frame, project: true, source: { file: sourcePath, line: original.line, column: (original.column ?? 0) + 1, mapped: true } };
      }
    }
    return { ...frame, project: true, source: { file: jsPath, line, column, mapped: false } };
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
    const map = loadSourceMap(file);
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

/** Locates every frame of every sample; `sourceMapped` says whether any map was used. */
export function locateSamples(samples: readonly ProfileSample[], root: string): { samples: LocatedSample[]; sourceMapped: boolean } {
  const locator = new SourceLocator(root);
  const located = samples.map((sample): LocatedSample => {
    const result: LocatedSample = { frames: sample.frames.map((frame) => locator.locate(frame)) };
    if (sample.vmState) result.vmState = sample.vmState;
    return result;
  });
  return { samples: located, sourceMapped: locator.sourceMapped };
}
