import { make, type Diagnostic } from './diagnostic-factory.js';

export type { Diagnostic, Severity } from './diagnostic-factory.js';
export * from './diagnostics-constructs.js';

/**
 * Translator diagnostics: one factory per problem, each with a stable hand-written code.
 * Codes: PIV10xx syntax/construct not supported, PIV11xx types, PIV12xx library calls,
 * PIV13xx classes, PIV14xx semantics (lossy or assumed mappings, usually warnings),
 * PIV15xx module/unit resolution, PIV16xx golden vectors (recording the TS original),
 * PIV90xx translator bugs caught after emitting (the emitted code does not compile).
 * A code is never reused for another problem.
 */

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.origin.file}:${d.origin.line}:${d.origin.column}`;
  return `${where} ${d.severity} ${d.code}: ${d.message}\n  hint: ${d.hint}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}


// The factories below are the starting set; lowering adds one per new problem it detects.
export const unsupportedSyntax = make(
  'PIV1001',
  'error',
  (c) => `${c} cannot be translated`,
  'rewrite it with the supported constructs listed in docs/translate.md, or keep this unit in TypeScript',
);
export const unsupportedType = make(
  'PIV1101',
  'error',
  (c) => `type ${c} has no Rust/Go equivalent`,
  'use number, string, boolean, arrays, Map/Set, interfaces or string-literal unions',
);
export const unsupportedLibraryCall = make(
  'PIV1201',
  'error',
  (c) => `library call ${c} is not supported`,
  'replace it with a supported call (docs/translate.md) or move it out of the extracted unit',
);
export const numberAsFloat = make(
  'PIV1401',
  'warning',
  (c) => `${c} is a JavaScript number that could not be proven integral; it becomes f64`,
  'fine for prices and measures; use Math.floor/Math.trunc or integer-only arithmetic to get i64',
);
export const nondeterministic = make(
  'PIV1402',
  'warning',
  (c) => `${c} is non-deterministic; the unit is verified by properties, not fixed outputs`,
  'pass the value in as a parameter to make the unit verifiable by golden vectors',
);
export const unitNotFound = make(
  'PIV1501',
  'error',
  (c) => `no function, const-bound arrow function or class named ${c} in this file`,
  'check the name after # (pivot analyze lists unit ids), or omit it to translate every export',
);

// Golden vectors (recording the TS original).
export const vectorTimedOut = make(
  'PIV1601',
  'warning',
  (c) => `${c} did not finish in the TS original within the time limit; it is left out of the golden vectors`,
  'make the unit terminate on every input (e.g. guard loops against NaN), or keep this unit in TypeScript',
);
export const unrecordableUnit = make(
  'PIV1602',
  'warning',
  (c) => `no golden vectors for ${c}: its inputs or result cannot be generated or compared`,
  'give the unit plain-data parameters and result (numbers, strings, arrays, interfaces, Map/Set)',
);
export const unrecordableMethod = make(
  'PIV1603',
  'warning',
  (c) => `method ${c} is left out of the recorded call sequences: its inputs or result cannot be generated or compared`,
  'give the method plain-data parameters and result (numbers, strings, arrays, interfaces, Map/Set)',
);

/** Appends detail (e.g. the names that do exist) to a diagnostic's message. */
export function withDetail(diagnostic: Diagnostic, detail: string): Diagnostic {
  return { ...diagnostic, message: `${diagnostic.message} (${detail})` };
}

// ---- PIV11xx: types ------------------------------------------------------------------------
export const unsupportedUnion = make(
  'PIV1102',
  'error',
  (c) => `type ${c}: only T | undefined / T | null and named string-literal unions are translated`,
  'name string-literal unions with a type alias (type Tier = "a" | "b"); split other unions into separate fields',
);
export const anonymousObjectType = make(
  'PIV1103',
  'error',
  (c) => `type ${c}: object types need a name to become a struct`,
  'declare an interface (or type alias) for the object and annotate the value with it',
);
export const nonIntegralKey = make(
  'PIV1104',
  'error',
  (c) => `${c}: Map and Set keys of type number must be integral (they become i64)`,
  'key the collection by integers (Math.floor/Math.trunc) or by strings',
);
export const looseType = make(
  'PIV1105',
  'error',
  (c) => `type ${c} says nothing about the value's shape`,
  'give the value a precise type (number, string, an interface, …)',
);
export const genericDeclaration = make(
  'PIV1106',
  'error',
  (c) => `${c}: generic functions and classes are not translated yet`,
  'write the declaration for the concrete type it is used with',
);
export const numericEnum = make(
  'PIV1107',
  'error',
  (c) => `enum ${c}: only enums whose members are all string literals are translated`,
  'give every member a string value, or use a string-literal union type alias',
);

// ---- PIV12xx: library calls ----------------------------------------------------------------
export const ioCall = make(
  'PIV1202',
  'error',
  (c) => `${c} does I/O or touches the runtime environment`,
  'keep I/O in the TypeScript caller and pass the data in as parameters',
);
export const defaultSort = make(
  'PIV1203',
  'error',
  (c) => `${c}: sort() without a comparator compares values as strings`,
  'pass a comparator, e.g. sort((a, b) => a - b)',
);
export const dateObject = make(
  'PIV1204',
  'error',
  (c) => `${c}: Date objects are translated only as Date.now() and new Date(…).toISOString()`,
  'work with epoch milliseconds (numbers) and format with toISOString()',
);
export const unsupportedArguments = make(
  'PIV1205',
  'error',
  (c) => `${c} is translated only with the argument shapes listed in docs/translate.md`,
  'call it with plain arguments (no regex, radix other than 10, or extra callback parameters)',
);

// ---- PIV13xx: classes ----------------------------------------------------------------------
export const setterAccessor = make(
  'PIV1301',
  'error',
  (c) => `${c}: setters are not translated`,
  'replace the setter with a method, e.g. setValue(v)',
);
export const staticMember = make(
  'PIV1302',
  'error',
  (c) => `${c}: static members are not translated`,
  'move static data to a module-level const and static methods to module-level functions',
);
export const classInheritance = make(
  'PIV1303',
  'error',
  (c) => `${c}: class inheritance is not translated`,
  'compose instead: hold the other class in a field and delegate to it',
);
export const privateName = make(
  'PIV1304',
  'error',
  (c) => `${c}: a #private member becomes a private member of the same name, which this class already has`,
  'rename one of the two members',
);
export const methodAsValue = make(
  'PIV1305',
  'error',
  (c) => `${c}: a method or class used as a value is not translated`,
  'call the method directly, or wrap it in an arrow function passed to the array method',
);

export const fieldRefMutation = make(
  'PIV1306',
  'error',
  (c) => `${c}: mutating an object returned by a method/held in a field is not supported for Rust in this shape`,
  'mutate it through the field directly (this.items.get(id)!.x = …) or keep the one-alias, stable-key shape in docs/translate.md',
);

// ---- PIV14xx: semantics (lossy or assumed mappings) -----------------------------------------
export const assumedInteger = make(
  'PIV1403',
  'warning',
  (c) => `${c} is an input number used as an index, key or count; it becomes i64, assuming callers pass whole numbers`,
  'fine for ids and counts; JSON inputs with a fraction are rejected when decoded instead of behaving as in JS',
);
export const lossyIntegerConversion = make(
  'PIV1404',
  'warning',
  (c) => `${c} is converted from f64 to i64: fractions truncate toward zero, NaN becomes 0, ±Infinity saturates`,
  'make the value integral first (Math.floor/Math.trunc of integer arithmetic) to get an exact conversion',
);
export const outOfRangeRead = make(
  'PIV1405',
  'warning',
  (c) => `${c} reads by index: JavaScript yields undefined (NaN for charCodeAt) out of range; the translation assumes the index is in range`,
  'check the index against .length first, or use a method that handles absence (find, at with a guard)',
);
export const nonNullAssertion = make(
  'PIV1406',
  'warning',
  (c) => `${c}: the value is assumed present; if it is absent the translation fails where JavaScript would go on with undefined`,
  'check it against undefined and throw a descriptive Error instead of using !',
);
export const neverUndefined = make(
  'PIV1408',
  'warning',
  (c) => `${c}: the value cannot be undefined in the translation, so this comparison is constant`,
  'drop the comparison, or declare the value as optional (T | undefined)',
);
export const parameterMutated = make(
  'PIV1409',
  'warning',
  (c) => `${c}: the function changes an argument in place; JavaScript callers see the change`,
  'copy the argument first (slice(), a new Map) if callers must not see the change',
);

export const callbackResizesArray = make(
  'PIV1410',
  'error',
  (c) => `${c}: a callback changes the length of an array it was given; the translation cannot hand a closure the caller's array`,
  'loop over the arrays with for-of (or pass them to a named function) instead of changing them in a callback',
);

export const sharedReference = make(
  'PIV1411',
  'error',
  (c) => `${c}: two names share one array (or Map, Set, object) and one of them changes it in place; the translation gives each name its own copy`,
  'mutate the array through one name, or copy it explicitly with slice()',
);
export const parameterChangedAndRebound = make(
  'PIV1412',
  'error',
  (c) => `${c}: the function changes the argument in place and also reassigns the parameter; the translation cannot do both to the caller's value`,
  'copy the argument into a new local (const copy = xs.slice()) and change or reassign that instead',
);

// ---- PIV15xx: module and unit resolution ----------------------------------------------------
export const projectImport = make(
  'PIV1502',
  'error',
  (c) => `${c} is imported from another module of the project; lowering does not follow imports yet`,
  'translate that module too, or move what the unit needs into this file',
);
export const packageImport = make(
  'PIV1503',
  'error',
  (c) => `${c} comes from a package or Node.js module, which has no translation`,
  'keep calls into packages in the TypeScript caller and pass their results in as parameters',
);
export const typeScriptError = make(
  'PIV1504',
  'error',
  (c) => `TypeScript reports: ${c}`,
  'fix the type error first; lowering relies on the types the checker infers',
);
export const nothingToTranslate = make(
  'PIV1505',
  'error',
  (c) => `${c} exports no function, const-bound arrow function or class`,
  'name the unit after # (file.ts#name), or export the unit you want to translate',
);
export const notAUnit = make(
  'PIV1506',
  'error',
  (c) => `${c} is declared in this file but is not a function, const-bound arrow function or class`,
  'name a function or class; types and constants are translated along with the units that use them',
);
export const vectorsAbandoned = make(
  'PIV1604',
  'warning',
  (c) => `recording ${c} stopped after several inputs hung; its remaining inputs are left out of the golden vectors`,
  'make the unit terminate on every input (e.g. bound loops by a size check), or keep this unit in TypeScript',
);

// Translator bugs caught after emitting (the compile gate of pivot evolve).
export const emittedCodeDoesNotCompile = make(
  'PIV9001',
  'error',
  (c) => `the code emitted for ${c} does not compile; nothing was written`,
  'this is a pivot bug: please report it; --no-compile-check skips the gate',
);
