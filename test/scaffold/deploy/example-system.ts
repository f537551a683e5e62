/**
 * The 3-service example as a model: the gateway depends on pricing, inventory and Redis; the
 * gateway and inventory keep their state in embedded journals (single writers), pricing none.
 */
import { defineService, type SystemModel } from '../../../src/scaffold/deploy/model.js';

export function exampleSystem(): SystemModel {
  return {
    name: 'polyglot-shop',
    version: '0.1.0',
    services: [
      defineService({
        name: 'gateway',
        language: 'typescript',
        port: 8000,
        dir: 'gateway',
        component: 'gateway',
        dependsOn: ['pricing', 'inventory', 'redis'],
        env: { CACHE_TTL_SECONDS: '30' },
        state: 'single-writer',
      }),
      defineService({ name: 'pricing', language: 'rust', port: 8001, replicas: { min: 2, max: 8, targetCpu: 60 } }),
      defineService({ name: 'inventory', language: 'go', port: 8002, state: 'single-writer' }),
    ],
    redis: { port: 6379 },
    monitoring: { prometheusPort: 9090, grafanaPort: 3000 },
  };
}
