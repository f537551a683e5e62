import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  listDeployTemplates,
  loadDeployTemplate,
  manifestProblems,
  renderTemplate,
} from '../../../src/scaffold/deploy/dockerfiles.js';
import type { Workflow } from '../../../src/scaffold/deploy/github-actions.js';
import { renderDeployTree } from '../../../src/scaffold/deploy/index.js';
import { parseDockerfile, validateDockerfile } from '../../../src/scaffold/deploy/validate.js';
import { exampleSystem } from './example-system.js';

const system = exampleSystem();
const tree = renderDeployTree(system);

describe('CI workflow', () => {
  const workflow = parse(tree.get('.github/workflows/ci.yml')!) as Workflow;

  it('builds and tests every service with its own toolchain, then smoke-tests the system', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['build-gateway', 'build-pricing', 'build-inventory', 'smoke']);
    const uses = (job: string) => workflow.jobs[job]!.steps.flatMap((s) => (s.uses ? [s.uses.split('@')[0]] : []));
    expect(uses('build-gateway')).toEqual(['actions/checkout', 'actions/setup-node']);
    expect(uses('build-pricing')).toEqual(['actions/checkout', 'dtolnay/rust-toolchain', 'Swatinem/rust-cache']);
    expect(uses('build-inventory')).toEqual(['actions/checkout', 'actions/setup-go']);
    expect(workflow.jobs['build-pricing']!.defaults?.run['working-directory']).toBe('services/pricing');
    const smoke = workflow.jobs.smoke!;
    expect(smoke.needs).toEqual(['build-gateway', 'build-pricing', 'build-inventory']);
    const runs = smoke.steps.map((s) => s.run ?? '');
    expect(runs.some((r) => r.includes('pivot up'))).toBe(true);
    expect(runs.some((r) => r.includes('pivot smoke'))).toBe(true);
  });
});

describe('Dockerfiles', () => {
  it.each([
    ['gateway', 'node:20', 'node:20-slim', 'node'],
    ['services/pricing', 'rust:1-bookworm', 'gcr.io/distroless/cc-debian12:nonroot', '65532:65532'],
    ['services/inventory', 'golang:1.22', 'gcr.io/distroless/static-debian12:nonroot', '65532:65532'],
  ])('%s: multi-stage, small non-root final image with a health check', (dir, builder, runtime, user) => {
    const text = tree.get(`${dir}/Dockerfile`)!;
    expect(validateDockerfile(text)).toEqual([]);
    const stages = parseDockerfile(text);
    expect(stages.map((s) => s.from)).toEqual([builder, runtime]);
    const final = stages[1]!.instructions;
    expect(final.find((i) => i.keyword === 'USER')?.args).toBe(user);
    expect(final.find((i) => i.keyword === 'EXPOSE')?.args).toBe(String(system.services.find((s) => s.dir === dir)!.port));
    expect(tree.has(`${dir}/.dockerignore`)).toBe(true);
  });

  it('reports a Dockerfile that runs as root on a big image without a health check', () => {
    expect(validateDockerfile('FROM node:20\nCMD ["node", "x.js"]\n').map((p) => p.message)).toEqual([
      'must be multi-stage: build in one stage, run in another',
      'must run on a small base image (distroless, -slim or alpine)',
      'must switch to a non-root USER',
      'needs a HEALTHCHECK',
      'must EXPOSE the service port',
    ]);
  });
});

describe('deploy templates', () => {
  it('have sound manifests and render with their defaults', () => {
    const names = listDeployTemplates();
    expect(names).toEqual(['dockerfile-go', 'dockerfile-rust', 'dockerfile-typescript']);
    for (const name of names) {
      const template = loadDeployTemplate(name);
      expect(manifestProblems(template.manifest, name)).toEqual([]);
      const files = renderTemplate(template, { binary: 'svc', port: 9000, healthcheck: '["/app/svc","--healthcheck"]' });
      expect([...files.keys()]).toEqual(['Dockerfile', '.dockerignore']);
      expect(files.get('Dockerfile')).toContain('EXPOSE 9000');
    }
  });

  it('refuse a missing, mistyped or unknown variable', () => {
    const template = loadDeployTemplate('dockerfile-go');
    expect(() => renderTemplate(template, { binary: 'svc', port: '9000', colour: 'red' })).toThrow(
      /port must be a number; healthcheck is missing .*; colour is not a variable of the template/,
    );
  });
});
