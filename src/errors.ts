/**
 * The three kinds of failure pivot reports. Library code throws these; only src/main.ts
 * turns them into output and an exit code.
 */

/** Something the user can fix: a bad flag, a missing file, a monolith that does not start. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** One line that says how to fix it, naming the flag, file or command. */
    readonly hint?: string,
    /** Extra lines shown under the message (e.g. a child's last log lines). */
    readonly details?: string[],
  ) {
    super(message);
  }
}

/** Leave with this exit code after the command already said why (e.g. failed checks). */
export class ExitError extends Error {
  override readonly name = 'ExitError';
  constructor(readonly code: number, message = `exit ${code}`) {
    super(message);
  }
}

/** A bug in pivot: the message says what to report. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;
