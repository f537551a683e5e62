import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { renderDeployTree } from '../../../src/scaffold/deploy/index.js';
import { defineService, serviceSettings, systemProblems } from '../../../src/scaffold/deploy/model.js';
import { exampleSystem } from './example-system.js';

describe('system model', () => {
  it('accepts the 3-service example and wires its settings', () => {
    const system = exampleSystem();
    expect(systemProblems(system)).toEqual([]);
    const gateway = system.services.find((s) => s.name === 'gateway')!;
    expect(serviceSettings(system, gateway)).toEqual({
      PORT: '8000',
      PRICING_URL: 'http://pricing:8001',
      INVENTORY_URL: 'http://inventory:8002',
      REDIS_URL: 'redis://redis:6379',
      STATE_DIR: '/var/lib/pivot/state',
      CACHE_TTL_SECONDS: '30',
    });
    expect(serviceSettings(system, system.services.find((s) => s.name === 'pricing')!)).toEqual({ PORT: '8001' });
  });

  it('runs a single writer as one replica and refuses more', () => {
    expect(defineService({ name: 'inventory', language: 'go', port: 8002, state: 'single-writer' }).replicas).toEqual({ min: 1, max: 1, targetCpu: 70 });
    expect(defineService({ name: 'inventory', language: 'go', port: 8002 }).state).toBe('stateless');
    const system = exampleSystem();
    system.services.find((s) => s.name === 'inventory')!.replicas.max = 3;
    expect(systemProblems(system)).toEqual([
      'service inventory: replicas.max is 3, but it is single-writer (one process owns its journal); keep replicas at 1, or give it store: "postgres" in the plan to scale it',
    ]);
  });

  it('names a dependency cycle', () => {
    const system = exampleSystem();
    system.services.find((s) => s.name === 'pricing')!.dependsOn = ['inventory'];
    system.services.find((s) => s.name === 'inventory')!.dependsOn = ['pricing'];
    expect(systemProblems(system)).toEqual(['services depend on each other in a cycle: pricing → inventory → pricing']);
    expect(() => renderDeployTree(system)).toThrow(UserError);
    expect(() => renderDeployTree(system)).toThrow(/cycle: pricing → inventory → pricing/);
  });

  it('names unknown dependencies, a missing redis and clashing ports', () => {
    const system = exampleSystem();
    delete system.redis;
    system.services.push(defineService({ name: 'billing', language: 'go', port: 8001, dependsOn: ['ledger'] }));
    expect(systemProblems(system)).toEqual([
      'pricing and billing both use port 8001',
      'gateway depends on redis, but polyglot-shop has no redis',
      'billing depends on "ledger", which is not a service of polyglot-shop',
    ]);
  });

  it('checks replica bounds and quantities', () => {
    const bad = defineService({
      name: 'pricing',
      language: 'rust',
      port: 8001,
      replicas: { min: 3, max: 2, targetCpu: 150 },
      resources: { cpuRequest: 'lots', memoryRequest: '64Mi', cpuLimit: '1', memoryLimit: '1Gi' },
    });
    const problems = systemProblems({ ...exampleSystem(), services: [bad] });
    expect(problems).toEqual([
      'service pricing: resources.cpuRequest "lots" is not a quantity like 100m or 128Mi',
      'service pricing: replicas.max (2) must be ≥ replicas.min (3)',
      'service pricing: replicas.targetCpu must be a percentage in 1..100',
    ]);
  });
});
