import * as diag from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { F64, createBinary, type BinaryOp, type Expr, type IrType } from '../ir.js';
import type { ModuleTables } from './context.js';
import { EXACT, FLOAT, LOSSY, demandSources, integrality, type Integrality } from './integrality.js';
import { finalizeHooks } from './numeric-finalize.js';
import { NumericWalker } from './numeric-walk.js';
import type { NumericSlots } from './slots.js';

/** Integer inference: collect flows, solve the fixpoint (rules in integrality.ts), then finalize. */

export interface InferenceInput {
  tables: ModuleTables;
  slots: NumericSlots;
  entryPoints: string[];
  report: (d: Diagnostic) => void;
}

export function inferIntegers(input: InferenceInput): void {
  const { tables, slots } = input;
  markExternal(input);
  const inflows = new Map<number, Expr[]>();
  const addInflow = (id: number, value: Expr): void => {
    const list = inflows.get(id) ?? [];
    list.push(value);
    inflows.set(id, list);
  };
  new NumericWalker(tables, {
    sink(value, target) {
      const id = slots.idOf(target);
      if (id !== undefined) addInflow(id, value);
      else if (target.kind !== 'f64' && target.kind !== 'i64') slots.unify(value.type, target);
      return value;
    },
    integer(value) {
      for (const id of demandSources(value, slots)) slots.demanded.add(id);
      return value;
    },
    position(value) {
      for (const id of demandSources(value, slots)) slots.positions.add(id);
      return value;
    },
    float: (value) => value,
    derive: (expr) => expr,
    compound(stmt) {
      const id = slots.idOf(stmt.target.type);
      const op = stmt.op.slice(0, -1) as BinaryOp;
      if (id !== undefined) addInflow(id, createBinary(op, stmt.target, stmt.value, F64, stmt.origin));
      return stmt;
    },
    range(stmt) {
      const id = slots.idOf(stmt.type);
      if (id !== undefined && !Number.isInteger(stmt.step)) addInflow(id, { kind: 'number', value: stmt.step, type: { kind: 'f64' }, origin: stmt.origin });
      return stmt;
    },
    switchSubject: () => undefined,
  }).module();

  // Merge per class of unified slots.
  const classInflows = new Map<number, Expr[]>();
  const external = new Set<number>();
  for (let id = 0; id < slots.size; id++) {
    const root = slots.find(id);
    classInflows.set(root, [...(classInflows.get(root) ?? []), ...(inflows.get(id) ?? [])]);
    if (slots.external.has(id)) external.add(root);
  }
  // An input used only as a position stays f64 (callers may pass 1.7) and is truncated where used, as in JS.
  const demandedRoots = new Set([
    ...demandClosure(slots, slots.demanded, classInflows, new Set()),
    ...demandClosure(slots, slots.positions, classInflows, external),
  ]);
  const isIntRoot = new Map<number, boolean>();
  for (const root of classInflows.keys()) {
    const hasSource = (classInflows.get(root)?.length ?? 0) > 0 || external.has(root);
    isIntRoot.set(root, hasSource || demandedRoots.has(root));
  }
  const isInt = (id: number): boolean => isIntRoot.get(slots.find(id)) === true;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [root, values] of classInflows) {
      if (!isIntRoot.get(root)) continue;
      let worst: Integrality = external.has(root) ? LOSSY : EXACT;
      for (const value of values) worst = Math.max(worst, integrality(value, slots, isInt)) as Integrality;
      if (worst === FLOAT || (worst === LOSSY && !demandedRoots.has(root))) {
        isIntRoot.set(root, false);
        changed = true;
      }
    }
  }
  for (let id = 0; id < slots.size; id++) slots.resolve(id, isInt(id) ? 'i64' : 'f64');
  reportDecisions(input, isInt, external);
  new NumericWalker(tables, finalizeHooks(slots, input.report)).module();
}

/** The roots demanded by `seeds`, and transitively every slot their values are computed from, `blocked` roots left out. */
function demandClosure(slots: NumericSlots, seeds: Set<number>, classInflows: Map<number, Expr[]>, blocked: Set<number>): Set<number> {
  const roots = new Set([...seeds].map((id) => slots.find(id)).filter((root) => !blocked.has(root)));
  const pending = [...roots];
  for (let root = pending.pop(); root !== undefined; root = pending.pop()) {
    for (const value of classInflows.get(root) ?? []) {
      for (const source of demandSources(value, slots)) {
        const sourceRoot = slots.find(source);
        if (!roots.has(sourceRoot) && !blocked.has(sourceRoot)) {
          roots.add(sourceRoot);
          pending.push(sourceRoot);
        }
      }
    }
  }
  return roots;
}

/** Inputs of the entry points (and every struct field reachable from them) come from outside. */
function markExternal({ tables, slots, entryPoints }: InferenceInput): void {
  const seenStructs = new Set<string>();
  const mark = (type: IrType): void => {
    for (const id of slots.slotsIn(type)) slots.external.add(id);
    const visit = (t: IrType): void => {
      if (t.kind === 'struct' && !seenStructs.has(t.name)) {
        seenStructs.add(t.name);
        for (const field of tables.structs.get(t.name)?.fields ?? []) mark(field.type);
      } else if (t.kind === 'array' || t.kind === 'set') visit(t.element);
      else if (t.kind === 'optional') visit(t.inner);
      else if (t.kind === 'map') {
        visit(t.key);
        visit(t.value);
      } else if (t.kind === 'tuple') t.elements.forEach(visit);
    };
    visit(type);
  };
  for (const name of entryPoints) {
    const fn = tables.functions.get(name);
    if (fn) fn.params.forEach((p) => mark(p.type));
    const cls = tables.classes.get(name);
    if (!cls) continue;
    cls.constructorParams.forEach((p) => mark(p.type));
    for (const method of cls.methods) if (method.visibility === 'public') method.params.forEach((p) => mark(p.type));
  }
}

const COUNT_LIKE = /(^|[a-z_])(id|Id|ID|count|Count|index|Index|idx|Idx|qty|Qty|quantity|Quantity|size|Size|length|Length)$/;

function reportDecisions({ slots, report }: InferenceInput, isInt: (id: number) => boolean, external: Set<number>): void {
  for (let id = 0; id < slots.size; id++) {
    const info = slots.infos[id]!;
    if (external.has(slots.find(id)) && slots.external.has(id)) {
      if (isInt(id)) report(diag.assumedInteger(info.origin, info.description));
      else if (COUNT_LIKE.test(info.name) && /^(parameter|field) /.test(info.description)) {
        report(diag.numberAsFloat(info.origin, info.description));
      }
    }
    if (slots.keys.has(id) && !isInt(id)) report(diag.nonIntegralKey(info.origin, info.description));
  }
}
