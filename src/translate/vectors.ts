/**
 * Golden vectors: plan inputs from the IR (arbitraries.ts, sequences.ts), run the TS original
 * on them in a child Node process (record-runner.ts), and collect what it returned or threw as
 * `VectorFile`s keyed `<unit>.json`. A unit that hangs on one input loses that input (with a
 * warning), not the whole run: the child is killed and restarted after the hung item.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { UserError } from '../errors.js';
import { functionInputs } from './arbitraries.js';
import { unrecordableMethod, unrecordableUnit, vectorsAbandoned, vectorTimedOut, type Diagnostic } from './diagnostics.js';
import { instanceFileName, instantiateClass, instantiateFunction, vectorInstantiations } from './instances.js';
import { observedResult, type ClassDecl, type FunctionDecl, type IrModule } from './ir.js';
import type { RunnerMessage, RunnerRequest, RunnerUnit } from './runner-protocol.js';
import { planSequences, sequenceMethods } from './sequences.js';
import { SizeAnalysis } from './size-params.js';
import { encodeValue, typeTableOf, unrecordableReason, type TypeTable } from './vector-codec.js';
import {
  DEFAULT_TOLERANCE,
  type CallSequence,
  type FunctionVector,
  type Tolerance,
  type VectorFile,
} from './vectors-format.js';

export const DEFAULT_FUNCTION_VECTORS = 1000;
export const DEFAULT_CLASS_SEQUENCES = 200;
/** 2023-11-14T22:13:20.000Z: what Date.now() / new Date() return while recording and replaying. */
export const DEFAULT_CLOCK_MS = 1_700_000_000_000;
const MAX_HANGS = 5;

export interface RecordRequest {
  module: IrModule;
  /** Absolute path of the TS module the IR came from. */
  file: string;
  /** Absolute project root: the child runs there. */
  root: string;
  /** Units to record; default `module.entryPoints`. */
  units?: string[];
  seed: number;
  /** Vectors per function / call sequences per class; defaults 1,000 / 200. */
  count?: number;
  clockMs?: number;
  /** Seed of the Math.random stand-in; defaults to `seed`. */
  randomSeed?: number;
  tolerance?: Tolerance;
  /** How long one vector or sequence may take before it is dropped. */
  itemTimeoutMs?: number;
  /** How long importing the module may take. */
  startupTimeoutMs?: number;
  /** Receives the child's stdout/stderr lines (e.g. the Ui in --verbose). */
  onOutput?: (line: string) => void;
}

export interface RecordResult {
  files: Map<string, VectorFile>;
  diagnostics: Diagnostic[];
}

export const vectorFileName = (unit: string, typeArgs?: readonly string[]): string => instanceFileName(unit, typeArgs);

interface PlannedUnit {
  runner: RunnerUnit;
  origin: FunctionDecl['origin'];
  file: VectorFile;
  results: (FunctionVector | CallSequence | undefined)[];
}

function isRecordable(types: FunctionDecl['result'][], table: TypeTable): string | undefined {
  return types.map((t) => unrecordableReason(t, table)).find((r) => r !== undefined);
}

function planFunction(fn: FunctionDecl, req: RecordRequest, table: TypeTable, header: Header): PlannedUnit | Diagnostic {
  const params = fn.params.map((p) => p.type);
  if (isRecordable([...params, fn.result], table)) return unrecordableUnit(fn.origin, fn.name);
  const hints = new SizeAnalysis(req.module).hints(fn.name, fn.params, fn.body);
  const inputs = functionInputs(params, table, req.count ?? DEFAULT_FUNCTION_VECTORS, req.seed, hints);
  const runner: RunnerUnit = {
    kind: 'function',
    name: fn.name,
    params,
    result: fn.result,
    inputs: inputs.map((args, index) => ({ index, args: args.map((a, i) => encodeValue(a, params[i]!, table)) })),
  };
  const file: VectorFile = { ...header, kind: 'function', unit: unitId(req, fn.name), function: fn.name, vectors: [] };
  return { runner, origin: fn.origin, file, results: new Array(inputs.length).fill(undefined) };
}

function planClass(cls: ClassDecl, req: RecordRequest, table: TypeTable, header: Header, out: Diagnostic[]): PlannedUnit | Diagnostic {
  const ctorParams = cls.constructorParams.map((p) => p.type);
  if (isRecordable(ctorParams, table)) return unrecordableUnit(cls.origin, cls.name);
  const methods = sequenceMethods(cls).filter((m) => {
    const reason = isRecordable([...m.params.map((p) => p.type), observedResult(m)], table);
    if (reason) out.push(unrecordableMethod(m.origin, `${cls.name}.${m.name}`));
    return !reason;
  });
  const sizes = new SizeAnalysis(req.module);
  const sequences = planSequences(cls, methods, table, req.count ?? DEFAULT_CLASS_SEQUENCES, req.seed, sizes);
  const runner: RunnerUnit = {
    kind: 'class',
    name: cls.name,
    constructorParams: ctorParams,
    constructorNames: cls.constructorParams.map((p) => p.name),
    methods: Object.fromEntries(
      methods.map((m) => [
        m.name,
        { params: m.params.map((p) => p.type), names: m.params.map((p) => p.name), result: observedResult(m), getter: m.isGetter },
      ]),
    ),
    sequences: sequences.map((sequence, index) => ({ index, sequence })),
  };
  const file: VectorFile = { ...header, kind: 'class', unit: unitId(req, cls.name), class: cls.name, sequences: [] };
  return { runner, origin: cls.origin, file, results: new Array(sequences.length).fill(undefined) };
}

type Header = Pick<VectorFile, 'schema' | 'tolerance' | 'seed' | 'clockMs' | 'randomSeed' | 'typeArgs'>;

const unitId = (req: RecordRequest, name: string) => `${req.module.sourceFile}#${name}`;

/** Plans inputs, runs the TS original on them and returns one vector file per unit. */
export async function recordVectors(req: RecordRequest): Promise<RecordResult> {
  const table = typeTableOf(req.module);
  const header: Header = {
    schema: 1,
    tolerance: req.tolerance ?? DEFAULT_TOLERANCE,
    seed: req.seed,
    clockMs: req.clockMs ?? DEFAULT_CLOCK_MS,
    randomSeed: req.randomSeed ?? req.seed,
  };
  const diagnostics: Diagnostic[] = [];
  const planned: PlannedUnit[] = [];
  for (const name of req.units ?? req.module.entryPoints) {
    const fn = req.module.functions.find((f) => f.name === name);
    const cls = req.module.classes.find((c) => c.name === name);
    const instances = vectorInstantiations(fn?.typeParams ?? cls?.typeParams);
    // A generic unit runs at each instantiation, with its share of the vectors.
    const perInstance = instances.length > 0 ? { ...req, count: Math.ceil((req.count ?? (fn ? DEFAULT_FUNCTION_VECTORS : DEFAULT_CLASS_SEQUENCES)) / instances.length) } : req;
    for (const instance of instances.length > 0 ? instances : [undefined]) {
      const withArgs = instance ? { ...header, typeArgs: instance.labels } : header;
      const plan = fn
        ? planFunction(instance ? instantiateFunction(fn, instance.types) : fn, perInstance, table, withArgs)
        : cls
          ? planClass(instance ? instantiateClass(cls, instance.types) : cls, perInstance, table, withArgs, diagnostics)
          : undefined;
      if (plan === undefined) continue;
      if ('code' in plan) diagnostics.push(plan);
      else planned.push(plan);
    }
  }
  if (planned.length > 0) await runPlanned(planned, req, table, header, diagnostics);
  const files = new Map<string, VectorFile>();
  for (const unit of planned) {
    const name = unit.runner.name;
    if (unit.file.kind === 'function') {
      unit.file.vectors = unit.results.filter((r): r is FunctionVector => r !== undefined);
    } else {
      unit.file.sequences = unit.results.filter((r): r is CallSequence => r !== undefined);
    }
    files.set(vectorFileName(name, unit.file.typeArgs), unit.file);
  }
  return { files, diagnostics };
}

const runnerPath = (): string => {
  const here = import.meta.url;
  const ext = here.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./record-runner${ext}`, here));
};

function remaining(planned: PlannedUnit[], dropped: Set<string>): RunnerUnit[] {
  return planned.map((unit, u) => {
    const open = (index: number) => unit.results[index] === undefined && !dropped.has(`${u}:${index}`);
    return unit.runner.kind === 'function'
      ? { ...unit.runner, inputs: unit.runner.inputs.filter((item) => open(item.index)) }
      : { ...unit.runner, sequences: unit.runner.sequences.filter((item) => open(item.index)) };
  });
}

function firstOpen(units: RunnerUnit[]): { unit: number; index: number; input: unknown } | undefined {
  for (const [u, unit] of units.entries()) {
    const item = unit.kind === 'function' ? unit.inputs[0] : unit.sequences[0];
    if (item) return { unit: u, index: item.index, input: 'args' in item ? item.args : item.sequence.constructorArgs };
  }
  return undefined;
}

async function runPlanned(
  planned: PlannedUnit[],
  req: RecordRequest,
  table: TypeTable,
  header: Header,
  diagnostics: Diagnostic[],
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'pivot-record-'));
  const dropped = new Set<string>();
  const hangs = new Map<number, number>();
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  const aliases = Object.fromEntries(planned.map((p) => [p.runner.name, `__pivot_unit_${p.runner.name}`]));
  try {
    for (let attempt = 0; ; attempt++) {
      const units = remaining(planned, dropped);
      if (firstOpen(units) === undefined) return;
      const request: RunnerRequest = {
        moduleUrl: pathToFileURL(req.file).href,
        aliases,
        clockMs: header.clockMs,
        randomSeed: header.randomSeed,
        table,
        units,
      };
      const requestPath = join(dir, `request-${attempt}.json`);
      await writeFile(requestPath, JSON.stringify(request));
      const outcome = await runChild(tsx, requestPath, req, (u, index, value) => {
        planned[u]!.results[index] = value;
      });
      if (outcome === 'finished') return;
      const hung = firstOpen(remaining(planned, dropped));
      if (hung === undefined) return;
      dropHung(planned, hung, dropped, hangs, diagnostics);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Leaves the hung item out; after MAX_HANGS in one unit, the rest of that unit too. */
function dropHung(
  planned: PlannedUnit[],
  hung: { unit: number; index: number; input: unknown },
  dropped: Set<string>,
  hangs: Map<number, number>,
  diagnostics: Diagnostic[],
): void {
  const unit = planned[hung.unit]!;
  const what = unit.runner.kind === 'function' ? 'vector' : 'call sequence';
  dropped.add(`${hung.unit}:${hung.index}`);
  diagnostics.push(vectorTimedOut(unit.origin, `${what} #${hung.index} of ${unit.runner.name} (input ${JSON.stringify(hung.input)})`));
  const count = (hangs.get(hung.unit) ?? 0) + 1;
  hangs.set(hung.unit, count);
  if (count < MAX_HANGS) return;
  const open = unit.results.map((r, i) => (r === undefined && !dropped.has(`${hung.unit}:${i}`) ? i : -1)).filter((i) => i >= 0);
  for (const i of open) dropped.add(`${hung.unit}:${i}`);
  if (open.length > 0) {
    diagnostics.push(vectorsAbandoned(unit.origin, `${unit.runner.name} (${open.length} ${what}s)`));
  }
}

/** Runs the child once; resolves 'finished' or 'hung' (it was killed after a stall). */
async function runChild(
  tsx: string,
  requestPath: string,
  req: RecordRequest,
  onResult: (unit: number, index: number, value: FunctionVector | CallSequence) => void,
): Promise<'finished' | 'hung'> {
  const child = execa(process.execPath, ['--import', tsx, runnerPath(), requestPath], {
    cwd: req.root,
    ipc: true,
    serialization: 'json',
    stdin: 'ignore',
    reject: false,
    cleanup: true,
    lines: true,
  });
  let hung = false;
  let finished = false;
  let fatal: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, ms);
  };
  arm(req.startupTimeoutMs ?? 60_000);
  try {
    for await (const raw of child.getEachMessage()) {
      const message = raw as RunnerMessage;
      arm(req.itemTimeoutMs ?? 10_000);
      if (message.type === 'vector') onResult(message.unit, message.index, message.vector);
      else if (message.type === 'sequence') onResult(message.unit, message.index, message.sequence);
      else if (message.type === 'fatal') fatal = message.message;
      else if (message.type === 'finished') finished = true;
      if (fatal !== undefined || finished) break;
    }
  } catch {
    // The child died mid-message; its exit below says why.
  }
  clearTimeout(timer);
  // A module that keeps timers alive would keep the child running after it finished.
  const grace = setTimeout(() => child.kill('SIGKILL'), 3_000);
  const result = await child;
  clearTimeout(grace);
  const output = [...toLines(result.stdout), ...toLines(result.stderr)];
  if (req.onOutput) for (const line of output) req.onOutput(line);
  if (fatal !== undefined) {
    throw new UserError(`recording golden vectors failed: ${fatal}`, 'run the module with tsx to check it loads on its own', output.slice(-20));
  }
  if (finished) return 'finished';
  if (hung) return 'hung';
  throw new UserError(
    `the process running the TS original exited early (${result.signal ?? `exit code ${result.exitCode}`})`,
    'run with --verbose to see its output; a unit that exhausts memory or the stack cannot be recorded',
    output.slice(-20),
  );
}

function toLines(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value === '' ? [] : value.split('\n');
  return [];
}

/**
 * The JSON text of a vector file: header fields pretty-printed, one vector or call sequence
 * per line, so a regenerated file diffs line by line.
 */
export function serializeVectorFile(file: VectorFile): string {
  const { vectors, sequences, ...header } = file as VectorFile & { vectors?: unknown[]; sequences?: unknown[] };
  const items = (vectors ?? sequences ?? []).map((item) => `    ${JSON.stringify(item)}`);
  const key = file.kind === 'function' ? 'vectors' : 'sequences';
  const head = JSON.stringify(header, null, 2).slice(0, -2);
  const list = items.length === 0 ? '[]' : `[\n${items.join(',\n')}\n  ]`;
  return `${head},\n  "${key}": ${list}\n}\n`;
}
