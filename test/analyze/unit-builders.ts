import type { StaticUnit, UnitFeatures } from '../../src/analyze/types.js';

/** Test data builders for static units (pure-logic tests only). */
export function features(over: Partial<UnitFeatures> = {}): UnitFeatures {
  return {
    loopDepth: 0,
    loops: 0,
    numericOps: 0,
    mathCalls: 0,
    allocations: 0,
    isAsync: false,
    awaits: 0,
    promiseOps: 0,
    ioCalls: [],
    sharedStateReads: 0,
    sharedStateWrites: 0,
    calls: 0,
    statements: 5,
    lines: 10,
    ...over,
  };
}

export function unit(id: string, over: Partial<StaticUnit> = {}): StaticUnit {
  const [file, name] = id.split('#') as [string, string];
  return {
    id,
    file,
    name,
    kind: 'function',
    line: 1,
    column: 1,
    endLine: 10,
    exported: true,
    features: features(),
    calls: [],
    isRouteHandler: false,
    ...over,
  };
}
