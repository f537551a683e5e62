/**
 * A workload's login: one request sent before the load, whose cookies every load request then
 * carries. An API behind a session cookie (`@fastify/session`, `express-session`) can be loaded
 * no other way: the session lives in the server's memory, so no header can be written in advance.
 */
import { UserError } from '../errors.js';
import type { Workload, WorkloadRequest } from '../analyze/types.js';

const HINT_BODY = 'check the login\'s path and body (credentials the server\'s data holds) in the workload file';

/** The workload with the login's cookies folded into its headers and the login itself gone. */
export async function logIn(baseUrl: string, workload: Workload, timeoutSeconds = 10): Promise<Workload> {
  const { login, ...rest } = workload;
  if (!login) return workload;
  const what = `the workload's login (${login.method} ${login.path})`;
  const body = login.body === undefined ? undefined : typeof login.body === 'string' ? login.body : JSON.stringify(login.body);
  let response: Response;
  try {
    response = await fetch(new URL(login.path, baseUrl), {
      method: login.method,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
      headers: { ...workload.headers, ...login.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });
  } catch (error) {
    throw new UserError(`${what} failed: ${(error as Error).message}`, HINT_BODY);
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 400) {
    throw new UserError(`${what} answered ${response.status}`, HINT_BODY, text ? [`it answered: ${text.slice(0, 300)}`] : []);
  }
  const cookies = response.headers.getSetCookie().map((line) => line.split(';', 1)[0]!.trim()).filter((pair) => pair.includes('='));
  if (cookies.length === 0) {
    throw new UserError(
      `${what} answered ${response.status} but set no cookie`,
      'a login that answers with a token belongs in the workload\'s "headers" (e.g. "authorization": "Bearer <token>"), not in "login"',
    );
  }
  return { ...rest, headers: { ...workload.headers, cookie: mergeCookies(workload.headers?.cookie, cookies) } };
}

function mergeCookies(existing: string | undefined, pairs: string[]): string {
  return [...(existing ? [existing] : []), ...pairs].join('; ');
}

/** The headers one request goes with: JSON's content type for a body, then the workload's headers, then the request's own. */
export function headersOf(workload: Workload, request: WorkloadRequest): Record<string, string> {
  return {
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...workload.headers,
    ...request.headers,
  };
}
