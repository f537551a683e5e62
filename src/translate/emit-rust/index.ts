/**
 * IR module → Rust crate (a file tree): Cargo.toml with the chosen release profile,
 * src/lib.rs (the translation), src/jsrt.rs (the JS-semantics runtime it uses),
 * tests/vectors.rs (golden-vector replay), vectors/*.json and a README.
 */
import type { EmitOptions, FileTree } from '../api.js';
import type { ClassDecl, IrModule, IrType } from '../ir.js';
import type { VectorFile } from '../vectors-format.js';
import { analyseModule, methodKey } from './analysis.js';
import { cargoConfig, cargoToml, readme } from './cargo.js';
import { planFields } from './classes.js';
import { printClass } from './classes.js';
import { EmitCtx } from './context.js';
import { layoutRust } from './layout.js';
import { inlineHints } from './inlining.js';
import { planLanes } from './lanes-plan.js';
import { printLaneKernel } from './lanes.js';
import { classifyConstants, printConst, printEnum, printFunction, printStruct } from './items.js';
import { crateName, libName, snakeCase } from './names.js';
import { runtimeSource } from './runtime.js';
import { testsSource } from './tests.js';
import { visitStmts } from './walk.js';

/** Names referenced anywhere in the module: functions, constants, `Class.method`. */
function referenced(module: IrModule): Set<string> {
  const refs = new Set<string>(module.entryPoints);
  const bodies = [
    ...module.functions.map((f) => f.body),
    ...module.classes.flatMap((c) => [c.constructorBody, ...c.methods.map((m) => m.body)]),
    ...module.constants.map((c) => [{ kind: 'expr' as const, expr: c.value, origin: c.origin }]),
    ...module.classes.flatMap((c) => c.fields.flatMap((f) => (f.initializer ? [[{ kind: 'expr' as const, expr: f.initializer, origin: f.origin }]] : []))),
  ];
  for (const body of bodies) {
    visitStmts(body, {
      expr: (e) => {
        if (e.kind === 'call') refs.add(e.callee);
        if (e.kind === 'ident' && (e.binding === 'function' || e.binding === 'const')) refs.add(e.name);
        if (e.kind === 'methodCall') refs.add(methodKey(e.className, e.method));
        if (e.kind === 'field' && e.object.type.kind === 'class') refs.add(methodKey(e.object.type.name, e.field));
      },
    });
  }
  return refs;
}

/** Structs and enums that need `Default` (placeholders for fields a constructor fills later). */
function defaultTypes(module: IrModule, classes: readonly ClassDecl[]): Set<string> {
  const needed = new Set<string>();
  const visit = (t: IrType): void => {
    if ((t.kind === 'struct' || t.kind === 'enum') && !needed.has(t.name)) {
      needed.add(t.name);
      const decl = module.structs.find((s) => s.name === t.name);
      for (const f of decl?.fields ?? []) if (f.type.kind === 'struct' || f.type.kind === 'enum') visit(f.type);
    }
  };
  for (const cls of classes) {
    const plan = planFields(cls);
    for (const f of cls.fields) if (!plan.values.has(f.name)) visit(f.type);
  }
  return needed;
}

const CRATE_ALLOWS = [
  "// The translation keeps the TS source's shape so the two read side by side: loops stay loops,",
  '// stores TS needed for definite assignment, NaN-aware `!(a < b)` tests and range checks stay',
  "// as written, literals that look like std constants are the source's own values, and so is",
  '// what the source spells out: arithmetic with 0 and 1 (`x + 0`, `n * 0`), `x !== x` (the NaN',
  '// test), `c ? v : v`, `a = a + b`, `Math.max(0, 2)`.',
  '#![allow(',
  '    unused_assignments,',
  '    clippy::approx_constant,',
  '    clippy::assign_op_pattern,',
  '    clippy::eq_op,',
  '    clippy::erasing_op,',
  '    clippy::explicit_counter_loop,',
  '    clippy::identity_op,',
  '    clippy::if_same_then_else,',
  '    clippy::manual_find,',
  '    clippy::manual_memcpy,',
  '    clippy::manual_range_contains,',
  '    clippy::misrefactored_assign_op,',
  '    clippy::needless_range_loop,',
  '    clippy::unnecessary_min_or_max,',
  '    clippy::neg_cmp_op_on_partial_ord',
  ')]',
];

function libSource(ctx: EmitCtx, module: IrModule): string {
  classifyConstants(ctx);
  const refs = referenced(module);
  const exported = (name: string, isExported: boolean): boolean => isExported || module.entryPoints.includes(name);
  const withDefault = defaultTypes(module, module.classes);
  const unusedMethods = new Set(
    module.classes.flatMap((c) => c.methods.filter((m) => m.visibility !== 'public' && !refs.has(methodKey(c.name, m.name))).map((m) => methodKey(c.name, m.name))),
  );
  const inline = inlineHints(module);
  const items: string[] = [
    ...module.enums.map((e) => printEnum(e, withDefault.has(e.name))),
    ...module.structs.map((s) => printStruct(ctx, s, withDefault.has(s.name))),
    ...module.constants.map((c) => {
      const pub = exported(c.name, c.exported);
      return `${pub || refs.has(c.name) ? '' : '#[allow(dead_code)]\n'}${printConst(ctx, c, pub ? 'pub ' : '')}`;
    }),
    ...module.classes.map((c) => printClass(ctx, c, unusedMethods)),
    ...module.functions.map((f) => {
      const pub = exported(f.name, f.exported);
      const attrs = [...(inline.has(f.name) ? ['#[inline]'] : []), ...(pub || refs.has(f.name) ? [] : ['#[allow(dead_code)]'])];
      const lanes = (ctx.lanes.kernels.get(f.name) ?? []).map((k) => printLaneKernel(ctx, k));
      return [printFunction(ctx, f, pub ? 'pub ' : '', attrs), ...lanes].join('\n\n');
    }),
    // Fold kernels of loops in class methods.
    ...[...ctx.lanes.kernels.entries()].filter(([owner]) => !ctx.functions.has(owner)).flatMap(([, kernels]) => kernels.map((k) => printLaneKernel(ctx, k))),
  ];
  const uses = [
    ...['JsMap', 'JsSet', 'NumKey'].filter((n) => ctx.needs.has(n)).map((n) => `crate::jsrt::${n}`),
    ...(module.structs.length + module.enums.length > 0 ? ['serde::{Deserialize, Serialize}'] : []),
    ...([...ctx.constKinds.values()].includes('lazy') ? ['std::sync::LazyLock'] : []),
  ];
  const jsrtTypes = uses.filter((u) => u.startsWith('crate::jsrt::')).map((u) => u.slice('crate::jsrt::'.length));
  const useLines = [
    ...(jsrtTypes.length === 0 ? [] : [jsrtTypes.length === 1 ? `use crate::jsrt::${jsrtTypes[0]};` : `use crate::jsrt::{${jsrtTypes.join(', ')}};`]),
    ...uses.filter((u) => !u.startsWith('crate::')).map((u) => `use ${u};`),
  ];
  const header = [
    `//! Translated by pivot from \`${module.sourceFile}\` — do not edit; change the TypeScript and`,
    '//! regenerate. `jsrt` holds the JavaScript semantics the code relies on; `tests/vectors.rs`',
    '//! replays the golden vectors recorded from the original.',
    '',
    ...CRATE_ALLOWS,
    '',
    'pub mod jsrt;',
    '',
  ];
  return `${[...header, ...(useLines.length > 0 ? [...useLines, ''] : []), items.join('\n\n')].join('\n')}\n`;
}

/** A vector file as the recorder lays it out (header, then one vector per line), so the printer stays free of the recorder's I/O. */
function vectorFileText(file: VectorFile): string {
  const { vectors, sequences, ...header } = file as VectorFile & { vectors?: unknown[]; sequences?: unknown[] };
  const items = (vectors ?? sequences ?? []).map((item) => `    ${JSON.stringify(item)}`);
  const key = file.kind === 'function' ? 'vectors' : 'sequences';
  const list = items.length === 0 ? '[]' : `[\n${items.join(',\n')}\n  ]`;
  return `${JSON.stringify(header, null, 2).slice(0, -2)},\n  "${key}": ${list}\n}\n`;
}

export function emitRustCrate(module: IrModule, options: EmitOptions): FileTree {
  const facts = analyseModule(module);
  const ctx = new EmitCtx(module, facts);
  // Lanes pay off where F64x4 is a register (AVX2, which the aggressive profile's native CPU
  // has); on a plain x86-64 build the per-lane fallback measured ~10% slower than the scalar loop.
  if (options.lanes ?? options.profile === 'aggressive') ctx.lanes = planLanes(module);
  const packageName = crateName(options.packageName ?? module.name);
  const lib = libName(packageName);
  const tree: FileTree = new Map();
  const libText = libSource(ctx, module);
  tree.set('Cargo.toml', cargoToml(packageName, module, options.profile));
  const config = cargoConfig(options.profile);
  if (config) tree.set('.cargo/config.toml', config);
  tree.set('src/lib.rs', layoutRust(libText));
  tree.set('src/jsrt.rs', runtimeSource(ctx.needs));
  tree.set('tests/vectors.rs', testsSource(module, facts, lib, options.vectors));
  const files = [...options.vectors.keys()].sort();
  for (const name of files) tree.set(`vectors/${name}`, vectorFileText(options.vectors.get(name)!));
  const entryRust = module.entryPoints.map((e) => (module.classes.some((c) => c.name === e) ? e : snakeCase(e)));
  tree.set('README.md', readme(module, packageName, options.profile, files, entryRust));
  return tree;
}
