/** The bundled monolith with pricing (quotePrice, pure) and inventory (InventoryStore) extracted. */
import { fileURLToPath } from 'node:url';
import type { ExtractedClass, GatewayPlan } from '../../../src/scaffold/gateway/index.js';

export const MONOLITH_ROOT = fileURLToPath(new URL('../../../fixtures/monolith', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const read = (name: string, params: string[]) => ({ name, params, idempotent: true, throws: true, getter: false });
const write = (name: string, params: string[]) => ({ name, params, idempotent: false, throws: true, getter: false });

export const INVENTORY_STORE: ExtractedClass = {
  kind: 'class',
  name: 'InventoryStore',
  constructorParams: ['seeds'],
  methods: [
    { ...read('has', ['productId']), throws: false },
    read('get', ['productId']),
    write('reserve', ['productId', 'quantity']),
    write('confirm', ['reservationId']),
    write('release', ['reservationId']),
    read('getReservation', ['reservationId']),
    { ...read('stats', []), throws: false },
  ],
  holds: [{ method: 'reserve', complete: 'confirm', compensate: 'release', idFrom: 'reservationId', idParam: 'reservationId', ttlSeconds: 30 }],
};

export function fixturePlan(root = MONOLITH_ROOT): GatewayPlan {
  return {
    root,
    services: [
      {
        name: 'pricing',
        envVar: 'PRICING_URL',
        defaultUrl: 'http://127.0.0.1:8001',
        module: 'src/pricing.ts',
        language: 'rust',
        units: [{ kind: 'function', name: 'quotePrice', params: ['input'], idempotent: true, cacheable: true, throws: true }],
      },
      {
        name: 'inventory',
        envVar: 'INVENTORY_URL',
        defaultUrl: 'http://127.0.0.1:8002',
        module: 'src/inventory.ts',
        language: 'go',
        units: [INVENTORY_STORE],
      },
    ],
  };
}
