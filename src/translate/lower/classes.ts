import { Node, Scope, type ClassDeclaration, type ConstructorDeclaration, type ParameterDeclaration } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { VOID, createIdent, type ClassDecl, type ClassField, type MethodDecl, type Stmt } from '../ir.js';
import type { LowerContext } from './context.js';
import type { CollectedDeclaration } from './declarations.js';
import { bindParams, declareParams, docOf, lowerDefaults, lowerFunctionLikeBody } from './signatures.js';

/**
 * Classes: fields (incl. constructor parameter properties), constructor, methods and getters.
 * Setters, static members, inheritance and #private names are refused with their own codes.
 */

function visibilityOf(scope: Scope | undefined): ClassField['visibility'] {
  if (scope === Scope.Private) return 'private';
  if (scope === Scope.Protected) return 'protected';
  return 'public';
}

/** Declares a class (or one instantiation of a generic class, under `name`). */
export function declareClass(ctx: LowerContext, decl: CollectedDeclaration, name = decl.name): ClassDecl | undefined {
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
      if (Node.isPrivateIdentifier(member.getNameNode())) {
        ctx.reportAt(diag.privateName, member, member.getName());
        continue;
      }
      const fieldName = member.getName();
      fields.push({
        name: fieldName,
        type: ctx.typeOf(member.getType(), member, ctx.slotInfo(member, fieldName, `field ${name}.${fieldName}`)),
        readonly: member.isReadonly(),
        visibility: visibilityOf(member.getScope()),
        origin: ctx.origin(member),
      });
    } else if (Node.isMethodDeclaration(member) || Node.isGetAccessorDeclaration(member)) {
      if (Node.isMethodDeclaration(member) && !member.hasBody()) continue;
      const methodName = member.getName();
      if (Node.isPrivateIdentifier(member.getNameNode())) {
        ctx.reportAt(diag.privateName, member, methodName);
        continue;
      }
      if (Node.isMethodDeclaration(member) && (member.isAsync() || member.isGenerator())) {
        ctx.reportAt(member.isAsync() ? diag.asyncCode : diag.generatorFunction, member, `${name}.${methodName}`);
      }
      if (member.getTypeParameters().length > 0) ctx.reportAt(diag.genericDeclaration, member, `${name}.${methodName}`);
      const owner = `${name}.${methodName}`;
      methods.push({
        kind: 'method',
        name: methodName,
        params: declareParams(ctx, member.getParameters(), owner),
        result: ctx.typeOf(member.getReturnType(), member, ctx.slotInfo(member, methodName, `result of ${owner}`)),
        throws: false,
        body: [],
        exported: decl.exported,
        nondeterministic: false,
        doc: docOf(member),
        origin: ctx.origin(member),
        mutates: false,
        isGetter: Node.isGetAccessorDeclaration(member),
        visibility: visibilityOf(member.getScope()),
      });
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

function memberName(member: Node): string {
  return (member as Node & { getName?: () => string }).getName?.() ?? member.getKindName();
}

export function lowerClassBodies(ctx: LowerContext, cls: ClassDecl, decl: CollectedDeclaration): void {
  const node = decl.node as ClassDeclaration;
  for (const member of node.getProperties()) {
    const field = cls.fields.find((f) => f.name === member.getName());
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
        const target = { kind: 'field' as const, object: { kind: 'this' as const, type: { kind: 'class' as const, name: cls.name }, origin }, field: local.name, type: local.type, origin };
        return { kind: 'assign', target, op: '=', value: createIdent(local.name, local.type, 'param', origin), origin };
      });
    cls.constructorBody = [...prelude, ...assignments, ...(body && Node.isBlock(body) ? ctx.lowerStatements(body.getStatements()) : [])];
  });
}
