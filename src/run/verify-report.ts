/**
 * Pure parsing for `pivot verify`: the replay lines the generated tests print
 * (PIVOT-VECTORS / PIVOT-MISMATCH, see src/translate/vectors-format.ts), `go test -json` event
 * streams and `cargo test` summaries.
 */
import {
  MISMATCH_MARKER,
  START_MARKER,
  SUMMARY_MARKER,
  type ReplayMismatchLine,
  type ReplayStartLine,
  type ReplaySummaryLine,
} from '../translate/vectors-format.js';

export interface ReplayReport {
  summaries: ReplaySummaryLine[];
  mismatches: ReplayMismatchLine[];
  /** The last PIVOT-VECTOR-START of each file: where a crash stopped it. */
  lastStarts: Map<string, ReplayStartLine>;
}

function parseMarked<T>(line: string, marker: string): T | undefined {
  const at = line.indexOf(`${marker} `);
  if (at < 0) return undefined;
  try {
    return JSON.parse(line.slice(at + marker.length + 1)) as T;
  } catch {
    return undefined;
  }
}

export function parseReplayLines(lines: readonly string[]): ReplayReport {
  const summaries: ReplaySummaryLine[] = [];
  const mismatches: ReplayMismatchLine[] = [];
  const lastStarts = new Map<string, ReplayStartLine>();
  for (const line of lines) {
    const start = parseMarked<ReplayStartLine>(line, START_MARKER);
    if (start && typeof start.file === 'string') lastStarts.set(start.file, start);
    const summary = parseMarked<ReplaySummaryLine>(line, SUMMARY_MARKER);
    if (summary && typeof summary.file === 'string') summaries.push(summary);
    const mismatch = parseMarked<ReplayMismatchLine>(line, MISMATCH_MARKER);
    if (mismatch && typeof mismatch.file === 'string') mismatches.push(mismatch);
  }
  return { summaries, mismatches, lastStarts };
}

const CRASH_SIGNS = [
  /has overflowed its stack/,
  /fatal runtime error: .*/,
  /fatal error: .*/,
  /goroutine stack exceeds .*/,
  /signal: \d+, SIG\w+.*?(?=\)|$)/,
  /SIG(?:SEGV|ABRT|KILL|BUS)\b.*/,
];

/** What killed a test binary, in one line, from its output (undefined when nothing says so). */
export function crashReason(output: string): string | undefined {
  for (const sign of CRASH_SIGNS) {
    const line = output.split('\n').find((l) => sign.test(l));
    if (line) return line.trim().replace(/^thread '[^']*' \(\d+\) /, 'thread ');
  }
  return undefined;
}

export interface TestRunSummary {
  /** Output lines of the tests, in order (test2json events reassembled for Go). */
  lines: string[];
  passed: number;
  failed: number;
  /** Tests never ran because the code did not compile. */
  buildFailed: boolean;
}

interface GoTestEvent {
  Action?: string;
  Package?: string;
  Test?: string;
  Output?: string;
}

/** Reads `go test -json` output. Output events of one test may split a long line; they are joined back. */
export function parseGoTestJson(stdout: string): TestRunSummary {
  const streams = new Map<string, string>();
  let passed = 0;
  let failed = 0;
  let buildFailed = false;
  const loose: string[] = [];
  for (const raw of stdout.split('\n')) {
    if (raw.trim() === '') continue;
    let event: GoTestEvent;
    try {
      event = JSON.parse(raw) as GoTestEvent;
    } catch {
      loose.push(raw);
      continue;
    }
    const key = `${event.Package ?? ''}\u0000${event.Test ?? ''}`;
    if ((event.Action === 'output' || event.Action === 'build-output') && event.Output !== undefined) {
      streams.set(key, (streams.get(key) ?? '') + event.Output);
      if (event.Output.includes('[build failed]') || event.Output.includes('[setup failed]')) buildFailed = true;
    }
    if (event.Action === 'build-fail') buildFailed = true;
    if (event.Test !== undefined && event.Action === 'pass') passed++;
    if (event.Test !== undefined && event.Action === 'fail') failed++;
  }
  const lines = [...streams.values()].flatMap((text) => text.split('\n')).concat(loose);
  return { lines, passed, failed, buildFailed };
}

/** Reads `cargo test` output: harness lines on stdout, compiler messages on stderr. */
export function parseCargoTest(stdout: string, stderr: string, exitCode: number | undefined): TestRunSummary {
  let passed = 0;
  let failed = 0;
  let ran = false;
  for (const match of stdout.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    ran = true;
    passed += Number(match[1]);
    failed += Number(match[2]);
  }
  // "Running tests/…" means the build finished: a binary that then crashed did not fail to build.
  const buildFailed = exitCode !== 0 && !ran && !/^\s*Running /m.test(stderr) && /could not compile|error(\[E\d+\])?:/.test(stderr);
  return { lines: stdout.split('\n'), passed, failed, buildFailed };
}

/** A compact, single-line rendering of an encoded value for the terminal. */
export function showValue(value: unknown, max = 160): string {
  const text = value === undefined ? '—' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
