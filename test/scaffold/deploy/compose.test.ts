import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ComposeFile } from '../../../src/scaffold/deploy/compose.js';
import { renderDeployTree } from '../../../src/scaffold/deploy/index.js';
import { GENERATED_HEADER } from '../../../src/scaffold/deploy/model.js';
import { parseDockerfile, validateCompose } from '../../../src/scaffold/deploy/validate.js';
import { exampleSystem } from './example-system.js';

const tree = renderDeployTree(exampleSystem());
const text = tree.get('docker-compose.yml')!;
const compose = parse(text) as ComposeFile;

describe('docker-compose.yml', () => {
  it('is valid against the compose-spec schema and starts with the generated header', () => {
    expect(text.startsWith(`# ${GENERATED_HEADER}\n`)).toBe(true);
    expect(validateCompose(text)).toEqual([]);
  });

  it('has every service, redis and monitoring, each with a health check and a restart policy', () => {
    expect(Object.keys(compose.services)).toEqual(['gateway', 'pricing', 'inventory', 'redis', 'prometheus', 'grafana']);
    expect(compose.services.redis!.image).toBe('redis:7-alpine');
    for (const service of Object.values(compose.services)) {
      expect(service.healthcheck.test[0]).toBe('CMD');
      expect(service.restart).toBe('unless-stopped');
    }
    expect(compose.services.pricing!.ports).toEqual(['8001:8001']);
    expect(compose.services.inventory!.ports).toEqual(['8002:8002']);
  });

  it('starts the gateway only once its dependencies are healthy', () => {
    const gateway = compose.services.gateway!;
    expect(gateway.ports).toEqual(['8000:8000']);
    expect(gateway.depends_on).toEqual({
      pricing: { condition: 'service_healthy' },
      inventory: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(gateway.environment).toMatchObject({ PRICING_URL: 'http://pricing:8001', REDIS_URL: 'redis://redis:6379' });
  });

  it('keeps each single writer on a named volume at STATE_DIR, one container, and the stateless without one', () => {
    for (const name of ['gateway', 'inventory']) {
      const service = compose.services[name]!;
      expect(service.volumes).toEqual([`${name}-state:/var/lib/pivot/state`]);
      expect(service.environment?.STATE_DIR).toBe('/var/lib/pivot/state');
      expect(service).not.toHaveProperty('deploy');
      expect(compose.volumes).toHaveProperty(`${name}-state`);
    }
    expect(compose.services.pricing!.volumes).toBeUndefined();
    expect(compose.services.pricing!.environment).not.toHaveProperty('STATE_DIR');
  });

  it('gives a service on an external store STATE_URL from the environment, refusing to start without it', () => {
    const system = exampleSystem();
    system.services.find((s) => s.name === 'inventory')!.state = 'external-store';
    const external = renderDeployTree(system).get('docker-compose.yml')!;
    expect(validateCompose(external)).toEqual([]);
    const inventory = (parse(external) as ComposeFile).services.inventory!;
    expect(inventory.environment?.STATE_URL).toBe("${INVENTORY_STATE_URL:?set INVENTORY_STATE_URL to the postgres:// URL of inventory's store}");
    expect(inventory.volumes).toBeUndefined();
  });

  it('creates the state directory in the image, owned by the service user, so a fresh volume is writable', () => {
    const go = parseDockerfile(tree.get('services/inventory/Dockerfile')!).at(-1)!;
    expect(go.instructions).toContainEqual({ keyword: 'COPY', args: '--from=build --chown=65532:65532 /out/state /var/lib/pivot/state' });
    const node = parseDockerfile(tree.get('gateway/Dockerfile')!).at(-1)!;
    expect(node.instructions).toContainEqual({ keyword: 'RUN', args: 'mkdir -p /var/lib/pivot/state && chown node:node /var/lib/pivot/state' });
    expect(tree.get('services/pricing/Dockerfile')).not.toContain('/var/lib/pivot/state');
  });

  it('uses the same health check as the service Dockerfile', () => {
    const dirs = [['gateway', 'gateway'], ['pricing', 'services/pricing'], ['inventory', 'services/inventory']] as const;
    for (const [name, dir] of dirs) {
      const final = parseDockerfile(tree.get(`${dir}/Dockerfile`)!).at(-1)!;
      const healthcheck = final.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.args;
      const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
      expect(['CMD', ...command]).toEqual(compose.services[name]!.healthcheck.test);
    }
  });
});

describe('validateCompose', () => {
  it('reports a bad port by its key path', () => {
    const broken = text.replace('- 8001:8001', '- "eighty:8001"');
    expect(validateCompose(broken)).toEqual([
      { where: 'services.pricing.ports[0]', message: '"eighty:8001" is not a port mapping like "8001:8001" or "8001"' },
    ]);
  });

  it('knows the port mappings compose accepts', () => {
    const withPort = (port: string) => validateCompose(`services:\n  web:\n    image: x\n    ports: ["${port}"]\n`);
    for (const good of ['8001', '8001:8001', '127.0.0.1:8001:8001', '[::1]:80:80', '8000-8010:8000-8010/udp']) {
      expect(withPort(good), good).toEqual([]);
    }
    for (const bad of ['0:80', '70000:80', 'localhost:80:80', '80/http']) expect(withPort(bad), bad).toHaveLength(1);
  });

  it('reports unknown keys, bad conditions and missing services', () => {
    const broken = [
      'services:',
      '  web:',
      '    image: x',
      '    prots: ["80:80"]',
      '    depends_on:',
      '      db: { condition: service_ready }',
      '      cache: { condition: service_started }',
      '    healthcheck: { interval: soon }',
    ].join('\n');
    expect(validateCompose(broken)).toEqual([
      { where: 'services.web.prots', message: 'unknown key' },
      { where: 'services.web.depends_on.db.condition', message: 'must be one of: service_started, service_healthy, service_completed_successfully' },
      { where: 'services.web.healthcheck.interval', message: '"soon" is not a duration like "10s" or "1m30s"' },
      { where: 'services.web.depends_on.db', message: 'no service named db' },
      { where: 'services.web.depends_on.cache', message: 'no service named cache' },
    ]);
  });

  it('reports YAML syntax errors by line', () => {
    expect(validateCompose('services:\n  a: [\n')[0]?.where).toMatch(/^line \d+$/);
  });
});
