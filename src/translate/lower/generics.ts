import type { Node, Type, ts } from 'ts-morph';
import * as diag from '../diagnostics.js';
import type { ClassDecl, IrType } from '../ir.js';
import { declareClass } from './classes.js';
import type { LowerContext } from './context.js';
import type { CollectedDeclaration } from './declarations.js';

/**
 * Generic classes are monomorphised: each distinct list of type arguments used in the module
 * (`Stack<string>`, `Stack<number>`) becomes its own class (`StackString`, `StackNumber`),
 * declared when first met and lowered with `T` bound to the argument's IR type.
 */
export interface PendingInstance {
  cls: ClassDecl;
  decl: CollectedDeclaration;
  substitution: Map<ts.Node, IrType>;
}

export function instantiateGeneric(ctx: LowerContext, decl: CollectedDeclaration, typeArgs: Type[], at: Node): IrType {
  const params = (decl.node as Node & { getTypeParameters(): Node[] }).getTypeParameters();
  if (typeArgs.length !== params.length) {
    ctx.reportAt(diag.genericDeclaration, at, `${decl.name} used without its type arguments`);
    return { kind: 'unknown' };
  }
  const args = typeArgs.map((t, i) =>
    ctx.typeOf(t, at, ctx.slotInfo(at, params[i]!.getText(), `type argument ${params[i]!.getText()} of ${decl.name}<${typeArgs.map((a) => a.getText()).join(', ')}>`)),
  );
  const key = `${decl.name}<${JSON.stringify(args)}>`;
  const existing = ctx.generics.instances.get(key);
  if (existing) return { kind: 'class', name: existing };
  let name = decl.name + args.map(typeName).join('');
  for (let i = 2; ctx.tables.classes.has(name) || ctx.tables.structs.has(name); i++) name = `${decl.name}${args.map(typeName).join('')}${i}`;
  ctx.generics.instances.set(key, name);
  const substitution = new Map<ts.Node, IrType>(params.map((p, i) => [p.compilerNode, args[i]!]));
  const cls = ctx.withSubstitution(substitution, () => declareClass(ctx, decl, name));
  if (cls) {
    ctx.tables.classes.set(name, cls);
    ctx.generics.pending.push({ cls, decl, substitution });
  }
  return { kind: 'class', name };
}

/** A readable name part for a type argument: number → Number, Point[] → PointArray. */
function typeName(type: IrType): string {
  switch (type.kind) {
    case 'f64':
    case 'i64':
      return 'Number';
    case 'string':
      return 'String';
    case 'bool':
      return 'Bool';
    case 'struct':
    case 'enum':
    case 'class':
      return type.name;
    case 'array':
      return `${typeName(type.element)}Array`;
    case 'set':
      return `${typeName(type.element)}Set`;
    case 'optional':
      return `Optional${typeName(type.inner)}`;
    case 'map':
      return `Map${typeName(type.key)}${typeName(type.value)}`;
    case 'tuple':
      return `Tuple${type.elements.map(typeName).join('')}`;
    default:
      return 'Value';
  }
}
