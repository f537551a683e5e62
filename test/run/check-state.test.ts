import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { stateProblems, type ComposeDocument, type K8sDocument } from '../../src/run/check-state.js';
import { readSystemFile } from '../../src/run/local-system.js';
import { renderSystemTree } from '../../src/scaffold/apply.js';
import { renderDeployTree, validateK8s } from '../../src/scaffold/deploy/index.js';
import type { SystemModel } from '../../src/scaffold/deploy/model.js';
import { pivot, REPO } from '../e2e/cli.js';
import { exampleSystem } from '../scaffold/deploy/example-system.js';

/** The deploy files of a tree, read back the way `pivot check` reads them. */
function readBack(tree: Map<string, string>): { k8s: K8sDocument[]; compose: Exclude<ComposeDocument, null | undefined> } {
  const k8s = [...tree]
    .filter(([path]) => path.startsWith('k8s/'))
    .flatMap(([file, text]) => parseAllDocuments(text).map((d) => ({ ...(d.toJS() as object), file })));
  return { k8s, compose: parse(tree.get('docker-compose.yml')!) as Exclude<ComposeDocument, null | undefined> };
}

const rendered = (system: SystemModel) => readBack(renderDeployTree(system));

const hpaFor = (name: string, file = `k8s/${name}.yaml`): K8sDocument => ({
  file,
  kind: 'HorizontalPodAutoscaler',
  metadata: { name },
  spec: { scaleTargetRef: { kind: 'StatefulSet', name } },
});

const FIX = 'regenerate the deploy files with pivot, or give the service store: "postgres" in the plan (pivot.system.json) and regenerate to let it scale';
const WHY = 'inventory is single-writer: one process owns its journal in STATE_DIR';

describe('stateProblems', () => {
  const system = exampleSystem();

  it('passes what pivot renders, for every state kind', () => {
    const { k8s, compose } = rendered(system);
    expect(stateProblems(system.services, k8s, compose)).toEqual([]);
    const external = exampleSystem();
    external.services.find((s) => s.name === 'inventory')!.state = 'external-store';
    const other = rendered(external);
    expect(stateProblems(external.services, other.k8s, other.compose)).toEqual([]);
  });

  it('names the file, the object and the fix for an HPA on a single writer', () => {
    const { k8s, compose } = rendered(system);
    expect(stateProblems(system.services, [...k8s, hpaFor('inventory')], compose)).toEqual([
      `k8s/inventory.yaml: HorizontalPodAutoscaler inventory: scales inventory, but ${WHY}; remove the HorizontalPodAutoscaler — ${FIX}`,
    ]);
  });

  it('rejects a single writer as a Deployment, with replicas > 1, or without its PVC at STATE_DIR', () => {
    const { k8s, compose } = rendered(system);
    const set = k8s.find((d) => d.kind === 'StatefulSet' && d.metadata?.name === 'inventory')!;
    const asDeployment = k8s.map((d) => (d === set ? { ...d, kind: 'Deployment' } : d));
    expect(stateProblems(system.services, asDeployment, compose)).toEqual([
      `k8s/inventory.yaml: Deployment inventory: ${WHY}, and a Deployment's rolling update starts a second pod on it (its disk does not outlive the pod either); make it a StatefulSet with replicas: 1 and a PersistentVolumeClaim — ${FIX}`,
    ]);
    const scaled = k8s.map((d) => (d === set ? { ...d, spec: { ...d.spec, replicas: 3 } } : d));
    expect(stateProblems(system.services, scaled, compose)).toEqual([`k8s/inventory.yaml: StatefulSet inventory: spec.replicas is 3, but ${WHY}; set spec.replicas: 1 — ${FIX}`]);
    const noClaim = k8s.map((d) => (d === set ? { ...d, spec: { ...d.spec, volumeClaimTemplates: [] } } : d));
    expect(stateProblems(system.services, noClaim, compose)).toEqual([
      'k8s/inventory.yaml: StatefulSet inventory: no PersistentVolumeClaim is mounted at STATE_DIR (/var/lib/pivot/state), so the journal is lost with the pod; add a spec.volumeClaimTemplates entry and mount it at /var/lib/pivot/state',
    ]);
    const gone = k8s.filter((d) => d !== set);
    expect(stateProblems(system.services, gone, compose)).toEqual([
      `k8s/: no StatefulSet inventory; ${WHY}, so it runs as a StatefulSet with replicas: 1 and a PersistentVolumeClaim at STATE_DIR — ${FIX}`,
    ]);
  });

  it('rejects compose replicas > 1 and a missing state volume for a single writer, but lets the stateless scale', () => {
    const { k8s, compose } = rendered(system);
    const services = compose.services!;
    const edited: ComposeDocument = {
      services: { ...services, inventory: { ...services.inventory!, deploy: { replicas: 2 }, volumes: [] }, pricing: { ...services.pricing!, deploy: { replicas: 4 } } },
    };
    expect(stateProblems(system.services, k8s, edited)).toEqual([
      `docker-compose.yml: services.inventory.deploy.replicas is 2, but ${WHY}; remove deploy.replicas (one container) — ${FIX}`,
      'docker-compose.yml: services.inventory.volumes: nothing is mounted at STATE_DIR (/var/lib/pivot/state), so the journal is lost with the container; add a named volume "inventory-state:/var/lib/pivot/state"',
    ]);
  });

  it('lets an external-store service scale only with STATE_URL', () => {
    const external = exampleSystem();
    external.services.find((s) => s.name === 'inventory')!.state = 'external-store';
    const { k8s, compose } = rendered(external);
    const withoutUrl = k8s.map((d) =>
      d.kind === 'Deployment' && d.metadata?.name === 'inventory'
        ? { ...d, spec: { ...d.spec, template: { spec: { ...d.spec!.template!.spec!, containers: d.spec!.template!.spec!.containers.map((c) => ({ ...c, env: [] })) } } } }
        : d,
    );
    expect(stateProblems(external.services, withoutUrl, compose)).toEqual([
      'k8s/inventory.yaml: Deployment inventory: may run several replicas, but its container has no STATE_URL, so each would keep its own journal; set STATE_URL (the postgres:// URL of its store), or keep it at one replica',
    ]);
  });
});

/** What a user might add to k8s/inventory.yaml to scale it. */
const HAND_WRITTEN_HPA = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: inventory
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: inventory
  minReplicas: 1
  maxReplicas: 4
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;

describe('the example generated with store postgres', () => {
  it('makes inventory and the gateway external-store Deployments with HPAs, and the tree fits its state', async () => {
    const example = join(REPO, 'examples/polyglot-shop');
    const file = readSystemFile(example);
    const plan = { ...file.plan!, gatewayStore: 'postgres' as const, services: file.plan!.services.map((s) => (s.kind === 'class' ? { ...s, store: 'postgres' as const } : s)) };
    // Rendered as evolve --plan does, with the analysis it came from (recorded for pivot bench).
    const analysisFile = join(REPO, '.pivot', 'analysis.json');
    const result = await renderSystemTree({ monolithRoot: join(example, file.monolith!), outputDir: example, plan, systemName: file.system.name, seed: 1, vectorCount: file.generator?.vectors, analysisFile });
    expect(result.system.analysis).toBe('../../.pivot/analysis.json');
    expect(JSON.parse(result.tree.get('pivot.system.json')!)).toMatchObject({ analysis: '../../.pivot/analysis.json' });
    const system = result.system.system;
    expect(system.services.map((s) => [s.name, s.state])).toEqual([['gateway', 'external-store'], ['pricing', 'stateless'], ['inventory', 'external-store']]);
    const { k8s, compose } = readBack(result.tree);
    expect(stateProblems(system.services, k8s, compose)).toEqual([]);
    expect(k8s.filter((d) => d.kind === 'HorizontalPodAutoscaler').map((d) => d.metadata?.name).sort()).toEqual(['gateway', 'inventory', 'pricing']);
    expect(k8s.filter((d) => d.kind === 'StatefulSet')).toEqual([]);
    expect(validateK8s(result.tree.get('k8s/inventory.yaml')!)).toEqual([]);
  }, 300_000);
});

describe('pivot check on the committed example', () => {
  const copy = mkdtempSync(join(tmpdir(), 'pivot-check-state-'));
  cpSync(join(REPO, 'examples/polyglot-shop'), copy, { recursive: true });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('passes the unedited tree, then fails a hand-added HPA on inventory and compose replicas, naming file, object and fix', async () => {
    const clean = await pivot(['check', copy, '--no-drift', '--no-build']);
    expect(clean.stdout).toMatch(/scaling fits state\s+ok\s+gateway single-writer, pricing stateless, inventory single-writer/);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);

    appendFileSync(join(copy, 'k8s/inventory.yaml'), HAND_WRITTEN_HPA);
    const compose = parse(readFileSync(join(copy, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Record<string, unknown>> };
    compose.services.inventory!.deploy = { replicas: 3 };
    writeFileSync(join(copy, 'docker-compose.yml'), stringify(compose));

    const edited = await pivot(['check', copy, '--no-drift', '--no-build']);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/scaling fits state\s+FAIL\s+2 problem\(s\)/);
    expect(edited.stdout).toContain(`k8s/inventory.yaml: HorizontalPodAutoscaler inventory: scales inventory, but ${WHY}; remove the HorizontalPodAutoscaler`);
    expect(edited.stdout).toContain(`docker-compose.yml: services.inventory.deploy.replicas is 3, but ${WHY}`);
    // The hand-written HPA is a valid object: only the state check objects to it.
    expect(edited.stdout).toMatch(/Kubernetes manifests\s+ok/);
  }, 120_000);
});
