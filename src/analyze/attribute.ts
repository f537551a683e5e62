/**
 * Attributes located samples to the static pass's units (pure: samples and units in,
 * counts out).
 *
 * - self: the sample's innermost *project* frame lies in the unit. Builtins, Node internals
 *   and native code the unit called above that frame count as the unit's own time: they run
 *   on the unit's behalf (JSON.stringify, Map lookups, GC of its allocations) and that work
 *   moves with the unit when it is extracted into a service.
 * - total: the unit (or, for a class, one of its methods) is anywhere on the stack, counted
 *   once per sample however often it recurses.
 * - A frame belongs to the innermost unit whose line range contains the function's start, so a
 *   method wins over its class and a nested named function over the function around it.
 * - Samples taken while the monolith loaded its modules (Node's module loader on the stack) are
 *   start-up, not workload: they are counted in `startupSamples` and attributed to nothing.
 */
import type { ProfiledFunction, StaticUnit, UnitProfile } from './types.js';
import type { LocatedFrame, LocatedSample } from './sourcemap.js';

export interface Attribution {
  /** Every sample, start-up and idle included. */
  totalSamples: number;
  /** Non-start-up samples with at least one project frame. */
  projectSamples: number;
  /** Non-start-up samples whose innermost project frame no unit contains. */
  unattributedSamples: number;
  startupSamples: number;
  /** Project samples whose innermost project frame was re-expanded from inlined code. */
  inlinedSamples: number;
  /** Every unit given, with zero counts when it never ran. */
  byUnit: Record<string, UnitProfile>;
  /** Project functions by self samples, then total samples, highest first. */
  functions: ProfiledFunction[];
}

type ProjectFrame = LocatedFrame & { source: NonNullable<LocatedFrame['source']> };

const MODULE_LOADING = /^node:internal\/(?:modules\/|main\/run_main_module)/;

export function attributeSamples(samples: readonly LocatedSample[], units: readonly StaticUnit[]): Attribution {
  const finder = new UnitFinder(units);
  const byUnit: Record<string, UnitProfile> = {};
  for (const unit of units) byUnit[unit.id] = { selfSamples: 0, totalSamples: 0 };
  const functions = new Map<string, ProfiledFunction>();
  let projectSamples = 0;
  let unattributedSamples = 0;
  let startupSamples = 0;
  let inlinedSamples = 0;

  for (const sample of samples) {
    if (isStartup(sample)) {
      startupSamples++;
      continue;
    }
    const projectFrames = sample.frames.filter(isProjectFrame);
    const innermost = projectFrames[projectFrames.length - 1];
    if (!innermost) continue;
    projectSamples++;
    if (innermost.inlined) inlinedSamples++;

    const selfUnit = finder.unitAt(innermost.source.file, innermost.source.line);
    if (selfUnit) (byUnit[selfUnit.id] as UnitProfile).selfSamples++;
    else unattributedSamples++;

    const onStack = new Set<string>();
    const functionsOnStack = new Set<ProfiledFunction>();
    for (const frame of projectFrames) {
      const unit = finder.unitAt(frame.source.file, frame.source.line);
      if (unit) for (const id of finder.withAncestors(unit)) onStack.add(id);
      functionsOnStack.add(functionEntry(functions, frame, unit));
    }
    for (const id of onStack) (byUnit[id] as UnitProfile).totalSamples++;
    for (const entry of functionsOnStack) entry.totalSamples++;
    functionEntry(functions, innermost, selfUnit).selfSamples++;
  }

  const ranked = [...functions.values()].sort(
    (a, b) => b.selfSamples - a.selfSamples || b.totalSamples - a.totalSamples || a.file.localeCompare(b.file) || a.line - b.line,
  );
  return { totalSamples: samples.length, projectSamples, unattributedSamples, startupSamples, inlinedSamples, byUnit, functions: ranked };
}

function isProjectFrame(frame: LocatedFrame): frame is ProjectFrame {
  return frame.project && frame.source !== undefined;
}

function isStartup(sample: LocatedSample): boolean {
  return sample.frames.some((frame) => frame.kind === 'node' && frame.url !== undefined && MODULE_LOADING.test(frame.url));
}

function functionEntry(functions: Map<string, ProfiledFunction>, frame: ProjectFrame, unit: StaticUnit | undefined): ProfiledFunction {
  const { file, line, column } = frame.source;
  const key = `${file}:${line}:${column}:${frame.name}`;
  let entry = functions.get(key);
  if (!entry) {
    entry = { name: frame.name, file, line, column, selfSamples: 0, totalSamples: 0 };
    if (unit) entry.unit = unit.id;
    functions.set(key, entry);
  }
  return entry;
}

/** Finds the innermost unit containing a line, and the units that contain that one. */
class UnitFinder {
  private readonly byFile = new Map<string, StaticUnit[]>();
  private readonly byId = new Map<string, StaticUnit>();
  private readonly cache = new Map<string, StaticUnit | undefined>();
  private readonly ancestors = new Map<string, string[]>();

  constructor(units: readonly StaticUnit[]) {
    for (const unit of units) {
      this.byId.set(unit.id, unit);
      const list = this.byFile.get(unit.file) ?? [];
      list.push(unit);
      this.byFile.set(unit.file, list);
    }
  }

  unitAt(file: string, line: number): StaticUnit | undefined {
    const key = `${file}:${line}`;
    if (this.cache.has(key)) return this.cache.get(key);
    let best: StaticUnit | undefined;
    for (const unit of this.byFile.get(file) ?? []) {
      if (line < unit.line || line > unit.endLine) continue;
      if (!best || isInside(unit, best)) best = unit;
    }
    this.cache.set(key, best);
    return best;
  }

  /** The unit's id, its `parent` chain and every class whose range contains it. */
  withAncestors(unit: StaticUnit): string[] {
    const cached = this.ancestors.get(unit.id);
    if (cached) return cached;
    const ids = new Set<string>([unit.id]);
    for (let parent = unit.parent; parent !== undefined && !ids.has(parent); parent = this.byId.get(parent)?.parent) {
      ids.add(parent);
    }
    for (const other of this.byFile.get(unit.file) ?? []) {
      if (other.kind === 'class' && other.id !== unit.id && other.line <= unit.line && other.endLine >= unit.endLine) ids.add(other.id);
    }
    const list = [...ids];
    this.ancestors.set(unit.id, list);
    return list;
  }
}

/** True when `a` is nested in (or narrower than) `b`; a class loses ties to its members. */
function isInside(a: StaticUnit, b: StaticUnit): boolean {
  if (a.line !== b.line) return a.line > b.line;
  if (a.endLine !== b.endLine) return a.endLine < b.endLine;
  return b.kind === 'class' && a.kind !== 'class';
}
