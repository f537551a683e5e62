/**
 * What the gateway generator cannot do safely, in the user's terms: one factory per problem,
 * stable codes PIV20xx (same shape as the translator's diagnostics, so one formatter prints both).
 * An error means the rendered gateway would be wrong if used as it is; the tree is still
 * rendered so the user sees every problem in one run.
 */
import type { Diagnostic, Severity } from '../../translate/diagnostics.js';
import type { Origin } from '../../translate/ir.js';

export type { Diagnostic } from '../../translate/diagnostics.js';

const make =
  (code: string, severity: Severity, message: (construct: string) => string, hint: string) =>
  (origin: Origin, construct: string): Diagnostic => ({ code, severity, origin, construct, message: message(construct), hint });

export const callInSyncCallback = make(
  'PIV2001',
  'error',
  (c) => `${c}: the callback now has to await a remote call, but its caller does not await callbacks`,
  'use a for-of loop (sequential) or `await Promise.all(items.map(async …))` (concurrent) instead',
);
export const usedAsValue = make(
  'PIV2002',
  'error',
  (c) => `${c} is used as a value here, so calls through it cannot be made to await`,
  'call it directly, or pass a wrapper: `async (x) => await name(x)` where the receiver awaits it',
);
export const asyncAccessor = make(
  'PIV2003',
  'error',
  (c) => `accessor ${c} would have to await a remote call, and accessors cannot be async`,
  'turn the getter or setter into a method, then run pivot evolve again',
);
export const asyncConstructor = make(
  'PIV2004',
  'error',
  (c) => `constructor of ${c} would have to await a remote call, and constructors cannot be async`,
  'move the call into an async factory (`static async create(…)`) or the first method that needs it',
);
export const outsideFunction = make(
  'PIV2005',
  'error',
  (c) => `${c} runs outside any function (module top level, field initialiser or static block) and would have to await`,
  'move the call into a function, e.g. the app factory or a route handler',
);
export const generatorFunction = make(
  'PIV2006',
  'error',
  (c) => `generator ${c} would have to await a remote call`,
  'turn it into an async generator or collect the values first',
);
export const typedFunctionValue = make(
  'PIV2007',
  'error',
  (c) => `${c} has a declared function type that returns synchronously; it would have to return a Promise`,
  'change the declared type to return Promise<…>, or drop the annotation',
);
export const inheritedMethod = make(
  'PIV2008',
  'error',
  (c) => `method ${c} overrides, implements or is overridden by another declaration, which would stay synchronous`,
  'make the related declarations async too (or drop the inheritance), then run pivot evolve again',
);
export const concurrentMutation = make(
  'PIV2009',
  'error',
  (c) => `${c}: the map callback calls a unit that changes state; awaiting it through Promise.all would reorder the calls`,
  'use a for-of loop so the calls stay sequential',
);
export const unsupportedMember = make(
  'PIV2010',
  'error',
  (c) => `${c} cannot be served by the service contract (static member, public field, setter or overload)`,
  'make it a public method or keep the class in TypeScript',
);
export const planMismatch = make(
  'PIV2011',
  'error',
  (c) => `the plan and the module disagree: ${c}`,
  'regenerate the plan from the module (pivot evolve --plan) so names and parameters match',
);
export const unsupportedWireType = make(
  'PIV2012',
  'error',
  (c) => `${c} crosses the wire with a type the gateway's JSON client does not encode (Map, Set, Date, bigint, function)`,
  'pass plain objects, arrays, numbers, strings and booleans, or keep the unit in TypeScript',
);
export const typeError = make(
  'PIV2013',
  'error',
  (c) => `the rewritten gateway does not type-check: ${c}`,
  'look at the line in the generated gateway; this is either a pattern pivot does not rewrite or a pivot bug',
);
export const noFastifyApp = make(
  'PIV2014',
  'warning',
  () => 'no fastify instance was found, so UpstreamError → 503 and the /health dependencies are not wired in',
  'call withPivot(app) from the runtime folder on your fastify app, or map UpstreamError to 503 in your HTTP layer',
);
export const unsupportedParameter = make(
  'PIV2016',
  'error',
  (c) => `parameter ${c} has no name to send over the wire (destructured or rest parameter)`,
  'give the parameter a plain name and destructure it inside the function',
);
export const severalClasses = make(
  'PIV2017',
  'error',
  (c) => `service ${c} holds several classes, and the contract has one construct endpoint per service`,
  'extract each stateful class into its own service',
);
export const extendedClass = make(
  'PIV2018',
  'error',
  (c) => `class ${c} takes part in inheritance (extends or is extended), which the client class cannot reproduce`,
  'extract a class without base or derived classes, or keep it in TypeScript',
);
export const holdScope = make(
  'PIV2019',
  'warning',
  (c) => `${c} opens a hold and completes it, but its body cannot be wrapped for compensation (not a block body, or it uses \`arguments\`)`,
  'give it a block body without `arguments`; until then a failed completion leaves the hold to the service TTL',
);
export const memoryOnlyState = make(
  'PIV2020',
  'warning',
  (c) => `${c} is state the gateway keeps only in process memory: a restart loses it and replicas do not share it`,
  'keep such state in a Map or a number/string/boolean field initialised where it is declared (pivot makes those durable), or move it into an extracted service',
);
export const durableFieldUse = make(
  'PIV2021',
  'warning',
  (c) => `${c}: a use of a durable gateway field pivot cannot rewrite (it is kept in memory only)`,
  'use the field through this.<field> with get/set/has/delete/clear/size/keys/values/entries (Map) or read and assign it (number, string, boolean)',
);
export const durableValueChanged = make(
  'PIV2022',
  'warning',
  (c) => `${c} changes a value read from a durable Map in place; the store holds copies, so the change would be lost`,
  'write the changed value back with this.<field>.set(key, value)',
);
