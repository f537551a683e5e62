/**
 * The Go service renderer without a Go toolchain: the template folder and its manifest, every
 * template rendered for a function and a class service, strict variables, the generated wire
 * (decoders, appenders, locking of field references, defaults) and the test data service_test.go
 * gets. go-e2e.test.ts builds and runs the output for real.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InternalError, UserError } from '../../../src/errors.js';
import { loadDeployTemplate, manifestProblems, renderTemplate, type TemplateValues } from '../../../src/scaffold/deploy/dockerfiles.js';
import { TEMPLATES_DIR } from '../../../src/scaffold/gateway/runtime.js';
import { serviceEndpoints } from '../../../src/scaffold/openapi.js';
import { GO_SERVICE_TEMPLATE, renderGoService, templateValues } from '../../../src/scaffold/services/go.js';
import { badRequestCase, corrupt, goString, sampleValue } from '../../../src/scaffold/services/go-tests.js';
import { goWire } from '../../../src/scaffold/services/go-wire.js';
import type { FileTree } from '../../../src/translate/api.js';
import { emitGoModule } from '../../../src/translate/emit-go/index.js';
import {
  arrayOf,
  BOOL,
  enumType,
  F64,
  I64,
  mapOf,
  optionalOf,
  setOf,
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
import type { VectorFile } from '../../../src/translate/vectors-format.js';

const at: Origin = { file: 'src/shop.ts', line: 1, column: 1 };
const param = (name: string, type: IrType, extra: Partial<Param> = {}): Param => ({ name, type, reassigned: false, origin: at, ...extra });

function fn(name: string, params: Param[], result: IrType, throws = false): FunctionDecl {
  return { kind: 'function', name, params, result, throws, body: [], exported: true, nondeterministic: false, origin: at };
}

function method(name: string, params: Param[], result: IrType, extra: Partial<MethodDecl> = {}): MethodDecl {
  return { ...fn(name, params, result), kind: 'method', mutates: false, isGetter: false, visibility: 'public', ...extra };
}

const store: ClassDecl = {
  kind: 'class',
  name: 'Store',
  fields: [{ name: 'items', type: mapOf(I64, structType('Seed')), readonly: false, visibility: 'private', origin: at }],
  constructorParams: [param('seeds', arrayOf(structType('Seed'))), param('limit', F64, { defaultValue: { kind: 'number', value: 10, type: F64, origin: at } })],
  constructorBody: [],
  constructorThrows: true,
  methods: [
    method('reserve', [param('productId', I64), param('quantity', F64)], structType('Reservation'), { mutates: true, throws: true }),
    method('item', [param('productId', I64)], optionalOf(structType('Seed')), { returnsFieldRef: true }),
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
    { kind: 'struct', name: 'Seed', exported: true, origin: at, fields: [{ name: 'productId', type: I64, optional: false }, { name: 'stock', type: F64, optional: false }] },
    {
      kind: 'struct',
      name: 'Reservation',
      exported: true,
      origin: at,
      fields: [
        { name: 'id', type: STRING, optional: false },
        { name: 'tier', type: enumType('Tier'), optional: false },
        { name: 'note', type: optionalOf(STRING), optional: true },
        { name: 'tags', type: setOf(STRING), optional: false },
        { name: 'span', type: { kind: 'tuple', elements: [F64, BOOL] }, optional: false },
      ],
    },
  ],
  enums: [{ kind: 'enum', name: 'Tier', variants: ['gold', 'basic'], exported: true, origin: at }],
  constants: [],
  functions: [
    fn('quotePrice', [param('input', structType('Seed'))], F64, true),
    fn('tally', [param('counts', mapOf(STRING, I64)), param('scale', F64, { defaultValue: { kind: 'ident', name: 'SCALE', binding: 'const', type: F64, origin: at } })], VOID),
  ],
  classes: [store],
  entryPoints: ['quotePrice', 'tally', 'Store'],
};

const seedVectors: VectorFile = {
  schema: 1,
  kind: 'class',
  unit: 'src/shop.ts#Store',
  class: 'Store',
  tolerance: { absolute: 1e-9, relative: 1e-9 },
  seed: 1,
  clockMs: 0,
  randomSeed: 1,
  sequences: [{ constructorArgs: [[{ productId: 3, stock: 5 }]], calls: [{ method: 'reserve', args: [3, 2], result: {} }] }],
};

function library(module: IrModule, vectors: VectorFile[] = []): FileTree {
  return emitGoModule(module, { profile: 'balanced', vectors: new Map(vectors.map((v, i) => [`v${i}.json`, v])) });
}

const TEMPLATE_DIR = join(TEMPLATES_DIR, GO_SERVICE_TEMPLATE);

describe('templates/go-service', () => {
  const template = loadDeployTemplate(GO_SERVICE_TEMPLATE, TEMPLATES_DIR);

  it('has a sound manifest listing every template file, and every variable is used', () => {
    expect(manifestProblems(JSON.parse(readFileSync(join(TEMPLATE_DIR, 'manifest.json'), 'utf8')), GO_SERVICE_TEMPLATE)).toEqual([]);
    const files = readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.hbs')).sort();
    expect(Object.keys(template.manifest.files).sort()).toEqual(files);
    const sources = files.map((f) => readFileSync(join(TEMPLATE_DIR, f), 'utf8')).join('\n');
    for (const v of template.manifest.variables) expect(sources, v.name).toMatch(new RegExp(`\\{\\{(#if |else if )?${v.name}\\}\\}`));
    // The deploy model owns the Dockerfile.
    expect(Object.values(template.manifest.files)).not.toContain('Dockerfile');
  });

  const cases: [string, string[]][] = [
    ['class and functions', ['quotePrice', 'tally', 'Store']],
    ['functions only', ['quotePrice']],
  ];
  for (const [label, units] of cases) {
    it(`renders every template for a service with ${label}`, () => {
      const input = { name: 'shop', port: 8003, module: shop, units, library: library(shop), profile: 'balanced' as const };
      const shape = serviceEndpoints(shop, units);
      const values = templateValues(input, shape, goWire(shop, shape), 'shop', [seedVectors]);
      const rendered = renderTemplate(template, values);
      expect([...rendered.keys()].sort()).toEqual(Object.values(template.manifest.files).sort());
      for (const [file, text] of rendered) {
        expect(text, file).not.toContain('{{');
        // go.sum takes no comments; a state file of a stateless service renders empty and is not written.
        if (file === 'go.sum' || text.trim() === '') continue;
        expect(text.split('\n')[0], file).toContain('generated by pivot');
      }
      const server = rendered.get('server.go')!;
      expect(server.includes('mux.HandleFunc("POST /_pivot/construct", s.construct)')).toBe(units.includes('Store'));
    });
  }

  it('is strict: a missing or mistyped variable is an error naming it', () => {
    const shape = serviceEndpoints(shop, ['Store']);
    const values = templateValues({ name: 'shop', port: 8003, module: shop, library: library(shop), profile: 'balanced' }, shape, goWire(shop, shape), 'shop', []);
    for (const variable of template.manifest.variables.filter((v) => v.default === undefined)) {
      const partial: TemplateValues = { ...values };
      delete partial[variable.name];
      expect(() => renderTemplate(template, partial)).toThrow(new RegExp(`${variable.name} is missing`));
    }
    expect(() => renderTemplate(template, { ...values, port: '8003' })).toThrow(/port must be a number/);
    expect(() => renderTemplate(template, { ...values, extra: 'x' })).toThrow(/extra is not a variable/);
  });
});

describe('renderGoService', () => {
  const tree = renderGoService({ name: 'shop', port: 8003, module: shop, library: library(shop, [seedVectors]), profile: 'aggressive' });
  const file = (path: string) => tree.get(`services/shop/${path}`) ?? '';

  it('puts the translated package under core/ without its go.mod, next to the main package', () => {
    expect(tree.has('services/shop/core/go.mod')).toBe(false);
    expect(file('go.mod')).toContain('module pivot.local/shop\n\ngo 1.22\n');
    for (const path of ['core/shop.go', 'core/jsrt.go', 'core/vectors_test.go', 'core/vectors/v0.json', 'core/pivot_wire.go', 'main.go', 'server.go', 'routes.go', 'metrics.go', 'service_test.go', 'README.md', 'Makefile', 'openapi.json']) {
      expect(tree.has(`services/shop/${path}`), path).toBe(true);
    }
    expect(file('core/pivot_wire.go')).toMatch(/^package shop$/m);
    expect(file('main.go')).toContain('defaultPort      = 8003');
    expect(file('Makefile')).toContain('BUILDFLAGS := -trimpath -ldflags="-s -w" -pgo=auto');
    expect(JSON.parse(file('openapi.json'))).toMatchObject({ openapi: '3.1.0', paths: { '/api/reserve': { post: { operationId: 'Store.reserve' } } } });
  });

  it('routes one endpoint per function, method and getter with Go 1.22 patterns', () => {
    const routes = file('routes.go');
    expect(routes).toContain('{method: "POST", path: "/api/quote-price", operation: "quotePrice", call: core.PivotServeQuotePrice},');
    expect(routes).toContain('{method: "POST", path: "/api/reserve", operation: "Store.reserve", call: s.onInstance(core.PivotServeStoreReserve), writes: true},');
    expect(routes).toContain('{method: "GET", path: "/api/size", operation: "Store.size", call: s.onInstance(core.PivotServeStoreSize)},');
    expect(routes).toContain('type instance = core.Store');
    expect(file('server.go')).toContain('mux.HandleFunc(e.method+" "+e.path, s.serveEndpoint(e))');
  });

  it('writes the README with endpoints, errors and configuration, and notes a default it could not carry', () => {
    const readme = file('README.md');
    expect(readme).toContain('| POST | `/api/reserve` | `Store.reserve(productId: number, quantity: number)` (throws, writes) | `Reservation` |');
    expect(readme).toContain('| GET | `/api/size` | `Store.size` (getter) (reads) | `number` |');
    expect(readme).toContain('`PIVOT_SEED_FILE`');
    expect(readme).toContain('`tally(scale)` has a default in TypeScript that is not a literal');
  });

  it('refuses what it cannot render, in the user terms', () => {
    const input = { name: 'shop', port: 8003, module: shop, library: library(shop), profile: 'balanced' as const };
    expect(() => renderGoService({ ...input, name: 'Shop Service' })).toThrow(UserError);
    expect(() => renderGoService({ ...input, units: ['Store', 'Store2'] })).toThrow(/no function or class Store2/);
    const mixed: FileTree = new Map([...input.library, ['extra.go', 'package other\n']]);
    expect(() => renderGoService({ ...input, library: mixed })).toThrow(InternalError);
  });
});

describe('the Go wire', () => {
  const code = goWire(shop, serviceEndpoints(shop, ['quotePrice', 'tally', 'Store'])).code;

  it('decodes every type with the path and the expected type of the 400 message', () => {
    expect(code).toContain('if out.ProductID, err = pivotWireI64(fields["productId"], path+".productId"); err != nil {');
    expect(code).toContain('return nil, pivotWireBad(path, `array of [key, value] pairs`)');
    expect(code).toContain('a0, err := pivotWireArrSSeed(pivotWireArg(args, 0), "seeds")');
  });

  it('writes results as JSON.stringify does: declaration order, absent optionals left out, Sets and tuples as arrays', () => {
    expect(code).toContain('b = pivotAppendKey(b, `"id":`)');
    expect(code).toContain('b = pivotAppendStr(b, string(v.Tier))');
    expect(code).toMatch(/if v\.Note != nil \{\n\t\tb = pivotAppendKey\(b, `"note":`\)\n\t\tb = pivotAppendStr\(b, \*v\.Note\)/);
    expect(code).toContain('for i, x := range v.Values() {');
    expect(code).toContain('func pivotAppendTupF64BoolEnd(b []byte, v jsTuple2[float64, bool]) []byte {');
  });

  it('encodes a field reference under the instance lock, and fills literal defaults', () => {
    const item = code.slice(code.indexOf('func PivotServeStoreItem('));
    expect(item.slice(0, item.indexOf('\n}\n'))).toContain('\tobj.mu.RLock()\n\tdefer obj.mu.RUnlock()\n\tr := obj.item(a0)\n\treturn pivotAppendOptSSeed(nil, r), nil');
    expect(code).toContain('r, err := obj.Reserve(a0, a1)');
    expect(code).toContain('a1 := float64(10)');
    expect(code).toContain('a1, err := pivotWireF64(args["scale"], "scale")');
  });

  it('names an unexported class for the main package through an alias', () => {
    const hidden: IrModule = { ...shop, classes: [{ ...store, exported: false }], entryPoints: ['Store'] };
    const wire = goWire(hidden, serviceEndpoints(hidden, ['Store']));
    expect(wire.instanceType).toBe('PivotStore');
    expect(wire.code).toContain('type PivotStore = store');
  });
});

describe('service_test.go data', () => {
  it('builds a call with one ill-typed value from the recorded vectors, naming its path', () => {
    const shape = serviceEndpoints(shop, ['quotePrice', 'Store']);
    expect(badRequestCase(shape, shop, [])).toEqual({ path: '/api/quote-price', body: '{"input":{"productId":"not a number","stock":1}}', message: 'input.productId: expected integer' });
    const methodsOnly = serviceEndpoints(shop, ['Store']);
    expect(badRequestCase(methodsOnly, shop, [seedVectors])).toEqual({ path: '/api/reserve', body: '{"productId":"not a number","quantity":2}', message: 'productId: expected integer' });
  });

  it('corrupts optionals, arrays and enums with the expected type of the decoder', () => {
    expect(corrupt(null, optionalOf(F64), 'x', shop)).toEqual({ value: 'not a number', path: 'x', expected: 'number or null' });
    expect(corrupt([{ productId: 1, stock: 2 }], arrayOf(structType('Seed')), 'seeds', shop)).toMatchObject({ path: 'seeds[0].productId', expected: 'integer' });
    expect(corrupt([], arrayOf(F64), 'xs', shop)).toEqual({ value: 'x', path: 'xs', expected: 'array' });
    expect(corrupt('gold', enumType('Tier'), 't', shop)).toEqual({ value: 12, path: 't', expected: 'one of "gold", "basic"' });
    expect(sampleValue(structType('Reservation'), shop)).toEqual({ id: 'x', tier: 'gold', tags: [], span: [1, false] });
  });

  it('quotes Go strings raw when it can', () => {
    expect(goString('{"a":1}')).toBe('`{"a":1}`');
    expect(goString('a`b')).toBe('"a`b"');
  });
});
