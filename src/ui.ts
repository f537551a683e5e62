import ora, { type Ora } from 'ora';
import pc from 'picocolors';

/**
 * Terminal output for commands: colour only when the stream is a TTY and NO_COLOR is unset,
 * spinners only on a TTY outside CI; otherwise plain lines that read well in a log.
 */
export interface Ui {
  readonly color: boolean;
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  /** Data output (tables, JSON): always to stdout, never decorated by the Ui. */
  out(text: string): void;
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  readonly verbose: boolean;
}

export interface UiOptions {
  verbose?: boolean;
  /** Send progress lines to stderr (used with --json so stdout stays parseable). */
  quiet?: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function createUi(options: UiOptions = {}): Ui {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const color = colorEnabled(stderr, env);
  const paint = pc.createColors(color);
  const interactive = stderr.isTTY === true && !env.CI;
  const progress = (line: string) => {
    if (!options.quiet) stderr.write(`${line}\n`);
  };
  return {
    color,
    verbose: options.verbose === true,
    info: progress,
    warn: (line) => stderr.write(`${paint.yellow('warning')} ${line}\n`),
    error: (line) => stderr.write(`${paint.red('error')} ${line}\n`),
    out: (text) => stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    async step(label, work) {
      if (options.quiet) return work();
      const started = Date.now();
      let spinner: Ora | undefined;
      if (interactive) spinner = ora({ text: label, stream: stderr, color: 'cyan' }).start();
      else progress(`${label} ...`);
      try {
        const result = await work();
        const took = `${((Date.now() - started) / 1000).toFixed(1)}s`;
        if (spinner) spinner.succeed(`${label} ${paint.dim(took)}`);
        else progress(`${label} done (${took})`);
        return result;
      } catch (err) {
        if (spinner) spinner.fail(label);
        else progress(`${label} failed`);
        throw err;
      }
    },
  };
}
