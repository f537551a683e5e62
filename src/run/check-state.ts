/**
 * Does the way a tree deploys each service fit what the service keeps? (pure) A single writer
 * (an embedded journal one process owns) must run as one replica on a volume that outlives it:
 * a StatefulSet with replicas 1 and a PersistentVolumeClaim at STATE_DIR, no autoscaler, and in
 * compose one container with a volume at STATE_DIR. A service on an external store may scale,
 * but only with STATE_URL set. Each problem names the file, the object and the fix.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ServiceModel, StateKind } from '../scaffold/deploy/model.js';

/** One Kubernetes document as read from a file: only the fields this check looks at are typed. */
export interface K8sDocument {
  /** 'k8s/inventory.yaml'. */
  file: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    replicas?: number;
    scaleTargetRef?: { kind?: string; name?: string };
    template?: { spec?: IPodSpec };
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
  };
  data?: Record<string, string>;
}

type ComposeVolume = string | { type?: string; source?: string; target?: string };
type ComposeService = {
  deploy?: { replicas?: number };
  scale?: number;
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: ComposeVolume[];
};
export type ComposeDocument = { services?: Record<string, ComposeService | null> } | null | undefined;

const COMPOSE_FILE = 'docker-compose.yml';

const FIX: Record<Exclude<StateKind, 'stateless'>, string> = {
  'single-writer': 'regenerate the deploy files with pivot, or give the service store: "postgres" in the plan (pivot.system.json) and regenerate to let it scale',
  'external-store': 'set STATE_URL (the postgres:// URL of its store), or keep it at one replica',
};

const why = (service: ServiceModel) => `${service.name} is single-writer: one process owns its journal in STATE_DIR`;

/** The value a container gets for an env var: its own env first, then its ConfigMaps (envFrom). */
function containerEnv(container: IContainer | undefined, docs: K8sDocument[], name: string): string | undefined {
  const own = container?.env?.find((e) => e.name === name);
  if (own) return own.value ?? (own.valueFrom ? '(from a reference)' : undefined);
  for (const source of container?.envFrom ?? []) {
    const config = docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name === source.configMapRef?.name);
    const value = config?.data?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

const serviceContainer = (pod: IPodSpec | undefined, service: ServiceModel): IContainer | undefined =>
  pod?.containers.find((c) => c.name === service.name) ?? pod?.containers[0];

function k8sProblems(service: ServiceModel, docs: K8sDocument[]): string[] {
  const problems: string[] = [];
  const kind = service.state;
  const workloads = docs.filter((d) => (d.kind === 'Deployment' || d.kind === 'StatefulSet') && d.metadata?.name === service.name);
  const scalers = docs.filter((d) => d.kind === 'HorizontalPodAutoscaler' && d.spec?.scaleTargetRef?.name === service.name);
  const at = (d: K8sDocument) => `${d.file}: ${d.kind} ${d.metadata?.name ?? '(no name)'}`;
  if (kind === 'single-writer') {
    if (workloads.length === 0) problems.push(`k8s/: no StatefulSet ${service.name}; ${why(service)}, so it runs as a StatefulSet with replicas: 1 and a PersistentVolumeClaim at STATE_DIR — ${FIX[kind]}`);
    for (const d of scalers) problems.push(`${at(d)}: scales ${service.name}, but ${why(service)}; remove the HorizontalPodAutoscaler — ${FIX[kind]}`);
    for (const d of workloads) {
      if (d.kind === 'Deployment') {
        problems.push(`${at(d)}: ${why(service)}, and a Deployment's rolling update starts a second pod on it (its disk does not outlive the pod either); make it a StatefulSet with replicas: 1 and a PersistentVolumeClaim — ${FIX[kind]}`);
        continue;
      }
      const replicas = d.spec?.replicas ?? 1;
      if (replicas !== 1) problems.push(`${at(d)}: spec.replicas is ${replicas}, but ${why(service)}; set spec.replicas: 1 — ${FIX[kind]}`);
      const container = serviceContainer(d.spec?.template?.spec, service);
      const stateDir = containerEnv(container, docs, 'STATE_DIR');
      const claims = new Set((d.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name));
      if (stateDir === undefined) {
        problems.push(`${at(d)}: the container sets no STATE_DIR, so ${service.name}'s journal would be on the container's own filesystem; set STATE_DIR to the mount path of its PersistentVolumeClaim`);
      } else if (!(container?.volumeMounts ?? []).some((m) => m.mountPath === stateDir && claims.has(m.name))) {
        problems.push(`${at(d)}: no PersistentVolumeClaim is mounted at STATE_DIR (${stateDir}), so the journal is lost with the pod; add a spec.volumeClaimTemplates entry and mount it at ${stateDir}`);
      }
    }
  } else if (kind === 'external-store') {
    for (const d of workloads) {
      const scaled = (d.spec?.replicas ?? 1) > 1 || scalers.length > 0;
      if (scaled && containerEnv(serviceContainer(d.spec?.template?.spec, service), docs, 'STATE_URL') === undefined) {
        problems.push(`${at(d)}: may run several replicas, but its container has no STATE_URL, so each would keep its own journal; ${FIX[kind]}`);
      }
    }
  }
  return problems;
}

function composeEnv(service: ComposeService, name: string): string | undefined {
  const env = service.environment;
  if (Array.isArray(env)) {
    const entry = env.find((e) => e === name || e.startsWith(`${name}=`));
    return entry === undefined ? undefined : entry.slice(name.length + 1);
  }
  const value = env?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** The container path of a compose volume entry: "[source:]target[:mode]" or the long form. */
function volumeTarget(v: ComposeVolume): string | undefined {
  if (typeof v !== 'string') return v.target;
  const parts = v.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

function composeProblems(service: ServiceModel, compose: ComposeDocument): string[] {
  const value = compose?.services?.[service.name];
  const at = `${COMPOSE_FILE}: services.${service.name}`;
  if (!value) return [];
  const problems: string[] = [];
  const replicas = Math.max(value.deploy?.replicas ?? 1, value.scale ?? 1);
  const key = value.scale !== undefined && value.scale > (value.deploy?.replicas ?? 1) ? 'scale' : 'deploy.replicas';
  if (service.state === 'single-writer') {
    if (replicas > 1) problems.push(`${at}.${key} is ${replicas}, but ${why(service)}; remove ${key} (one container) — ${FIX['single-writer']}`);
    const stateDir = composeEnv(value, 'STATE_DIR');
    if (stateDir === undefined) problems.push(`${at}.environment: no STATE_DIR, so ${service.name}'s journal would be on the container's own filesystem; set it to the target of a volume`);
    else if (!(value.volumes ?? []).some((v) => volumeTarget(v) === stateDir)) {
      problems.push(`${at}.volumes: nothing is mounted at STATE_DIR (${stateDir}), so the journal is lost with the container; add a named volume "${service.name}-state:${stateDir}"`);
    }
  } else if (service.state === 'external-store' && replicas > 1 && composeEnv(value, 'STATE_URL') === undefined) {
    problems.push(`${at}.${key} is ${replicas}, but it has no STATE_URL, so each container would keep its own journal; ${FIX['external-store']}`);
  }
  return problems;
}

/** Every contradiction between a service's state and how the tree's k8s and compose files scale it. */
export function stateProblems(services: ServiceModel[], k8s: K8sDocument[], compose: ComposeDocument): string[] {
  const problems: string[] = [];
  for (const service of services) {
    if (service.state === undefined) {
      problems.push(`pivot.system.json: service ${service.name} has no "state"; the tree was generated by an older pivot — regenerate it`);
      continue;
    }
    problems.push(...k8sProblems(service, k8s), ...composeProblems(service, compose));
  }
  return problems;
}
