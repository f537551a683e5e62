/**
 * Classes → a plain struct and an `impl`: `new` builds the value from the field initialisers
 * and the constructor's leading `this.x = …` assignments (any remaining constructor code runs
 * on a `this` binding), methods take `&self` or `&mut self` as `mutates` says, getters are
 * methods. Safe shared use comes later from the service layer's lock around the value.
 */
import type { ClassDecl, Expr, Stmt } from '../ir.js';
import { methodKey, usedNames, writesOf } from './analysis.js';
import { indentText } from './closures.js';
import type { EmitCtx } from './context.js';
import { expr, numeric } from './expressions.js';
import { typeArgList, typeParamList } from './generics.js';
import { stateStructName } from './shared.js';
import { docLines, paramText, printCallable, resultType } from './items.js';
import { snakeCase, typeName } from './names.js';
import { printStmts } from './statements.js';
import { defaultValue, rustType } from './types.js';
import { visitExpr, visitStmts } from './walk.js';

function mentionsThis(e: Expr): boolean {
  let found = false;
  visitExpr(e, { expr: (x) => (x.kind === 'this' ? (found = true) : undefined) });
  return found;
}

export interface FieldPlan {
  /** Leading constructor statements that do not touch `this` (argument checks), run first. */
  before: Stmt[];
  /** Field name → its value expression (initialiser or hoisted constructor assignment). */
  values: Map<string, Expr>;
  /** Constructor statements left after hoisting. */
  rest: Stmt[];
}

function stmtMentionsThis(s: Stmt): boolean {
  let found = false;
  visitStmts([s], { expr: (x) => (x.kind === 'this' ? (found = true) : undefined) });
  return found;
}

/** Splits the constructor into checks, field values and the code that must run on the built value. */
export function planFields(cls: ClassDecl): FieldPlan {
  const values = new Map<string, Expr>();
  for (const f of cls.fields) if (f.initializer && !mentionsThis(f.initializer)) values.set(f.name, f.initializer);
  let i = 0;
  while (i < cls.constructorBody.length && !stmtMentionsThis(cls.constructorBody[i]!)) i++;
  const before = cls.constructorBody.slice(0, i);
  for (; i < cls.constructorBody.length; i++) {
    const s = cls.constructorBody[i]!;
    if (s.kind !== 'assign' || s.op !== '=' || s.target.kind !== 'field' || s.target.object.kind !== 'this' || mentionsThis(s.value)) break;
    if (!cls.fields.some((f) => f.name === (s.target as { field: string }).field)) break;
    values.set(s.target.field, s.value);
  }
  return { before, values, rest: cls.constructorBody.slice(i) };
}

function valueText(ctx: EmitCtx, e: Expr, type: ClassDecl['fields'][number]['type']): string {
  return type.kind === 'f64' || type.kind === 'i64' ? numeric(ctx, e, type).text : expr(ctx, e, 'owned').text;
}

function printConstructor(ctx: EmitCtx, cls: ClassDecl): string {
  const modes = ctx.facts.ctorModes.get(cls.name);
  const plan = planFields(cls);
  return ctx.inFunction({ throws: cls.constructorThrows, result: { kind: 'class', name: cls.name }, selfName: 'this' }, () => {
    const used = usedNames(cls.constructorBody);
    for (const v of plan.values.values()) for (const n of usedNames([{ kind: 'expr', expr: v, origin: v.origin }])) used.add(n);
    const params = cls.constructorParams.map((p, i) => paramText(ctx, p, modes?.[i] ?? 'owned', used, cls.constructorBody));
    const valueStmts: Stmt[] = [...plan.values.values()].map((v) => ({ kind: 'expr', expr: v, origin: v.origin }));
    const before = printStmts(ctx, plan.before, 'none', [...valueStmts, ...plan.rest]);
    // The field values are one expression for the move analysis: each parameter moves at most once.
    const all: Stmt = { kind: 'expr', expr: { kind: 'tuple', elements: [...plan.values.values()], type: { kind: 'unknown' }, origin: cls.origin }, origin: cls.origin };
    ctx.current = all;
    ctx.future.push(plan.rest);
    const fields = cls.fields.map((f) => {
      const name = snakeCase(f.name);
      const v = plan.values.get(f.name);
      const text = v ? valueText(ctx, v, f.type) : defaultValue(f.type, ctx.needs);
      return text === name ? `${name},` : `${name}: ${text},`;
    });
    ctx.future.pop();
    const struct = cls.shared ? stateStructName(cls.name) : 'Self';
    let literal = fields.length === 0 ? `${struct} {}` : `${struct} { ${fields.join(' ').replace(/,$/, '')} }`;
    if (cls.shared) {
      ctx.needs.add('Shared');
      literal = `Self(jsrt::Shared::new(${literal}))`;
    }
    let body: string[];
    if (plan.rest.length === 0) {
      body = [...before, cls.constructorThrows ? `Ok(${literal})` : literal];
    } else {
      const writes = writesOf(plan.rest, ctx.facts);
      const mut = writes.mutated.has('this') || writes.reassigned.has('this') ? 'mut ' : '';
      ctx.declare('this', { rust: 'this', kind: 'owned', type: { kind: 'class', name: cls.name, ...(cls.shared ? { shared: true } : {}) } });
      body = [...before, `let ${mut}this = ${literal};`, ...printStmts(ctx, plan.rest, 'none'), cls.constructorThrows ? 'Ok(this)' : 'this'];
    }
    const signature = `pub fn new(${params.join(', ')})${resultType(ctx, { kind: 'void' }, cls.constructorThrows, true)}`;
    return `${signature} {\n${body.map(indentText).join('\n')}\n}`;
  });
}

export function printClass(ctx: EmitCtx, cls: ClassDecl, unused: Set<string>): string {
  const name = typeName(cls.name);
  const fields = cls.fields.map((f) => `${f.visibility === 'public' ? 'pub ' : ''}${snakeCase(f.name)}: ${rustType(f.type, ctx.needs)},`);
  const methods = cls.methods.map((m) => {
    // A shared object changes behind its handle: its methods never need `&mut self`.
    const mutates = !cls.shared && (ctx.facts.methodMutates.get(methodKey(cls.name, m.name)) ?? m.mutates);
    const vis = m.visibility === 'public' ? 'pub ' : '';
    const attrs = unused.has(methodKey(cls.name, m.name)) ? ['#[allow(dead_code)]'] : [];
    return printCallable(ctx, m, ctx.facts.methodModes.get(methodKey(cls.name, m.name)), {
      vis,
      selfParam: mutates ? '&mut self' : '&self',
      attrs,
      // A shared class's `this` is a handle: its clone is the instance itself.
      returnsSelf: m.returnsThis === true && !cls.shared,
    });
  });
  const impl = [docLines('Builds the value as the TS constructor does.').join('\n') + '\n' + printConstructor(ctx, cls), ...methods];
  const generics = typeParamList(cls.typeParams, ctx.needs, true);
  const self = `${name}${typeArgList(cls.typeParams)}`;
  const defaultImpl =
    cls.constructorParams.length === 0 && !cls.constructorThrows
      ? [`impl${generics} Default for ${self} {`, '    fn default() -> Self {', '        Self::new()', '    }', '}']
      : [];
  const body = (head: string) => (fields.length === 0 ? `${head} {}` : `${head} {\n${fields.map(indentText).join('\n')}\n}`);
  const declaration = cls.shared
    ? sharedDeclaration(cls, body)
    : [...docLines(cls.doc), '#[derive(Debug, Clone)]', body(`pub struct ${self}`)];
  return [
    ...declaration,
    '',
    `impl${generics} ${self} {`,
    impl.map(indentText).join('\n\n'),
    '}',
    ...(defaultImpl.length > 0 ? ['', ...defaultImpl] : []),
  ].join('\n');
}

/** A shared class: its fields in a state struct, the class a handle to it (identity `==`, clones share). */
function sharedDeclaration(cls: ClassDecl, body: (head: string) => string): string[] {
  const name = typeName(cls.name);
  const args = typeArgList(cls.typeParams);
  const state = `${stateStructName(cls.name)}${args}`;
  return [
    `/// The fields of a [\`${name}\`], behind its handle.`,
    '#[derive(Debug)]',
    body(`pub struct ${state}`),
    '',
    ...docLines(cls.doc),
    ...(cls.doc ? ['///'] : []),
    `/// Shared, as a JS object is: a \`${name}\` is a handle, its clones are the same object and \`==\``,
    '/// compares identity.',
    '#[derive(Debug)]',
    `pub struct ${name}${args}(jsrt::Shared<${state}>);`,
    '',
    `impl${args} Clone for ${name}${args} {`,
    '    fn clone(&self) -> Self {',
    '        Self(self.0.clone())',
    '    }',
    '}',
    '',
    `impl${args} PartialEq for ${name}${args} {`,
    '    fn eq(&self, other: &Self) -> bool {',
    '        self.0 == other.0',
    '    }',
    '}',
  ];
}
