import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InternalError, UserError } from '../../../src/errors.js';
import { loadDeployTemplate, manifestProblems, renderTemplate, type TemplateValues } from '../../../src/scaffold/deploy/dockerfiles.js';
import { renderRustService, RUST_SERVICE_TEMPLATE, rustCorePackage, splitReleaseProfile, TEMPLATES_DIR } from '../../../src/scaffold/services/rust.js';
import { rawString } from '../../../src/scaffold/services/rust-tests.js';
import { checkerExpr, qualifiedType } from '../../../src/scaffold/services/rust-units.js';
import {
  arrayOf,
  enumType,
  F64,
  I64,
  mapOf,
  optionalOf,
  STRING,
  structType,
  VOID,
  type ClassDecl,
  type FunctionDecl,
  type IrModule,
  type IrType,
  type MethodDecl,
  type Origin,
  type Param,
} from '../../../src/translate/ir.js';
import type { ClassVectorFile, FunctionVectorFile } from '../../../src/translate/vectors-format.js';

const DIR = join(TEMPLATES_DIR, RUST_SERVICE_TEMPLATE);
const at: Origin = { file: 'src/shop.ts', line: 1, column: 1 };
const param = (name: string, type: IrType): Param => ({ name, type, reassigned: false, origin: at });
const fn = (name: string, params: Param[], result: IrType, throws = false): FunctionDecl => ({
  kind: 'function', name, params, result, throws, body: [], exported: true, nondeterministic: false, origin: at,
});
const method = (name: string, params: Param[], result: IrType, extra: Partial<MethodDecl> = {}): MethodDecl => ({
  ...fn(name, params, result), kind: 'method', mutates: false, isGetter: false, visibility: 'public', ...extra,
});

const store: ClassDecl = {
  kind: 'class',
  name: 'Store',
  fields: [],
  constructorParams: [param('seeds', arrayOf(structType('Seed')))],
  constructorBody: [],
  constructorThrows: true,
  methods: [
    method('reserve', [param('productId', I64), param('quantity', F64)], structType('Seed'), { mutates: true, throws: true }),
    method('label', [param('productId', I64)], STRING),
    method('size', [], I64, { isGetter: true }),
    method('clear', [], VOID, { mutates: true }),
  ],
  exported: true,
  origin: at,
};

const shop: IrModule = {
  sourceFile: 'src/shop.ts',
  name: 'shop',
  structs: [
    { kind: 'struct', name: 'Seed', exported: true, origin: at, fields: [
      { name: 'productId', type: I64, optional: false },
      { name: 'stock', type: F64, optional: false },
      { name: 'tier', type: optionalOf(enumType('Tier')), optional: true },
    ] },
  ],
  enums: [{ kind: 'enum', name: 'Tier', variants: ['gold', 'basic'], exported: true, origin: at }],
  constants: [],
  functions: [fn('quotePrice', [param('input', structType('Seed'))], F64, true)],
  classes: [store],
  entryPoints: ['quotePrice', 'Store'],
};

const quoteVectors: FunctionVectorFile = {
  schema: 1, kind: 'function', unit: 'src/shop.ts#quotePrice', function: 'quotePrice',
  tolerance: { absolute: 1e-9, relative: 1e-9 }, seed: 1, clockMs: 1_700_000_000_000, randomSeed: 1,
  vectors: [
    { args: [{ productId: 1, stock: { $num: 'NaN' } }], result: 0 },
    { args: [{ productId: 1, stock: 4 }], result: 12.5 },
    { args: [{ productId: 2, stock: -1 }], error: 'invalid stock -1' },
  ],
};

const storeVectors: ClassVectorFile = {
  schema: 1, kind: 'class', unit: 'src/shop.ts#Store', class: 'Store',
  tolerance: { absolute: 1e-9, relative: 1e-9 }, seed: 1, clockMs: 1_700_000_000_000, randomSeed: 1,
  sequences: [
    { constructorArgs: [[{ productId: 1, stock: 3 }]], calls: [
      { method: 'label', args: [1], result: 'one' },
      { method: 'reserve', args: [9, 1], error: 'unknown product 9' },
    ] },
  ],
};

function library(packageName = rustCorePackage('shop')): Map<string, string> {
  return new Map([
    ['Cargo.toml', `[package]\nname = "${packageName}"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1"\n\n# why\n[profile.release]\nopt-level = 3\n`],
    ['.cargo/config.toml', '[build]\n'],
    ['src/lib.rs', 'pub mod jsrt;\n'],
    ['vectors/quotePrice.json', JSON.stringify(quoteVectors)],
    ['vectors/Store.json', JSON.stringify(storeVectors)],
  ]);
}

const render = (overrides: Partial<Parameters<typeof renderRustService>[0]> = {}) =>
  renderRustService({ name: 'shop', port: 8009, module: shop, units: ['quotePrice', 'Store'], library: library(), profile: 'balanced', ...overrides });

describe('the rust-service template', () => {
  const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));

  it('has a sound manifest that names every template file and every variable they use', () => {
    expect(manifestProblems(manifest, RUST_SERVICE_TEMPLATE)).toEqual([]);
    const files = readdirSync(DIR).filter((f) => f.endsWith('.hbs')).sort();
    expect(Object.keys(manifest.files).sort()).toEqual(files);
    const declared = new Set(manifest.variables.map((v: { name: string }) => v.name));
    const used = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(join(DIR, file), 'utf8').matchAll(/\{\{\s*(?:#if\s+)?([A-Za-z]\w*)\s*\}\}/g)) used.add(m[1]!);
    }
    used.delete('else');
    expect([...used].filter((u) => !declared.has(u))).toEqual([]);
    expect([...declared].filter((d) => !used.has(d as string))).toEqual([]);
    expect(Object.values(manifest.files)).not.toContain('Dockerfile');
  });

  it('renders every file with every variable given, and strict mode refuses a missing one', () => {
    const template = loadDeployTemplate(RUST_SERVICE_TEMPLATE, TEMPLATES_DIR);
    const values: TemplateValues = {};
    for (const v of manifest.variables as { name: string; type: string }[]) {
      values[v.name] = v.type === 'number' ? 1 : v.type === 'boolean' ? true : `<${v.name}>`;
    }
    const files = renderTemplate(template, values);
    expect([...files.keys()].sort()).toEqual(Object.values(manifest.files).sort());
    for (const text of files.values()) expect(text).not.toMatch(/\{\{/);
    const { routes: _routes, ...missing } = values;
    expect(() => renderTemplate(template, missing)).toThrow(/routes is missing/);
    expect(() => template.render.get('src/lib.rs')!({})).toThrow(/not defined/);
  });
});

describe('renderRustService', () => {
  const tree = render();
  const file = (path: string): string => {
    const text = tree.get(`services/shop/${path}`);
    if (text === undefined) throw new Error(`${path} was not rendered`);
    return text;
  };

  it('makes the service the workspace root and keeps the library in core/', () => {
    for (const path of tree.keys()) expect(path.startsWith('services/shop/')).toBe(true);
    expect(tree.has('services/shop/Dockerfile')).toBe(false);
    expect(tree.has('services/shop/Cargo.lock')).toBe(false);
    expect(file('Cargo.toml')).toMatch(/^\[workspace\]\nmembers = \["core"\]\ndefault-members = \[".", "core"\]$/m);
    expect(file('Cargo.toml')).toContain('shop-core = { path = "core" }');
    expect(file('Cargo.toml')).toContain('# why\n[profile.release]\nopt-level = 3');
    expect(file('core/Cargo.toml')).not.toContain('profile');
    expect(file('.cargo/config.toml')).toBe('[build]\n');
    expect(file('core/src/lib.rs')).toBe('pub mod jsrt;\n');
  });

  it('serves each function and public method, locking by what the method does', () => {
    const lib = file('src/lib.rs');
    for (const route of ['"/api/quote-price", post(units::quote_price)', '"/api/reserve", post(units::reserve)', '"/api/size", get(units::size)', '"/_pivot/construct", post(units::construct)']) {
      expect(lib).toContain(route);
    }
    expect(lib).toContain('instance: OnceLock<Arc<RwLock<Store>>>');
    const units = file('src/units.rs');
    expect(units).toMatch(/pub async fn reserve[\s\S]*?instance\.write\(\)[\s\S]*?this\.reserve\(product_id, quantity\)/);
    expect(units).toMatch(/pub async fn label[\s\S]*?instance\.read\(\)/);
    expect(units).toContain('shop_core::quote_price(&input)');
    expect(units).toContain('wire::arg(&mut args, 0, wire::array_of(checks::check_seed))?');
    expect(units).toMatch(/pub async fn clear\(State\(state\): State<AppState>\)[\s\S]*?Ok\(wire::no_content\(\)\)/);
    expect(file('src/checks.rs')).toContain('wire::field(o, p, "tier", wire::optional(check_tier))?;');
  });

  it('writes tests from the vectors: a valid call, a bad field, a thrown error with its status', () => {
    const tests = file('tests/service.rs');
    expect(tests).toContain('async fn quote_price_answers_like_the_original()');
    expect(tests).toContain(rawString('{"input":{"productId":1,"stock":4}}'));
    expect(tests).toContain('assert_eq!(body["message"], r#"input.productId: expected integer"#);');
    expect(tests).toMatch(/quote_price_maps_a_thrown_error[\s\S]*?assert_eq!\(status\.as_u16\(\), 400/);
    expect(tests).toMatch(/fn maps_a_thrown_error[\s\S]*?assert_eq!\(status\.as_u16\(\), 404/);
    expect(tests).toContain('"label" => ("POST", "/api/label", &["productId"], true),');
    expect(tests).toContain('assert_eq!(body["message"], r#"args[0][0].productId: expected integer"#);');
    expect(file('src/errors.rs')).toContain('if message.starts_with("unknown ") || message.starts_with("not found") {');
  });

  it('ships the OpenAPI description and a README', () => {
    const doc = JSON.parse(file('openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/quote-price');
    expect(file('README.md')).toContain('| POST | `/api/reserve` | `Store.reserve` (writes: write lock) | `{"productId": integer, "quantity": number}` |');
  });

  it('refuses a library emitted under another package name, and unusable service names', () => {
    expect(() => render({ library: library('shop') })).toThrow(InternalError);
    expect(() => render({ name: 'Shop_1' })).toThrow(UserError);
  });
});

describe('helpers', () => {
  it('moves the release profile out of the crate manifest', () => {
    const split = splitReleaseProfile('[package]\nname = "x"\n\n# a\n# b\n[profile.release]\nlto = "thin"\n');
    expect(split.profile).toBe('# a\n# b\n[profile.release]\nlto = "thin"');
    expect(split.crate).toBe('[package]\nname = "x"\n');
  });

  it('prints types and checks against the crate', () => {
    expect(qualifiedType(mapOf(F64, arrayOf(structType('Seed'))), 'shop_core')).toBe('shop_core::jsrt::JsMap<shop_core::jsrt::NumKey, Vec<shop_core::Seed>>');
    expect(checkerExpr(mapOf(STRING, optionalOf(I64)))).toBe('wire::map_of(wire::string, wire::optional(wire::integer))');
    expect(rawString('say "#hi"')).toBe('r##"say "#hi""##');
  });
});
