import fc from 'fast-check';

/**
 * JSON Schema → fast-check arbitraries: values a schema accepts (the common keywords of the
 * OpenAPI documents pivot writes and of fastify route schemas), and values it must refuse.
 * Pure: no I/O; `$ref`s are resolved against the document they came from.
 */

export type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;
/** Id-like properties are drawn mostly from the catalogue's range, so requests reach real records. */
const ID_KEY = /(?:^id|_id|Id)$/;
/** Quantity-like properties are small most of the time, so orders succeed until stock runs out. */
const QUANTITY_KEY = /quantity|count|amount/i;

export function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/components/schemas/X`); an unresolvable one yields `{}` (anything). */
export function deref(schema: unknown, document: unknown, seen = 0): Schema {
  if (!isSchema(schema)) return {};
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen > MAX_DEPTH) return schema;
  let at: unknown = document;
  for (const part of ref.slice(2).split('/')) at = isSchema(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return deref(at, document, seen + 1);
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  if (isSchema(schema.properties)) return 'object';
  return undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function integerArbitrary(schema: Schema, key: string): fc.Arbitrary<number> {
  const min = num(schema.minimum) ?? (num(schema.exclusiveMinimum) !== undefined ? num(schema.exclusiveMinimum)! + 1 : undefined);
  const max = num(schema.maximum) ?? (num(schema.exclusiveMaximum) !== undefined ? num(schema.exclusiveMaximum)! - 1 : undefined);
  const low = Math.max(min ?? -1_000_000, Number.MIN_SAFE_INTEGER);
  const high = Math.min(max ?? 1_000_000, Number.MAX_SAFE_INTEGER);
  const common = ID_KEY.test(key) ? fc.integer({ min: Math.max(low, 1), max: Math.min(high, 10_500) }) : QUANTITY_KEY.test(key) ? fc.integer({ min: Math.max(low, 1), max: Math.min(high, 5) }) : fc.integer({ min: Math.max(low, 0), max: Math.min(high, 1000) });
  return fc.oneof({ arbitrary: common, weight: 8 }, { arbitrary: fc.integer({ min: low, max: high }), weight: 1 });
}

function numberArbitrary(schema: Schema, key: string): fc.Arbitrary<number> {
  const min = num(schema.minimum) ?? -1e6;
  const max = num(schema.maximum) ?? 1e6;
  return fc.oneof({ arbitrary: integerArbitrary(schema, key), weight: 3 }, { arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), weight: 1 });
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.max(minLength, num(schema.maxLength) ?? 40);
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }), fc.constantFrom(...['r-1', 'res-1', '1'].filter((s) => s.length >= minLength && s.length <= maxLength), 'x'.repeat(minLength)));
}

/** Values the schema accepts. */
export function validArbitrary(input: unknown, document: unknown, key = '', depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(input, document);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const k of ['oneOf', 'anyOf'] as const) {
    const options = schema[k];
    if (Array.isArray(options) && options.length > 0) return fc.oneof(...options.map((o) => validArbitrary(o, document, key, depth + 1)));
  }
  if (depth > MAX_DEPTH) return fc.constant(null);
  switch (typeOf(schema)) {
    case 'integer':
      return integerArbitrary(schema, key);
    case 'number':
      return numberArbitrary(schema, key);
    case 'string':
      return stringArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined;
      if (prefix) return fc.tuple(...prefix.map((p) => validArbitrary(p, document, key, depth + 1)));
      const minLength = num(schema.minItems) ?? 0;
      const maxLength = Math.max(minLength, num(schema.maxItems) ?? 4);
      return fc.array(validArbitrary(schema.items, document, key, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, sub] of Object.entries(properties)) model[name] = validArbitrary(sub, document, name, depth + 1);
      return fc.record(model, { requiredKeys: required.filter((r) => r in model) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values of a different JSON type than the schema's (a string where a number goes, …). */
export function wrongTypeArbitrary(input: unknown, document: unknown): fc.Arbitrary<unknown> {
  const type = typeOf(deref(input, document));
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.oneof(fc.string(), fc.constantFrom('5', '1e3', 'NaN', 'true'))],
    ['number', fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)), fc.constant(1.5))],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.integer(), { maxLength: 3 })],
    ['object', fc.constant({ nested: 1 })],
  ];
  // An integer schema refuses 1.5 too, so `number` stays among the wrong types for it.
  const other = all.filter(([t]) => t !== type);
  return fc.oneof(...other.map(([, a]) => a));
}

/** Numbers at the edges of what a language's number types hold. */
export const EDGE_NUMBERS: readonly number[] = [0, -1, -2147483649, 2147483648, 4294967296, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 63, 2 ** 64, 1e308, -1e308, 5e-324, 0.1, -0.0];
