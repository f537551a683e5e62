/** PIV10xx: constructs lowering refuses, one error factory each (re-exported by diagnostics.ts). */
import { make } from './diagnostic-factory.js';

// ---- PIV10xx: constructs lowering refuses (each an error with its own code) ----------------
export const forInLoop = make(
  'PIV1002',
  'error',
  (c) => `${c}: for-in iterates property names, which have no typed equivalent`,
  'iterate a Map with for-of (for (const [key, value] of map)) or an array with for-of',
);
export const generatorFunction = make(
  'PIV1003',
  'error',
  (c) => `${c}: generators and yield are not translated`,
  'build and return an array instead of yielding values',
);
export const asyncCode = make(
  'PIV1004',
  'error',
  (c) => `${c}: async functions, await and promises are not translated`,
  'keep the I/O in TypeScript and extract the synchronous computation into its own function',
);
export const regexLiteral = make(
  'PIV1005',
  'error',
  (c) => `${c}: regular expressions are not translated`,
  'use string methods (split, indexOf, includes, startsWith, endsWith, trim) instead',
);
export const deleteOperator = make(
  'PIV1006',
  'error',
  (c) => `${c}: delete changes an object's shape, which a struct cannot do`,
  'keep such entries in a Map and call map.delete(key)',
);
export const runtimeTypeTest = make(
  'PIV1007',
  'error',
  (c) => `${c}: runtime type tests (typeof, instanceof) are not translated`,
  'give the value one declared type; for optional values compare with undefined',
);
export const argumentsObject = make(
  'PIV1008',
  'error',
  (c) => `${c}: the arguments object and rest parameters are not translated`,
  'declare each parameter, or pass an array',
);
export const dynamicCode = make(
  'PIV1009',
  'error',
  (c) => `${c}: eval and new Function run code unknown at translation time`,
  'write the code out as a function of the module',
);
export const capturedMutation = make(
  'PIV1010',
  'error',
  (c) => `${c}: a closure that assigns or mutates a variable of the enclosing function is not translated`,
  'use a for-of loop instead of the callback, or return the value from the callback',
);
export const localFunction = make(
  'PIV1011',
  'error',
  (c) => `${c}: a function value outside an array-method argument is not translated`,
  'move the helper to a module-level function and call it by name',
);
export const moduleMutableState = make(
  'PIV1012',
  'error',
  (c) => `${c}: module-level mutable state is not translated`,
  'make it a const, or move the state into a class field',
);
export const tryCatch = make(
  'PIV1013',
  'error',
  (c) => `${c}: try/catch/finally is not translated`,
  'let the error propagate: the translation returns it (Result in Rust, error in Go) to the caller',
);
export const throwNonError = make(
  'PIV1014',
  'error',
  (c) => `${c}: only \`throw new Error(message)\` is translated`,
  'throw new Error(message) with a string message',
);
export const switchFallthrough = make(
  'PIV1015',
  'error',
  (c) => `${c}: a case with statements falls through into the next case`,
  'end each case with break, return, throw or continue; list several labels on one body instead',
);
export const sideEffectInExpression = make(
  'PIV1016',
  'error',
  (c) => `${c}: assignments, ++ and -- are only translated as statements`,
  'move the assignment or increment into its own statement',
);
export const bitwiseOperator = make(
  'PIV1017',
  'error',
  (c) => `${c}: bitwise operators work on 32-bit integers in JavaScript and are not translated`,
  'use arithmetic (Math.floor(x / 2), x % 2, x * 2) or keep this unit in TypeScript',
);
export const looseEquality = make(
  'PIV1018',
  'error',
  (c) => `${c}: == between values of different types relies on coercion`,
  'compare values of one type with ===',
);
export const objectIdentity = make(
  'PIV1019',
  'error',
  (c) => `${c}: === on objects, arrays or maps compares identity, which the translation cannot keep`,
  'compare a key field (a.id === b.id) or the values you care about',
);
export const valueLogical = make(
  'PIV1020',
  'error',
  (c) => `${c}: && and || that return a non-boolean operand are not translated`,
  'use ?? for defaults, or a conditional expression (a ? b : c)',
);
export const ambiguousTruthiness = make(
  'PIV1021',
  'error',
  (c) => `${c}: the truthiness of this value mixes "absent" with 0, "", false or NaN`,
  'compare explicitly: x !== undefined, x > 0, s.length > 0',
);
export const unsupportedDestructuring = make(
  'PIV1022',
  'error',
  (c) => `${c}: only flat destructuring of struct fields and tuple/array elements (and the swap idiom) is translated`,
  'destructure one level without defaults or rest elements, or read the fields one by one',
);
export const optionalChainOnExpression = make(
  'PIV1023',
  'error',
  (c) => `${c}: ?. is translated on variables and field paths only`,
  'store the value in a const first, then use ?. (or check it against undefined)',
);
export const varDeclaration = make(
  'PIV1024',
  'error',
  (c) => `${c}: var has function scope and hoisting`,
  'use let or const',
);
export const breakOutOfSwitch = make(
  'PIV1025',
  'error',
  (c) => `${c}: break leaves a switch from inside a nested statement`,
  'restructure the case (if/else) so break is its last statement, or return from the function',
);
export const unsupportedSpread = make(
  'PIV1026',
  'error',
  (c) => `${c}: spread is translated only as [...array] / [...a, ...b] and {...struct} of the same interface`,
  'build the value explicitly (concat, slice, or a literal with every field)',
);
export const labelOnNonLoop = make(
  'PIV1027',
  'error',
  (c) => `${c}: labels are translated on loops only`,
  'put the label on the loop that break/continue targets',
);
export const throwInClosure = make(
  'PIV1028',
  'error',
  (c) => `${c}: a callback passed to an array method can throw`,
  'use a for-of loop so the error can propagate to the caller',
);
export const nestedFunction = make(
  'PIV1029',
  'error',
  (c) => `${c}: nested function and class declarations are not translated`,
  'move the declaration to the module level',
);
