/**
 * Go names for TS names: exported → PascalCase, internal → camelCase, Go initialisms (ID, URL …),
 * keywords and predeclared identifiers avoided, and one package-level table so two TS
 * declarations never print as the same Go identifier.
 */
import type { ClassDecl, IrModule } from '../ir.js';

const KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct',
  'switch', 'type', 'var',
]);

const PREDECLARED = new Set([
  'any', 'append', 'bool', 'byte', 'cap', 'clear', 'close', 'comparable', 'complex', 'complex64',
  'complex128', 'copy', 'delete', 'error', 'false', 'float32', 'float64', 'imag', 'int', 'int8', 'int16',
  'int32', 'int64', 'iota', 'len', 'make', 'max', 'min', 'new', 'nil', 'panic', 'print', 'println', 'real',
  'recover', 'rune', 'string', 'true', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
]);

/** Packages the generated files import: a local with one of these names would hide it. */
const PACKAGES = new Set([
  'errors', 'fmt', 'json', 'math', 'os', 'filepath', 'sort', 'strconv', 'strings', 'sync', 'testing', 'time',
  'utf16', 'utf8',
]);

/** Names the generated code itself declares inside function bodies. */
const GENERATED_LOCALS = new Set(['err', 'ok']);

/** Package-level names of jsrt.go and vectors_test.go that are not behind a `js` / `vt` prefix. */
const RUNTIME_EXPORTS = new Set(['SetClockMs', 'ResetClock', 'SeedRandom', 'TestVectors']);

const INITIALISMS = new Set([
  'ACL', 'API', 'ASCII', 'CPU', 'CSS', 'DNS', 'EOF', 'GUID', 'HTML', 'HTTP', 'HTTPS', 'ID', 'IP', 'JSON',
  'QPS', 'RAM', 'RPC', 'SKU', 'SLA', 'SMTP', 'SQL', 'SSH', 'TCP', 'TLS', 'TTL', 'UDP', 'UI', 'UID', 'UUID',
  'URI', 'URL', 'UTF8', 'VM', 'XML', 'XSRF', 'XSS',
]);

/** `productId` → [product, Id]; `MARKET_SIZE` → [MARKET, SIZE]; `HTTPServer` → [HTTP, Server]. */
export function splitWords(name: string): string[] {
  const words: string[] = [];
  for (const chunk of name.split(/[^A-Za-z0-9]+/)) {
    if (chunk === '') continue;
    const parts = chunk.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[A-Z]/g) ?? [chunk];
    for (const part of parts) {
      // Digits stay attached to the word before them (`utf8`, `v2`).
      if (/^[0-9]+$/.test(part) && words.length > 0) words[words.length - 1] += part;
      else words.push(part);
    }
  }
  return words;
}

function titleWord(word: string): string {
  const upper = word.toUpperCase();
  if (INITIALISMS.has(upper)) return upper;
  return upper.charAt(0) + word.slice(1).toLowerCase();
}

export function toPascal(name: string): string {
  const words = splitWords(name);
  const out = words.map(titleWord).join('');
  if (out === '') return 'X';
  return /^[0-9]/.test(out) ? `V${out}` : out;
}

export function toCamel(name: string): string {
  const words = splitWords(name);
  if (words.length === 0) return 'x';
  const [first, ...rest] = words as [string, ...string[]];
  const out = first.toLowerCase() + rest.map(titleWord).join('');
  return /^[0-9]/.test(out) ? `v${out}` : out;
}

function isGeneratedPrefix(name: string): boolean {
  return /^(js|vt)[A-Z0-9_]/.test(name) || /^tmp[0-9]+$/.test(name);
}

/** A Go-safe package identifier from a module name: lowercase letters and digits. */
export function goPackageName(name: string): string {
  let out = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (out === '' || /^[0-9]/.test(out)) out = `pkg${out}`;
  if (KEYWORDS.has(out) || PREDECLARED.has(out) || PACKAGES.has(out) || out === 'main' || out === 'jsrt') out = `${out}pkg`;
  return out;
}

/**
 * The Go name of a local variable or parameter. A pure function of the TS name (plus the
 * names the enclosing scope must not hide), so every occurrence maps the same way.
 */
export function goLocalName(name: string, reserved: ReadonlySet<string>): string {
  let out = toCamel(name);
  if (out === '_') return out;
  if (isGeneratedPrefix(out)) out = `v${out.charAt(0).toUpperCase()}${out.slice(1)}`;
  while (
    KEYWORDS.has(out) || PREDECLARED.has(out) || PACKAGES.has(out) || GENERATED_LOCALS.has(out) || reserved.has(out)
  ) {
    out = `${out}_`;
  }
  return out;
}

/** Package-level names for every declaration of a module, unique across the package. */
export class GoNames {
  private readonly taken = new Set<string>(RUNTIME_EXPORTS);
  private readonly structs = new Map<string, string>();
  private readonly enums = new Map<string, string>();
  private readonly variants = new Map<string, string>();
  private readonly consts = new Map<string, string>();
  private readonly functions = new Map<string, string>();
  private readonly classes = new Map<string, string>();
  private readonly constructors = new Map<string, string>();
  private readonly classFields = new Map<string, string>();
  private readonly mutexFields = new Map<string, string>();
  private readonly methodNames = new Map<string, { exported?: string; impl: string }>();

  constructor(module: IrModule) {
    for (const s of module.structs) this.structs.set(s.name, this.claim(s.name, s.exported));
    for (const e of module.enums) {
      const goName = this.claim(e.name, e.exported);
      this.enums.set(e.name, goName);
      for (const v of e.variants) this.variants.set(`${e.name}\u0000${v}`, this.claimExact(goName + toPascal(v || 'empty')));
    }
    for (const c of module.classes) {
      const goName = this.claim(c.name, c.exported);
      this.classes.set(c.name, goName);
      const ctor = (c.exported ? 'New' : 'new') + toPascal(c.name);
      this.constructors.set(c.name, this.claimExact(ctor));
      this.nameClassMembers(c);
    }
    for (const c of module.constants) this.consts.set(c.name, this.claim(c.name, c.exported));
    for (const f of module.functions) this.functions.set(f.name, this.claim(f.name, f.exported));
  }

  private claim(tsName: string, exported: boolean): string {
    return this.claimExact(exported ? toPascal(tsName) : toCamel(tsName));
  }

  private claimExact(wanted: string): string {
    let out = isGeneratedPrefix(wanted) ? `v${wanted.charAt(0).toUpperCase()}${wanted.slice(1)}` : wanted;
    // `init` and `main` are special at package level in Go.
    while (this.taken.has(out) || KEYWORDS.has(out) || PREDECLARED.has(out) || PACKAGES.has(out) || out === 'init' || out === 'main') {
      out = `${out}_`;
    }
    this.taken.add(out);
    return out;
  }

  private nameClassMembers(c: ClassDecl): void {
    const members = new Set<string>();
    const unique = (wanted: string): string => {
      let out = wanted;
      while (members.has(out) || KEYWORDS.has(out)) out = `${out}_`;
      members.add(out);
      return out;
    };
    for (const f of c.fields) this.classFields.set(`${c.name}\u0000${f.name}`, unique(toCamel(f.name)));
    for (const m of c.methods) {
      const impl = unique(toCamel(m.name));
      const exported = m.visibility === 'public' ? unique(toPascal(m.name)) : undefined;
      this.methodNames.set(`${c.name}\u0000${m.name}`, { exported, impl });
    }
    this.mutexFields.set(c.name, unique('mu'));
  }

  /** Every package-level Go name, for locals that must not hide them. */
  packageNames(): ReadonlySet<string> {
    return this.taken;
  }

  struct(name: string): string {
    return this.structs.get(name) ?? toPascal(name);
  }
  enum(name: string): string {
    return this.enums.get(name) ?? toPascal(name);
  }
  variant(enumName: string, variant: string): string {
    return this.variants.get(`${enumName}\u0000${variant}`) ?? this.enum(enumName) + toPascal(variant);
  }
  constant(name: string): string {
    return this.consts.get(name) ?? toCamel(name);
  }
  func(name: string): string {
    return this.functions.get(name) ?? toCamel(name);
  }
  class(name: string): string {
    return this.classes.get(name) ?? toPascal(name);
  }
  constructorOf(className: string): string {
    return this.constructors.get(className) ?? `New${toPascal(className)}`;
  }
  classField(className: string, field: string): string {
    return this.classFields.get(`${className}\u0000${field}`) ?? toCamel(field);
  }
  mutexField(className: string): string {
    return this.mutexFields.get(className) ?? 'mu';
  }
  /** The exported wrapper (public methods) and the unexported implementation of a method. */
  method(className: string, method: string): { exported?: string; impl: string } {
    return this.methodNames.get(`${className}\u0000${method}`) ?? { impl: toCamel(method) };
  }
}

/** Struct fields are always exported (encoding/json needs it); the JSON tag keeps the TS name. */
export function structFieldName(tsName: string): string {
  const out = toPascal(tsName);
  return KEYWORDS.has(out) ? `${out}_` : out;
}

/** Receiver name for a class: the first letter of its last word (`InventoryStore` → `s`). */
export function receiverName(className: string): string {
  const words = splitWords(className);
  const first = (words[words.length - 1] ?? 'x').charAt(0).toLowerCase();
  return KEYWORDS.has(first) || PREDECLARED.has(first) ? 'x' : first;
}
