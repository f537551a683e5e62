/**
 * Classes → a Go struct with unexported fields, a `NewX` constructor and methods.
 *
 * Locking: a class whose public methods both read and write gets a `sync.RWMutex` (RLock for
 * readers), one whose public methods all write a `sync.Mutex`, an immutable one none. Each public
 * method of a locked class is an exported wrapper that takes the lock and calls an unexported,
 * unlocked implementation; methods call each other (on `this`) through the implementations, so
 * the lock is never taken twice.
 */
import type { ClassDecl, Expr, MethodDecl } from '../ir.js';
import { defaultValues, readNames } from './analysis.js';
import { FnContext, type ClassInfo, type FileContext } from './context.js';
import { coerce, composite } from './expressions.js';
import { alignColumns, commentLines, docComment, functionBody, paramList, resultList } from './items.js';
import { typeParamList, typeParamNames } from './generics.js';
import { receiverName } from './names.js';
import { render, type GoElement } from './syntax.js';
import { goType } from './types.js';

export function printClass(file: FileContext, info: ClassInfo): string[] {
  const c = info.decl;
  const names = file.info.names;
  const name = names.class(c.name);
  const lockType = info.lock === 'rwmutex' ? 'sync.RWMutex' : info.lock === 'mutex' ? 'sync.Mutex' : undefined;
  const lockNote = lockType
    ? ` Safe for concurrent use: exported methods hold ${names.mutexField(c.name)} (${info.lock === 'rwmutex' ? 'read lock for methods that only read' : 'every public method writes'}).`
    : ' Immutable after construction, so safe for concurrent use.';
  const rows: string[][] = [];
  if (lockType) {
    file.use('sync');
    rows.push([names.mutexField(c.name), lockType]);
  }
  for (const f of c.fields) rows.push([names.classField(c.name, f.name), goType(f.type, names)]);
  const doc = docComment(name, c.doc, `is the TS class ${c.name}.`);
  doc.push('//', ...commentLines(lockNote));
  const head = `type ${name}${typeParamList(c.typeParams, (pkg) => file.use(pkg))}`;
  const struct = rows.length === 0 ? [`${head} struct{}`] : [`${head} struct {`, ...alignColumns(rows).map((l) => `\t${l}`), '}'];
  const out = [...doc, ...struct, '', ...printConstructor(file, c)];
  for (const m of c.methods) out.push('', ...printMethod(file, info, m));
  return out;
}

function printConstructor(file: FileContext, c: ClassDecl): string[] {
  const names = file.info.names;
  const recv = receiverName(c.name);
  const ctx = new FnContext(file, {
    kind: 'constructor',
    result: { kind: 'class', name: c.name },
    throws: c.constructorThrows,
    className: c.name,
    receiver: recv,
    readNames: readNames(c.constructorBody, c.fields.flatMap((f) => (f.initializer ? [f.initializer] : []))),
  });
  const ctor = names.constructorOf(c.name);
  const className = `${names.class(c.name)}${typeParamNames(c.typeParams)}`;
  const result = c.constructorThrows ? ` (*${className}, error)` : ` *${className}`;
  // Field initializers run before the constructor body: Go zero values are implicit, simple
  // values go into the composite literal, anything else is assigned in order.
  const literal: GoElement[] = [];
  const assignments: string[] = [];
  for (const f of c.fields) {
    if (!f.initializer || (f.type.kind !== 'optional' && isGoZero(f.initializer))) continue;
    const { pre, value } = ctx.capture(() => coerce(ctx, f.initializer!, f.type));
    const goField = names.classField(c.name, f.name);
    if (pre.length === 0 && assignments.length === 0 && !readsThis(f.initializer)) literal.push({ k: 'keyValue', key: goField, value });
    else assignments.push(...pre, `${recv}.${goField} = ${render(value)}`);
  }
  const prologue = [`${recv} := ${render(composite(className, true, literal))}`, ...assignments];
  const doc = docComment(ctor, undefined, `runs the constructor of the TS class ${c.name}.`);
  const generics = typeParamList(c.typeParams, (pkg) => file.use(pkg));
  return [...doc, `func ${ctor}${generics}${paramList(ctx, c.constructorParams)}${result} {`, ...functionBody(ctx, c.constructorBody, prologue), '}'];
}

function printMethod(file: FileContext, info: ClassInfo, m: MethodDecl): string[] {
  const names = file.info.names;
  const c = info.decl;
  const recv = receiverName(c.name);
  const className = `${names.class(c.name)}${typeParamNames(c.typeParams)}`;
  const goNames = names.method(c.name, m.name);
  const ctx = new FnContext(file, {
    kind: 'method',
    result: m.result,
    throws: m.throws,
    className: c.name,
    receiver: recv,
    readNames: readNames(m.body, defaultValues(m.params)),
  });
  const params = paramList(ctx, m.params);
  const result = resultList(ctx, m.result, m.throws);
  const what = m.isGetter ? 'getter' : 'method';
  if (info.lock === 'none' || !goNames.exported) {
    const goName = info.lock === 'none' ? goNames.exported ?? goNames.impl : goNames.impl;
    const held = info.lock === 'none' ? '.' : `; callers hold ${names.mutexField(c.name)}.`;
    const fallback = goNames.exported ? `is the TS ${what} ${c.name}.${m.name}.` : `is the TS ${m.visibility} ${what} ${c.name}.${m.name}${held}`;
    const doc = docComment(goName, m.doc, fallback);
    return [...doc, `func (${recv} *${className}) ${goName}${params}${result} {`, ...functionBody(ctx, m.body), '}'];
  }
  const writes = info.mutates.get(m.name) ?? m.mutates;
  const mu = `${recv}.${names.mutexField(c.name)}`;
  const [lock, unlock] = info.lock === 'rwmutex' && !writes ? ['RLock', 'RUnlock'] : ['Lock', 'Unlock'];
  const args = m.params.map((p) => ctx.local(p.name)).join(', ');
  const forward = `${recv}.${goNames.impl}(${args})`;
  const returns = m.result.kind !== 'void' || m.throws;
  const wrapper = [
    ...docComment(goNames.exported, m.doc, `is the TS ${what} ${c.name}.${m.name}.`),
    `func (${recv} *${className}) ${goNames.exported}${params}${result} {`,
    `\t${mu}.${lock}()`,
    `\tdefer ${mu}.${unlock}()`,
    `\t${returns ? 'return ' : ''}${forward}`,
    '}',
  ];
  const impl = [
    `// ${goNames.impl} implements ${goNames.exported}; the caller holds ${mu.slice(recv.length + 1)}.`,
    `func (${recv} *${className}) ${goNames.impl}${params}${result} {`,
    ...functionBody(ctx, m.body),
    '}',
  ];
  return [...wrapper, '', ...impl];
}

function isGoZero(e: Expr): boolean {
  return (e.kind === 'number' && Object.is(e.value, 0)) || (e.kind === 'string' && e.value === '') || (e.kind === 'bool' && !e.value);
}

function readsThis(e: Expr): boolean {
  return JSON.stringify(e).includes('"kind":"this"');
}
