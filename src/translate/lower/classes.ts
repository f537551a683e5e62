import { Node, Scope, type ClassDeclaration, type ConstructorDeclaration, type ParameterDeclaration, type Type } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { VOID, createIdent, type ClassDecl, type ClassField, type MethodDecl, type Stmt, type TypeParamDecl, thisType } from '../ir.js';
import type { LowerContext } from './context.js';
import type { CollectedDeclaration } from './declarations.js';
import { bindParams, declareParams, docOf, lowerDefaults, lowerFunctionLikeBody } from './signatures.js';

/**
 * Classes: fields (incl. constructor parameter properties), constructor, methods and getters.
 * Setters, static members, inheritance and #private names are refused with their own codes.
 */

function visibilityOf(scope: Scope | undefined, member?: Node & { getNameNode(): Node }): ClassField['visibility'] {
  if (scope === Scope.Private || (member && Node.isPrivateIdentifier(member.getNameNode()))) return 'private';
  if (scope === Scope.Protected) return 'protected';
  return 'public';
}

/** Declares a class (or one instantiation of a generic class, under `name`). */
export function declareClass(ctx: LowerContext, decl: CollectedDeclaration, name = decl.name, typeParams?: TypeParamDecl[]): ClassDecl | undefined {
  const node = decl.node;
  if (!Node.isClassDeclaration(node)) return undefined;
  if (node.getExtends()) ctx.reportAt(diag.classInheritance, node.getExtends()!, `${name} extends ${node.getExtends()!.getText()}`);
  if (node.isAbstract()) ctx.reportAt(diag.unsupportedSyntax, node, `abstract class ${name}`);
  const fields: ClassField[] = [];
  const methods: MethodDecl[] = [];
  const methodNodes = new Map<string, Node>();
  const ctor = node.getConstructors().find((c) => c.hasBody());
  for (const member of node.getMembers()) {
    const isStatic = 'isStatic' in member && (member as { isStatic(): boolean }).isStatic();
    if (isStatic) {
      ctx.reportAt(diag.staticMember, member, `static ${memberName(member)}`);
      continue;
    }
    if (Node.isPropertyDeclaration(member)) {
      if (clashesWithPrivate(ctx, node, member)) continue;
      const arrow = member.getInitializer();
      if (arrow && Node.isArrowFunction(arrow)) {
        // `push = (x: T) => { … }`: an arrow bound to the instance is a method (`this` is the instance).
        if (arrow.isAsync()) ctx.reportAt(diag.asyncCode, member, `${name}.${member.getName()}`);
        methods.push(declareMethod(ctx, decl, name, member, arrow));
        methodNodes.set(bareName(member.getName()), arrow);
        continue;
      }
      const fieldName = bareName(member.getName());
      fields.push({
        name: fieldName,
        type: ctx.typeOf(member.getType(), member, ctx.slotInfo(member, fieldName, `field ${name}.${fieldName}`)),
        readonly: member.isReadonly(),
        visibility: visibilityOf(member.getScope(), member),
        origin: ctx.origin(member),
      });
    } else if (Node.isMethodDeclaration(member) || Node.isGetAccessorDeclaration(member)) {
      if (Node.isMethodDeclaration(member) && !member.hasBody()) continue;
      if (clashesWithPrivate(ctx, node, member)) continue;
      const methodName = bareName(member.getName());
      if (Node.isMethodDeclaration(member) && (member.isAsync() || member.isGenerator())) {
        ctx.reportAt(member.isAsync() ? diag.asyncCode : diag.generatorFunction, member, `${name}.${methodName}`);
      }
      methods.push(declareMethod(ctx, decl, name, member, member));
      methodNodes.set(methodName, member);
    } else if (Node.isSetAccessorDeclaration(member)) {
      ctx.reportAt(diag.setterAccessor, member, `set ${member.getName()}`);
    } else if (!Node.isConstructorDeclaration(member)) {
      ctx.reportAt(diag.unsupportedSyntax, member, `class member ${ctx.construct(member)}`);
    }
  }
  const constructorParams = ctor ? declareParams(ctx, ctor.getParameters(), `${name} constructor`) : [];
  for (const param of ctor?.getParameters() ?? []) {
    if (!param.isParameterProperty()) continue;
    const local = ctx.localOf(param);
    if (!local) continue;
    fields.push({
      name: param.getName(),
      type: local.type,
      readonly: param.isReadonly(),
      visibility: visibilityOf(param.getScope()),
      origin: ctx.origin(param),
    });
  }
  ctx.tables.methodNodes.set(name, methodNodes);
  ctx.tables.constructorNodes.set(name, ctor);
  return {
    kind: 'class',
    name,
    ...(typeParams ? { typeParams } : {}),
    fields,
    constructorParams,
    constructorBody: [],
    constructorThrows: false,
    methods,
    exported: decl.exported,
    doc: docOf(node),
    origin: ctx.origin(node),
  };
}

type Callable = Node & { getParameters(): ParameterDeclaration[]; getReturnType(): Type; getTypeParameters(): Node[] };

/** A method's signature; `fn` is the method itself, or the arrow function a property holds. */
function declareMethod(
  ctx: LowerContext,
  decl: CollectedDeclaration,
  className: string,
  member: Node & { getName(): string; getNameNode(): Node; getScope(): Scope | undefined },
  fn: Callable,
): MethodDecl {
  const methodName = bareName(member.getName());
  const owner = `${className}.${methodName}`;
  if (fn.getTypeParameters().length > 0) ctx.reportAt(diag.genericDeclaration, member, owner);
  return {
    kind: 'method',
    name: methodName,
    params: declareParams(ctx, fn.getParameters(), owner),
    result: ctx.typeOf(fn.getReturnType(), member, ctx.slotInfo(member, methodName, `result of ${owner}`)),
    throws: false,
    body: [],
    exported: decl.exported,
    nondeterministic: false,
    doc: docOf(member),
    origin: ctx.origin(member),
    mutates: false,
    isGetter: Node.isGetAccessorDeclaration(member),
    visibility: visibilityOf(member.getScope(), member),
  };
}

/** `#count` is the private member `count` of the translation (JS keeps the two apart; a class rarely has both). */
export function bareName(name: string): string {
  return name.startsWith('#') ? name.slice(1) : name;
}

function clashesWithPrivate(ctx: LowerContext, cls: ClassDeclaration, member: Node & { getName(): string; getNameNode(): Node }): boolean {
  if (!Node.isPrivateIdentifier(member.getNameNode())) return false;
  const bare = bareName(member.getName());
  const clash = cls.getMembers().some((m) => m !== member && (m as Node & { getName?: () => string }).getName?.() === bare);
  if (clash) ctx.reportAt(diag.privateName, member, member.getName());
  return clash;
}

function memberName(member: Node): string {
  return (member as Node & { getName?: () => string }).getName?.() ?? member.getKindName();
}

export function lowerClassBodies(ctx: LowerContext, cls: ClassDecl, decl: CollectedDeclaration): void {
  const node = decl.node as ClassDeclaration;
  for (const member of node.getProperties()) {
    if (Node.isArrowFunction(member.getInitializer())) continue;
    const field = cls.fields.find((f) => f.name === bareName(member.getName()));
    const init = member.getInitializer();
    if (!field || !init || member.isStatic()) continue;
    ctx.withFrame({ kind: 'initializer', name: `${cls.name}.${field.name}`, result: VOID, className: cls.name, body: init }, () => {
      field.initializer = ctx.lowerTo(init, field.type);
    });
  }
  const ctor = ctx.tables.constructorNodes.get(cls.name) as ConstructorDeclaration | undefined;
  if (ctor) lowerConstructor(ctx, cls, ctor);
  const nodes = ctx.tables.methodNodes.get(cls.name);
  for (const method of cls.methods) {
    const methodNode = nodes?.get(method.name) as (Node & { getBody(): Node | undefined; getParameters(): ParameterDeclaration[] }) | undefined;
    const body = methodNode?.getBody();
    if (!methodNode || !body) continue;
    const frame = { kind: 'method' as const, name: `${cls.name}.${method.name}`, result: method.result, className: cls.name, body };
    ctx.withFrame(frame, () => {
      const prelude = bindParams(ctx, method.params, methodNode.getParameters());
      lowerDefaults(ctx, method.params, methodNode.getParameters());
      method.body = [...prelude, ...lowerFunctionLikeBody(ctx, body, method.result)];
    });
  }
}

function lowerConstructor(ctx: LowerContext, cls: ClassDecl, ctor: ConstructorDeclaration): void {
  const body = ctor.getBody();
  const frame = { kind: 'constructor' as const, name: `${cls.name} constructor`, result: VOID, className: cls.name, body };
  ctx.withFrame(frame, () => {
    const prelude = bindParams(ctx, cls.constructorParams, ctor.getParameters());
    lowerDefaults(ctx, cls.constructorParams, ctor.getParameters());
    const origin = ctx.origin(ctor);
    const assignments: Stmt[] = ctor
      .getParameters()
      .filter((p) => p.isParameterProperty())
      .map((p) => {
        const local = ctx.localOf(p)!;
        const target = { kind: 'field' as const, object: { kind: 'this' as const, type: thisType(cls), origin }, field: local.name, type: local.type, origin };
        return { kind: 'assign', target, op: '=', value: createIdent(local.name, local.type, 'param', origin), origin };
      });
    cls.constructorBody = [...prelude, ...assignments, ...(body && Node.isBlock(body) ? ctx.lowerStatements(body.getStatements()) : [])];
  });
}
