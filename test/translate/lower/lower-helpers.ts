import { Project, ts } from 'ts-morph';
import type { LowerResult } from '../../../src/translate/api.js';
import type { Diagnostic } from '../../../src/translate/diagnostics.js';
import type { ClassDecl, Expr, FunctionDecl, IrType, MethodDecl, Stmt } from '../../../src/translate/ir.js';
import { lowerSourceFile } from '../../../src/translate/lower/index.js';
import { walkStmts } from '../../../src/translate/ir-walk.js';

/** Lowers TS snippets from one shared in-memory project (files are /src/caseN.ts, root /). */
const project = new Project({
  useInMemoryFileSystem: true,
  compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
});
let counter = 0;

export interface Lowered extends LowerResult {
  file: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  codes: string[];
  fn(name: string): FunctionDecl;
  cls(name: string): ClassDecl;
  method(cls: string, name: string): MethodDecl;
}

export function addFile(path: string, code: string): void {
  project.createSourceFile(path, code, { overwrite: true });
}

export function lower(code: string, units?: string[]): Lowered {
  counter += 1;
  const file = `src/case${counter}.ts`;
  const source = project.createSourceFile(`/${file}`, code);
  const result = lowerSourceFile(source, { root: '/', units });
  const find = <T extends { name: string }>(list: T[], name: string, what: string): T => {
    const found = list.find((x) => x.name === name);
    if (!found) throw new Error(`no ${what} ${name} in ${list.map((x) => x.name).join(', ')}`);
    return found;
  };
  return {
    ...result,
    file,
    errors: result.diagnostics.filter((d) => d.severity === 'error'),
    warnings: result.diagnostics.filter((d) => d.severity === 'warning'),
    codes: result.diagnostics.map((d) => d.code),
    fn: (name) => find(result.module.functions, name, 'function'),
    cls: (name) => find(result.module.classes, name, 'class'),
    method: (cls, name) => find(find(result.module.classes, cls, 'class').methods, name, 'method'),
  };
}

/** Every expression of `kind` in the statements (closure bodies included). */
export function exprsOf<K extends Expr['kind']>(stmts: Stmt[], kind: K): Extract<Expr, { kind: K }>[] {
  const out: Extract<Expr, { kind: K }>[] = [];
  walkStmts(stmts, { expr: (e) => void (e.kind === kind && out.push(e as Extract<Expr, { kind: K }>)) });
  return out;
}

export function stmtsOf<K extends Stmt['kind']>(stmts: Stmt[], kind: K): Extract<Stmt, { kind: K }>[] {
  const out: Extract<Stmt, { kind: K }>[] = [];
  walkStmts(stmts, { stmt: (s) => void (s.kind === kind && out.push(s as Extract<Stmt, { kind: K }>)) });
  return out;
}

export function varType(stmts: Stmt[], name: string): IrType {
  const found = stmtsOf(stmts, 'var').find((v) => v.name === name);
  if (!found) throw new Error(`no local ${name}`);
  return found.type;
}

/** A compact rendering of a type: `i64[]`, `Map<string,f64>`, `Point?`. */
export function typeText(type: IrType): string {
  switch (type.kind) {
    case 'array':
      return `${typeText(type.element)}[]`;
    case 'set':
      return `Set<${typeText(type.element)}>`;
    case 'map':
      return `Map<${typeText(type.key)},${typeText(type.value)}>`;
    case 'optional':
      return `${typeText(type.inner)}?`;
    case 'tuple':
      return `[${type.elements.map(typeText).join(',')}]`;
    case 'struct':
    case 'enum':
    case 'class':
      return type.name;
    case 'function':
      return `(${type.params.map(typeText).join(',')})=>${typeText(type.result)}`;
    default:
      return type.kind;
  }
}

export function at(d: Diagnostic): string {
  return `${d.origin.file}:${d.origin.line}:${d.origin.column} ${d.code}`;
}
