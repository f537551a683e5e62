import { describe, expect, it } from 'vitest';
import { arrayOf, F64, I64, mapOf, STRING, VOID, type ClassDecl } from '../../../src/translate/ir.js';
import { crateName, snakeCase, variantNames } from '../../../src/translate/emit-rust/names.js';
import { runtimeSource } from '../../../src/translate/emit-rust/runtime.js';
import { arg, array, assign, bin, builtin, field, fn, int, methodDecl, num, o, param, ret, self, str, throw_, if_ } from './ir-build.js';
import { emit, lib } from './print.js';

describe('names', () => {
  it('snake-cases, escapes keywords and makes crate-safe package names', () => {
    expect(snakeCase('basePrice')).toBe('base_price');
    expect(snakeCase('HTTPServer2')).toBe('http_server2');
    expect(snakeCase('type')).toBe('r#type');
    expect(snakeCase('self')).toBe('self_');
    expect(variantNames(['out-of-stock', 'OUT_OF_STOCK', '2x'])).toEqual(['OutOfStock', 'OutOfStock2', 'V2x']);
    expect(crateName('01-clamp')).toBe('ts-01-clamp');
    expect(crateName('Pricing Service')).toBe('pricing-service');
  });
});

describe('types', () => {
  it('derives serde with the TS field names and omits absent optionals', () => {
    const text = lib({
      structs: [
        {
          kind: 'struct', name: 'Quote', exported: true, origin: o, doc: 'A price quote.\n- one line\n  continued',
          fields: [{ name: 'productId', type: F64, optional: false }, { name: 'URL', type: STRING, optional: false }, { name: 'note', type: { kind: 'optional', inner: STRING }, optional: true }],
        },
      ],
    });
    expect(text).toContain('/// A price quote.\n/// - one line\n///   continued\n#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\npub struct Quote {');
    expect(text).toContain('    #[serde(rename = "productId")]\n    pub product_id: f64,');
    expect(text).toContain('    #[serde(rename = "URL")]\n    pub url: String,');
    expect(text).toContain('    #[serde(default, skip_serializing_if = "Option::is_none")]\n    pub note: Option<String>,');
    expect(text).toContain('use serde::{Deserialize, Serialize};');
  });

  it('prints string-literal unions as enums with their wire names', () => {
    const text = lib({ enums: [{ kind: 'enum', name: 'PriceTier', variants: ['premium', 'economy'], exported: true, origin: o }] });
    expect(text).toContain('#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]\npub enum PriceTier {\n    #[serde(rename = "premium")]\n    Premium,');
    expect(text).toContain('PriceTier::Economy => "economy",');
    expect(text).toContain('impl std::fmt::Display for PriceTier {');
  });

  it('makes compile-time constants const and the rest LazyLock statics', () => {
    const text = lib({
      constants: [
        { kind: 'const', name: 'MARKET_SIZE', type: I64, value: int(120), exported: true, origin: o },
        { kind: 'const', name: 'HALF', type: F64, value: bin('/', num(1), num(2)), exported: true, origin: o },
        { kind: 'const', name: 'unitName', type: STRING, value: str('kg'), exported: true, origin: o },
        { kind: 'const', name: 'WEIGHTS', type: arrayOf(F64), value: array([num(0.5)], F64), exported: false, origin: o },
      ],
    });
    expect(text).toContain('pub const MARKET_SIZE: i64 = 120;');
    expect(text).toContain('pub const HALF: f64 = 1.0 / 2.0;');
    expect(text).toContain('pub const UNIT_NAME: &str = "kg";');
    expect(text).toContain('#[allow(dead_code)]\nstatic WEIGHTS: LazyLock<Vec<f64>> = LazyLock::new(|| vec![0.5]);');
    expect(text).toContain('use std::sync::LazyLock;');
  });
});

function counter(): ClassDecl {
  const me = self('Counter');
  const counts = field(me, 'counts', mapOf(STRING, I64));
  return {
    kind: 'class', name: 'Counter', exported: true, origin: o,
    fields: [
      { name: 'counts', type: mapOf(STRING, I64), readonly: true, visibility: 'private', initializer: builtin('Map.new', undefined, [], mapOf(STRING, I64)), origin: o },
      { name: 'total', type: I64, readonly: false, visibility: 'public', initializer: int(0), origin: o },
    ],
    constructorParams: [],
    constructorBody: [],
    constructorThrows: false,
    methods: [
      methodDecl('hit', [param('key', STRING)], VOID, [
        if_(bin('==', arg('key', STRING), str('')), [throw_(str('empty key'))]),
        assign(field(me, 'total', I64), int(1), '+='),
        { kind: 'expr', expr: builtin('map.set', counts, [arg('key', STRING), int(1)], mapOf(STRING, I64)), origin: o },
      ], { mutates: true, throws: true }),
      methodDecl('size', [], I64, [ret(builtin('map.size', counts, [], I64))], { isGetter: true }),
      methodDecl('secret', [], I64, [ret(int(1))], { visibility: 'private' }),
    ],
  };
}

describe('classes', () => {
  it('prints a struct, new(), &self / &mut self methods, getters and Default', () => {
    const text = lib({ classes: [counter()] });
    expect(text).toContain('#[derive(Debug, Clone)]\npub struct Counter {\n    counts: JsMap<String, i64>,\n    pub total: i64,\n}');
    expect(text).toContain('    pub fn new() -> Self {\n        Self {\n            counts: JsMap::new(),\n            total: 0,\n        }\n    }');
    expect(text).toContain('    pub fn hit(&mut self, key: &str) -> Result<(), String> {');
    expect(text).toContain('        self.counts.insert(key.to_string(), 1);\n        Ok(())\n    }');
    expect(text).toContain('    pub fn size(&self) -> i64 {\n        self.counts.len() as i64\n    }');
    expect(text).toContain('    #[allow(dead_code)]\n    fn secret(&self) -> i64 {');
    expect(text).toContain('impl Default for Counter {');
    expect(text).toContain('use crate::jsrt::JsMap;');
  });

  it('builds the value after the constructor checks its arguments', () => {
    const me = self('Account');
    const cls: ClassDecl = {
      kind: 'class', name: 'Account', exported: true, origin: o,
      fields: [{ name: 'owner', type: STRING, readonly: true, visibility: 'public', origin: o }],
      constructorParams: [param('owner', STRING)],
      constructorBody: [
        if_(bin('==', arg('owner', STRING), str('')), [throw_(str('owner must not be empty'))]),
        assign(field(me, 'owner', STRING), arg('owner', STRING)),
      ],
      constructorThrows: true,
      methods: [],
    };
    expect(lib({ classes: [cls] })).toContain(
      '    pub fn new(owner: &str) -> Result<Self, String> {\n        if owner.is_empty() {\n            return Err("owner must not be empty".to_string());\n        }\n        Ok(Self {\n            owner: owner.to_string(),\n        })\n    }',
    );
  });
});

describe('crate files', () => {
  const f = fn('double', [param('x', F64)], F64, [ret(bin('*', arg('x', F64), num(2)))]);

  it('writes Cargo.toml with the profile, serde deps and a README saying which', () => {
    const conservative = emit({ functions: [f] }, { profile: 'conservative', packageName: 'My Pricing' });
    expect(conservative.get('Cargo.toml')).toContain('name = "my-pricing"');
    expect(conservative.get('Cargo.toml')).toContain('[profile.release]\nopt-level = 3\noverflow-checks = true\ndebug-assertions = true');
    expect(conservative.get('Cargo.toml')).toContain('serde = { version = "1", features = ["derive"] }');
    expect(conservative.has('.cargo/config.toml')).toBe(false);
    expect(conservative.get('README.md')).toContain('Profile `conservative`');
    expect(conservative.get('README.md')).toContain('`src/case.ts`');
    const aggressive = emit({ functions: [f] }, { profile: 'aggressive' });
    expect(aggressive.get('Cargo.toml')).toContain('lto = "fat"\ncodegen-units = 1\npanic = "abort"');
    expect(aggressive.get('.cargo/config.toml')).toContain('rustflags = ["-C", "target-cpu=native"]');
    expect(emit({ functions: [f] }).get('Cargo.toml')).toContain('lto = "thin"');
    expect([...conservative.keys()].sort()).toEqual(['Cargo.toml', 'README.md', 'src/jsrt.rs', 'src/lib.rs', 'tests/vectors.rs']);
  });

  it('ships only the runtime helpers the module uses, plus the clock and random state', () => {
    const rt = runtimeSource(new Set(['to_fixed']));
    expect(rt).toContain('pub fn to_fixed(');
    expect(rt).toContain('pub fn num_to_string(');
    expect(rt).toContain('pub fn set_clock_ms(');
    expect(rt).toContain('pub fn seed_random(');
    expect(rt).not.toContain('pub struct JsMap');
    expect(runtimeSource(new Set(['JsSet']))).toContain('pub struct JsMap');
  });

  it('writes a replay test per vector file', () => {
    const vectors = new Map([['double.json', { schema: 1 as const, kind: 'function' as const, unit: 'src/case.ts#double', function: 'double', tolerance: { absolute: 0, relative: 0 }, seed: 1, clockMs: 0, randomSeed: 0, vectors: [{ args: [2], result: 4 }] }]]);
    const tree = emit({ functions: [f] }, { vectors });
    const tests = tree.get('tests/vectors.rs')!;
    expect(tests).toContain('#[test]\nfn double_vectors() {\n    on_large_stack(|| replay_function_file("double.json"));\n}');
    expect(tests).toContain('.stack_size(REPLAY_STACK_BYTES)');
    expect(tests).toContain('"double" => {\n            let x_arg: f64 = arg(args, 0)?;\n            Ok(Outcome::Returned(case::double(x_arg).encode()))\n        }');
    expect(tests).toContain('let known: [&str; 1] = ["double.json"];');
    expect(JSON.parse(tree.get('vectors/double.json')!)).toMatchObject({ function: 'double' });
  });
});
