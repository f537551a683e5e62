import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { InternalError } from '../errors.js';

const schemaDir = new URL('../../schemas/', import.meta.url);
// ajv-formats is CommonJS: under NodeNext its function arrives as the namespace's `default`.
const addFormats = ajvFormats.default as unknown as (ajv: Ajv) => Ajv;

function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8')) as Record<string, unknown>;
}

let analysisValidator: ValidateFunction | undefined;

/** The committed analysis.json schema (schemas/analysis.schema.json), compiled once. */
export function analysisValidatorFn(): ValidateFunction {
  if (!analysisValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const workload = loadSchema('workload.schema.json');
    ajv.addSchema({ ...workload, $id: 'https://pivot.dev/schemas/workload.schema.json' });
    analysisValidator = ajv.compile(loadSchema('analysis.schema.json'));
  }
  return analysisValidator;
}

export function formatSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Returns the schema violations of an analysis object (empty when valid). */
export function validateAnalysis(analysis: unknown): string[] {
  const validate = analysisValidatorFn();
  return validate(analysis) ? [] : formatSchemaErrors(validate.errors);
}

/** pivot must never write an analysis.json that breaks its own schema. */
export function assertValidAnalysis(analysis: unknown): void {
  const problems = validateAnalysis(analysis);
  if (problems.length > 0) {
    throw new InternalError(`analysis.json does not match schemas/analysis.schema.json:\n  ${problems.join('\n  ')}`);
  }
}
