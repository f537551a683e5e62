/**
 * Module items: structs (serde-renamed to the TS field names), string-literal enums, constants
 * (`const` where Rust can evaluate them at compile time, a `LazyLock` static otherwise) and
 * functions (`Result<T, String>` when they can throw).
 */
import type { ConstDecl, EnumDecl, Expr, FunctionDecl, IrType, Param, StructDecl } from '../ir.js';
import { type ParamMode, usedNames, writesOf } from './analysis.js';
import { indentText } from './closures.js';
import { typeParamList } from './generics.js';
import { EmitCtx, type BindingKind } from './context.js';
import { expr, numeric } from './expressions.js';
import { screamingCase, serdeCamelCase, snakeCase, typeName, variantNames } from './names.js';
import { printBody } from './statements.js';
import { borrowedType, borrowsAsView, isCopy, rustType } from './types.js';
import type { Stmt } from '../ir.js';
import { visitStmts } from './walk.js';

/** `///` lines for a TS doc comment (list continuations indented so rustdoc keeps them in the item). */
export function docLines(doc: string | undefined): string[] {
  if (!doc || doc.trim() === '') return [];
  const lines: string[] = [];
  let listIndent = 0;
  for (const raw of doc.trim().split('\n')) {
    const line = raw.trim();
    const marker = /^([-*+]|\d+[.)])\s+/.exec(line);
    if (marker) listIndent = marker[0].length;
    else if (line === '') listIndent = 0;
    const text = !marker && listIndent > 0 ? `${' '.repeat(listIndent)}${line}` : line;
    lines.push(text === '' ? '///' : `/// ${text}`);
  }
  return lines;
}

function fieldAttrs(tsName: string, rustName: string, optional: boolean, camel: boolean): string[] {
  const attrs: string[] = [];
  if (!camel && rustName.replace(/^r#/, '') !== tsName) attrs.push(`#[serde(rename = ${JSON.stringify(tsName)})]`);
  if (optional) attrs.push('#[serde(default, skip_serializing_if = "Option::is_none")]');
  return attrs;
}

export function printStruct(ctx: EmitCtx, s: StructDecl, derivesDefault: boolean): string {
  const names = s.fields.map((f) => snakeCase(f.name));
  const camel = s.fields.length > 0 && s.fields.every((f, i) => serdeCamelCase(names[i]!) === f.name) && s.fields.some((f, i) => names[i] !== f.name);
  const derives = ['Debug', 'Clone', ...(derivesDefault ? ['Default'] : []), 'PartialEq', 'Serialize', 'Deserialize'];
  const fields = s.fields.flatMap((f, i) => [
    ...fieldAttrs(f.name, names[i]!, f.optional, camel),
    `pub ${names[i]}: ${rustType(f.type, ctx.needs)},`,
  ]);
  return [
    ...docLines(s.doc),
    `#[derive(${derives.join(', ')})]`,
    ...(camel ? ['#[serde(rename_all = "camelCase")]'] : []),
    `pub struct ${typeName(s.name)} {`,
    ...fields.map(indentText),
    '}',
  ].join('\n');
}

export function printEnum(e: EnumDecl, derivesDefault: boolean): string {
  const name = typeName(e.name);
  const variants = variantNames(e.variants);
  const derives = ['Debug', 'Clone', 'Copy', ...(derivesDefault ? ['Default'] : []), 'PartialEq', 'Eq', 'Hash', 'Serialize', 'Deserialize'];
  const body = e.variants.flatMap((v, i) => [
    ...(derivesDefault && i === 0 ? ['#[default]'] : []),
    ...(variants[i] !== v ? [`#[serde(rename = ${JSON.stringify(v)})]`] : []),
    `${variants[i]},`,
  ]);
  const arms = e.variants.map((v, i) => `${name}::${variants[i]} => ${JSON.stringify(v)},`);
  return [
    ...docLines(e.doc),
    `#[derive(${derives.join(', ')})]`,
    `pub enum ${name} {`,
    ...body.map(indentText),
    '}',
    '',
    `impl ${name} {`,
    '    /// The TS string literal of the variant.',
    "    pub fn as_str(&self) -> &'static str {",
    '        match self {',
    ...arms.map((a) => `            ${a}`),
    '        }',
    '    }',
    '}',
    '',
    `impl std::fmt::Display for ${name} {`,
    "    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {",
    '        f.write_str(self.as_str())',
    '    }',
    '}',
  ].join('\n');
}

function constEvaluable(ctx: EmitCtx, e: Expr): boolean {
  switch (e.kind) {
    case 'number':
    case 'bool':
    case 'enumLit':
      return true;
    case 'unary':
      return constEvaluable(ctx, e.operand);
    case 'binary':
      return ['+', '-', '*', '/', '%'].includes(e.op) && constEvaluable(ctx, e.left) && constEvaluable(ctx, e.right);
    case 'convert':
      return constEvaluable(ctx, e.value);
    case 'ident':
      return e.binding === 'const' && ctx.constKinds.get(e.name) === 'const' && isCopy(e.type);
    default:
      return false;
  }
}

/** Decides `const` / `&str` const / `LazyLock` static for each constant, in declaration order. */
export function classifyConstants(ctx: EmitCtx): void {
  for (const c of ctx.module.constants) {
    let kind: BindingKind = 'lazy';
    if (c.type.kind === 'string' && c.value.kind === 'string') kind = 'const';
    else if (isCopy(c.type) && constEvaluable(ctx, c.value)) kind = 'const';
    ctx.constKinds.set(c.name, kind);
  }
}

export function printConst(ctx: EmitCtx, c: ConstDecl, vis: string): string {
  const name = screamingCase(c.name);
  const kind = ctx.constKinds.get(c.name);
  return ctx.inFunction({ throws: false, result: c.type, selfName: 'self' }, () => {
    if (kind === 'const' && c.type.kind === 'string' && c.value.kind === 'string') {
      return `${vis}const ${name}: &str = ${expr(ctx, c.value, 'read').text};`;
    }
    const value = c.type.kind === 'f64' || c.type.kind === 'i64' ? numeric(ctx, c.value, c.type).text : expr(ctx, c.value, 'owned').text;
    const type = rustType(c.type, ctx.needs);
    if (kind === 'const') return `${vis}const ${name}: ${type} = ${value};`;
    // `LazyLock::new(make_table)`, not `|| make_table()` (clippy's redundant_closure).
    const init = /^[A-Za-z_][A-Za-z0-9_:]*\(\)$/.test(value) ? value.slice(0, -2) : `|| ${value}`;
    return `${vis}static ${name}: LazyLock<${type}> = LazyLock::new(${init});`;
  });
}

const GROWING = new Set(['array.push', 'array.pop', 'array.shift', 'array.unshift']);

/** Whether an array parameter needs `&mut Vec` (it grows or shrinks, or goes on to another call). */
function growsOrPasses(body: readonly Stmt[], name: string): boolean {
  let found = false;
  const isIt = (e: Expr | undefined): boolean => e?.kind === 'ident' && e.name === name;
  visitStmts(body, {
    expr: (e) => {
      if (e.kind === 'builtin' && GROWING.has(e.name) && isIt(e.receiver)) found = true;
      if ((e.kind === 'call' || e.kind === 'methodCall' || e.kind === 'new') && e.args.some(isIt)) found = true;
    },
  });
  return found;
}

/** A parameter in a signature; declares its binding for the body. */
export function paramText(ctx: EmitCtx, p: Param, mode: ParamMode, used: Set<string>, body: readonly Stmt[]): string {
  const rust = used.has(p.name) ? snakeCase(p.name) : `_${snakeCase(p.name).replace(/^r#/, '')}`;
  const writes = writesOf(body, ctx.facts);
  const mut = p.reassigned || writes.reassigned.has(p.name) || writes.mutated.has(p.name) ? 'mut ' : '';
  switch (mode) {
    case 'borrow':
      ctx.declare(p.name, { rust, kind: borrowsAsView(p.type) ? 'view' : 'ref', type: p.type });
      return `${rust}: ${borrowedType(p.type, ctx.needs)}`;
    case 'mutref':
      ctx.declare(p.name, { rust, kind: 'mutref', type: p.type });
      if (p.type.kind === 'array' && !growsOrPasses(body, p.name)) return `${rust}: &mut [${rustType(p.type.element, ctx.needs)}]`;
      return `${rust}: &mut ${rustType(p.type, ctx.needs)}`;
    default:
      ctx.declare(p.name, { rust, kind: 'owned', type: p.type });
      return `${mut}${rust}: ${rustType(p.type, ctx.needs)}`;
  }
}

export function resultType(ctx: EmitCtx, result: IrType, throws: boolean, self = false): string {
  const t = self ? 'Self' : rustType(result, ctx.needs);
  if (throws) return ` -> Result<${result.kind === 'void' && !self ? '()' : t}, String>`;
  return result.kind === 'void' && !self ? '' : ` -> ${t}`;
}

/** Signature line and body of a function or method (`selfParam` e.g. `&mut self`). */
export function printCallable(
  ctx: EmitCtx,
  decl: Pick<FunctionDecl, 'name' | 'params' | 'result' | 'throws' | 'body' | 'doc' | 'typeParams'>,
  modes: readonly ParamMode[] | undefined,
  head: { vis: string; selfParam?: string; attrs?: string[]; returnsSelf?: boolean },
): string {
  return ctx.inFunction({ throws: decl.throws, result: decl.result, selfName: 'self', returnsSelf: head.returnsSelf }, () => {
    const used = usedNames(decl.body);
    const params = decl.params.map((p, i) => paramText(ctx, p, modes?.[i] ?? 'owned', used, decl.body));
    const all = head.selfParam ? [head.selfParam, ...params] : params;
    const tail = decl.result.kind === 'void' && !decl.throws ? 'void' : 'value';
    const body = printBody(ctx, decl.body, tail);
    const tooMany = all.length > 7 ? ['#[allow(clippy::too_many_arguments)]'] : [];
    const generics = typeParamList(decl.typeParams, ctx.needs, true);
    const selfRef = head.returnsSelf ? (head.selfParam ?? '&Self').replace(' self', ' Self').replace(/^&self$/, '&Self') : undefined;
    const result = selfRef ? (decl.throws ? ` -> Result<${selfRef}, String>` : ` -> ${selfRef}`) : resultType(ctx, decl.result, decl.throws);
    const signature = `${head.vis}fn ${snakeCase(decl.name)}${generics}(${all.join(', ')})${result}`;
    return [
      ...docLines(decl.doc),
      ...(head.attrs ?? []),
      ...tooMany,
      body.length === 0 ? `${signature} {}` : `${signature} {\n${body.map(indentText).join('\n')}\n}`,
    ].join('\n');
  });
}

export function printFunction(ctx: EmitCtx, fn: FunctionDecl, vis: string, attrs: string[]): string {
  return printCallable(ctx, fn, ctx.facts.fnModes.get(fn.name), { vis, attrs });
}
