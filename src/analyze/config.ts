/**
 * The project's pivot configuration: `pivot.config.json` in the project folder, or the same
 * object under the `pivot` key of package.json (never both). It says how to start the server,
 * the environment it needs and what must run first; schemas/pivot-config.schema.json is the
 * contract, and every problem is a UserError naming the file and the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { UserError } from '../errors.js';

export type CollectorName = '0x' | 'cpu-prof';

export interface PivotConfig {
  start?: string;
  env?: Record<string, string>;
  setup?: string[];
  collector?: CollectorName;
  startTimeout?: number;
}

export interface LoadedConfig {
  config: PivotConfig;
  /** Where it was read, as the user would name it: `pivot.config.json` or `package.json "pivot"`. */
  origin: string;
  /** Absolute path of the file. */
  file: string;
}

export const CONFIG_FILE = 'pivot.config.json';
const HINT = `see docs/analyze.md ("Starting the server"); the schema is schemas/pivot-config.schema.json in the pivot package`;

let validator: ValidateFunction | undefined;

function configValidator(): ValidateFunction {
  if (!validator) {
    const schemaFile = fileURLToPath(new URL('../../schemas/pivot-config.schema.json', import.meta.url));
    validator = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  }
  return validator;
}

/** Reads the project's configuration, or undefined when it has none. */
export function loadConfig(root: string): LoadedConfig | undefined {
  const configFile = join(root, CONFIG_FILE);
  const packageFile = join(root, 'package.json');
  const fromPackage = existsSync(packageFile) ? (readJson(packageFile, 'package.json') as { pivot?: unknown } | undefined)?.pivot : undefined;
  if (existsSync(configFile)) {
    if (fromPackage !== undefined) {
      throw new UserError(`${root} has both ${CONFIG_FILE} and a "pivot" key in package.json`, `keep one of them; pivot reads either, not both`);
    }
    return validated(readJson(configFile, CONFIG_FILE), CONFIG_FILE, configFile, '');
  }
  if (fromPackage !== undefined) return validated(fromPackage, 'package.json "pivot"', packageFile, '/pivot');
  return undefined;
}

function readJson(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, label === CONFIG_FILE ? HINT : 'fix package.json');
  }
}

function validated(data: unknown, origin: string, file: string, prefix: string): LoadedConfig {
  const validate = configValidator();
  if (!validate(data)) {
    // Errors inside propertyNames come twice (the inner one says only "must NOT be valid"): keep the outer.
    const errors = (validate.errors ?? []).filter((error) => error.keyword === 'propertyNames' || error.propertyName === undefined);
    const problems = errors.map((error) => {
      const { pointer, message } = describeError(error);
      return `${file}: ${prefix + pointer || '/'} ${message}`;
    });
    const unique = [...new Set(problems)];
    throw new UserError(unique[0] ?? `${file}: ${prefix || '/'} is invalid`, HINT, unique.slice(1));
  }
  return { config: data as PivotConfig, origin, file };
}

function describeError(error: ErrorObject): { pointer: string; message: string } {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[]; propertyName?: string };
  const pointer = error.instancePath;
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    const known = pointer === '' ? ' (known keys: start, env, setup, collector, startTimeout)' : '';
    return { pointer: `${pointer}/${params.additionalProperty}`, message: `is not a known key${known}` };
  }
  if (error.keyword === 'propertyNames' && params.propertyName !== undefined) {
    const reserved = params.propertyName === 'PORT' || params.propertyName === 'HOST';
    return {
      pointer: `${pointer}/${params.propertyName}`,
      message: reserved
        ? 'is set by pivot; pass {port}/{host} to the server through another variable or the start command'
        : 'is not an environment variable name (letters, digits and _)',
    };
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return { pointer, message: `must be one of ${params.allowedValues.join(', ')}` };
  }
  return { pointer, message: error.message ?? 'is invalid' };
}
