/**
 * Holds (pure): the tentative calls of a stateful class whose effect must later be completed
 * or compensated (InventoryStore: `reserve` → `confirm`, or `release`), and what a service's
 * state is. Inferred from the IR, or declared in the plan (`holds` of a service), checked
 * against the class either way; the service keeps every hold with a deadline and its reaper
 * runs the compensator on those left open past it (docs/service-contract.md, "Holds").
 */
import { UserError } from '../../errors.js';
import type { ClassDecl, IrModule, IrType, MethodDecl } from '../../translate/ir.js';
import type { StateKind } from '../deploy/model.js';

export interface HoldPlan {
  /** The tentative method: its result names the hold. */
  method: string;
  /** The method that completes the hold, when there is one. */
  complete?: string;
  /** The method that undoes it: the reaper calls it when the hold expires. */
  compensate: string;
  /** The result's field holding the hold's id. */
  idFrom: string;
  /** The parameter of `complete` and `compensate` that takes the id; defaults to compensate's first. */
  idParam?: string;
  ttlSeconds?: number;
}

/** Where a stateful unit keeps its log: a journal on its own disk (default) or Postgres. */
export type StateStore = 'embedded' | 'postgres';

export const DEFAULT_HOLD_TTL_SECONDS = 30;

/** A hold with every default filled in. */
export type ResolvedHold = HoldPlan & { idParam: string; ttlSeconds: number };

const COMPENSATE_NAME = /^(release|cancel|abort|rollback|revert|undo|void|refund|expire|unreserve)/i;
const COMPLETE_NAME = /^(confirm|commit|complete|capture|finali[sz]e|fulfil|settle|accept)/i;

/** A class service with a method that changes the instance holds state; functions never do. */
export function isStatefulClass(cls: ClassDecl | undefined): boolean {
  return cls !== undefined && cls.methods.some((m) => m.visibility === 'public' && m.mutates);
}

/** Pure: how a unit that does (or does not) hold state is deployed, from the store the plan chose. */
export function stateKindOf(holdsState: boolean, store: StateStore | undefined): StateKind {
  if (!holdsState) return 'stateless';
  return store === 'postgres' ? 'external-store' : 'single-writer';
}

const publicMutating = (cls: ClassDecl): MethodDecl[] => cls.methods.filter((m) => m.visibility === 'public' && !m.isGetter && m.mutates);

/** The struct a method returns, when it returns one. */
function resultStruct(module: IrModule, m: MethodDecl): { name: string; fields: { name: string; type: IrType }[] } | undefined {
  const t = m.result;
  if (t.kind !== 'struct') return undefined;
  return module.structs.find((s) => s.name === t.name);
}

/** An id field: a string or number named `id` or `…Id`; the record must also carry an enum status. */
function idField(fields: { name: string; type: IrType }[]): string | undefined {
  if (!fields.some((f) => f.type.kind === 'enum')) return undefined;
  return fields.find((f) => /(^id$|Id$)/.test(f.name) && (f.type.kind === 'string' || f.type.kind === 'i64' || f.type.kind === 'f64'))?.name;
}

/**
 * Pure: the holds pivot sees in a class: a mutating method returning a record with an id and a
 * status enum, and methods of one parameter named like that id which move it on — named as a
 * compensation (release, cancel, …) and, optionally, a completion (confirm, commit, …).
 */
export function inferHolds(module: IrModule, cls: ClassDecl): HoldPlan[] {
  const mutating = publicMutating(cls);
  const holds: HoldPlan[] = [];
  for (const m of mutating) {
    if (COMPENSATE_NAME.test(m.name) || COMPLETE_NAME.test(m.name)) continue;
    const record = resultStruct(module, m);
    const idFrom = record && idField(record.fields);
    if (!idFrom) continue;
    const takesId = (r: MethodDecl) => r !== m && r.params.length === 1 && (r.params[0]!.name === idFrom || /Id$/.test(r.params[0]!.name));
    const compensators = mutating.filter((r) => takesId(r) && COMPENSATE_NAME.test(r.name));
    if (compensators.length !== 1) continue;
    const compensate = compensators[0]!;
    const idParam = compensate.params[0]!.name;
    const complete = mutating.find((r) => takesId(r) && COMPLETE_NAME.test(r.name) && r.params[0]!.name === idParam);
    holds.push({ method: m.name, ...(complete ? { complete: complete.name } : {}), compensate: compensate.name, idFrom, idParam, ttlSeconds: DEFAULT_HOLD_TTL_SECONDS });
  }
  return holds;
}

/** Pure: the declared holds checked against the class (each problem named), or the inferred ones. */
export function resolveHolds(module: IrModule, cls: ClassDecl, declared: HoldPlan[] | undefined, where: string): ResolvedHold[] {
  const holds = declared ?? inferHolds(module, cls);
  const mutating = new Map(publicMutating(cls).map((m) => [m.name, m]));
  const problems: string[] = [];
  const resolved = holds.map((h, i): ResolvedHold => {
    const at = `${where}.holds[${i}]`;
    for (const field of ['method', 'compensate', 'complete'] as const) {
      const name = h[field];
      if (name !== undefined && !mutating.has(name)) problems.push(`${at}.${field}: ${cls.name} has no public method ${name} that changes it`);
    }
    const compensate = mutating.get(h.compensate);
    const idParam = h.idParam ?? compensate?.params[0]?.name ?? '';
    for (const field of ['compensate', 'complete'] as const) {
      const m = h[field] === undefined ? undefined : mutating.get(h[field]!);
      if (m && !m.params.some((p) => p.name === idParam)) problems.push(`${at}.idParam: ${cls.name}.${m.name} has no parameter ${idParam || '(none)'}`);
    }
    const tentative = mutating.get(h.method);
    const record = tentative && resultStruct(module, tentative);
    if (tentative && !record?.fields.some((f) => f.name === h.idFrom)) problems.push(`${at}.idFrom: the result of ${cls.name}.${h.method} has no field ${h.idFrom}`);
    const ttlSeconds = h.ttlSeconds ?? DEFAULT_HOLD_TTL_SECONDS;
    if (!(ttlSeconds > 0)) problems.push(`${at}.ttlSeconds: must be a positive number of seconds`);
    return { method: h.method, ...(h.complete ? { complete: h.complete } : {}), compensate: h.compensate, idFrom: h.idFrom, idParam, ttlSeconds };
  });
  if (problems.length > 0) {
    throw new UserError(`${problems[0]}`, `fix the holds of ${where} (or remove them to let pivot infer them); docs/service-contract.md, "Holds"`, problems.slice(1));
  }
  return resolved;
}
