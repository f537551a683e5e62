/**
 * Request mixes for `--mix`: the bundled shop's routes in a small table. Any other name is
 * taken as the path of a workload file (same format as pivot.workload.json), which is how a
 * different monolith, or a different blend, is benched.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Workload, WorkloadRequest } from '../../analyze/types.js';
import { UserError } from '../../errors.js';
import { loadWorkloadFile } from '../../workload/workload.js';

const PRODUCT: Omit<WorkloadRequest, 'weight'> = { method: 'GET', path: '/api/product/{id:1-1000}' };
const STATS: Omit<WorkloadRequest, 'weight'> = { method: 'GET', path: '/api/stats' };
const ORDER: Omit<WorkloadRequest, 'weight'> = { method: 'POST', path: '/api/order', body: { product_id: '{product_id:1-1000}', quantity: 1 } };

export interface MixDefinition {
  name: string;
  description: string;
  requests: WorkloadRequest[];
  /** Orders reserve stock: answers depend on where that state lives (one process, or one per worker). */
  changesState: boolean;
}

/** The named mixes; ids 1–1000 are the same range `pivot analyze` profiles with. */
export const MIXES: readonly MixDefinition[] = [
  { name: 'pricing', description: 'product reads, each priced from scratch (compute-bound)', requests: [{ ...PRODUCT, weight: 1 }], changesState: false },
  { name: 'read', description: 'stock statistics and product reads', requests: [{ ...STATS, weight: 1 }, { ...PRODUCT, weight: 1 }], changesState: false },
  { name: 'order', description: 'orders: reserve stock, price, confirm', requests: [{ ...ORDER, weight: 1 }], changesState: true },
  { name: 'mixed', description: 'product reads 6 : stats 2 : orders 1', requests: [{ ...PRODUCT, weight: 6 }, { ...STATS, weight: 2 }, { ...ORDER, weight: 1 }], changesState: true },
];


/** A workload file says nothing about state: any request it sends with a method other than GET may change it. */
export function workloadChangesState(workload: Workload): boolean {
  return workload.requests.some((r) => r.weight > 0 && r.method !== 'GET');
}

export const DEFAULT_MIX = 'mixed';
export const BENCH_WORKLOAD_FILE = 'pivot.workload.json';

export interface ChosenMix {
  /** The mix name, or the workload file's path. */
  name: string;
  workload: Workload;
  changesState: boolean;
}

/**
 * `--mix <name>` from the table, `--mix <file>` a workload file; without `--mix`, the
 * monolith's pivot.workload.json when it has one (what analyze profiled), else `mixed`.
 */
export function chooseMix(flag: string | undefined, cwd: string, monolithRoot: string): ChosenMix {
  const named = (name: string) => MIXES.find((mix) => mix.name === name);
  if (flag === undefined) {
    const beside = join(monolithRoot, BENCH_WORKLOAD_FILE);
    if (existsSync(beside)) return fromFile(beside);
    flag = DEFAULT_MIX;
  }
  const mix = named(flag);
  if (mix) return { name: mix.name, workload: { source: 'file', requests: mix.requests.map((r) => ({ ...r })) }, changesState: mix.changesState };
  const file = resolve(cwd, flag);
  if (!existsSync(file)) {
    throw new UserError(
      `--mix ${flag} is neither a known mix nor a workload file`,
      `use one of ${MIXES.map((m) => m.name).join(', ')}, or the path of a workload file like pivot.workload.json`,
    );
  }
  return fromFile(file);
}

function fromFile(file: string): ChosenMix {
  const workload = loadWorkloadFile(file);
  return { name: file, workload, changesState: workloadChangesState(workload) };
}
