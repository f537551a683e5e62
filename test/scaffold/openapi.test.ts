import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { kebabCase, openApiFor, schemaOf, serviceEndpoints, unitErrorStatus, wireTypeName } from '../../src/scaffold/openapi.js';
import {
  arrayOf,
  BOOL,
  classType,
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
} from '../../src/translate/ir.js';

const at: Origin = { file: 'src/shop.ts', line: 1, column: 1 };
const param = (name: string, type: IrType): Param => ({ name, type, reassigned: false, origin: at });

function fn(name: string, params: Param[], result: IrType, throws = false): FunctionDecl {
  return { kind: 'function', name, params, result, throws, body: [], exported: true, nondeterministic: false, origin: at };
}

function method(name: string, params: Param[], result: IrType, extra: Partial<MethodDecl> = {}): MethodDecl {
  return {
    ...fn(name, params, result),
    kind: 'method',
    mutates: false,
    isGetter: false,
    visibility: 'public',
    ...extra,
  };
}

const store: ClassDecl = {
  kind: 'class',
  name: 'Store',
  fields: [],
  constructorParams: [param('seeds', arrayOf(structType('Seed')))],
  constructorBody: [],
  constructorThrows: true,
  methods: [
    method('reserve', [param('productId', I64), param('quantity', F64)], structType('Reservation'), { mutates: true, throws: true }),
    method('getReservation', [param('id', STRING)], optionalOf(structType('Reservation'))),
    method('size', [], I64, { isGetter: true }),
    method('clear', [], VOID, { mutates: true }),
    method('requireItem', [param('productId', I64)], structType('Seed'), { visibility: 'private' }),
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
      ],
    },
    { kind: 'struct', name: 'Unused', exported: true, origin: at, fields: [{ name: 'x', type: BOOL, optional: false }] },
  ],
  enums: [{ kind: 'enum', name: 'Tier', variants: ['gold', 'basic'], exported: true, origin: at }],
  constants: [],
  functions: [
    fn('quotePrice', [param('input', structType('Seed'))], F64, true),
    fn('tally', [param('counts', mapOf(STRING, I64))], VOID),
    fn('makeStore', [], classType('Store')),
  ],
  classes: [store, { ...store, name: 'Other', methods: [] }],
  entryPoints: ['quotePrice', 'Store'],
};

const info = { title: 'shop', version: '0.1.0', serviceName: 'shop' };

describe('serviceEndpoints', () => {
  it('serves functions and the public methods and getters of one class, in kebab-case', () => {
    const { endpoints, stateful } = serviceEndpoints(shop, ['quotePrice', 'Store']);
    expect(stateful?.name).toBe('Store');
    expect(endpoints.map((e) => `${e.httpMethod} ${e.path} ${e.kind} ${e.mutates}`)).toEqual([
      'POST /api/quote-price function false',
      'POST /api/reserve method true',
      'POST /api/get-reservation method false',
      'GET /api/size getter false',
      'POST /api/clear method true',
    ]);
    expect(kebabCase('getHTTPStatus')).toBe('get-http-status');
    expect(kebabCase('load_all$')).toBe('load-all');
  });

  it('refuses what the contract cannot serve, in the user terms', () => {
    expect(() => serviceEndpoints(shop, ['Store', 'Other'])).toThrow(/one class/);
    expect(() => serviceEndpoints(shop, ['makeStore'])).toThrow(/result of makeStore has type class Store/);
    expect(() => serviceEndpoints(shop, ['nope'])).toThrow(UserError);
    expect(() => serviceEndpoints(shop, [])).toThrow(/no units/);
  });
});

describe('wire types', () => {
  it('names types as the 400 messages do', () => {
    expect(wireTypeName(F64, shop)).toBe('number');
    expect(wireTypeName(I64, shop)).toBe('integer');
    expect(wireTypeName(enumType('Tier'), shop)).toBe('one of "gold", "basic"');
    expect(wireTypeName(optionalOf(STRING), shop)).toBe('string or null');
    expect(wireTypeName(mapOf(STRING, I64), shop)).toBe('array of [key, value] pairs');
  });

  it('encodes maps as pairs and optionals as nullable', () => {
    expect(schemaOf(mapOf(STRING, I64))).toMatchObject({ type: 'array', items: { prefixItems: [{ type: 'string' }, { type: 'integer' }] } });
    expect(schemaOf(optionalOf(structType('Seed')))).toEqual({ anyOf: [{ $ref: '#/components/schemas/Seed' }, { type: 'null' }] });
  });
});

describe('openApiFor', () => {
  const doc = openApiFor(shop, ['quotePrice', 'Store'], info) as {
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; operationId: string }>>;
    components: { schemas: Record<string, { required?: string[]; enum?: string[] }> };
  };

  it('is OpenAPI 3.1 with one operation per endpoint plus the operational routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/_pivot/construct', '/api/clear', '/api/get-reservation', '/api/quote-price', '/api/reserve', '/api/size', '/health', '/metrics', '/ready'].sort(),
    );
    expect(doc.paths['/api/size']!.get!.requestBody).toBeUndefined();
    expect(doc.paths['/api/clear']!.post!.responses['204']).toBeDefined();
    expect(doc.paths['/api/quote-price']!.post!.responses).toHaveProperty('4XX');
    expect(doc.paths['/api/reserve']!.post!.responses).toHaveProperty('503');
    expect(doc.paths['/ready']!.get!.responses).toHaveProperty('503');
    expect(doc.paths['/_pivot/construct']!.post!.operationId).toBe('Store.constructor');
  });

  it('describes the request body with one property per parameter, named as in TS', () => {
    expect(doc.paths['/api/reserve']!.post!.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { productId: { type: 'integer', format: 'int64' }, quantity: { type: 'number' } },
            required: ['productId', 'quantity'],
          },
        },
      },
    });
  });

  it('declares exactly the structs and enums the endpoints reach', () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Error', 'Reservation', 'Seed', 'Tier']);
    expect(doc.components.schemas.Reservation!.required).toEqual(['id', 'tier']);
    expect(doc.components.schemas.Tier!.enum).toEqual(['gold', 'basic']);
  });

  it('is plain JSON and deterministic', () => {
    const again = openApiFor(shop, ['quotePrice', 'Store'], info);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(again);
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });
});

describe('unitErrorStatus', () => {
  it('maps thrown messages as the contract says', () => {
    expect(unitErrorStatus('unknown product 7')).toBe(404);
    expect(unitErrorStatus('not found: x')).toBe(404);
    expect(unitErrorStatus('insufficient stock for product 1')).toBe(409);
    expect(unitErrorStatus('reservation not held: RES-1 is confirmed')).toBe(409);
    expect(unitErrorStatus('already confirmed')).toBe(409);
    expect(unitErrorStatus('invalid quantity 0')).toBe(400);
    expect(unitErrorStatus('grid needs at least 2 points')).toBe(422);
  });
});
