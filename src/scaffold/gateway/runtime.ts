/**
 * The runtime files shipped into the gateway (upstream clients, cache, fastify wiring, metrics,
 * config), its runtime test and README, rendered from templates/ts-gateway/ — templates are
 * data, with a manifest of their variables (strict handlebars, no escaping).
 */
import { fileURLToPath } from 'node:url';
import { loadDeployTemplate, renderTemplate, type TemplateValues } from '../deploy/dockerfiles.js';
import type { ExtractedService, ExtractedUnit } from './plan.js';

/** Same depth from src/scaffold/gateway and dist/scaffold/gateway. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

export interface RuntimeValues {
  healthPath: string;
  addReadyRoute: boolean;
  addMetricsRoute: boolean;
  recordHttpMetrics: boolean;
  useDefaultRegistry: boolean;
  /** Relative to the gateway root, POSIX: `src/pivot`. */
  runtimeDir: string;
  gatewayName: string;
  monolithName: string;
  servicesTable: string;
  envRows: string;
  envExample: string;
  asyncifiedList: string;
  holdsList: string;
  durableList: string;
  testsNote: string;
}

/** Gateway-relative path → contents. `runtime/` in the manifest stands for the runtime folder. */
export function renderRuntimeFiles(values: RuntimeValues): Map<string, string> {
  const template = loadDeployTemplate('ts-gateway', TEMPLATES_DIR);
  // The runtime test sits in test/, one level below the gateway root.
  const all: TemplateValues = { ...values, runtimeImport: `../${values.runtimeDir}` };
  const rendered = renderTemplate(template, all);
  return new Map([...rendered].map(([file, text]) => [file.replace(/^runtime\//, `${values.runtimeDir}/`), text]));
}

/** The README's tables, from the plan: what moved where, and its URL variable. */
export function servicesMarkdown(services: ExtractedService[]): Pick<RuntimeValues, 'servicesTable' | 'envRows' | 'envExample'> {
  const describe = (unit: ExtractedUnit): string => {
    if (unit.kind === 'function') {
      const traits = [unit.idempotent ? 'retried' : 'retried with an idempotency key', unit.cacheable ? 'cached' : 'not cached'];
      return `\`${unit.name}\` (${traits.join(', ')})`;
    }
    const reads = unit.methods.filter((m) => m.idempotent).map((m) => m.name);
    const writes = unit.methods.filter((m) => !m.idempotent).map((m) => m.name);
    const parts = [reads.length > 0 ? `reads, retried: ${reads.join(', ')}` : '', writes.length > 0 ? `writes, retried with an idempotency key: ${writes.join(', ')}` : ''];
    return `\`${unit.name}\` (${parts.filter((p) => p !== '').join('; ')})`;
  };
  return {
    servicesTable: services
      .map((s) => `| ${s.name} | ${s.units.map(describe).join('<br>')} | \`${s.module}\` | ${s.language ?? 'a service'} | \`${s.envVar}\` (${s.defaultUrl}) |`)
      .join('\n'),
    envRows: services.map((s) => `| \`${s.envVar}\` | ${s.defaultUrl} | base URL of the ${s.name} service |`).join('\n'),
    envExample: [...services.map((s) => `${s.envVar}=${s.defaultUrl}`), 'REDIS_URL=redis://127.0.0.1:6379'].join(' '),
  };
}

/** Indented sub-items of the README's bullet on holds or on state, or a line saying there are none. */
export function nestedMarkdown(items: string[], none: string): string {
  return items.length === 0 ? `  - ${none}` : items.map((i) => `  - \`${i}\``).join('\n');
}

export function asyncifiedMarkdown(asyncified: string[]): string {
  return asyncified.length === 0 ? '- none (every call site was already in an async function)' : asyncified.map((a) => `- \`${a}\``).join('\n');
}
