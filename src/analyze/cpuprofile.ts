/**
 * Reading V8 CPU profiles (`.cpuprofile`, what `--cpu-prof`, DevTools and pivot's cpu-prof
 * collector write) into the same samples 0x's ticks give (pure: JSON in, samples out).
 *
 * A profile is a call tree (`nodes`, each with a `callFrame` and its `children`) and, per
 * sample, the id of the node that was running. V8's CPU profiler does not expand inlined
 * functions: their time shows in the function they were inlined into. Each node's
 * `positionTicks` (hits per line) does say which line ran, and that line is in the inlined
 * callee's body, so every sample's running frame gets one of its node's lines (`tickLine`), in
 * the proportions positionTicks gives. Positions are 0-based in the file, ticks.ts's are
 * 1-based: converted here. The pseudo-nodes `(idle)`, `(garbage collector)` and `(program)`
 * become samples without frames and with their VM state. Given the load's time window (in
 * microseconds of the monotonic clock V8's profiler and `process.hrtime` share), samples taken
 * outside it are marked `outsideLoad`.
 */
import { InternalError } from '../errors.js';
import { parseLocatedName, type ProfileFrame, type ProfileSample, type VmState } from './ticks.js';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; scriptId?: string | number; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
  hitCount?: number;
  /** Hits per 1-based line of the script. */
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  startTime?: number;
  endTime?: number;
  timeDeltas?: number[];
}

const PSEUDO_STATES: Record<string, VmState | 'root'> = {
  '(root)': 'root',
  '(idle)': 'idle',
  '(garbage collector)': 'gc',
  '(program)': 'other',
};

export function isCpuProfile(value: unknown): value is CpuProfile {
  if (typeof value !== 'object' || value === null) return false;
  const profile = value as Partial<CpuProfile>;
  return Array.isArray(profile.nodes) && Array.isArray(profile.samples);
}

/** One frame of a call-tree node. */
function frameOf(callFrame: CpuProfileNode['callFrame']): ProfileFrame {
  const name = callFrame.functionName.trim() || '(anonymous)';
  if (callFrame.url === '') return { name, kind: 'native' };
  // The same `name url:line:column` text 0x's code entries carry, so both read alike.
  const located = parseLocatedName(`${callFrame.functionName} ${callFrame.url}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1}`);
  return located.url === undefined ? { name, kind: 'js', url: callFrame.url } : located;
}

/** When the load ran, in microseconds of the monotonic clock (`process.hrtime.bigint() / 1000n`). */
export interface LoadWindow {
  fromUs: number;
  toUs: number;
}

/** The samples of a .cpuprofile, outermost frame first, as ticks.ts returns them. */
export function parseCpuProfile(json: unknown, label = 'the CPU profile', window?: LoadWindow): ProfileSample[] {
  if (!isCpuProfile(json)) throw new InternalError(`${label} is not a V8 CPU profile (expected { nodes, samples })`);
  const byId = new Map<number, CpuProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of json.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const stacks = new Map<number, ProfileSample>();
  const sampleAt = (id: number): ProfileSample => {
    const cached = stacks.get(id);
    if (cached) return cached;
    const innermostFirst: ProfileFrame[] = [];
    let vmState: VmState | undefined;
    const seen = new Set<number>();
    for (let current: number | undefined = id; current !== undefined && !seen.has(current); current = parentOf.get(current)) {
      seen.add(current);
      const node = byId.get(current);
      if (!node) break;
      const pseudo = node.callFrame.url === '' ? PSEUDO_STATES[node.callFrame.functionName] : undefined;
      if (pseudo === 'root') break;
      if (pseudo) vmState = pseudo;
      else innermostFirst.push(frameOf(node.callFrame));
    }
    const sample: ProfileSample = { frames: innermostFirst.reverse() };
    if (vmState) sample.vmState = vmState;
    stacks.set(id, sample);
    return sample;
  };
  const lines = new Map<number, LineDealer>();
  for (const node of json.nodes) if (node.positionTicks?.length) lines.set(node.id, new LineDealer(node.positionTicks));
  const outside = outsideWindow(json, window);
  return json.samples.map((id, index) => {
    const stack = sampleAt(id);
    const sample = outside(index) ? { ...stack, outsideLoad: true } : stack;
    const tickLine = lines.get(id)?.next();
    const running = sample.frames[sample.frames.length - 1];
    if (tickLine === undefined || !running) return sample;
    return { ...sample, frames: [...sample.frames.slice(0, -1), { ...running, tickLine }] };
  });
}

/** Whether sample i was taken outside the window: its time is startTime plus the deltas up to it. */
function outsideWindow(json: CpuProfile, window: LoadWindow | undefined): (index: number) => boolean {
  const deltas = json.timeDeltas;
  if (!window || json.startTime === undefined || !deltas || deltas.length !== json.samples.length) return () => false;
  const times: number[] = [];
  let time = json.startTime;
  for (const delta of deltas) times.push((time += delta));
  return (index) => (times[index] as number) < window.fromUs || (times[index] as number) > window.toUs;
}

/** Hands out a node's lines one sample at a time, each as often as positionTicks counts it. */
class LineDealer {
  private index = 0;
  private left: number;

  constructor(private readonly ticks: { line: number; ticks: number }[]) {
    this.left = ticks[0]?.ticks ?? 0;
  }

  next(): number | undefined {
    while (this.left <= 0 && this.index < this.ticks.length - 1) this.left = this.ticks[++this.index]?.ticks ?? 0;
    if (this.left <= 0) return undefined;
    this.left--;
    return this.ticks[this.index]?.line;
  }
}
