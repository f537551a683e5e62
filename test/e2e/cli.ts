import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const PIVOT = `${REPO}bin/pivot.js`;

/** Run the real CLI as a user would; never throws on a non-zero exit. */
export async function pivot(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}) {
  const result = await execa('node', [PIVOT, ...args], {
    cwd: options.cwd ?? REPO,
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    env: { NO_COLOR: '1', CI: 'true', ...options.env },
    stdin: 'ignore',
  });
  return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
