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
 * - Samples taken while the monolith loaded its modules (Node's module loader on the stack), and
 *   those the collector saw outside the load (an async bootstrap after the modules loaded, the
 *   shutdown), are not workload: they are counted in `startupSamples` and attributed to nothing.
 * - A sample whose innermost JS frame is in node_modules counts for that package (`packages`,
 *   with the units that called it) and for the innermost project unit on the stack — in its
 *   total, not its self: the dependency's work does not move with the unit unless a native
 *   equivalent replaces it. Dependency samples with no project frame on the stack count for no one.
 * - `summary` says how trustworthy that is: of the samples whose innermost JS frame is the
 *   project's own (not a builtin, node:internal or node_modules), how many no unit contains,
 *   where the unattributed project samples are (own or under a dependency their innermost
 *   project frame called), and how frames were located (source map, name, own position).
 */
import type { AttributionSummary, PackageProfile, ProfiledFunction, StaticUnit, UnattributedSpot, UnitProfile } from './types.js';
import type { LocatedFrame, LocatedSample } from './sourcemap.js';

export interface Attribution {
  /** Every sample, start-up and idle included. */
  totalSamples: number;
  /** Non-start-up samples with at least one project frame. */
  projectSamples: number;
  /** Non-start-up samples whose innermost project frame no unit contains. */
  unattributedSamples: number;
  startupSamples: number;
  /** Non-start-up samples that ran JavaScript, a builtin or the GC (not idle, not only native code). */
  busySamples: number;
  /** Project samples whose innermost project frame was re-expanded from inlined code. */
  inlinedSamples: number;
  /** Every unit given, with zero counts when it never ran. */
  byUnit: Record<string, UnitProfile>;
  /** Project functions by self samples, then total samples, highest first. */
  functions: ProfiledFunction[];
  /** Packages in node_modules that ran innermost in project samples, most samples first. */
  packages: PackageProfile[];
  summary: AttributionSummary;
}

/** What a dependency caller is called when no unit contains it. */
export const OUTSIDE_UNITS = '(outside every unit)';

const TOP_UNATTRIBUTED = 5;
/** How deep V8 inlines, for the search of a running line's unit among the callees. */
const MAX_INLINING_DEPTH = 4;

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
  let busySamples = 0;
  let inlinedSamples = 0;
  const summary: AttributionSummary = { ownSamples: 0, ownUnattributed: 0, via: { sourceMap: 0, name: 0, position: 0 }, unattributedTop: [] };
  const unattributedAt = new Map<string, UnattributedSpot>();
  const packages = new Map<string, { samples: number; callers: Map<string, number> }>();

  for (const sample of samples) {
    if (isStartup(sample)) {
      startupSamples++;
      continue;
    }
    if (sample.vmState === 'gc' || sample.frames.some((frame) => frame.kind !== 'native')) busySamples++;
    const projectFrames = sample.frames.filter(isProjectFrame);
    const innermost = projectFrames[projectFrames.length - 1];
    if (!innermost) continue;
    projectSamples++;
    if (innermost.inlined) inlinedSamples++;
    const via = innermost.source.via;
    summary.via[via === 'source-map' ? 'sourceMap' : via]++;

    const selfUnit = finder.runningUnit(innermost);
    const innermostJs = innermostJsFrame(sample);
    const own = innermostJs === innermost;
    if (own) summary.ownSamples++;
    const dependency = innermostJs && !innermostJs.project ? packageOf(innermostJs.file ?? innermostJs.url ?? '') : undefined;
    if (dependency) {
      const entry = packages.get(dependency) ?? { samples: 0, callers: new Map<string, number>() };
      entry.samples++;
      const caller = selfUnit?.id ?? OUTSIDE_UNITS;
      entry.callers.set(caller, (entry.callers.get(caller) ?? 0) + 1);
      packages.set(dependency, entry);
    }
    if (selfUnit && !dependency) (byUnit[selfUnit.id] as UnitProfile).selfSamples++;
    else if (!selfUnit) {
      unattributedSamples++;
      if (own) summary.ownUnattributed++;
      const key = `${innermost.source.file}:${innermost.source.line}:${innermost.name}`;
      const spot = unattributedAt.get(key) ?? { file: innermost.source.file, name: innermost.name, line: innermost.source.line, samples: 0 };
      spot.samples++;
      unattributedAt.set(key, spot);
    }

    const onStack = new Set<string>();
    const functionsOnStack = new Set<ProfiledFunction>();
    for (const frame of projectFrames) {
      const unit = finder.unitAt(frame.source.file, frame.source.line);
      if (unit) for (const id of finder.withAncestors(unit)) onStack.add(id);
      functionsOnStack.add(functionEntry(functions, frame, unit));
    }
    if (selfUnit) for (const id of finder.withAncestors(selfUnit)) onStack.add(id);
    for (const id of onStack) (byUnit[id] as UnitProfile).totalSamples++;
    for (const entry of functionsOnStack) entry.totalSamples++;
    if (!dependency) functionEntry(functions, innermost, selfUnit).selfSamples++;
  }

  const ranked = [...functions.values()].sort(
    (a, b) => b.selfSamples - a.selfSamples || b.totalSamples - a.totalSamples || a.file.localeCompare(b.file) || a.line - b.line,
  );
  summary.unattributedTop = [...unattributedAt.values()]
    .sort((a, b) => b.samples - a.samples || a.file.localeCompare(b.file) || a.line - b.line)
    .slice(0, TOP_UNATTRIBUTED);
  const byPackage: PackageProfile[] = [...packages.entries()]
    .map(([name, p]) => ({
      name,
      samples: p.samples,
      callers: [...p.callers.entries()].map(([unit, n]) => ({ unit, samples: n })).sort((a, b) => b.samples - a.samples || a.unit.localeCompare(b.unit)),
    }))
    .sort((a, b) => b.samples - a.samples || a.name.localeCompare(b.name));
  return { totalSamples: samples.length, projectSamples, unattributedSamples, startupSamples, busySamples, inlinedSamples, byUnit, functions: ranked, packages: byPackage, summary };
}

/** The npm package a path in node_modules belongs to (the last node_modules wins: pnpm's store, nested installs), scoped names included. */
export function packageOf(path: string): string | undefined {
  const parts = path.replace(/^file:\/\//, '').split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  const name = at >= 0 ? parts[at + 1] : undefined;
  if (!name || name.startsWith('.')) return undefined;
  if (!name.startsWith('@')) return name;
  const scoped = parts[at + 2];
  return scoped ? `${name}/${scoped}` : undefined;
}

/** The innermost frame that is JavaScript (the project's, a dependency's or node:internal's), not a builtin or native code. */
function innermostJsFrame(sample: LocatedSample): LocatedFrame | undefined {
  for (let i = sample.frames.length - 1; i >= 0; i--) {
    const frame = sample.frames[i] as LocatedFrame;
    if (frame.kind === 'js' || frame.kind === 'node') return frame;
  }
  return undefined;
}

function isProjectFrame(frame: LocatedFrame): frame is ProjectFrame {
  return frame.project && frame.source !== undefined;
}

function isStartup(sample: LocatedSample): boolean {
  return sample.outsideLoad === true || sample.frames.some((frame) => frame.kind === 'node' && frame.url !== undefined && MODULE_LOADING.test(frame.url));
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
  private readonly reach = new Map<string, boolean>();

  constructor(units: readonly StaticUnit[]) {
    for (const unit of units) {
      this.byId.set(unit.id, unit);
      const list = this.byFile.get(unit.file) ?? [];
      list.push(unit);
      this.byFile.set(unit.file, list);
    }
  }

  /**
   * The unit a running frame was executing. A .cpuprofile's running line can be in a function
   * V8 inlined into this one; it counts when that line's unit is one the frame's unit calls,
   * directly or through others (the line may be another file's, which only the call graph rules out).
   */
  runningUnit(frame: ProjectFrame): StaticUnit | undefined {
    const own = this.unitAt(frame.source.file, frame.source.line);
    if (!own || !frame.running) return own;
    const running = this.unitAt(frame.running.file, frame.running.line);
    return running && running !== own && this.calls(own, running) ? running : own;
  }

  private calls(from: StaticUnit, to: StaticUnit): boolean {
    const key = `${from.id}\0${to.id}`;
    const cached = this.reach.get(key);
    if (cached !== undefined) return cached;
    const seen = new Set<string>([from.id]);
    let frontier = [from];
    let found = false;
    for (let depth = 0; depth < MAX_INLINING_DEPTH && frontier.length > 0 && !found; depth++) {
      const next: StaticUnit[] = [];
      for (const unit of frontier) {
        for (const id of unit.calls) {
          if (id === to.id) found = true;
          const callee = this.byId.get(id);
          if (callee && !seen.has(id)) {
            seen.add(id);
            next.push(callee);
          }
        }
      }
      frontier = next;
    }
    this.reach.set(key, found);
    return found;
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
