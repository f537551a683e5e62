/**
 * What vectors.ts sends to record-runner.ts (a JSON request file) and what the runner sends
 * back over IPC. Indices are the vector's / sequence's position in its unit's file, so the
 * parent can restart the runner after a hang and still place every result.
 */
import type { IrType } from './ir.js';
import type { PlannedSequence } from './sequences.js';
import type { TypeTable } from './vector-codec.js';
import type { CallSequence, FunctionVector, VectorValue } from './vectors-format.js';

export interface RunnerFunctionUnit {
  kind: 'function';
  name: string;
  params: IrType[];
  result: IrType;
  inputs: { index: number; args: VectorValue[] }[];
}

export interface RunnerMethod {
  params: IrType[];
  /** Parameter names, in order (lets `$ref` args prefer values seen under the same name). */
  names?: string[];
  result: IrType;
  getter: boolean;
}

export interface RunnerClassUnit {
  kind: 'class';
  name: string;
  constructorParams: IrType[];
  constructorNames?: string[];
  methods: Record<string, RunnerMethod>;
  sequences: { index: number; sequence: PlannedSequence }[];
}

export type RunnerUnit = RunnerFunctionUnit | RunnerClassUnit;

export interface RunnerRequest {
  /** file: URL of the TS module. */
  moduleUrl: string;
  /** Unit name → the alias it is re-exported under (reaches internal units too). */
  aliases: Record<string, string>;
  clockMs: number;
  randomSeed: number;
  table: TypeTable;
  units: RunnerUnit[];
}

export type RunnerMessage =
  | { type: 'vector'; unit: number; index: number; vector: FunctionVector }
  | { type: 'sequence'; unit: number; index: number; sequence: CallSequence }
  | { type: 'fatal'; message: string }
  /** The module imported; every item from here on is timed on its own. */
  | { type: 'ready' }
  | { type: 'finished' };
