/**
 * Package-level declarations: structs (json tags with the TS names), enums (`type X string` +
 * consts), module constants, and functions (`(T, error)` when they throw).
 */
import { wrapWords as wrap } from '../../wrap-words.js';
import type { ConstDecl, EnumDecl, FunctionDecl, Param, StructDecl } from '../ir.js';
import { defaultValues, endsTerminating, readNames } from './analysis.js';
import { FnContext, type FileContext, type FnScope } from './context.js';
import { foldNumber, stringLiteral } from './literals.js';
import { typeParamList } from './generics.js';
import { structFieldName } from './names.js';
import { fallOffEnd, printBlock } from './statements.js';
import { groupParams, indentLines, render } from './syntax.js';
import { goType } from './types.js';
import { printExpr } from './expressions.js';

/** `// Name …` doc lines: TS doc text as one paragraph per blank-line-separated block. */
export function docComment(goName: string, doc: string | undefined, fallback: string): string[] {
  const text = (doc ?? '').trim();
  const paragraphs = text === '' ? [`${goName} ${fallback}`] : text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim());
  const lines: string[] = [];
  paragraphs.forEach((p, i) => {
    if (i > 0) lines.push('//');
    const body = i === 0 && !p.startsWith(`${goName} `) ? `${goName}: ${p}` : p;
    lines.push(...wrap(body, 96).map((l) => `// ${l}`));
  });
  return lines;
}

/** Free text as `// …` comment lines. */
export function commentLines(text: string): string[] {
  return wrap(text.replace(/\s+/g, ' ').trim(), 96).map((l) => `// ${l}`);
}

/** Rows of cells aligned as gofmt's tabwriter does (each cell padded to the column width + 1). */
export function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]! + 1) : cell)).join(''));
}

export function printStruct(file: FileContext, s: StructDecl): string[] {
  const name = file.info.names.struct(s.name);
  const doc = docComment(name, s.doc, `is the TS ${s.exported ? 'exported ' : ''}interface ${s.name}.`);
  if (s.fields.length === 0) return [...doc, `type ${name} struct{}`];
  const rows = s.fields.map((f) => {
    const tag = `\`json:"${f.name}${f.optional || f.type.kind === 'optional' ? ',omitempty' : ''}"\``;
    return [structFieldName(f.name), goType(f.type, file.info.names), tag];
  });
  return [...doc, `type ${name} struct {`, ...alignColumns(rows).map((l) => `\t${l}`), '}'];
}

export function printEnum(file: FileContext, e: EnumDecl): string[] {
  const name = file.info.names.enum(e.name);
  const doc = docComment(name, e.doc, `is the TS union ${e.variants.map((v) => JSON.stringify(v)).join(' | ')}.`);
  const rows = e.variants.map((v) => [file.info.names.variant(e.name, v), name, `= ${stringLiteral(v)}`]);
  return [...doc, `type ${name} string`, '', 'const (', ...alignColumns(rows).map((l) => `\t${l}`), ')'];
}

function topLevelContext(file: FileContext, result: FnScope['result']): FnContext {
  return new FnContext(file, { kind: 'function', result, throws: false, readNames: new Set() });
}

export function printConst(file: FileContext, c: ConstDecl): string[] {
  const name = file.info.names.constant(c.name);
  const doc = docComment(name, undefined, `is the TS constant ${c.name}.`);
  const ctx = topLevelContext(file, c.type);
  const folded = c.type.kind === 'f64' || c.type.kind === 'i64' ? foldNumber(c.value) : undefined;
  if (folded !== undefined && Number.isFinite(folded) && !Object.is(folded, -0)) {
    const type = c.type.kind === 'i64' ? 'int64' : 'float64';
    return [...doc, `const ${name} ${type} = ${render(printExpr(ctx, c.value))}`];
  }
  if (c.value.kind === 'string' || c.value.kind === 'bool' || c.value.kind === 'enumLit') {
    return [...doc, `const ${name} = ${render(printExpr(ctx, c.value))}`];
  }
  const { pre, value } = ctx.capture(() => printExpr(ctx, c.value));
  if (pre.length === 0) return [...doc, `var ${name} = ${render(value)}`];
  const type = goType(c.type, file.info.names);
  return [...doc, `var ${name} = func() ${type} {`, ...indentLines([...pre, `return ${render(value)}`]), '}()'];
}

/**
 * `(a, b float64, c string)`: consecutive parameters of one type share it, as gofmt'd Go does.
 * An array whose length the body changes comes as `*[]T`, so the caller's slice changes too.
 */
export function paramList(ctx: FnContext, params: Param[]): string {
  for (const p of params) ctx.setSliceRef(p.name, p.resized === true);
  const type = (p: Param): string => `${p.resized ? '*' : ''}${goType(p.type, ctx.names)}`;
  return `(${groupParams(params.map((p) => ({ name: ctx.local(p.name), type: type(p) })))})`;
}

export function resultList(ctx: FnContext, result: FunctionDecl['result'], throws: boolean): string {
  const type = goType(result, ctx.names);
  if (!throws) return type === '' ? '' : ` ${type}`;
  return type === '' ? ' error' : ` (${type}, error)`;
}

/** A body's lines, closed with the return Go needs when TS let control fall off the end. */
export function functionBody(ctx: FnContext, body: FunctionDecl['body'], prologue: string[] = []): string[] {
  const lines = [...prologue, ...printBlock(ctx, body)];
  if (!endsTerminating(body)) lines.push(...fallOffEnd(ctx));
  return indentLines(lines);
}

export function printFunction(file: FileContext, f: FunctionDecl): string[] {
  const name = file.info.names.func(f.name);
  const ctx = new FnContext(file, { kind: 'function', result: f.result, throws: f.throws, readNames: readNames(f.body, defaultValues(f.params)) });
  const doc = docComment(name, f.doc, `is the TS function ${f.name}.`);
  const generics = typeParamList(f.typeParams, (pkg) => file.use(pkg));
  const head = `func ${name}${generics}${paramList(ctx, f.params)}${resultList(ctx, f.result, f.throws)} {`;
  return [...doc, head, ...functionBody(ctx, f.body), '}'];
}
