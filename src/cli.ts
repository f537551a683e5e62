import { createRequire } from 'node:module';
import { Command, InvalidArgumentError, Option } from 'commander';

/**
 * Declares pivot's commands and options, nothing more: each action imports its module under
 * src/cli/ and calls its `run`. The working directory is read here, once, and passed down.
 */
const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

export const VERSION = pkg.version;

export function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} takes a positive number, got "${value}".`);
    return n;
  };
}

export function buildProgram(): Command {
  const program = new Command('pivot')
    .description('Profile-driven, verified migration of Node.js/TypeScript monoliths into polyglot services.')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show stack traces and child-process output')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const global = () => program.opts<{ verbose?: boolean }>();
  const cwd = process.cwd();

  program
    .command('doctor')
    .description('check the toolchains pivot uses and say what a missing one disables')
    .option('--json', 'print the findings as JSON')
    .action(async (opts) => {
      const { run } = await import('./cli/doctor.js');
      await run({ ...opts, ...global(), cwd });
    });

  program
    .command('analyze')
    .description('profile a monolith under load (0x or V8\'s CPU profiler) and recommend what to move to Rust, Go or keep in TypeScript')
    .argument('<dir>', 'the monolith: a directory with package.json and TypeScript/JavaScript sources')
    .option('-o, --output <dir>', 'where analysis.json, report.md, report.html and the flamegraph go', '.pivot')
    .option('--json', 'print analysis.json to stdout instead of the table')
    .option('--no-profile', 'static pass only: no process is started')
    .option('--no-build', "do not run the monolith's build script before profiling")
    .option('-d, --duration <seconds>', 'how long to drive load while profiling', positiveNumber('--duration'), 10)
    .option('-c, --connections <n>', 'concurrent connections of the load', positiveNumber('--connections'), 10)
    .option('--start <command>', 'the command that starts the server, {port}/{host} filled in (default: pivot.config.json "start", else node <entry>, else npm start)')
    .option('--entry <file>', 'the JS file to run with node (default: package.json main or start script)')
    .addOption(new Option('--collector <name>', 'the profiler: 0x (one node process, flamegraph) or cpu-prof (V8 in every process and thread); default: chosen from the start command').choices(['0x', 'cpu-prof']))
    .option('--workload <file>', 'requests to send (default: pivot.workload.json in <dir>, else generated from the routes)')
    .option('--start-timeout <seconds>', 'how long to wait for the server to listen (default: pivot.config.json "startTimeout", else 20)', positiveNumber('--start-timeout'))
    .option('--hop-cost-us <µs>', 'cost of one service hop the measured work per call must outweigh (default 100, a loopback round trip measured with bench/hop.ts)', positiveNumber('--hop-cost-us'))
    .action(async (dir: string, opts) => {
      const { run } = await import('./cli/analyze.js');
      await run({ dir, ...opts, ...global(), cwd });
    });

  program
    .command('evolve')
    .description('translate a module, function or class to Rust or Go, with golden vectors recorded from the TS original')
    .argument('[unit]', 'file[#name]: a TS module, or one function / class in it')
    .addOption(new Option('-t, --target <language>', 'target language').choices(['rust', 'go']))
    .option('--plan <analysis.json>', 'apply every recommendation of an analysis at once')
    .option('--only <unit-id...>', 'with --plan: extract only these units (file#name); the gateway keeps the rest in TypeScript')
    .addOption(
      new Option('--store <store>', 'with --plan: where stateful units keep their state — embedded: a journal on their own disk, one replica (StatefulSet + PVC); postgres: STATE_URL, may scale (Deployment + HPA)')
        .choices(['embedded', 'postgres'])
        .default('embedded'),
    )
    .option('-o, --output <dir>', 'where the generated tree goes (default: generated/<name>-<target>)')
    .addOption(
      new Option('-p, --profile <profile>', 'build profile of the generated code')
        .choices(['conservative', 'balanced', 'aggressive'])
        .default('balanced'),
    )
    .option('--vectors <n>', 'how many golden vectors (call sequences for classes) to record', positiveNumber('--vectors'))
    .option('--seed <n>', 'seed of the generated inputs', Number, 1)
    .option('--dry-run', 'print what would be written instead of writing')
    .option('--force', 'overwrite generated files that were changed by hand')
    .option('--allow-partial', 'write the tree even when error diagnostics remain')
    .option('--no-compile-check', 'write the emitted code without compiling it first (cargo check / go build + go vet)')
    .option('--json', 'print diagnostics and the file list as JSON')
    .action(async (unit: string | undefined, opts) => {
      const { run } = await import('./cli/evolve.js');
      await run({ unit, ...opts, ...global(), cwd });
    });

  program
    .command('verify')
    .description('build generated code and replay its golden vectors against it; a table per unit')
    .argument('[dir]', 'a generated crate / Go module, or a tree containing several', '.')
    .option('--json', 'print the results as JSON')
    .action(async (dir: string, opts) => {
      const { run } = await import('./cli/verify.js');
      await run({ dir, ...opts, ...global(), cwd });
    });

  program
    .command('build')
    .description('build every service of a generated tree with its own toolchain (cargo, go, tsc), skipping unchanged ones')
    .argument('[dir]', 'the generated tree (it holds pivot.system.json)', '.')
    .option('--force', 'rebuild even when the inputs did not change')
    .option('--json', 'print the build results as JSON')
    .action(async (dir: string, opts) => {
      const { run } = await import('./cli/build.js');
      await run({ dir, ...opts, ...global(), cwd });
    });

  program
    .command('up')
    .description('run a generated tree as local processes (Redis, services, gateway) until Ctrl-C; no container engine needed; state is kept in <dir>/.pivot/state across runs')
    .argument('[dir]', 'the generated tree (it holds pivot.system.json)', '.')
    .option('--no-build', 'start what was built last, without building first')
    .option('--no-redis', 'do not start Redis (the gateway serves without its cache)')
    .action(async (dir: string, opts) => {
      const { run } = await import('./cli/up.js');
      await run({ dir, ...opts, ...global(), cwd });
    });

  program
    .command('smoke')
    .description('smoke-test a running system: every service\'s health and metrics, then sample requests through the gateway')
    .argument('[url]', 'the entry URL (default: the gateway of the tree in --dir, on loopback)')
    .option('--dir <dir>', 'the generated tree whose services to check', '.')
    .option('--json', 'print the checks as JSON')
    .action(async (url: string | undefined, opts) => {
      const { run } = await import('./cli/smoke.js');
      await run({ url, ...opts, ...global(), cwd });
    });

  program
    .command('parity')
    .description('send the same requests (valid and invalid) to the monolith and the polyglot system and compare the answers')
    .argument('[dir]', 'the generated tree (its pivot.system.json names the monolith and the volatile fields)', '.')
    .option('--monolith-url <url>', 'use a monolith that is already running instead of starting one')
    .option('--polyglot-url <url>', 'use a polyglot gateway that is already running instead of pivot up')
    .option('-n, --count <n>', 'how many requests (invalid ones come on top)', positiveNumber('--count'), 300)
    .option('--seed <n>', 'seed of the request order and ids', Number, 1)
    .option('--no-build', 'do not build the services first')
    .option('--json', 'print every request and both answers as JSON')
    .action(async (dir: string, opts) => {
      const { run } = await import('./cli/parity.js');
      await run({ dir, ...opts, ...global(), cwd });
    });

  program
    .command('bench')
    .description('measure the monolith, the monolith on every core (node:cluster) and the polyglot system under the same load: throughput, latency at equal offered load, memory, CPU per request, the bottleneck process')
    .option('--monolith <dir>', 'the monolith (default: the bundled fixtures/monolith)')
    .option('--polyglot <dir>', 'the generated tree to compare with (without it the monolith is measured alone)')
    .option('--mix <mix>', 'request mix: read | pricing | order | mixed, or a workload file', 'mixed')
    .option('-d, --duration <seconds>', 'seconds per measured run', positiveNumber('--duration'), 10)
    .option('--runs <n>', 'runs per point (median and min–max are reported)', positiveNumber('--runs'), 3)
    .option('--analysis <file>', 'analysis.json with the predicted gains (default: the one the --polyglot tree was generated from, else <output>/analysis.json, else <monolith>/.pivot/analysis.json)')
    .option('--no-cluster', 'do not also measure the monolith under node:cluster with one worker per core')
    .option('-o, --output <dir>', 'where bench.json, bench.md and bench.html go', '.pivot')
    .option('--json', 'print bench.json to stdout')
    .action(async (opts) => {
      const { run } = await import('./cli/bench.js');
      await run({ ...opts, ...global(), cwd });
    });

  program
    .command('example')
    .description('the whole flow on the bundled monolith: analyze, evolve --plan, then build, up, parity and smoke, and stop')
    .option('-o, --output <dir>', 'where the generated system goes', 'examples/polyglot-shop')
    .option('-d, --duration <seconds>', 'seconds of load while profiling', positiveNumber('--duration'), 5)
    .option('--no-run', 'generate the tree only; do not build, start or test it')
    .option('--force', 'overwrite generated files that were changed by hand')
    .addOption(new Option('-p, --profile <profile>', 'build profile of the generated code').choices(['conservative', 'balanced', 'aggressive']).default('balanced'))
    .option('--seed <n>', 'seed of the golden vectors', Number, 1)
    .action(async (opts) => {
      const { run } = await import('./cli/example.js');
      await run({ ...opts, ...global(), cwd });
    });

  program
    .command('check')
    .description('CI check of a generated tree: deploy files valid, no drift from the templates, builds, lints and tests pass')
    .argument('[dir]', 'the generated tree (it holds pivot.system.json)', '.')
    .option('--no-drift', 'skip regenerating the tree to compare')
    .option('--no-build', 'skip building, linting and testing the services')
    .option('--json', 'print the checks as JSON')
    .action(async (dir: string, opts) => {
      const { run } = await import('./cli/check.js');
      await run({ dir, ...opts, ...global(), cwd });
    });

  return program;
}
