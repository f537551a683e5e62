/**
 * The table of native equivalents for hot pure-JS packages (data/native-equivalents.json, kept as
 * data so it can grow without code), validated against its schema once on first use.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { InternalError } from '../errors.js';
import { formatSchemaErrors } from './schema.js';
import type { NativeEquivalent } from './types.js';

const TABLE = new URL('../../data/native-equivalents.json', import.meta.url);
const SCHEMA = new URL('../../schemas/native-equivalents.schema.json', import.meta.url);

export type NativeEquivalents = Readonly<Record<string, NativeEquivalent>>;

let loaded: NativeEquivalents | undefined;

/** Validates a table's JSON; returns the problems, empty when it is valid. */
export function validateNativeEquivalents(data: unknown): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  return validate(data) ? [] : formatSchemaErrors(validate.errors);
}

/** The bundled table, by npm package name. */
export function nativeEquivalents(): NativeEquivalents {
  if (!loaded) {
    const data = JSON.parse(readFileSync(TABLE, 'utf8')) as { packages: Record<string, NativeEquivalent> };
    const problems = validateNativeEquivalents(data);
    if (problems.length > 0) throw new InternalError(`data/native-equivalents.json does not match its schema:\n  ${problems.join('\n  ')}`);
    loaded = data.packages;
  }
  return loaded;
}
