/**
 * The translator's stage signatures: lower (TS → IR), emit (IR → Rust | Go file tree),
 * vectors (run the TS original → golden vectors). Each stage is pure or thin; the evolve
 * command composes them and hands the tree to the writer.
 */
import type { Diagnostic } from './diagnostics.js';
import type { IrModule } from './ir.js';
import type { VectorFile } from './vectors-format.js';

export type TargetLanguage = 'rust' | 'go';
export type BuildProfile = 'conservative' | 'balanced' | 'aggressive';

export interface LowerRequest {
  /** Absolute project root; origins and unit ids are relative to it. */
  root: string;
  /** Absolute path of the TS module. */
  file: string;
  /** Unit names to translate (function, const-bound arrow, class); all exports when empty. */
  units?: string[];
}

export interface LowerResult {
  module: IrModule;
  diagnostics: Diagnostic[];
}

export interface EmitOptions {
  profile: BuildProfile;
  /** Crate / Go module name; defaults to the IR module name. */
  packageName?: string;
  /** Vector files to ship and replay, keyed by file name under `vectors/`. */
  vectors: Map<string, VectorFile>;
  /**
   * Rust: print the loops that fold a pure float function over an array four elements at a time
   * (emit-rust/lanes-plan.ts, lanes.ts). Default: only with the aggressive profile, whose native
   * CPU makes the lanes one AVX2 register; elsewhere they are a per-lane fallback, correct but
   * slower.
   */
  lanes?: boolean;
}

/**
 * A generated tree: relative POSIX path → contents.
 * Rust: Cargo.toml, src/lib.rs, src/jsrt.rs, tests/vectors.rs, vectors/*.json, README.md
 * Go:   go.mod, <name>.go, jsrt.go, vectors_test.go, vectors/*.json, README.md
 */
export type FileTree = Map<string, string>;
