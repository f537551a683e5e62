/** Helpers for the printer's snapshot tests: emit a tiny module and pick out generated text. */
import { emitRustCrate } from '../../../src/translate/emit-rust/index.js';
import type { EmitOptions } from '../../../src/translate/api.js';
import type { ClassDecl, ConstDecl, EnumDecl, FunctionDecl, IrModule, StructDecl } from '../../../src/translate/ir.js';

export interface ModuleParts {
  functions?: FunctionDecl[];
  structs?: StructDecl[];
  enums?: EnumDecl[];
  constants?: ConstDecl[];
  classes?: ClassDecl[];
}

export function moduleOf(parts: ModuleParts, name = 'case'): IrModule {
  const functions = parts.functions ?? [];
  return {
    sourceFile: `src/${name}.ts`,
    name,
    structs: parts.structs ?? [],
    enums: parts.enums ?? [],
    constants: parts.constants ?? [],
    functions,
    classes: parts.classes ?? [],
    entryPoints: [...functions.filter((f) => f.exported).map((f) => f.name), ...(parts.classes ?? []).map((c) => c.name)],
  };
}

export function emit(parts: ModuleParts, options: Partial<EmitOptions> = {}): Map<string, string> {
  return emitRustCrate(moduleOf(parts), { profile: 'balanced', vectors: new Map(), ...options });
}

/** The generated `src/lib.rs` of a module. */
export function lib(parts: ModuleParts): string {
  return emit(parts).get('src/lib.rs')!;
}

/** The body lines of one generated function, without indentation, joined by newlines. */
export function body(parts: ModuleParts, fnName: string): string {
  const text = lib(parts);
  const start = text.search(new RegExp(`fn ${fnName}\\(`));
  if (start < 0) throw new Error(`no fn ${fnName} in:\n${text}`);
  const open = text.indexOf('{\n', start);
  const end = text.indexOf('\n}\n', open);
  return text
    .slice(open + 2, end === -1 ? undefined : end)
    .split('\n')
    .map((l) => l.replace(/^ {4}/, ''))
    .join('\n');
}

/** The signature line of one generated function. */
export function signature(parts: ModuleParts, fnName: string): string {
  const text = lib(parts);
  const line = text.split('\n').find((l) => new RegExp(`fn ${fnName}\\(`).test(l));
  if (!line) throw new Error(`no fn ${fnName}`);
  return line.trim();
}
