/**
 * The Go service's JSON wire, generated into the translated package (`core/pivot_wire.go`) so it
 * can name every type the emitter declared, unexported ones and `jsMap`/`jsSet` included: one
 * decoder per IR type (checking the request value and naming its path in a `*PivotInputError`),
 * one appender per IR type (writing results as JSON.stringify would), and per endpoint a
 * `PivotServe…` function the main package routes to. The static helpers they call
 * (`pivotWireF64`, `pivotAppendStr`, …) are in templates/go-service/wire.go.hbs.
 */
import { UserError } from '../../errors.js';
import { ModuleInfo, type LockKind } from '../../translate/emit-go/context.js';
import { structFieldName, toPascal } from '../../translate/emit-go/names.js';
import { goType, isNilable, typeKey } from '../../translate/emit-go/types.js';
import type { ClassDecl, Expr, IrModule, IrType, Param } from '../../translate/ir.js';
import { wireTypeName, type Endpoint, type ServiceShape } from '../openapi.js';
import { goString } from './go-tests.js';

export interface GoWire {
  /** Declarations appended to the static helpers of core/pivot_wire.go. */
  code: string;
  /** operationId → the core function serving it. */
  serveFunctions: Map<string, string>;
  /** The core function constructing the class from `/_pivot/construct` args. */
  constructFunction?: string;
  /** The class's Go type as the main package names it (an alias when the class is unexported). */
  instanceType?: string;
  /** Parameters whose TS default is not a literal: the service requires them (README note). */
  requiredDefaults: string[];
  /** How the emitted class guards its state (none: immutable after construction). */
  lock?: LockKind;
}

const PRIMITIVE_KEYS = new Set(['F64', 'I64', 'Bool', 'Str']);

/** Go literal of a defaulted parameter's value, when it is a plain literal. */
function defaultLiteral(expr: Expr, type: IrType, goTypeName: string): string | undefined {
  switch (expr.kind) {
    case 'number':
      if (!Number.isFinite(expr.value)) return undefined;
      return type.kind === 'i64' || type.kind === 'f64' ? `${goTypeName}(${String(expr.value)})` : undefined;
    case 'unary':
      if (expr.op !== '-' || expr.operand.kind !== 'number') return undefined;
      return defaultLiteral({ ...expr.operand, value: -expr.operand.value }, type, goTypeName);
    case 'string':
      return type.kind === 'string' ? JSON.stringify(expr.value) : undefined;
    case 'bool':
      return type.kind === 'bool' ? String(expr.value) : undefined;
    case 'enumLit':
      return type.kind === 'enum' ? `${goTypeName}(${JSON.stringify(expr.variant)})` : undefined;
    case 'convert':
      return defaultLiteral(expr.value, type, goTypeName);
    default:
      return undefined;
  }
}

export class GoWireWriter {
  private readonly info: ModuleInfo;
  private readonly done = new Set<string>();
  private readonly decls: string[][] = [];
  private readonly taken: Set<string>;
  readonly requiredDefaults: string[] = [];

  constructor(private readonly module: IrModule) {
    this.info = new ModuleInfo(module);
    this.taken = new Set(this.info.names.packageNames());
  }

  private go(t: IrType): string {
    return goType(t, this.info.names);
  }

  /** A package-level name no translated declaration uses. */
  private claim(wanted: string): string {
    let out = wanted;
    while (this.taken.has(out)) out = `${out}_`;
    this.taken.add(out);
    return out;
  }

  private add(name: string, lines: string[]): void {
    this.done.add(name);
    this.decls.push(lines);
  }

  /** Name of `func(raw json.RawMessage, path string) (T, error)` for `t`. */
  decoder(t: IrType): string {
    const key = typeKey(t, this.info.names);
    const name = `pivotWire${key}`;
    if (PRIMITIVE_KEYS.has(key) || this.done.has(name)) return name;
    this.done.add(name);
    const T = this.go(t);
    const head = `func ${name}(raw json.RawMessage, path string) (${T}, error) {`;
    const bad = (zero: string, indent = '\t\t') => `${indent}return ${zero}, pivotWireBad(path, ${goString(wireTypeName(t, this.module))})`;
    switch (t.kind) {
      case 'enum': {
        const variants = this.info.enums.get(t.name)?.variants ?? [];
        const body = [head, '\tvar s string', `\tif len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {`];
        if (variants.length > 0) body.push('\t\tswitch s {', `\t\tcase ${variants.map((v) => JSON.stringify(v)).join(', ')}:`, `\t\t\treturn ${T}(s), nil`, '\t\t}');
        body.push('\t}', bad('""', '\t'), '}');
        this.add(name, body);
        break;
      }
      case 'optional': {
        const inner = this.decoder(t.inner);
        const present = isNilable(t.inner) ? 'v' : '&v';
        this.add(name, [
          head, '\tif pivotWireAbsent(raw) {', '\t\treturn nil, nil', '\t}', `\tv, err := ${inner}(raw, path)`, '\tif err != nil {',
          `\t\treturn nil, pivotWireOptional(err, path, ${goString(wireTypeName(t, this.module))})`, '\t}', `\treturn ${present}, nil`, '}',
        ]);
        break;
      }
      case 'array':
      case 'set': {
        const inner = this.decoder(t.element);
        const init = t.kind === 'array' ? `make(${T}, 0, len(items))` : `jsNewSet[${this.go(t.element)}]()`;
        const add = t.kind === 'array' ? 'out = append(out, v)' : 'out.Add(v)';
        this.add(name, [
          head, '\tvar items []json.RawMessage', '\tif !pivotWireArray(raw, &items) {', bad('nil'), '\t}', `\tout := ${init}`,
          '\tfor i, item := range items {', `\t\tv, err := ${inner}(item, pivotWireIndex(path, i))`, '\t\tif err != nil {', '\t\t\treturn nil, err',
          '\t\t}', `\t\t${add}`, '\t}', '\treturn out, nil', '}',
        ]);
        break;
      }
      case 'map': {
        const k = this.decoder(t.key);
        const v = this.decoder(t.value);
        this.add(name, [
          head, '\tvar pairs []json.RawMessage', '\tif !pivotWireArray(raw, &pairs) {', bad('nil'), '\t}',
          `\tout := jsNewMap[${this.go(t.key)}, ${this.go(t.value)}]()`, '\tfor i, pair := range pairs {', '\t\tat := pivotWireIndex(path, i)',
          '\t\tvar kv []json.RawMessage', '\t\tif !pivotWireArray(pair, &kv) || len(kv) != 2 {', '\t\t\treturn nil, pivotWireBad(at, "[key, value] pair")', '\t\t}',
          `\t\tk, err := ${k}(kv[0], pivotWireIndex(at, 0))`, '\t\tif err != nil {', '\t\t\treturn nil, err', '\t\t}',
          `\t\tv, err := ${v}(kv[1], pivotWireIndex(at, 1))`, '\t\tif err != nil {', '\t\t\treturn nil, err', '\t\t}', '\t\tout.Set(k, v)', '\t}', '\treturn out, nil', '}',
        ]);
        break;
      }
      case 'tuple': {
        const n = t.elements.length;
        const body = [head, `\tvar out ${T}`, '\tvar items []json.RawMessage', `\tif !pivotWireArray(raw, &items) || len(items) != ${n} {`, bad('out'), '\t}'];
        if (n > 0) body.push('\tvar err error');
        t.elements.forEach((e, i) => {
          body.push(`\tif out.V${i}, err = ${this.decoder(e)}(items[${i}], pivotWireIndex(path, ${i})); err != nil {`, '\t\treturn out, err', '\t}');
        });
        this.add(name, [...body, '\treturn out, nil', '}']);
        break;
      }
      case 'struct': {
        const decl = this.info.structs.get(t.name);
        const fields = decl?.fields ?? [];
        const body = [head, '\tvar fields map[string]json.RawMessage', '\tif !pivotWireObject(raw, &fields) {', bad('nil'), '\t}', `\tout := &${this.info.names.struct(t.name)}{}`];
        if (fields.length > 0) body.push('\tvar err error');
        // Decoders of the fields are generated after this one is marked done, so recursive types end.
        for (const f of fields) {
          const at = `path+${JSON.stringify(`.${f.name}`)}`;
          body.push(`\tif out.${structFieldName(f.name)}, err = ${this.decoder(f.type)}(fields[${JSON.stringify(f.name)}], ${at}); err != nil {`, '\t\treturn nil, err', '\t}');
        }
        this.add(name, [...body, '\treturn out, nil', '}']);
        break;
      }
      default:
        throw new UserError(`a ${t.kind} value cannot be read from JSON`, 'pass plain data across the service boundary');
    }
    return name;
  }

  /** A Go expression appending `expr` (of type `t`) to the byte slice `b`. */
  append(t: IrType, expr: string, b = 'b'): string {
    switch (t.kind) {
      case 'f64':
        return `pivotAppendF64(${b}, ${expr})`;
      case 'i64':
        return `pivotAppendI64(${b}, ${expr})`;
      case 'bool':
        return `pivotAppendBool(${b}, ${expr})`;
      case 'string':
        return `pivotAppendStr(${b}, ${expr})`;
      case 'enum':
        return `pivotAppendStr(${b}, string(${expr}))`;
      default:
        return `${this.appender(t)}(${b}, ${expr})`;
    }
  }

  private appender(t: IrType): string {
    const name = `pivotAppend${typeKey(t, this.info.names)}`;
    if (this.done.has(name)) return name;
    this.done.add(name);
    const head = `func ${name}(b []byte, v ${this.go(t)}) []byte {`;
    const nil = ['\tif v == nil {', '\t\treturn append(b, "null"...)', '\t}'];
    const list = (items: string, element: IrType, value: string): string[] => [
      "\tb = append(b, '[')", `\tfor i, x := range ${items} {`, '\t\tif i > 0 {', "\t\t\tb = append(b, ',')", '\t\t}', `\t\tb = ${this.append(element, value)}`, '\t}', "\treturn append(b, ']')",
    ];
    switch (t.kind) {
      case 'optional':
        this.add(name, [head, ...nil, `\treturn ${this.append(t.inner, isNilable(t.inner) ? 'v' : '*v')}`, '}']);
        break;
      case 'array':
        this.add(name, [head, ...list('v', t.element, 'x'), '}']);
        break;
      case 'set':
        this.add(name, [head, ...nil, ...list('v.Values()', t.element, 'x'), '}']);
        break;
      case 'map':
        this.add(name, [
          head, ...nil, "\tb = append(b, '[')", '\tfor i, e := range v.Entries() {', '\t\tif i > 0 {', "\t\t\tb = append(b, ',')", '\t\t}', "\t\tb = append(b, '[')",
          `\t\tb = ${this.append(t.key, 'e.V0')}`, "\t\tb = append(b, ',')", `\t\tb = ${this.append(t.value, 'e.V1')}`, "\t\tb = append(b, ']')", '\t}', "\treturn append(b, ']')", '}',
        ]);
        break;
      case 'tuple': {
        const body = [head, "\tb = append(b, '[')"];
        t.elements.forEach((e, i) => {
          if (i > 0) body.push("\tb = append(b, ',')");
          body.push(`\tb = ${this.append(e, `v.V${i}`)}`);
        });
        this.add(name, [...body, "\treturn append(b, ']')", '}']);
        break;
      }
      case 'struct': {
        const body = [head, ...nil, "\tb = append(b, '{')"];
        for (const f of this.info.structs.get(t.name)?.fields ?? []) {
          const field = `v.${structFieldName(f.name)}`;
          const key = `\tb = pivotAppendKey(b, ${goString(`${JSON.stringify(f.name)}:`)})`;
          if (f.type.kind === 'optional') {
            // An absent optional property is left out, as JSON.stringify leaves out undefined.
            const inner = f.type.inner;
            body.push(`\tif ${field} != nil {`, `\t${key}`, `\t\tb = ${this.append(inner, isNilable(inner) ? field : `*${field}`)}`, '\t}');
          } else {
            body.push(key, `\tb = ${this.append(f.type, field)}`);
          }
        }
        this.add(name, [...body, "\treturn append(b, '}')", '}']);
        break;
      }
      default:
        throw new UserError(`a ${t.kind} value cannot be written as JSON`, 'return plain data across the service boundary');
    }
    return name;
  }

  /** Lines declaring a0, a1 … from the request; `raw(i, name)` is the raw JSON expression. */
  private decodeParams(params: Param[], raw: (i: number, name: string) => string, fail: string, who: string): string[] {
    const lines: string[] = [];
    params.forEach((p, i) => {
      if (p.type.kind === 'tuple' && p.type.elements.length > 4) {
        throw new UserError(`parameter ${p.name} of ${who} is a tuple of ${p.type.elements.length}; the Go translation has tuples of up to 4`, 'pass an interface instead');
      }
      const decoder = this.decoder(p.type);
      const literal = p.defaultValue ? defaultLiteral(p.defaultValue, p.type, this.go(p.type)) : undefined;
      if (p.defaultValue && literal === undefined) this.requiredDefaults.push(`${who}(${p.name})`);
      if (literal !== undefined) {
        lines.push(
          `\ta${i} := ${literal}`, `\tif raw := ${raw(i, p.name)}; !pivotWireAbsent(raw) {`, `\t\tv, err := ${decoder}(raw, ${JSON.stringify(p.name)})`,
          '\t\tif err != nil {', `\t\t\treturn ${fail}, err`, '\t\t}', `\t\ta${i} = v`, '\t}',
        );
      } else {
        lines.push(`\ta${i}, err := ${decoder}(${raw(i, p.name)}, ${JSON.stringify(p.name)})`, '\tif err != nil {', `\t\treturn ${fail}, err`, '\t}');
      }
    });
    return lines;
  }

  /** Lines calling `call` and returning `([]byte, error)`. */
  private callAndEncode(e: Endpoint, call: string): string[] {
    const isVoid = e.result.kind === 'void';
    if (e.throws && isVoid) return [`\tif err := ${call}; err != nil {`, '\t\treturn nil, err', '\t}', '\treturn nil, nil'];
    if (e.throws) return [`\tr, err := ${call}`, '\tif err != nil {', '\t\treturn nil, err', '\t}', `\treturn ${this.append(e.result, 'r', 'nil')}, nil`];
    if (isVoid) return [`\t${call}`, '\treturn nil, nil'];
    return [`\tr := ${call}`, `\treturn ${this.append(e.result, 'r', 'nil')}, nil`];
  }

  /** `PivotServe…(args) ([]byte, error)` (or with the instance first, for methods). */
  serveFunction(e: Endpoint): string {
    const name = this.claim(`PivotServe${toPascal(e.operationId)}`);
    const args = e.params.map((_, i) => `a${i}`).join(', ');
    const decode = this.decodeParams(e.params, (_i, p) => `args[${JSON.stringify(p)}]`, 'nil', e.operationId);
    const body: string[] = [];
    let head: string;
    if (e.className === undefined) {
      head = `func ${name}(args map[string]json.RawMessage) ([]byte, error) {`;
      body.push(...this.callAndEncode(e, `${this.info.names.func(e.name)}(${args})`));
    } else {
      const info = this.info.classes.get(e.className)!;
      const goNames = this.info.names.method(e.className, e.name);
      head = `func ${name}(obj *${this.info.names.class(e.className)}, args map[string]json.RawMessage) ([]byte, error) {`;
      const ref = e.decl.kind === 'method' && e.decl.returnsFieldRef === true;
      if (ref && info.lock !== 'none') {
        // The result is part of the instance: write it out before another request can change it.
        const mu = `obj.${this.info.names.mutexField(e.className)}`;
        const writes = info.mutates.get(e.name) ?? e.mutates;
        const [lock, unlock] = info.lock === 'rwmutex' && !writes ? ['RLock', 'RUnlock'] : ['Lock', 'Unlock'];
        body.push(`\t${mu}.${lock}()`, `\tdefer ${mu}.${unlock}()`, ...this.callAndEncode(e, `obj.${goNames.impl}(${args})`));
      } else {
        body.push(...this.callAndEncode(e, `obj.${goNames.exported ?? goNames.impl}(${args})`));
      }
    }
    const what = e.kind === 'function' ? 'function' : e.kind === 'getter' ? 'getter' : 'method';
    this.decls.push([
      `// ${name} serves ${e.httpMethod} ${e.path}: the ${what} ${e.operationId}.`,
      head,
      ...decode,
      ...body,
      '}',
    ]);
    return name;
  }

  /** `PivotConstruct…(args []json.RawMessage) (*Class, error)` and the main package's name of the class. */
  lockOf(c: ClassDecl): LockKind | undefined {
    return this.info.classes.get(c.name)?.lock;
  }

  constructFunction(c: ClassDecl): { name: string; instanceType: string } {
    const goClass = this.info.names.class(c.name);
    let instanceType = goClass;
    if (!/^[A-Z]/.test(goClass)) {
      instanceType = this.claim(`Pivot${toPascal(c.name)}`);
      this.decls.push([`// ${instanceType} names the unexported ${goClass} for the service's main package.`, `type ${instanceType} = ${goClass}`]);
    }
    const name = this.claim(`PivotConstruct${toPascal(c.name)}`);
    const args = c.constructorParams.map((_, i) => `a${i}`).join(', ');
    const ctor = `${this.info.names.constructorOf(c.name)}(${args})`;
    this.decls.push([
      `// ${name} runs the ${c.name} constructor on the args of POST /_pivot/construct, in order.`,
      `func ${name}(args []json.RawMessage) (*${goClass}, error) {`,
      ...this.decodeParams(c.constructorParams, (i) => `pivotWireArg(args, ${i})`, 'nil', `${c.name} constructor`),
      `\treturn ${ctor}${c.constructorThrows ? '' : ', nil'}`,
      '}',
    ]);
    return { name, instanceType };
  }

  code(): string {
    return this.decls.map((d) => `\n${d.join('\n')}\n`).join('');
  }
}

/** Every declaration of core/pivot_wire.go beyond its static helpers, for one service. */
export function goWire(module: IrModule, shape: ServiceShape): GoWire {
  const writer = new GoWireWriter(module);
  const serveFunctions = new Map<string, string>();
  let construct: { name: string; instanceType: string } | undefined;
  if (shape.stateful) construct = writer.constructFunction(shape.stateful);
  for (const e of shape.endpoints) serveFunctions.set(e.operationId, writer.serveFunction(e));
  return {
    code: writer.code(),
    serveFunctions,
    constructFunction: construct?.name,
    instanceType: construct?.instanceType,
    requiredDefaults: writer.requiredDefaults,
    lock: shape.stateful ? writer.lockOf(shape.stateful) : undefined,
  };
}
