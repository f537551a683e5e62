/**
 * Per-type decode (vector JSON → Go value) and encode (Go value → vector value tree) functions
 * for vectors_test.go, generated from the IR types so NaN/Infinity, optionals, Maps in insertion
 * order and structs keyed by TS names round-trip exactly.
 */
import type { IrType } from '../ir.js';
import type { ModuleInfo } from './context.js';
import { structFieldName } from './names.js';
import { goType, isNilable, typeKey } from './types.js';

const PRIMITIVE_DECODERS: Partial<Record<IrType['kind'], string>> = {
  f64: 'vtDecodeF64',
  i64: 'vtDecodeI64',
  string: 'vtDecodeStr',
  bool: 'vtDecodeBool',
};

export class Codecs {
  private readonly done = new Set<string>();
  private readonly functions: string[][] = [];

  constructor(private readonly info: ModuleInfo) {}

  private go(t: IrType): string {
    return goType(t, this.info.names);
  }

  /** Name of a `func(json.RawMessage) (T, error)` decoding type `t`. */
  decoder(t: IrType): string {
    const primitive = PRIMITIVE_DECODERS[t.kind];
    if (primitive) return primitive;
    const name = `vtDecode${typeKey(t, this.info.names)}`;
    if (this.done.has(name)) return name;
    this.done.add(name);
    const T = this.go(t);
    const head = `func ${name}(raw json.RawMessage) (${T}, error) {`;
    const fail = (what: string): string[] => [head, `\tvar zero ${T}`, `\treturn zero, errors.New(${JSON.stringify(what)})`, '}'];
    let body: string[];
    switch (t.kind) {
      case 'enum':
        body = [head, '\ts, err := vtDecodeStr(raw)', `\treturn ${T}(s), err`, '}'];
        break;
      case 'optional': {
        const inner = this.decoder(t.inner);
        const present = isNilable(t.inner) ? 'v' : '&v';
        body = [head, '\tif vtIsNull(raw) {', '\t\treturn nil, nil', '\t}', `\tv, err := ${inner}(raw)`, '\tif err != nil {', '\t\treturn nil, err', '\t}', `\treturn ${present}, nil`, '}'];
        break;
      }
      case 'array':
      case 'set': {
        const element = t.element;
        const inner = this.decoder(element);
        const init = t.kind === 'array' ? `make(${T}, 0, len(items))` : `jsNewSet[${this.go(element)}]()`;
        const add = t.kind === 'array' ? 'out = append(out, v)' : 'out.Add(v)';
        body = [
          head, '\tvar items []json.RawMessage', '\tif err := json.Unmarshal(raw, &items); err != nil {', '\t\treturn nil, err', '\t}',
          `\tout := ${init}`, '\tfor i, item := range items {', `\t\tv, err := ${inner}(item)`, '\t\tif err != nil {',
          '\t\t\treturn nil, fmt.Errorf("[%d]: %w", i, err)', '\t\t}', `\t\t${add}`, '\t}', '\treturn out, nil', '}',
        ];
        break;
      }
      case 'map': {
        const k = this.decoder(t.key);
        const v = this.decoder(t.value);
        body = [
          head, '\tvar pairs [][]json.RawMessage', '\tif err := json.Unmarshal(raw, &pairs); err != nil {', '\t\treturn nil, err', '\t}',
          `\tout := jsNewMap[${this.go(t.key)}, ${this.go(t.value)}]()`, '\tfor i, pair := range pairs {', '\t\tif len(pair) != 2 {',
          '\t\t\treturn nil, fmt.Errorf("[%d]: not a [key, value] pair", i)', '\t\t}', `\t\tk, err := ${k}(pair[0])`, '\t\tif err != nil {',
          '\t\t\treturn nil, fmt.Errorf("[%d] key: %w", i, err)', '\t\t}', `\t\tv, err := ${v}(pair[1])`, '\t\tif err != nil {',
          '\t\t\treturn nil, fmt.Errorf("[%d] value: %w", i, err)', '\t\t}', '\t\tout.Set(k, v)', '\t}', '\treturn out, nil', '}',
        ];
        break;
      }
      case 'tuple': {
        const lines = [head, `\tvar out ${T}`, '\tvar items []json.RawMessage', '\tif err := json.Unmarshal(raw, &items); err != nil {', '\t\treturn out, err', '\t}'];
        lines.push(`\tif len(items) != ${t.elements.length} {`, `\t\treturn out, fmt.Errorf("want ${t.elements.length} elements, got %d", len(items))`, '\t}');
        t.elements.slice(0, 4).forEach((e, i) => {
          lines.push(`\tv${i}, err := ${this.decoder(e)}(items[${i}])`, '\tif err != nil {', `\t\treturn out, fmt.Errorf("[${i}]: %w", err)`, '\t}', `\tout.V${i} = v${i}`);
        });
        body = [...lines, '\treturn out, nil', '}'];
        break;
      }
      case 'struct': {
        const decl = this.info.structs.get(t.name);
        const lines = [
          head, '\tif vtIsNull(raw) {', '\t\treturn nil, nil', '\t}', '\tvar fields map[string]json.RawMessage',
          '\tif err := json.Unmarshal(raw, &fields); err != nil {', '\t\treturn nil, err', '\t}', `\tout := &${this.info.names.struct(t.name)}{}`,
        ];
        for (const f of decl?.fields ?? []) {
          lines.push(
            `\tif item, ok := fields[${JSON.stringify(f.name)}]; ok {`, `\t\tv, err := ${this.decoder(f.type)}(item)`, '\t\tif err != nil {',
            `\t\t\treturn nil, fmt.Errorf("${f.name}: %w", err)`, '\t\t}', `\t\tout.${structFieldName(f.name)} = v`, '\t}',
          );
        }
        body = [...lines, '\treturn out, nil', '}'];
        break;
      }
      default:
        body = fail(`a ${t.kind} value cannot be read from a vector`);
    }
    this.functions.push(body);
    return name;
  }

  /** A Go expression encoding `expr` (of type `t`) as a vector value tree. */
  encode(t: IrType, expr: string): string {
    switch (t.kind) {
      case 'f64':
      case 'string':
      case 'bool':
        return expr;
      case 'i64':
        return `float64(${expr})`;
      case 'enum':
        return `string(${expr})`;
      case 'void':
      case 'class':
      case 'function':
      case 'unknown':
        return 'nil';
      default:
        return `${this.encoder(t)}(${expr})`;
    }
  }

  private encoder(t: IrType): string {
    const name = `vtEncode${typeKey(t, this.info.names)}`;
    if (this.done.has(name)) return name;
    this.done.add(name);
    const head = `func ${name}(v ${this.go(t)}) any {`;
    let body: string[];
    switch (t.kind) {
      case 'optional':
        body = [head, '\tif v == nil {', '\t\treturn nil', '\t}', `\treturn ${this.encode(t.inner, isNilable(t.inner) ? 'v' : '*v')}`, '}'];
        break;
      case 'array':
        body = [head, '\tout := make([]any, len(v))', '\tfor i, x := range v {', `\t\tout[i] = ${this.encode(t.element, 'x')}`, '\t}', '\treturn out', '}'];
        break;
      case 'set':
        body = [head, '\tif v == nil {', '\t\treturn nil', '\t}', '\tout := []any{}', '\tfor _, x := range v.Values() {', `\t\tout = append(out, ${this.encode(t.element, 'x')})`, '\t}', '\treturn out', '}'];
        break;
      case 'map':
        body = [
          head, '\tif v == nil {', '\t\treturn nil', '\t}', '\tout := []any{}', '\tfor _, e := range v.Entries() {',
          `\t\tout = append(out, []any{${this.encode(t.key, 'e.V0')}, ${this.encode(t.value, 'e.V1')}})`, '\t}', '\treturn out', '}',
        ];
        break;
      case 'tuple':
        body = [head, `\treturn []any{${t.elements.slice(0, 4).map((e, i) => this.encode(e, `v.V${i}`)).join(', ')}}`, '}'];
        break;
      case 'struct': {
        const decl = this.info.structs.get(t.name);
        const lines = [head, '\tif v == nil {', '\t\treturn nil', '\t}', '\tout := map[string]any{}'];
        for (const f of decl?.fields ?? []) {
          const field = `v.${structFieldName(f.name)}`;
          if (f.type.kind === 'optional') {
            lines.push(`\tif ${field} != nil {`, `\t\tout[${JSON.stringify(f.name)}] = ${this.encode(f.type, field)}`, '\t}');
          } else {
            lines.push(`\tout[${JSON.stringify(f.name)}] = ${this.encode(f.type, field)}`);
          }
        }
        body = [...lines, '\treturn out', '}'];
        break;
      }
      default:
        body = [head, '\treturn nil', '}'];
    }
    this.functions.push(body);
    return name;
  }

  /** A JSON sample of type `t` for synthetic calls (zero values; structs with their fields). */
  sample(t: IrType, depth = 0): string | undefined {
    switch (t.kind) {
      case 'f64':
      case 'i64':
        return '0';
      case 'bool':
        return 'false';
      case 'string':
        return '""';
      case 'enum':
        return JSON.stringify(this.info.enums.get(t.name)?.variants[0] ?? '');
      case 'optional':
        return 'null';
      case 'array':
      case 'set':
      case 'map':
        return '[]';
      case 'tuple': {
        const parts = t.elements.map((e) => this.sample(e, depth + 1));
        return parts.some((p) => p === undefined) ? undefined : `[${parts.join(',')}]`;
      }
      case 'struct': {
        if (depth > 4) return undefined;
        const decl = this.info.structs.get(t.name);
        const parts: string[] = [];
        for (const f of decl?.fields ?? []) {
          const v = this.sample(f.type, depth + 1);
          if (v === undefined) return undefined;
          parts.push(`${JSON.stringify(f.name)}:${v}`);
        }
        return `{${parts.join(',')}}`;
      }
      default:
        return undefined;
    }
  }

  render(): string[] {
    const out: string[] = [];
    for (const f of this.functions) out.push('', ...f);
    return out;
  }
}
