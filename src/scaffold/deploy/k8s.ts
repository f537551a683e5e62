/**
 * Kubernetes manifests as typed kubernetes-models objects, one file per service, shaped by what
 * the service keeps (ServiceModel.state):
 * - stateless, and external-store (STATE_URL from a Secret): ConfigMap, Deployment, Service and
 *   an autoscaling/v2 HorizontalPodAutoscaler — any number of replicas may serve;
 * - single-writer (an embedded journal one process owns): ConfigMap, a StatefulSet of one
 *   replica with a PersistentVolumeClaim mounted at STATE_DIR, its headless Service, the
 *   Service clients call and a PodDisruptionBudget — and no HPA. A Deployment would not do: its
 *   rolling update starts the new pod before the old one stops, so two processes would open
 *   one journal (the second is refused), and a pod's disk would not outlive it.
 * Redis gets a Deployment and a Service. Every pod meets the Pod Security "restricted" profile.
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { Service } from 'kubernetes-models/v1/Service';
import {
  REDIS_IMAGE,
  REDIS_NAME,
  STATE_MOUNT_PATH,
  imageName,
  runtimeUser,
  serviceSettings,
  stateSecretName,
  type ServiceModel,
  type SystemModel,
} from './model.js';

export type K8sObject = ConfigMap | Deployment | StatefulSet | Service | HorizontalPodAutoscaler | PodDisruptionBudget;

/** The claim (and volume) name of a single writer's journal, and what each replica asks for. */
export const STATE_VOLUME = 'state';
export const STATE_STORAGE_REQUEST = '1Gi';
/** The headless Service that gives a single writer's StatefulSet its stable pod identity. */
export const headlessServiceName = (service: { name: string }): string => `${service.name}-headless`;

/** uid/gid of the `redis` user in the redis:7-alpine image. */
const REDIS_USER = { uid: 999, gid: 999 };

export interface LabelSubject {
  name: string;
  component: string;
}

/** The recommended app.kubernetes.io labels. */
export function recommendedLabels(system: SystemModel, subject: LabelSubject): Record<string, string> {
  return {
    'app.kubernetes.io/name': subject.name,
    'app.kubernetes.io/instance': `${system.name}-${subject.name}`,
    'app.kubernetes.io/version': system.version,
    'app.kubernetes.io/component': subject.component,
    'app.kubernetes.io/part-of': system.name,
    'app.kubernetes.io/managed-by': 'pivot',
  };
}

/** Selectors must not change between versions, so they use the stable labels only. */
export const selectorLabels = (system: SystemModel, name: string): Record<string, string> => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': `${system.name}-${name}`,
});

export function podSecurityContext(user: { uid: number; gid: number }): IPodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    fsGroup: user.gid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerSecurityContext(user: { uid: number; gid: number }): ISecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export const configMapName = (service: { name: string }): string => `${service.name}-config`;

function serviceContainer(system: SystemModel, service: ServiceModel): IContainer {
  const probe = (path: string, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds: 10,
    timeoutSeconds: 2,
    failureThreshold,
  });
  return {
    name: service.name,
    image: imageName(system, service),
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: service.port, protocol: 'TCP' }],
    envFrom: [{ configMapRef: { name: configMapName(service) } }],
    startupProbe: { ...probe(service.healthPath, 30), periodSeconds: 2 },
    livenessProbe: probe(service.healthPath, 3),
    readinessProbe: probe(service.readyPath, 3),
    resources: {
      requests: { cpu: service.resources.cpuRequest, memory: service.resources.memoryRequest },
      limits: { cpu: service.resources.cpuLimit, memory: service.resources.memoryLimit },
    },
    ...(service.state === 'external-store'
      ? { env: [{ name: 'STATE_URL', valueFrom: { secretKeyRef: { name: stateSecretName(service), key: 'url' } } }] }
      : {}),
    securityContext: containerSecurityContext(runtimeUser(service.language)),
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      ...(service.state === 'single-writer' ? [{ name: STATE_VOLUME, mountPath: STATE_MOUNT_PATH }] : []),
    ],
  };
}

function podTemplate(system: SystemModel, service: ServiceModel, labels: Record<string, string>): IPodTemplateSpec {
  return {
    metadata: {
      labels,
      annotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(service.port),
        'prometheus.io/path': service.metricsPath,
      },
    },
    spec: {
      automountServiceAccountToken: false,
      securityContext: podSecurityContext(runtimeUser(service.language)),
      containers: [serviceContainer(system, service)],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
}

function clusterService(service: ServiceModel, metadata: { name: string; labels: Record<string, string> }, selector: Record<string, string>, headless = false): Service {
  return new Service({
    metadata,
    spec: {
      type: 'ClusterIP',
      ...(headless ? { clusterIP: 'None' } : {}),
      selector,
      ports: [{ name: 'http', port: service.port, targetPort: 'http', protocol: 'TCP' }],
    },
  });
}

/** One replica that keeps its volume across restarts and reschedules; see the file comment. */
function singleWriterObjects(system: SystemModel, service: ServiceModel, labels: Record<string, string>, selector: Record<string, string>): K8sObject[] {
  const metadata = { name: service.name, labels };
  const headless = { name: headlessServiceName(service), labels };
  return [
    new StatefulSet({
      metadata,
      spec: {
        serviceName: headless.name,
        replicas: 1,
        selector: { matchLabels: selector },
        template: podTemplate(system, service, labels),
        // Stable labels only: a StatefulSet's claim templates cannot change after it is created.
        volumeClaimTemplates: [
          {
            metadata: { name: STATE_VOLUME, labels: selector },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: STATE_STORAGE_REQUEST } } },
          },
        ],
      },
    }),
    clusterService(service, headless, selector, true),
    clusterService(service, metadata, selector),
    // The only writer: a node drain waits for an operator to move it deliberately.
    new PodDisruptionBudget({ metadata, spec: { maxUnavailable: 0, selector: { matchLabels: selector } } }),
  ];
}

export function serviceObjects(system: SystemModel, service: ServiceModel): K8sObject[] {
  const labels = recommendedLabels(system, service);
  const selector = selectorLabels(system, service.name);
  const metadata = { name: service.name, labels };
  const config = new ConfigMap({ metadata: { name: configMapName(service), labels }, data: serviceSettings(system, service) });
  if (service.state === 'single-writer') return [config, ...singleWriterObjects(system, service, labels, selector)];
  return [
    config,
    new Deployment({
      metadata,
      // No spec.replicas: the HPA owns the count, and `kubectl apply` would reset it otherwise.
      spec: { selector: { matchLabels: selector }, template: podTemplate(system, service, labels) },
    }),
    clusterService(service, metadata, selector),
    new HorizontalPodAutoscaler({
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service.name },
        minReplicas: service.replicas.min,
        maxReplicas: service.replicas.max,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: service.replicas.targetCpu } },
          },
        ],
      },
    }),
  ];
}

/** A single-replica cache: Redis keeps nothing on disk here, so /data is an emptyDir. */
export function redisObjects(system: SystemModel, port: number): K8sObject[] {
  const labels = recommendedLabels(system, { name: REDIS_NAME, component: 'cache' });
  const selector = selectorLabels(system, REDIS_NAME);
  const metadata = { name: REDIS_NAME, labels };
  const ping = { exec: { command: ['redis-cli', '-p', String(port), 'ping'] }, periodSeconds: 10, timeoutSeconds: 2 };
  return [
    new Deployment({
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(REDIS_USER),
            containers: [
              {
                name: REDIS_NAME,
                image: REDIS_IMAGE,
                args: ['--port', String(port), '--save', '', '--appendonly', 'no'],
                ports: [{ name: 'redis', containerPort: port, protocol: 'TCP' }],
                livenessProbe: ping,
                readinessProbe: ping,
                resources: {
                  requests: { cpu: '50m', memory: '32Mi' },
                  limits: { cpu: '250m', memory: '128Mi' },
                },
                securityContext: containerSecurityContext(REDIS_USER),
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
            ],
            volumes: [{ name: 'data', emptyDir: {} }],
          },
        },
      },
    }),
    new Service({
      metadata,
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'redis', port, targetPort: 'redis', protocol: 'TCP' }],
      },
    }),
  ];
}

/** File name (under k8s/) → the objects it holds. */
export function buildK8s(system: SystemModel): Map<string, K8sObject[]> {
  const files = new Map<string, K8sObject[]>();
  for (const service of system.services) files.set(`k8s/${service.name}.yaml`, serviceObjects(system, service));
  if (system.redis) files.set(`k8s/${REDIS_NAME}.yaml`, redisObjects(system, system.redis.port));
  return files;
}
