/**
 * Rust naming of TS names: types stay PascalCase, functions/fields/locals become snake_case,
 * constants SCREAMING_SNAKE_CASE, enum variants PascalCase; keywords become raw identifiers.
 */

const STRICT_KEYWORDS = new Set([
  'as', 'break', 'const', 'continue', 'else', 'enum', 'extern', 'false', 'fn', 'for', 'if', 'impl',
  'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'static', 'struct',
  'trait', 'true', 'type', 'unsafe', 'use', 'where', 'while', 'async', 'await', 'dyn', 'abstract',
  'become', 'box', 'do', 'final', 'macro', 'override', 'priv', 'typeof', 'unsized', 'virtual',
  'yield', 'try', 'gen',
]);
/** Keywords that cannot be raw identifiers. */
const UNRAWABLE = new Set(['self', 'Self', 'super', 'crate', '_']);

/** Splits `basePrice`, `HTTPServer2`, `max_price`, `PRICE-TIER` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

function escapeKeyword(name: string): string {
  if (UNRAWABLE.has(name)) return `${name}_`;
  if (STRICT_KEYWORDS.has(name)) return `r#${name}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `basePrice` → `base_price`; a leading `_` (unused-by-convention) is kept. */
export function snakeCase(name: string): string {
  const lead = /^_+/.exec(name)?.[0] ?? '';
  const body = words(name).join('_');
  return escapeKeyword(lead + (body === '' ? 'value' : body));
}

/** `MAX_PRICE_MULTIPLE`, `maxPrice` → `MAX_PRICE`. */
export function screamingCase(name: string): string {
  const body = words(name).join('_').toUpperCase();
  return body === '' ? 'VALUE' : /^[0-9]/.test(body) ? `_${body}` : body;
}

/** `premium` → `Premium`, `out-of-stock` → `OutOfStock`, `2x` → `V2x`. */
export function pascalCase(name: string): string {
  const body = words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  if (body === '') return 'Empty';
  return /^[0-9]/.test(body) ? `V${body}` : body;
}

/** A TS type name as a Rust type name (kept when already a valid identifier). */
export function typeName(name: string): string {
  const clean = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : pascalCase(name);
  return escapeKeyword(clean);
}

/** Variant names of a string-literal union, unique within the enum. */
export function variantNames(variants: readonly string[]): string[] {
  const used = new Set<string>();
  return variants.map((v) => {
    let name = pascalCase(v);
    for (let i = 2; used.has(name); i++) name = `${pascalCase(v)}${i}`;
    used.add(name);
    return name;
  });
}

/** What serde's `rename_all = "camelCase"` makes of a snake_case field name. */
export function serdeCamelCase(snake: string): string {
  const raw = snake.startsWith('r#') ? snake.slice(2) : snake;
  return raw
    .split('_')
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

const RESERVED_CRATES = new Set(['test', 'core', 'std', 'alloc', 'proc-macro', 'proc_macro', 'self', 'build']);

/** A Cargo package name: lower-case words joined by `-`, starting with a letter. */
export function crateName(name: string): string {
  let base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base === '') base = 'translated';
  if (!/^[a-z]/.test(base)) base = `ts-${base}`;
  if (RESERVED_CRATES.has(base)) base = `${base}-rs`;
  return base;
}

/** The crate's name in Rust paths (`use pricing_rs::…`). */
export function libName(packageName: string): string {
  return packageName.replace(/-/g, '_');
}
