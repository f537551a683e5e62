import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import { EXIT_FAILURE, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, ExitError, UserError } from './errors.js';
import { createUi } from './ui.js';

/** The one place that turns errors into output and exit codes. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const ui = createUi({ verbose });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed help, the version, or its own usage error.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof ExitError) return err.code;
    if (err instanceof UserError) {
      ui.error(err.message);
      for (const line of err.details ?? []) process.stderr.write(`  ${line}\n`);
      if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
      if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
      return EXIT_FAILURE;
    }
    const error = err instanceof Error ? err : new Error(String(err));
    ui.error(`internal error: ${error.message}`);
    process.stderr.write(
      verbose
        ? `${error.stack ?? ''}\n`
        : '  This is a bug in pivot. Run again with --verbose and report the output.\n',
    );
    return EXIT_INTERNAL;
  }
}

export { EXIT_FAILURE };
