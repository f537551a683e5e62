/**
 * Child-process entry that runs the TS original on planned inputs (started by vectors.ts as
 * `node --import tsx/esm record-runner <request.json>` with an IPC channel). It pins the clock
 * and Math.random, imports the module (with the units re-exported under aliases so internal
 * ones are reachable), and sends one message per recorded vector or call sequence.
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { decodeValue, encodeValue } from './vector-codec.js';
import { mulberry32, type CallSequence, type FunctionVector, type MethodCallVector } from './vectors-format.js';
import type { RunnerMessage, RunnerRequest, RunnerClassUnit, RunnerFunctionUnit } from './runner-protocol.js';
import { isEncodedRef } from './sequences.js';
import type { IrType } from './ir.js';

const ALIAS_HOOKS = `
let target; let aliases;
export async function initialize(data) { target = data.target; aliases = data.aliases; }
export async function load(url, context, nextLoad) {
  // TypeScript of a project without "type": "module" would load as CommonJS, which tsx/esm does
  // not transform; the translator's subset is import/export code, so load it as ESM instead.
  const ts = /^file:[^?]*[.](ts|tsx|cts)([?]|$)/.test(url) && !url.includes('/node_modules/');
  const result = await nextLoad(url, ts ? { ...context, format: 'module' } : context);
  if (url.split('?')[0] !== target || result.source == null) return result;
  const source = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source);
  const pairs = Object.entries(aliases);
  const tail = result.format === 'module'
    ? '\\nexport { ' + pairs.map(([name, alias]) => name + ' as ' + alias).join(', ') + ' };\\n'
    : '\\n' + pairs.map(([name, alias]) => 'module.exports.' + alias + ' = ' + name + ';').join('\\n') + '\\n';
  return { ...result, source: source + tail };
}
`;

function send(message: RunnerMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('record-runner needs an IPC channel'));
    process.send(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function pinWorld(clockMs: number, randomSeed: number): () => void {
  const RealDate = Date;
  class PinnedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clockMs);
      else super(...(args as [string]));
    }
    static override now(): number {
      return clockMs;
    }
  }
  globalThis.Date = PinnedDate as DateConstructor;
  let random = mulberry32(randomSeed);
  Math.random = () => random();
  return () => {
    random = mulberry32(randomSeed);
  };
}

/**
 * Strings and numbers an instance has shown so far (constructor args, call args, results), by
 * kind and by the field or parameter name they appeared under: the pool `$ref` args draw from,
 * most recent first, same-name values preferred.
 */
class SeenValues {
  private readonly strings: string[] = [];
  private readonly numbers: number[] = [];
  private readonly byName = new Map<string, unknown[]>();

  add(value: unknown, name = '', depth = 0): void {
    if (depth > 6 || value === null || value === undefined) return;
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      remember(typeof value === 'string' ? this.strings : this.numbers, value);
      if (name !== '') {
        const named = this.byName.get(name) ?? [];
        remember(named, value);
        this.byName.set(name, named);
      }
    } else if (Array.isArray(value) || value instanceof Set) {
      for (const v of value) this.add(v, name, depth + 1);
    } else if (value instanceof Map) {
      for (const [k, v] of value) {
        this.add(k, name, depth + 1);
        this.add(v, '', depth + 1);
      }
    } else if (typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) this.add(v, key, depth + 1);
    }
  }

  resolve(ref: { $ref: number; $type: string; $name?: string }): unknown | undefined {
    const fits = (v: unknown) =>
      ref.$type === 'string' ? typeof v === 'string' : typeof v === 'number' && (ref.$type !== 'i64' || Number.isInteger(v));
    const named = (this.byName.get(ref.$name ?? '') ?? []).filter(fits);
    const pool = named.length > 0 ? named : (ref.$type === 'string' ? this.strings : this.numbers).filter(fits);
    return pool.length === 0 ? undefined : pool[pool.length - 1 - (ref.$ref % pool.length)];
  }
}

function remember<T>(list: T[], value: T): void {
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
  list.push(value);
}

function runFunction(
  fn: (...args: unknown[]) => unknown,
  unit: RunnerFunctionUnit,
  request: RunnerRequest,
  args: unknown[],
): FunctionVector {
  const { table } = request;
  const decoded = unit.params.map((t, i) => decodeValue(args[i], t, table));
  try {
    const result = fn(...decoded);
    return { args: args as FunctionVector['args'], result: encodeValue(result, unit.result, table) };
  } catch (err) {
    return { args: args as FunctionVector['args'], error: errorMessage(err) };
  }
}

type Instance = Record<string, unknown>;

function runSequence(
  Cls: new (...args: unknown[]) => Instance,
  unit: RunnerClassUnit,
  request: RunnerRequest,
  planned: RunnerClassUnit['sequences'][number]['sequence'],
): CallSequence {
  const { table } = request;
  const seen = new SeenValues();
  const ctorArgs = unit.constructorParams.map((t, i) => decodeValue(planned.constructorArgs[i], t, table));
  ctorArgs.forEach((value, i) => seen.add(value, unit.constructorNames?.[i]));
  let instance: Instance;
  try {
    instance = new Cls(...ctorArgs);
  } catch (err) {
    return { constructorArgs: planned.constructorArgs, calls: [], constructorError: errorMessage(err) };
  }
  const calls: MethodCallVector[] = [];
  for (const call of planned.calls) {
    const method = unit.methods[call.method];
    if (!method) continue;
    const args = call.args.map((arg, i) => {
      const type: IrType = method.params[i] ?? { kind: 'unknown' };
      if (!isEncodedRef(arg)) return arg;
      const found = seen.resolve(arg);
      return found === undefined ? arg.$fallback : encodeValue(found, type, table);
    });
    const decoded = method.params.map((t, i) => decodeValue(args[i], t, table));
    decoded.forEach((value, i) => seen.add(value, method.names?.[i]));
    try {
      const result = method.getter
        ? instance[call.method]
        : (instance[call.method] as (...a: unknown[]) => unknown).apply(instance, decoded);
      seen.add(result);
      calls.push({ method: call.method, args, result: encodeValue(result, method.result, table) });
    } catch (err) {
      calls.push({ method: call.method, args, error: errorMessage(err) });
    }
  }
  return { constructorArgs: planned.constructorArgs, calls };
}

async function main(requestPath: string): Promise<void> {
  const request = JSON.parse(readFileSync(requestPath, 'utf8')) as RunnerRequest;
  register(`data:text/javascript,${encodeURIComponent(ALIAS_HOOKS)}`, {
    data: { target: request.moduleUrl, aliases: request.aliases },
  });
  const reseed = pinWorld(request.clockMs, request.randomSeed);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(request.moduleUrl)) as Record<string, unknown>;
  } catch (err) {
    await send({ type: 'fatal', message: `importing the module failed: ${errorMessage(err)}` });
    return;
  }
  await send({ type: 'ready' });
  for (const [u, unit] of request.units.entries()) {
    const alias = request.aliases[unit.name] ?? unit.name;
    const value = exports[alias] ?? exports[unit.name];
    if (typeof value !== 'function') {
      await send({ type: 'fatal', message: `the module has no ${unit.kind} named ${unit.name} at run time` });
      return;
    }
    if (unit.kind === 'function') {
      for (const item of unit.inputs) {
        reseed();
        const vector = runFunction(value as (...args: unknown[]) => unknown, unit, request, item.args);
        await send({ type: 'vector', unit: u, index: item.index, vector });
      }
    } else {
      for (const item of unit.sequences) {
        reseed();
        const sequence = runSequence(value as new (...args: unknown[]) => Instance, unit, request, item.sequence);
        await send({ type: 'sequence', unit: u, index: item.index, sequence });
      }
    }
  }
  await send({ type: 'finished' });
  process.disconnect?.();
}

const requestPath = process.argv[2];
if (requestPath) {
  main(requestPath).catch(async (err: unknown) => {
    await send({ type: 'fatal', message: errorMessage(err) }).catch(() => undefined);
    process.exitCode = 1;
  });
}
