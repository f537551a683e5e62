/**
 * Golden vector files: what the TS original did on generated inputs, replayed by the generated
 * Rust and Go tests. Stored as `vectors/<unit>.json` in the generated tree.
 *
 * Value encoding (the same for arguments, results and call-sequence values):
 * - finite numbers are JSON numbers; NaN, Infinity, -Infinity are {"$num": "NaN"|"Infinity"|"-Infinity"}
 * - strings, booleans as themselves; enums as their string literal
 * - optional: null when absent
 * - arrays and tuples as JSON arrays
 * - struct (interface) values as objects keyed by the TS field names; absent optional fields omitted
 * - Map as an array of [key, value] pairs in insertion order; Set as an array in insertion order
 * - void results are null
 *
 * Decoding numbers: every JSON number must decode to exactly the double JS wrote (JS prints the
 * shortest round-trip form). Go's encoding/json does; Rust needs serde_json's `float_roundtrip`
 * feature (`serde_json = { version = "1", features = ["float_roundtrip"] }`) — its default
 * parser is not correctly rounded and turns e.g. 0.010000000000000023 into a neighbouring double.
 *
 * Determinism: the recorder runs the TS original with the clock pinned at `clockMs` (Date.now()
 * and new Date() return it) and Math.random replaced by the runtime's seeded generator
 * (mulberry32 seeded with `randomSeed`); the generated tests pin their runtime the same way, so
 * even units that read time or randomness compare exactly.
 */
import type { TypeArgLabel } from './instances.js';

export type VectorValue = unknown;

export interface Tolerance {
  /** |a - b| <= absolute || |a - b| <= relative * max(|a|, |b|) */
  absolute: number;
  relative: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { absolute: 1e-9, relative: 1e-9 };

export interface FunctionVector {
  args: VectorValue[];
  /** Present when the call returned. */
  result?: VectorValue;
  /** Present when the call threw: the Error's message. */
  error?: string;
}

export interface FunctionVectorFile {
  schema: 1;
  kind: 'function';
  /** Unit id, `file#name`. */
  unit: string;
  function: string;
  /** A generic function: the TS type arguments it ran with (see instances.ts). */
  typeArgs?: TypeArgLabel[];
  tolerance: Tolerance;
  /** Seed the inputs were generated from, so the file can be regenerated identically. */
  seed: number;
  clockMs: number;
  randomSeed: number;
  vectors: FunctionVector[];
}

export interface MethodCallVector {
  method: string;
  args: VectorValue[];
  result?: VectorValue;
  error?: string;
}

export interface CallSequence {
  constructorArgs: VectorValue[];
  calls: MethodCallVector[];
  /** Present when the constructor threw (its message); `calls` is then empty. */
  constructorError?: string;
}

export interface ClassVectorFile {
  schema: 1;
  kind: 'class';
  unit: string;
  class: string;
  /** A generic class: the TS type arguments it ran with (see instances.ts). */
  typeArgs?: TypeArgLabel[];
  tolerance: Tolerance;
  seed: number;
  clockMs: number;
  randomSeed: number;
  sequences: CallSequence[];
}

export type VectorFile = FunctionVectorFile | ClassVectorFile;

/**
 * Replay report lines (what `pivot verify` parses). The generated tests print, to stdout, one
 * line per line-kind below: the marker, one space, then compact single-line JSON. Rust runs as
 * `cargo test --release -- --nocapture` (println!), Go as `go test -race -json` (fmt.Println;
 * verify reassembles test2json output events, so long lines may be split by the tool).
 *
 *   PIVOT-VECTORS {"file":"quotePrice.json","unit":"src/pricing.ts#quotePrice","total":1000,"passed":1000,"failed":0}
 *     once per vector file, after replaying all of it (total = vectors, or call sequences for
 *     class files; a sequence passes when every call in it matches).
 *   PIVOT-MISMATCH {"file":"quotePrice.json","index":12,"input":…,"expected":…,"actual":…}
 *     once per failing vector / sequence (at most the first 20 per file), before its file's
 *     PIVOT-VECTORS line. Function files: input = the encoded args array; expected/actual =
 *     {"result": v} or {"error": "message"}. Class files: also "call": the index of the first
 *     failing call in the sequence (-1 for the constructor); input = {"method": name, "args": […]}
 *     ({"method": "constructor", …} for -1); expected/actual as above for that call.
 *     Values use the encoding of this file ({"$num": "NaN"} etc.).
 *   PIVOT-VECTOR-START {"file":"quotePrice.json","index":12,"failed":0}
 *     only when PIVOT_VECTOR_TRACE is set (pivot verify sets it): before each vector / sequence,
 *     with the failures of the file so far, so a crash that kills the test binary (a stack
 *     overflow, an abort) is reported as that vector failing.
 * The test itself fails (panic / t.Fail) when any vector of the file failed.
 */
export const MISMATCH_MARKER = 'PIVOT-MISMATCH';
export const SUMMARY_MARKER = 'PIVOT-VECTORS';
export const START_MARKER = 'PIVOT-VECTOR-START';
export const TRACE_ENV = 'PIVOT_VECTOR_TRACE';

export interface ReplayStartLine {
  file: string;
  index: number;
  /** The file's failed vectors before this one. */
  failed: number;
}

export interface ReplaySummaryLine {
  file: string;
  unit: string;
  total: number;
  passed: number;
  failed: number;
}

export interface ReplayMismatchLine {
  file: string;
  index: number;
  call?: number;
  input: VectorValue;
  expected: { result?: VectorValue; error?: string };
  actual: { result?: VectorValue; error?: string };
}

/**
 * The seeded generator that stands in for Math.random, bit-for-bit the same in the recorder
 * and in the Rust/Go runtimes (u32 wrapping arithmetic; `imul` is a wrapping 32-bit multiply).
 * It is re-seeded with `randomSeed`, and the clock re-pinned at `clockMs`, before each function
 * vector and before each call sequence (not between the calls of one sequence).
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
