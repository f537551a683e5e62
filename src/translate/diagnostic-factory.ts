import type { Origin } from './ir-types.js';

/** What a translator diagnostic is, and the one way diagnostic factories are made (see diagnostics.ts). */
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

export const make =
  (code: string, severity: Severity, message: (construct: string) => string, hint: string) =>
  (origin: Origin, construct: string): Diagnostic => ({
    code,
    severity,
    origin,
    construct,
    message: message(construct),
    hint,
  });
