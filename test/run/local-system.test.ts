import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { buildSteps, localServiceSpecs, readSystemFile } from '../../src/run/local-system.js';
import type { ServiceSpec } from '../../src/run/spec.js';
import { exampleSystem } from '../scaffold/deploy/example-system.js';

const redis: ServiceSpec = { name: 'redis', command: 'redis-server', args: [], cwd: '/tmp', port: 6399, health: { tcp: true } };

describe('local system', () => {
  it('builds each service with its own toolchain, into one shared cargo target dir when set', () => {
    const steps = buildSteps('/out', exampleSystem(), { cargoTargetDir: '/cache/target' });
    expect(steps.map((s) => [s.service, s.tool, s.artefact, s.builtAt])).toEqual([
      ['gateway', 'npm', '/out/gateway/dist/server.js', undefined],
      ['pricing', 'cargo', '/out/services/pricing/bin/pricing', '/cache/target/release/pricing'],
      ['inventory', 'go', '/out/services/inventory/bin/inventory', undefined],
    ]);
    expect(buildSteps('/out', exampleSystem())[1]!.artefact).toBe('/out/services/pricing/target/release/pricing');
  });

  it('wires loopback URLs of dependencies and Redis into the environment', () => {
    const specs = localServiceSpecs('/out', exampleSystem(), redis);
    expect(specs.map((s) => s.name)).toEqual(['redis', 'gateway', 'pricing', 'inventory']);
    const gateway = specs.find((s) => s.name === 'gateway')!;
    expect(gateway.env).toMatchObject({
      PORT: '8000',
      BIND: '127.0.0.1',
      PRICING_URL: 'http://127.0.0.1:8001',
      INVENTORY_URL: 'http://127.0.0.1:8002',
      REDIS_URL: 'redis://127.0.0.1:6399',
      STATE_DIR: '/out/.pivot/state/gateway',
    });
    expect(gateway.dependsOn).toEqual(['pricing', 'inventory', 'redis']);
    expect(specs.find((s) => s.name === 'pricing')!.command).toBe('/out/services/pricing/target/release/pricing');
  });

  it('drops Redis from the dependencies when it is not running', () => {
    const gateway = localServiceSpecs('/out', exampleSystem(), null).find((s) => s.name === 'gateway')!;
    expect(gateway.dependsOn).toEqual(['pricing', 'inventory']);
    expect(gateway.env!.REDIS_URL).toBeUndefined();
  });

  it('refuses a folder without pivot.system.json, naming the command that makes one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pivot-nosys-'));
    expect(() => readSystemFile(dir)).toThrow(UserError);
    expect(() => readSystemFile(dir)).toThrow(/not a tree pivot generated/);
    writeFileSync(join(dir, 'pivot.system.json'), '{ nope');
    expect(() => readSystemFile(dir)).toThrow(/not valid JSON/);
  });
});
