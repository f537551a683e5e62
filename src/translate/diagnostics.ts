import type { Origin } from './ir.js';

/**
 * Translator diagnostics: one factory per problem, each with a stable hand-written code.
 * Codes: PIV10xx syntax/construct not supported, PIV11xx types, PIV12xx library calls,
 * PIV13xx classes, PIV14xx semantics (lossy or assumed mappings, usually warnings),
 * PIV15xx module/unit resolution. A code is never reused for another problem.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: string;
  severity: Severity;
  origin: Origin;
  /** The construct in the user's words, e.g. `for-in loop`, `Math.random()`, `x.y?.z`. */
  construct: string;
  message: string;
  /** One line saying how to fix or work around it. */
  hint: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.origin.file}:${d.origin.line}:${d.origin.column}`;
  return `${where} ${d.severity} ${d.code}: ${d.message}\n  hint: ${d.hint}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

const make =
  (code: string, severity: Severity, message: (construct: string) => string, hint: string) =>
  (origin: Origin, construct: string): Diagnostic => ({
    code,
    severity,
    origin,
    construct,
    message: message(construct),
    hint,
  });

// The factories below are the starting set; lowering adds one per new problem it detects.
export const unsupportedSyntax = make(
  'PIV1001',
  'error',
  (c) => `${c} cannot be translated`,
  'rewrite it with the supported constructs listed in docs/translate.md, or keep this unit in TypeScript',
);
export const unsupportedType = make(
  'PIV1101',
  'error',
  (c) => `type ${c} has no Rust/Go equivalent`,
  'use number, string, boolean, arrays, Map/Set, interfaces or string-literal unions',
);
export const unsupportedLibraryCall = make(
  'PIV1201',
  'error',
  (c) => `library call ${c} is not supported`,
  'replace it with a supported call (docs/translate.md) or move it out of the extracted unit',
);
export const numberAsFloat = make(
  'PIV1401',
  'warning',
  (c) => `${c} is a JavaScript number that could not be proven integral; it becomes f64`,
  'fine for prices and measures; use Math.floor/Math.trunc or integer-only arithmetic to get i64',
);
export const nondeterministic = make(
  'PIV1402',
  'warning',
  (c) => `${c} is non-deterministic; the unit is verified by properties, not fixed outputs`,
  'pass the value in as a parameter to make the unit verifiable by golden vectors',
);
export const unitNotFound = make(
  'PIV1501',
  'error',
  (c) => `no function, const-bound arrow function or class named ${c} in this file`,
  'check the name after # (pivot analyze lists unit ids), or omit it to translate every export',
);
