/**
 * `pivot evolve` as a composition of the translator's stages: lower (TS → IR), record golden
 * vectors from the TS original, emit the Rust crate or Go module, format it. Returns the tree
 * and every diagnostic; writing the tree is the writer's job, printing the CLI's. Stages are
 * injectable so tests can run the composition on hand-built IR.
 */
import { InternalError } from '../errors.js';
import type { BuildProfile, EmitOptions, FileTree, LowerRequest, LowerResult, TargetLanguage } from './api.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { formatTree } from './format.js';
import type { IrModule } from './ir.js';
import type { VectorFile } from './vectors-format.js';
import { recordVectors, serializeVectorFile, type RecordRequest, type RecordResult } from './vectors.js';

export interface EvolveRequest {
  /** Absolute project root (origins and unit ids are relative to it). */
  root: string;
  /** Absolute path of the TS module. */
  file: string;
  /** Units to translate; all exports when empty. */
  units?: string[];
  target: TargetLanguage;
  profile: BuildProfile;
  /** Vectors per function / call sequences per class (defaults 1,000 / 200). */
  vectorCount?: number;
  seed: number;
  packageName?: string;
  /** Go on to record, emit and format even when lowering reported errors. */
  allowPartial?: boolean;
  /** Progress of the slow stages, e.g. the Ui's step. */
  step?: <T>(label: string, work: () => Promise<T>) => Promise<T>;
  onOutput?: (line: string) => void;
}

export interface EvolveResult {
  module: IrModule;
  /** Empty when lowering had errors and `allowPartial` was not set. */
  tree: FileTree;
  vectors: Map<string, VectorFile>;
  diagnostics: Diagnostic[];
  /** False when error diagnostics remain. */
  complete: boolean;
  /** Set when a partial tree could not be formatted (it is returned unformatted). */
  formatError?: string;
}

export interface EvolveStages {
  lower(request: LowerRequest): LowerResult | Promise<LowerResult>;
  emit(module: IrModule, options: EmitOptions, target: TargetLanguage): FileTree | Promise<FileTree>;
  record(request: RecordRequest): Promise<RecordResult>;
  format(tree: FileTree, target: TargetLanguage): Promise<FileTree>;
}

// Loaded on first use (import() stays lazy): only evolve needs the stages.
export const defaultStages: EvolveStages = {
  async lower(request) {
    const { lowerModule } = await import('./lower/index.js');
    return lowerModule(request);
  },
  async emit(module, options, target) {
    if (target === 'rust') return (await import('./emit-rust/index.js')).emitRustCrate(module, options);
    return (await import('./emit-go/index.js')).emitGoModule(module, options);
  },
  record: recordVectors,
  format: formatTree,
};

const direct = <T>(_label: string, work: () => Promise<T>) => work();

export async function evolveUnit(request: EvolveRequest, stages: EvolveStages = defaultStages): Promise<EvolveResult> {
  const step = request.step ?? direct;
  const lowered = await step('lower TypeScript to IR', async () =>
    stages.lower({ root: request.root, file: request.file, units: request.units }),
  );
  const diagnostics = [...lowered.diagnostics];
  const module = lowered.module;
  if (hasErrors(diagnostics) && !request.allowPartial) {
    return { module, tree: new Map(), vectors: new Map(), diagnostics, complete: false };
  }
  const recorded = await step('record golden vectors from the TS original', () =>
    stages.record({
      module,
      file: request.file,
      root: request.root,
      units: module.entryPoints,
      seed: request.seed,
      count: request.vectorCount,
      onOutput: request.onOutput,
    }),
  );
  diagnostics.push(...recorded.diagnostics);
  const emitted = await step(`emit ${request.target === 'rust' ? 'Rust' : 'Go'}`, async () =>
    stages.emit(module, { profile: request.profile, packageName: request.packageName, vectors: recorded.files }, request.target),
  );
  const tree: FileTree = new Map(emitted);
  // One serialisation of the vectors whatever the emitter did: one vector per line diffs well.
  for (const [name, file] of recorded.files) tree.set(`vectors/${name}`, serializeVectorFile(file));
  const complete = !hasErrors(diagnostics);
  try {
    const formatted = await step(`format with ${request.target === 'rust' ? 'rustfmt' : 'gofmt'}`, () =>
      stages.format(tree, request.target),
    );
    return { module, tree: formatted, vectors: recorded.files, diagnostics, complete };
  } catch (err) {
    // A partial translation may hold placeholders the formatter rejects; the user asked for it anyway.
    if (complete || !(err instanceof InternalError)) throw err;
    return { module, tree, vectors: recorded.files, diagnostics, complete, formatError: err.message };
  }
}
