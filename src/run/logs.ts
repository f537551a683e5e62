import pc from 'picocolors';

export type LogStream = 'stdout' | 'stderr';

/** The last `capacity` lines of one service, kept for error messages. */
export class LogBuffer {
  private readonly lines: string[] = [];
  constructor(readonly capacity = 200) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  last(n = this.capacity): string[] {
    return n <= 0 ? [] : this.lines.slice(-n);
  }
}

/** A line longer than this is passed on in pieces, so a service without newlines cannot grow memory. */
const MAX_LINE = 64 * 1024;

/** Turns chunks of text into whole lines; `end()` hands out a last line without a newline. */
export class LineSplitter {
  private pending = '';
  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: string): void {
    const parts = (this.pending + chunk).split(/\r?\n/);
    this.pending = parts.pop() ?? '';
    for (const line of parts) this.emit(line);
    while (this.pending.length > MAX_LINE) {
      this.emit(this.pending.slice(0, MAX_LINE));
      this.pending = this.pending.slice(MAX_LINE);
    }
  }

  end(): void {
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }
}

type Paint = (text: string) => string;
const PALETTE = ['cyan', 'magenta', 'yellow', 'blue', 'green', 'red'] as const;

/** The same service gets the same colour in every run. */
function paintFor(service: string, color: boolean): Paint {
  if (!color) return (text) => text;
  let hash = 0;
  for (const ch of service) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return pc.createColors(true)[PALETTE[hash % PALETTE.length]!];
}

/** `pricing   │ listening on 8001` — the name padded to `width`, coloured when `color`. */
export function formatLogLine(service: string, line: string, color: boolean, width = service.length): string {
  const paint = paintFor(service, color);
  return `${paint(service.padEnd(width))} ${paint('│')} ${line}`;
}

/**
 * A ready-made `onLog` for a terminal: every line prefixed by its service, names padded to the
 * longest one so the lines stay aligned.
 */
export function createLogPrinter(
  services: string[],
  write: (text: string) => void,
  color: boolean,
): (service: string, stream: LogStream, line: string) => void {
  const width = Math.max(0, ...services.map((s) => s.length));
  return (service, _stream, line) => write(`${formatLogLine(service, line, color, width)}\n`);
}
