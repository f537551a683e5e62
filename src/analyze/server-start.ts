/**
 * Getting the monolith to listen: its environment, the setup commands that must run first, and,
 * when it does not come up, an error that says what pivot started, what it waited for, what
 * the server printed last, and which ports it opened instead when /proc tells.
 */
import { UserError } from '../errors.js';
import type { ListeningSocket } from './listening-ports.js';
import { HOST, ProcessGroup, type PortWait } from './process-group.js';
import { fillPlaceholders } from './start-command.js';
import type { StartPlan } from './start.js';

const SETUP_TIMEOUT_MS = 600_000;
const SETUP_TAIL = 30;

/** The server's environment: pivot's own, the configuration's (placeholders filled), PORT and HOST. */
export function serverEnv(plan: Pick<StartPlan, 'env'>, port: number, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of Object.entries(plan.env)) env[name] = fillPlaceholders(value, port, HOST);
  return { ...env, PORT: String(port), HOST };
}

/** Runs the setup commands in order, each in its own process group; throws on the first that fails. */
export async function runSetup(plan: Pick<StartPlan, 'setup'>, root: string, env: NodeJS.ProcessEnv, port: number, status: (line: string) => void): Promise<void> {
  for (const step of plan.setup) {
    const command = fillPlaceholders(step.command, port, HOST);
    status(`setup (${step.origin}): ${command}`);
    const group = new ProcessGroup({ file: '/bin/sh', args: ['-c', command], cwd: root, env }, SETUP_TAIL);
    try {
      const code = await group.waitForExit(SETUP_TIMEOUT_MS);
      if (code === undefined) {
        throw new UserError(`setup command ${step.origin} did not finish within ${SETUP_TIMEOUT_MS / 1000} s: ${command}`, 'run it yourself to see where it hangs', group.lastLines());
      }
      if (code !== 0) {
        throw new UserError(
          `setup command ${step.origin} failed (exit code ${group.exitCode ?? 'unknown'}): ${command}`,
          `fix what it printed above, or run it yourself; it runs in ${root} with the configuration's env, PORT and HOST`,
          withHeading('its last output:', group.lastLines()),
        );
      }
    } finally {
      await group.killGroup();
    }
  }
}

export interface StartContext {
  plan: Pick<StartPlan, 'command' | 'origin'>;
  port: number;
  timeoutMs: number;
  /** The command as run, placeholders filled. */
  ran: string;
}

/** The error for a server that did not come up, or undefined when it did. */
export function startFailure(wait: PortWait, group: ProcessGroup, context: StartContext): UserError | undefined {
  if (wait.state === 'open') return undefined;
  const { plan, port, ran } = context;
  const seconds = context.timeoutMs / 1000;
  const started = `pivot ran: ${ran} (from ${plan.origin}) in the project folder, with PORT=${port} HOST=${HOST}`;
  const output = withHeading('last lines it printed:', group.lastLines());
  if (wait.state === 'exited') {
    return new UserError(
      `the monolith exited during start-up (code ${group.exitCode ?? 'unknown'})`,
      `run ${ran} yourself to see why; pass --start "<command>" (or "start" in pivot.config.json) if pivot started the wrong thing`,
      [started, ...output],
    );
  }
  const waited = `it waited ${seconds} s for a connection on ${HOST}:${port} (and [::1]:${port})`;
  if (wait.state === 'elsewhere') {
    return new UserError(
      `the monolith ignored the port it was given: it listens on ${socketList(wait.sockets)}, not on ${port}`,
      portHint(ran, plan.command),
      [started, ...output],
    );
  }
  const listening = wait.sockets.length > 0 ? [`it listens on ${socketList(wait.sockets)} instead`] : [];
  return new UserError(
    `the monolith did not accept connections on ${HOST}:${port} within ${seconds} s`,
    wait.sockets.length > 0 ? portHint(ran, plan.command) : `it must listen on the PORT (and HOST) environment variables or take {port} in the start command; raise --start-timeout if it is only slow`,
    [started, waited, ...listening, ...output],
  );
}

function portHint(ran: string, template: string): string {
  if (template.includes('{port}')) {
    return 'the start command passes {port}, but the server does not use it: check the flag in its --help, or give the port through the variable it reads (pivot.config.json "env": { "APP_PORT": "{port}" })';
  }
  return `pivot sets PORT, which "${ran}" does not read: give the server its port the way it reads it, e.g. --start "<command> --port {port}", or pivot.config.json "env": { "APP_PORT": "{port}" }`;
}

function socketList(sockets: readonly ListeningSocket[]): string {
  return sockets.map((socket) => `${socket.address.includes(':') ? `[${socket.address}]` : socket.address}:${socket.port}`).join(', ');
}

function withHeading(heading: string, lines: string[]): string[] {
  return lines.length === 0 ? ['(it printed nothing)'] : [heading, ...lines];
}
