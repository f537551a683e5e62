/**
 * A stand-in for an extracted service, for the gateway's end-to-end test: a plain Node HTTP
 * server that serves docs/service-contract.md by calling the monolith's own TS module (the real
 * Rust/Go services are tested elsewhere). Run with tsx:
 *
 *   tsx standin.ts <port> <service as JSON> <absolute path of the module>
 */
import { createServer, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { contractPath, type ExtractedService } from '../../../src/scaffold/gateway/plan.js';

type Callable = (...args: unknown[]) => unknown;
interface Route {
  name: string;
  params: string[];
  /** Set for class methods and getters. */
  member?: 'method' | 'getter';
}

const [portArg, serviceJson, modulePath] = process.argv.slice(2);
const service = JSON.parse(serviceJson ?? '{}') as ExtractedService;
const module = (await import(pathToFileURL(modulePath ?? '').href)) as Record<string, unknown>;
const routes = new Map<string, Route>();
let className: string | undefined;
let instance: Record<string, unknown> | undefined;

for (const unit of service.units) {
  if (unit.kind === 'function') {
    routes.set(`POST ${contractPath(service, unit)}`, { name: unit.name, params: unit.params });
    continue;
  }
  className = unit.name;
  for (const method of unit.methods) {
    const verb = method.getter ? 'GET' : 'POST';
    routes.set(`${verb} ${contractPath(service, unit, method)}`, { name: method.name, params: method.params, member: method.getter ? 'getter' : 'method' });
  }
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The contract's status for an Error the original threw, by its message. */
function unitErrorStatus(message: string): number {
  if (message.startsWith('unknown ') || message.startsWith('not found')) return 404;
  if (/^(insufficient |conflict|already |reservation not held|not held)/.test(message)) return 409;
  if (message.startsWith('invalid ')) return 400;
  return 422;
}

function handle(method: string, url: string, body: Record<string, unknown>): [number, unknown?] {
  if (method === 'GET' && url === '/health') return [200, { status: 'ok' }];
  if (method === 'GET' && url === '/ready') {
    return className === undefined || instance !== undefined ? [200, { status: 'ready' }] : [503, { status: 'waiting for construct' }];
  }
  if (method === 'POST' && url === '/_pivot/construct' && className !== undefined) {
    if (instance !== undefined) return [200, {}];
    const Class = module[className] as new (...args: unknown[]) => Record<string, unknown>;
    instance = new Class(...((body.args as unknown[] | undefined) ?? []));
    return [201, {}];
  }
  const route = routes.get(`${method} ${url}`);
  if (!route) return [404, { error: 'not_found', message: `no route ${method} ${url}` }];
  if (route.member !== undefined && instance === undefined) return [503, { error: 'not_ready', message: 'construct first' }];
  const args = route.params.map((p) => body[p]);
  const target = instance ?? module;
  const result = route.member === 'getter' ? target[route.name] : (target[route.name] as Callable).apply(target, args);
  return result === undefined ? [204] : [200, result];
}

const server = createServer((request, response) => {
  let text = '';
  request.on('data', (chunk: Buffer) => (text += chunk.toString()));
  request.on('end', () => {
    try {
      const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      const [status, payload] = handle(request.method ?? 'GET', request.url ?? '/', body);
      send(response, status, payload);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      send(response, unitErrorStatus(message), { error: 'unit_error', message });
    }
  });
});

server.listen(Number(portArg), '127.0.0.1', () => console.log(`${service.name} stand-in listening on ${portArg}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
