import { describe, expect, it } from 'vitest';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { renderDeployTree } from '../../../src/scaffold/deploy/index.js';
import { buildK8s } from '../../../src/scaffold/deploy/k8s.js';
import { validateK8s } from '../../../src/scaffold/deploy/validate.js';
import { exampleSystem } from './example-system.js';

type Doc = IDeployment | IStatefulSet | IService | IHorizontalPodAutoscaler | IConfigMap | IPodDisruptionBudget;

const system = exampleSystem();
const tree = renderDeployTree(system);
const k8sFiles = [...tree].filter(([path]) => path.startsWith('k8s/'));
const docs = k8sFiles.flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as Doc));
const find = <T extends Doc>(kind: T['kind'], name: string) => docs.find((d) => d.kind === kind && d.metadata?.name === name) as T;
const workloads = docs.filter((d): d is IDeployment | IStatefulSet => d.kind === 'Deployment' || d.kind === 'StatefulSet');
const kindsOf = (name: string) => buildK8s(system).get(`k8s/${name}.yaml`)!.map((o) => `${o.kind} ${o.metadata?.name}`);

describe('Kubernetes manifests', () => {
  it('has one file per service plus redis, each valid against the Kubernetes schemas', () => {
    expect(k8sFiles.map(([path]) => path)).toEqual(['k8s/gateway.yaml', 'k8s/inventory.yaml', 'k8s/pricing.yaml', 'k8s/redis.yaml']);
    for (const [path, text] of k8sFiles) expect(validateK8s(text), path).toEqual([]);
    for (const objects of buildK8s(system).values()) for (const object of objects) expect(() => object.validate()).not.toThrow();
  });

  it('gives a stateless service a ConfigMap, Deployment, Service and HPA with the recommended labels', () => {
    const service = system.services.find((s) => s.name === 'pricing')!;
    expect(kindsOf('pricing')).toEqual(['ConfigMap pricing-config', 'Deployment pricing', 'Service pricing', 'HorizontalPodAutoscaler pricing']);
    for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler'] as const) {
      expect(find(kind, service.name).metadata?.labels).toEqual({
        'app.kubernetes.io/name': service.name,
        'app.kubernetes.io/instance': `polyglot-shop-${service.name}`,
        'app.kubernetes.io/version': '0.1.0',
        'app.kubernetes.io/component': service.component,
        'app.kubernetes.io/part-of': 'polyglot-shop',
        'app.kubernetes.io/managed-by': 'pivot',
      });
    }
    const hpa = find<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler', service.name).spec!;
    expect(hpa.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service.name });
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([service.replicas.min, service.replicas.max]);
    expect(hpa.metrics?.[0]?.resource?.target.averageUtilization).toBe(service.replicas.targetCpu);
    expect(find<IService>('Service', service.name).spec?.ports?.[0]?.port).toBe(service.port);
    expect(find<IConfigMap>('ConfigMap', 'gateway-config').data).toMatchObject({ PRICING_URL: 'http://pricing:8001', REDIS_URL: 'redis://redis:6379' });
  });

  it('runs a single writer as a StatefulSet of one replica with a PVC at STATE_DIR, a PDB and no HPA', () => {
    for (const name of ['gateway', 'inventory']) {
      expect(kindsOf(name)).toEqual([`ConfigMap ${name}-config`, `StatefulSet ${name}`, `Service ${name}-headless`, `Service ${name}`, `PodDisruptionBudget ${name}`]);
      const set = find<IStatefulSet>('StatefulSet', name).spec!;
      expect(set.replicas).toBe(1);
      expect(set.serviceName).toBe(`${name}-headless`);
      expect(find<IService>('Service', `${name}-headless`).spec?.clusterIP).toBe('None');
      expect(find<IConfigMap>('ConfigMap', `${name}-config`).data?.STATE_DIR).toBe('/var/lib/pivot/state');
      expect(set.template.spec!.containers[0]!.volumeMounts).toContainEqual({ name: 'state', mountPath: '/var/lib/pivot/state' });
      expect(set.volumeClaimTemplates?.map((c) => [c.metadata?.name, c.spec?.accessModes, c.spec?.resources?.requests?.storage])).toEqual([['state', ['ReadWriteOnce'], '1Gi']]);
      // Claim templates are immutable: no version label that a new release would change.
      expect(Object.keys(set.volumeClaimTemplates![0]!.metadata!.labels!)).not.toContain('app.kubernetes.io/version');
      expect(find<IPodDisruptionBudget>('PodDisruptionBudget', name).spec).toMatchObject({ maxUnavailable: 0, selector: { matchLabels: set.selector.matchLabels } });
    }
    expect(docs.filter((d) => d.kind === 'HorizontalPodAutoscaler').map((d) => d.metadata?.name)).toEqual(['pricing']);
  });

  it('scales a service on an external store with STATE_URL from its Secret', () => {
    const external = exampleSystem();
    external.services.find((s) => s.name === 'inventory')!.state = 'external-store';
    const objects = buildK8s(external).get('k8s/inventory.yaml')!;
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Deployment', 'Service', 'HorizontalPodAutoscaler']);
    const deployment = objects[1] as unknown as IDeployment;
    expect(deployment.spec!.template.spec!.containers[0]!.env).toEqual([{ name: 'STATE_URL', valueFrom: { secretKeyRef: { name: 'inventory-state', key: 'url' } } }]);
    expect((objects[0] as unknown as IConfigMap).data).not.toHaveProperty('STATE_DIR');
    for (const object of objects) expect(() => object.validate()).not.toThrow();
  });

  it('probes /health and /ready and sets requests and limits', () => {
    const container = find<IDeployment>('Deployment', 'pricing').spec!.template.spec!.containers[0]!;
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  it('meets the Pod Security restricted profile in every pod', () => {
    expect(workloads.map((w) => w.kind)).toEqual(['StatefulSet', 'StatefulSet', 'Deployment', 'Deployment']);
    for (const workload of workloads) {
      const pod = workload.spec!.template.spec!;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.securityContext?.runAsUser).toBeGreaterThan(0);
      }
    }
  });
});

describe('validateK8s', () => {
  const pricing = tree.get('k8s/pricing.yaml')!;

  it('names the kind, object and field of a schema error', () => {
    const broken = pricing.replace('containerPort: 8001', 'containerPort: http');
    expect(validateK8s(broken)).toEqual([
      { where: 'Deployment pricing: spec.template.spec.containers[0].ports[0].containerPort', message: 'must be a whole number' },
    ]);
  });

  it('reports a pod that leaves the restricted profile, and inverted HPA bounds', () => {
    const broken = pricing
      .replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true')
      .replace('minReplicas: 2', 'minReplicas: 9');
    expect(validateK8s(broken)).toEqual([
      { where: 'Deployment pricing: spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', message: 'must be false' },
      { where: 'HorizontalPodAutoscaler pricing: spec.minReplicas', message: '9 is above spec.maxReplicas (8)' },
    ]);
  });
});
