import { type CallExpression, type Node, type Type, type ts } from 'ts-morph';
import * as diag from '../diagnostics.js';
import {
  UNKNOWN,
  classType,
  mentionsTypeParam,
  substituteType,
  typeParamType,
  type ClassDecl,
  type IrType,
  type Param,
  type TypeParamDecl,
} from '../ir.js';
import { declareClass } from './classes.js';
import type { LowerContext } from './context.js';
import type { CollectedDeclaration } from './declarations.js';

/**
 * Generic classes and functions.
 *
 * A generic class used with concrete type arguments is monomorphised: each distinct list of
 * arguments (`Stack<string>`, `Stack<number>`) becomes its own class (`StackString`,
 * `StackNumber`), declared when first met and lowered with `T` bound to the argument's IR type
 * (numbers then get their own slots, so `StackNumber` may hold `i64`).
 *
 * A generic class used with type parameters as its arguments — the translated unit itself
 * (`export class Stack<T>`), or `LinkedListNode<T>` inside `LinkedList<T>` — stays generic: one
 * class declared under its own name with `typeParams`, its bodies lowered once with `T` as a
 * `typeParam` type, and every use carrying `args` (`{ kind: 'class', name, args: [T] }`).
 * Generic functions always stay generic; calls carry their type arguments. What the bodies do
 * with a type parameter becomes its bounds (bounds.ts).
 */
export interface PendingInstance {
  cls: ClassDecl;
  decl: CollectedDeclaration;
  substitution: Map<ts.Node, IrType>;
}

type Generic = Node & { getTypeParameters(): (Node & { getName(): string; getConstraint(): Node | undefined })[] };

export function typeParameterNodes(node: Node): ReturnType<Generic['getTypeParameters']> {
  return 'getTypeParameters' in node ? (node as Generic).getTypeParameters() : [];
}

/** `T` bound to itself for lowering a generic declaration once; a constraint is refused. */
export function ownSubstitution(ctx: LowerContext, node: Node, owner: string): { substitution: Map<ts.Node, IrType>; typeParams: TypeParamDecl[] } {
  const params = typeParameterNodes(node);
  for (const p of params) {
    const constraint = p.getConstraint();
    if (constraint) ctx.reportAt(diag.genericDeclaration, p, `${owner}<${p.getText()}> (a constrained type parameter)`);
  }
  return {
    substitution: new Map(params.map((p) => [p.compilerNode, typeParamType(p.getName())])),
    typeParams: params.map((p) => ({ name: p.getName(), bounds: [] })),
  };
}

export function instantiateGeneric(ctx: LowerContext, decl: CollectedDeclaration, typeArgs: Type[], at: Node): IrType {
  const params = typeParameterNodes(decl.node);
  if (typeArgs.length !== params.length) {
    ctx.reportAt(diag.genericDeclaration, at, `${decl.name} used without its type arguments`);
    return UNKNOWN;
  }
  const label = `${decl.name}<${typeArgs.map((a) => a.getText()).join(', ')}>`;
  const args = typeArgs.map((t, i) => ctx.typeOf(t, at, ctx.slotInfo(at, params[i]!.getName(), `type argument ${params[i]!.getName()} of ${label}`)));
  if (args.some((a) => a.kind === 'unknown')) return UNKNOWN;
  const names = args.map((a) => (a.kind === 'typeParam' ? a.name : undefined));
  if (names.every((n) => n !== undefined) && new Set(names).size === names.length) return genericInstance(ctx, decl, args);
  if (args.some(mentionsTypeParam)) {
    ctx.reportAt(diag.genericDeclaration, at, `${label} (type arguments that mix type parameters with other types)`);
    return UNKNOWN;
  }
  return monomorphised(ctx, decl, args);
}

/** A generic class that is a translated unit: kept generic. */
export function declareGenericClass(ctx: LowerContext, decl: CollectedDeclaration): void {
  genericInstance(ctx, decl, typeParameterNodes(decl.node).map((p) => typeParamType(p.getName())));
}

/** The generic class itself, declared once under its own name; `args` name the user's type parameters. */
function genericInstance(ctx: LowerContext, decl: CollectedDeclaration, args: IrType[]): IrType {
  const key = `${decl.name}<generic>`;
  if (!ctx.generics.instances.has(key)) {
    ctx.generics.instances.set(key, decl.name);
    const { substitution, typeParams } = ownSubstitution(ctx, decl.node, decl.name);
    const cls = ctx.withSubstitution(substitution, () => declareClass(ctx, decl, decl.name, typeParams));
    if (cls) {
      ctx.tables.classes.set(decl.name, cls);
      ctx.generics.pending.push({ cls, decl, substitution });
    }
  }
  return classType(decl.name, args);
}

function monomorphised(ctx: LowerContext, decl: CollectedDeclaration, args: IrType[]): IrType {
  const params = typeParameterNodes(decl.node);
  const key = `${decl.name}<${JSON.stringify(args)}>`;
  const existing = ctx.generics.instances.get(key);
  if (existing) return classType(existing);
  let name = decl.name + args.map(typeName).join('');
  for (let i = 2; ctx.tables.classes.has(name) || ctx.tables.structs.has(name); i++) name = `${decl.name}${args.map(typeName).join('')}${i}`;
  ctx.generics.instances.set(key, name);
  const substitution = new Map<ts.Node, IrType>(params.map((p, i) => [p.compilerNode, args[i]!]));
  const cls = ctx.withSubstitution(substitution, () => declareClass(ctx, decl, name));
  if (cls) {
    ctx.tables.classes.set(name, cls);
    ctx.generics.pending.push({ cls, decl, substitution });
  }
  return classType(name);
}

/** Type parameter name → argument, for reading the members of a generic class instance. */
export function classBinding(ctx: LowerContext, type: IrType): Map<string, IrType> {
  if (type.kind !== 'class' || !type.args) return new Map();
  const params = ctx.tables.classes.get(type.name)?.typeParams ?? [];
  return new Map(params.map((p, i) => [p.name, type.args![i] ?? UNKNOWN]));
}

/** A member's type as seen through an instance (`T` of `LinkedListNode<T>` → the argument). */
export function memberType(ctx: LowerContext, owner: IrType, type: IrType): IrType {
  return substituteType(type, classBinding(ctx, owner));
}

export function substituteParams(params: Param[], binding: ReadonlyMap<string, IrType>): Param[] {
  return binding.size === 0 ? params : params.map((p) => ({ ...p, type: substituteType(p.type, binding) }));
}

/**
 * The type arguments of a call of a generic module function: explicit ones, else read off the
 * checker's resolved signature by matching the declared parameter and result types against it.
 */
export function callTypeArgs(ctx: LowerContext, call: CallExpression, fnNode: Node, name: string): IrType[] | undefined {
  const params = typeParameterNodes(fnNode);
  const explicit = call.getTypeArguments();
  const bound = new Map<ts.Node, Type>();
  if (explicit.length === params.length) {
    params.forEach((p, i) => bound.set(p.compilerNode, explicit[i]!.getType()));
  } else {
    const signature = ctx.sourceFile.getProject().getTypeChecker().getResolvedSignature(call);
    const declared = fnNode as Node & { getParameters(): Node[]; getReturnType(): Type };
    if (signature) {
      declared.getParameters().forEach((p, i) => {
        const actual = signature.getParameters()[i]?.getTypeAtLocation(call);
        if (actual) matchTypes(p.getType(), actual, bound);
      });
      matchTypes(declared.getReturnType(), signature.getReturnType(), bound);
    }
  }
  const args: IrType[] = [];
  for (const p of params) {
    const t = bound.get(p.compilerNode);
    if (!t) {
      ctx.reportAt(diag.genericDeclaration, call, `${name}(…) (the type argument ${p.getName()} cannot be inferred; write it: ${name}<…>(…))`);
      return undefined;
    }
    args.push(ctx.typeOf(t, call, ctx.slotInfo(call, p.getName(), `type argument ${p.getName()} of ${ctx.construct(call)}`)));
  }
  return args;
}

/** Binds the type parameters in `declared` to the parts of `actual` at the same place. */
function matchTypes(declared: Type, actual: Type, bound: Map<ts.Node, Type>, depth = 0): void {
  if (depth > 8) return;
  if (declared.isTypeParameter()) {
    const decl = declared.getSymbol()?.getDeclarations()[0];
    if (decl && !bound.has(decl.compilerNode)) bound.set(decl.compilerNode, actual);
    return;
  }
  if (declared.isArray() && actual.isArray()) {
    matchTypes(declared.getArrayElementTypeOrThrow(), actual.getArrayElementTypeOrThrow(), bound, depth + 1);
    return;
  }
  if (declared.isUnion() && actual.isUnion()) {
    const present = (t: Type) => t.getUnionTypes().filter((u) => !u.isUndefined() && !u.isNull());
    const [d, a] = [present(declared), present(actual)];
    if (d.length === a.length) d.forEach((t, i) => matchTypes(t, a[i]!, bound, depth + 1));
    return;
  }
  const dArgs = declared.getTypeArguments();
  const aArgs = actual.getTypeArguments();
  if (dArgs.length > 0 && dArgs.length === aArgs.length) dArgs.forEach((t, i) => matchTypes(t, aArgs[i]!, bound, depth + 1));
  const [dSig, aSig] = [declared.getCallSignatures()[0], actual.getCallSignatures()[0]];
  if (dSig && aSig) {
    const [dDecl, aDecl] = [dSig.getDeclaration(), aSig.getDeclaration()];
    dSig.getParameters().forEach((p, i) => {
      const other = aSig.getParameters()[i];
      if (other) matchTypes(p.getTypeAtLocation(dDecl), other.getTypeAtLocation(aDecl), bound, depth + 1);
    });
    matchTypes(dSig.getReturnType(), aSig.getReturnType(), bound, depth + 1);
  }
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
