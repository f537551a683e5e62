import { Node, type Type } from 'ts-morph';
import * as diag from '../diagnostics.js';
import {
  BOOL,
  STRING,
  UNKNOWN,
  VOID,
  arrayOf,
  classType,
  enumType,
  mapOf,
  optionalOf,
  setOf,
  structType,
  type IrType,
} from '../ir.js';
import type { LowerContext } from './context.js';
import { instantiateGeneric } from './generics.js';
import type { SlotInfo } from './slots.js';

/**
 * TS types → IR types. Every `number` position gets a fresh numeric slot (see slots.ts), named
 * after the declaration it belongs to so integer inference can explain its decisions.
 */
export function lowerTsType(ctx: LowerContext, type: Type, node: Node, slot: SlotInfo): IrType {
  if (type.isUnion() && !type.isBoolean() && !type.isEnum()) return lowerUnion(ctx, type, node, slot);
  if (type.isNumber() || type.isNumberLiteral()) return ctx.slots.create(slot);
  if (type.isString()) return STRING;
  if (type.isStringLiteral()) return stringLiteralType(ctx, type);
  if (type.isBoolean() || type.isBooleanLiteral()) return BOOL;
  if (type.isVoid() || type.isUndefined() || type.isNull() || type.isNever()) return VOID;
  if (type.isEnum() || type.isEnumLiteral()) return tsEnumType(ctx, type, node);
  if (type.isAny() || type.isUnknown()) return refuseType(ctx, diag.looseType, node, type);
  if (type.isTypeParameter()) {
    // A method's `this` result type is the class itself.
    if ((type.compilerType as { isThisType?: boolean }).isThisType) return thisClassType(ctx, type, node, slot);
    return ctx.typeParameter(type) ?? refuseType(ctx, diag.genericDeclaration, node, type);
  }
  if (type.isTuple()) {
    return {
      kind: 'tuple',
      elements: type.getTupleElements().map((t, i) => lowerTsType(ctx, t, node, nested(slot, `element ${i}`))),
    };
  }
  if (type.isArray()) {
    return arrayOf(lowerTsType(ctx, type.getArrayElementTypeOrThrow(), node, nested(slot, 'element')));
  }
  return lowerObjectType(ctx, type, node, slot);
}

/** A method's polymorphic `this` type: the class itself (a generic one with its own type parameters). */
function thisClassType(ctx: LowerContext, type: Type, node: Node, slot: SlotInfo): IrType {
  const apparent = type.getApparentType();
  const decl = apparent.getSymbol()?.getDeclarations()[0];
  const name = decl ? ctx.tables.names.get(decl.compilerNode) : undefined;
  const generic = name ? ctx.generics.classes.get(name) : undefined;
  if (!generic || !decl || !Node.isClassDeclaration(decl)) return lowerTsType(ctx, apparent, node, slot);
  return instantiateGeneric(ctx, generic, decl.getTypeParameters().map((p) => p.getType()), node);
}

function nested(slot: SlotInfo, part: string): SlotInfo {
  return { ...slot, description: `${part} of ${slot.description}` };
}

function refuseType(
  ctx: LowerContext,
  factory: (origin: ReturnType<LowerContext['origin']>, construct: string) => diag.Diagnostic,
  node: Node,
  type: Type,
): IrType {
  ctx.report(factory(ctx.origin(node), ctx.typeText(type, node)));
  return UNKNOWN;
}

function lowerUnion(ctx: LowerContext, type: Type, node: Node, slot: SlotInfo): IrType {
  const parts = type.getUnionTypes();
  const present = parts.filter((t) => !t.isUndefined() && !t.isNull() && !t.isVoid());
  const optional = present.length !== parts.length;
  let inner: IrType;
  if (present.length === 0) return VOID;
  if (present.every((t) => t.isBooleanLiteral())) inner = BOOL;
  else if (present.every((t) => t.isNumberLiteral() || t.isNumber())) inner = ctx.slots.create(slot);
  else if (present.every((t) => t.isStringLiteral())) {
    const found = enumByVariants(ctx, type, present.map((t) => String(t.getLiteralValue())));
    if (!found) return refuseType(ctx, diag.unsupportedUnion, node, type);
    inner = found;
  } else if (present.every((t) => t.isEnumLiteral())) inner = tsEnumType(ctx, present[0]!, node);
  else if (present.length === 1) inner = lowerTsType(ctx, present[0]!, node, slot);
  else return refuseType(ctx, diag.unsupportedUnion, node, type);
  return optional ? optionalOf(inner) : inner;
}

/** A string-literal union is the enum with exactly these variants (aliases get lost in `T | undefined`). */
function enumByVariants(ctx: LowerContext, type: Type, variants: string[]): IrType | undefined {
  const alias = type.getAliasSymbol()?.getName();
  if (alias && ctx.tables.enums.has(alias)) return enumType(alias);
  const wanted = [...variants].sort().join('\u0000');
  for (const decl of ctx.tables.enums.values()) {
    if ([...decl.variants].sort().join('\u0000') === wanted) return enumType(decl.name);
  }
  return undefined;
}

function stringLiteralType(ctx: LowerContext, type: Type): IrType {
  const alias = type.getAliasSymbol()?.getName();
  if (alias && ctx.tables.enums.has(alias)) return enumType(alias);
  return STRING;
}

function tsEnumType(ctx: LowerContext, type: Type, node: Node): IrType {
  const symbol = type.getSymbol();
  const decl = symbol?.getDeclarations()[0];
  const enumDecl = decl && Node.isEnumMember(decl) ? decl.getParent() : decl;
  const name = enumDecl ? ctx.tables.names.get(enumDecl.compilerNode) : undefined;
  if (name && ctx.tables.enums.has(name)) return enumType(name);
  return refuseType(ctx, diag.numericEnum, node, type);
}

const MAP_NAMES = new Set(['Map', 'ReadonlyMap']);
const SET_NAMES = new Set(['Set', 'ReadonlySet']);

function lowerObjectType(ctx: LowerContext, type: Type, node: Node, slot: SlotInfo): IrType {
  const symbol = type.getSymbol() ?? type.getAliasSymbol();
  const name = symbol?.getName() ?? '';
  const args = type.getTypeArguments();
  if (MAP_NAMES.has(name) && args.length === 2 && isLibSymbol(symbol)) {
    const key = lowerTsType(ctx, args[0]!, node, nested(slot, 'key'));
    ctx.demandIntegerKey(key);
    return mapOf(key, lowerTsType(ctx, args[1]!, node, nested(slot, 'value')));
  }
  if (SET_NAMES.has(name) && args.length === 1 && isLibSymbol(symbol)) {
    const element = lowerTsType(ctx, args[0]!, node, nested(slot, 'element'));
    ctx.demandIntegerKey(element);
    return setOf(element);
  }
  if (name === 'ReadonlyArray' && args.length === 1) {
    return arrayOf(lowerTsType(ctx, args[0]!, node, nested(slot, 'element')));
  }
  if (type.getAliasSymbol()?.getName() === 'Record' && isLibSymbol(type.getAliasSymbol())) {
    return refuseType(ctx, diag.unsupportedType, node, type);
  }
  if (name === 'Date' && isLibSymbol(symbol)) return refuseType(ctx, diag.dateObject, node, type);
  if ((name === 'Promise' || name === 'PromiseLike') && isLibSymbol(symbol)) {
    return refuseType(ctx, diag.asyncCode, node, type);
  }
  if (name === 'RegExp' && isLibSymbol(symbol)) return refuseType(ctx, diag.regexLiteral, node, type);
  const named = namedDeclarationType(ctx, type, node);
  if (named) return named;
  const signatures = type.getCallSignatures();
  if (signatures.length === 1 && type.getProperties().length === 0) {
    const signature = signatures[0]!;
    return {
      kind: 'function',
      params: signature
        .getParameters()
        .map((p, i) => lowerTsType(ctx, p.getTypeAtLocation(node), node, nested(slot, `parameter ${i + 1}`))),
      result: lowerTsType(ctx, signature.getReturnType(), node, nested(slot, 'result')),
    };
  }
  if (type.isObject() && (name === '__type' || name === '__object' || name === '')) {
    return refuseType(ctx, diag.anonymousObjectType, node, type);
  }
  return refuseType(ctx, diag.unsupportedType, node, type);
}

function namedDeclarationType(ctx: LowerContext, type: Type, node: Node): IrType | undefined {
  for (const symbol of [type.getAliasSymbol(), type.getSymbol()]) {
    for (const decl of symbol?.getDeclarations() ?? []) {
      const name = ctx.tables.names.get(decl.compilerNode);
      if (!name) continue;
      if (ctx.tables.structs.has(name)) return structType(name);
      const generic = ctx.generics.classes.get(name);
      if (generic) return instantiateGeneric(ctx, generic, type.getTypeArguments(), node);
      if (ctx.tables.classes.has(name)) return classType(name);
    }
  }
  return undefined;
}

function isLibSymbol(symbol: ReturnType<Type['getSymbol']>): boolean {
  const decl = symbol?.getDeclarations()[0];
  if (!decl) return false;
  const file = decl.getSourceFile();
  return file.isDeclarationFile() || file.isInNodeModules();
}
