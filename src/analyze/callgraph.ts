import type { StaticUnit } from './types.js';

/** Pure call-graph queries over static units (edges are `StaticUnit.calls`). */
export interface CallGraph {
  byId: Map<string, StaticUnit>;
  callers: Map<string, string[]>;
  /** Ids reachable from a route handler; `undefined` when the project has no routes. */
  requestPath: Set<string> | undefined;
}

export function buildCallGraph(units: StaticUnit[]): CallGraph {
  const byId = new Map(units.map((u) => [u.id, u]));
  const callers = new Map<string, string[]>();
  for (const u of units) {
    for (const callee of u.calls) callers.set(callee, [...(callers.get(callee) ?? []), u.id]);
  }
  const handlers = units.filter((u) => u.isRouteHandler);
  let requestPath: Set<string> | undefined;
  if (handlers.length > 0) {
    requestPath = new Set();
    const stack = handlers.map((u) => u.id);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (requestPath.has(id)) continue;
      requestPath.add(id);
      const unit = byId.get(id);
      if (!unit) continue;
      // Calling a method (or `new`-ing a class) puts the class on the request path too.
      if (unit.parent) stack.push(unit.parent);
      stack.push(...unit.calls);
    }
  }
  return { byId, callers, requestPath };
}

/** The owner of a unit for "is this call inside the class?": a method's class, else itself. */
function owner(unit: StaticUnit): string {
  return unit.parent ?? unit.id;
}

/**
 * Units outside a class that its methods call, by owner (a class or a function), in the
 * user's terms (`InventoryStore`, `quotePrice`). Same-file plain helpers are not counted:
 * a store may well call a small validation function next to it.
 */
export function externalCollaborators(cls: StaticUnit, graph: CallGraph): string[] {
  const found = new Set<string>();
  for (const unit of graph.byId.values()) {
    if (unit.parent !== cls.id) continue;
    for (const calleeId of unit.calls) {
      const callee = graph.byId.get(calleeId);
      if (!callee || owner(callee) === cls.id) continue;
      const sameFileHelper = callee.file === cls.file && callee.kind === 'function';
      if (!sameFileHelper) found.add(owner(callee).split('#')[1] ?? owner(callee));
    }
  }
  return [...found].sort();
}

/** True when nothing in the unit waits, does I/O or writes shared state. */
export function isPureSync(unit: StaticUnit): boolean {
  const f = unit.features;
  return !f.isAsync && f.awaits === 0 && f.promiseOps === 0 && f.ioCalls.length === 0 && f.sharedStateWrites === 0 && !unit.isRouteHandler;
}
