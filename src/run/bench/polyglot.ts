import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workload, WorkloadRequest } from '../../analyze/types.js';
import { kebabCase } from '../../scaffold/gateway/plan.js';
import type { FunctionVectorFile, VectorFile } from '../../translate/vectors-format.js';
import type { Ui } from '../../ui.js';
import { localServiceSpecs, readSystemFile, type SystemFile } from '../local-system.js';
import { buildTree, cargoTargetDir } from '../up.js';
import type { PolyglotResolver } from './targets.js';
import type { BenchTarget, DirectEndpoint } from './types.js';

const DIRECT_REQUESTS = 64;

interface OpenApi {
  paths: Record<string, { post?: { requestBody?: { content?: { 'application/json'?: { schema?: { required?: string[] } } } } } }>;
}

/**
 * Direct workloads for the function services of a tree: a service's own endpoint with bodies
 * taken from its golden vectors (real inputs the TS original answered), next to the gateway
 * route that reaches it. Class services have no stateless direct request: they are n/a.
 */
export function directEndpoints(root: string, file: SystemFile): DirectEndpoint[] {
  const productRoute = file.smoke.find((r) => r.method === 'GET' && /\/\d+$/.test(r.path));
  if (!productRoute) return [];
  const viaGateway: Workload = { source: 'file', requests: [{ method: 'GET', path: productRoute.path.replace(/\/\d+$/, '/{id:1-1000}'), weight: 1 }] };
  const out: DirectEndpoint[] = [];
  for (const service of file.system.services) {
    if (service.language === 'typescript') continue;
    const dir = join(root, service.dir);
    const vectorDir = join(dir, 'core', 'vectors');
    const openapiFile = join(dir, 'openapi.json');
    if (!existsSync(vectorDir) || !existsSync(openapiFile)) continue;
    const files = readdirSync(vectorDir).map((f) => JSON.parse(readFileSync(join(vectorDir, f), 'utf8')) as VectorFile);
    const fn = files.find((f): f is FunctionVectorFile => f.kind === 'function');
    if (!fn) continue;
    const openapi = JSON.parse(readFileSync(openapiFile, 'utf8')) as OpenApi;
    const path = Object.keys(openapi.paths).find((p) => p.endsWith(`/${kebabCase(fn.function)}`));
    const params = path ? openapi.paths[path]?.post?.requestBody?.content?.['application/json']?.schema?.required : undefined;
    if (!path || !params) continue;
    const requests: WorkloadRequest[] = fn.vectors
      // JSON cannot carry NaN/Infinity (encoded as {"$num": …} in vectors): the service would rightly answer 400.
      .filter((v) => v.error === undefined && !JSON.stringify(v.args).includes('"$num"'))
      .slice(0, DIRECT_REQUESTS)
      .map((v) => ({ method: 'POST', path, body: Object.fromEntries(params.map((name, i) => [name, v.args[i]])), weight: 1 }));
    if (requests.length > 0) out.push({ service: service.name, url: `http://127.0.0.1:${service.port}`, direct: { source: 'file', requests }, viaGateway });
  }
  return out;
}

/** `pivot bench --polyglot <tree>`: the generated system as pivot up runs it (built first), without its cache. */
export function polyglotResolver(ui: Ui): PolyglotResolver {
  return async (dir): Promise<BenchTarget> => {
    const file = readSystemFile(dir);
    await buildTree(dir, file, ui);
    // No Redis: with the gateway's cache on, repeated ids would be answered from Redis and the
    // comparison would measure caching, not the translated code. The monolith has no cache either.
    ui.info('polyglot system runs without Redis for the bench, so both systems compute every answer');
    const entry = file.system.services.find((s) => s.name === file.entry);
    return {
      name: 'polyglot',
      role: 'candidate',
      url: `http://127.0.0.1:${entry?.port ?? 8000}`,
      services: localServiceSpecs(dir, file.system, null, { cargoTargetDir: cargoTargetDir() }),
      direct: directEndpoints(dir, file),
    };
  };
}
