import { Node, SyntaxKind, type ParameterDeclaration } from 'ts-morph';
import * as diag from '../diagnostics.js';
import { UNKNOWN, VOID, createIdent, type ConstDecl, type Expr, type IrType, type EnumDecl, type FunctionDecl, type Param, type Stmt, type StructDecl } from '../ir.js';
import type { LowerContext } from './context.js';
import type { CollectedDeclaration } from './declarations.js';
import { unionVariants } from './declarations.js';
import { bindPattern } from './destructuring.js';
import { ownSubstitution } from './generics.js';
import { stmtBodies } from '../ir-walk.js';

/**
 * Module-level declarations: enums and structs first (types), then the signatures of functions
 * and constants (so calls anywhere can refer to them), then the bodies.
 */

export function docOf(node: Node): string | undefined {
  const holder = Node.isVariableDeclaration(node) ? node.getVariableStatement() : node;
  if (!holder || !Node.isJSDocable(holder)) return undefined;
  const text = holder
    .getJsDocs()
    .map((d) => d.getDescription().trim())
    .filter((t) => t.length > 0)
    .join('\n');
  return text.length > 0 ? text : undefined;
}

export function declareEnum(ctx: LowerContext, decl: CollectedDeclaration): EnumDecl | undefined {
  const node = decl.node;
  const base = { kind: 'enum' as const, name: decl.name, exported: decl.exported, doc: docOf(node), origin: ctx.origin(node) };
  if (Node.isTypeAliasDeclaration(node)) {
    const typeNode = node.getTypeNode();
    return typeNode ? { ...base, variants: unionVariants(typeNode) } : undefined;
  }
  if (Node.isEnumDeclaration(node)) {
    const values = node.getMembers().map((m) => m.getValue());
    if (!values.every((v): v is string => typeof v === 'string')) {
      ctx.reportAt(diag.numericEnum, node, decl.name);
      return undefined;
    }
    return { ...base, variants: values };
  }
  return undefined;
}

export function declareStruct(ctx: LowerContext, decl: CollectedDeclaration): StructDecl {
  return { kind: 'struct', name: decl.name, fields: [], exported: decl.exported, doc: docOf(decl.node), origin: ctx.origin(decl.node) };
}

/** Fields come from the checker, so `extends` and intersections contribute their members. */
export function fillStructFields(ctx: LowerContext, decl: CollectedDeclaration, struct: StructDecl): void {
  const node = decl.node;
  if ((Node.isInterfaceDeclaration(node) || Node.isTypeAliasDeclaration(node)) && node.getTypeParameters().length > 0) {
    ctx.reportAt(diag.genericDeclaration, node, decl.name);
  }
  if (Node.isInterfaceDeclaration(node) && (node.getMethods().length > 0 || node.getIndexSignatures().length > 0)) {
    ctx.reportAt(diag.unsupportedType, node, `${decl.name} (methods or index signatures)`);
  }
  for (const property of node.getType().getProperties()) {
    const declaration = property.getDeclarations()[0];
    const at = declaration ?? node;
    const name = property.getName();
    const type = ctx.typeOf(property.getTypeAtLocation(node), at, ctx.slotInfo(at, name, `field ${decl.name}.${name}`));
    const optional = Node.isPropertySignature(declaration) ? declaration.hasQuestionToken() : type.kind === 'optional';
    struct.fields.push({ name, type, optional });
  }
}

/** The function behind a module-level declaration: a function declaration or `const f = () => …`. */
export function functionNode(node: Node): Node | undefined {
  if (Node.isFunctionDeclaration(node)) return node;
  if (Node.isVariableDeclaration(node)) {
    const init = node.getInitializer();
    if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
  }
  return undefined;
}

type FunctionLike = Node & {
  getParameters(): ParameterDeclaration[];
  getReturnType(): import('ts-morph').Type;
  isAsync(): boolean;
  getTypeParameters(): Node[];
};

export function declareFunction(ctx: LowerContext, decl: CollectedDeclaration): FunctionDecl | undefined {
  const fn = functionNode(decl.node) as FunctionLike | undefined;
  if (!fn) return undefined;
  const origin = ctx.origin(decl.node);
  if (fn.isAsync()) ctx.reportAt(diag.asyncCode, decl.node, `async function ${decl.name}`);
  if ((Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) && fn.isGenerator()) {
    ctx.reportAt(diag.generatorFunction, decl.node, `function* ${decl.name}`);
  }
  const generic = fn.getTypeParameters().length > 0 ? ownSubstitution(ctx, fn, decl.name) : undefined;
  if (generic) ctx.generics.functions.set(decl.name, generic.substitution);
  return ctx.withSubstitution(generic?.substitution ?? new Map(), () => ({
    kind: 'function',
    name: decl.name,
    ...(generic ? { typeParams: generic.typeParams } : {}),
    params: declareParams(ctx, fn.getParameters(), decl.name),
    result: ctx.typeOf(fn.getReturnType(), fn, ctx.slotInfo(fn, decl.name, `result of ${decl.name}`)),
    throws: false,
    body: [],
    exported: decl.exported,
    nondeterministic: false,
    doc: docOf(decl.node),
    origin,
  }));
}

/** Parameters become locals of the function; default values are lowered with the body. */
export function declareParams(ctx: LowerContext, params: ParameterDeclaration[], owner: string): Param[] {
  return params.map((param) => {
    const nameNode = param.getNameNode();
    const name = nameNode.getText();
    const origin = ctx.origin(param);
    if (param.isRestParameter()) {
      ctx.reportAt(diag.argumentsObject, param, `...${name}`);
      return { name, type: UNKNOWN, reassigned: false, origin };
    }
    if (!Node.isIdentifier(nameNode)) {
      const type = ctx.typeOf(param.getType(), param, ctx.slotInfo(param, 'destructured', `destructured parameter of ${owner}`));
      return { name: patternParamName(param, type, params), type, reassigned: false, origin };
    }
    const type = ctx.typeOf(param.getType(), param, ctx.slotInfo(param, name, `parameter ${name} of ${owner}`));
    ctx.declareLocal(param, name, type, 'param');
    return { name, type, reassigned: false, origin };
  });
}

/** `({ x, y }: Point)` is passed as one parameter named after its type (`point`), destructured in the body. */
function patternParamName(param: ParameterDeclaration, type: IrType, all: ParameterDeclaration[]): string {
  const base = type.kind === 'struct' || type.kind === 'class' ? type.name.charAt(0).toLowerCase() + type.name.slice(1) : 'values';
  const taken = new Set(all.flatMap((p) => p.getDescendantsOfKind(SyntaxKind.Identifier).map((id) => id.getText())));
  const body = (param.getParent() as Node & { getBody?: () => Node | undefined }).getBody?.();
  for (const id of body?.getDescendantsOfKind(SyntaxKind.Identifier) ?? []) taken.add(id.getText());
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

/**
 * Binds the parameters for lowering a body: plain names are (re)declared as locals (a generic
 * class lowers the same nodes once per instantiation), destructured ones yield the statements
 * that unpack them.
 */
export function bindParams(ctx: LowerContext, params: Param[], nodes: ParameterDeclaration[]): Stmt[] {
  const prelude: Stmt[] = [];
  nodes.forEach((node, i) => {
    const param = params[i];
    if (!param) return;
    const nameNode = node.getNameNode();
    if (Node.isIdentifier(nameNode)) ctx.declareLocal(node, param.name, param.type, 'param');
    else prelude.push(...bindPattern(ctx, nameNode, createIdent(param.name, param.type, 'param', param.origin)));
  });
  return prelude;
}

/** Default values, lowered inside the function's frame (they may use earlier parameters). */
export function lowerDefaults(ctx: LowerContext, params: Param[], nodes: ParameterDeclaration[]): void {
  nodes.forEach((node, i) => {
    const init = node.getInitializer();
    const param = params[i];
    if (init && param) param.defaultValue = ctx.lowerTo(init, param.type);
  });
}

export function lowerFunctionBody(ctx: LowerContext, fn: FunctionDecl, decl: CollectedDeclaration): void {
  const node = functionNode(decl.node) as FunctionLike | undefined;
  if (!node) return;
  const bodyNode = (node as unknown as { getBody(): Node | undefined }).getBody();
  const substitution = ctx.generics.functions.get(fn.name) ?? new Map();
  ctx.withSubstitution(substitution, () =>
    ctx.withFrame({ kind: 'function', name: fn.name, result: fn.result, body: bodyNode }, () => {
      const prelude = bindParams(ctx, fn.params, node.getParameters());
      lowerDefaults(ctx, fn.params, node.getParameters());
      fn.body = bodyNode ? [...prelude, ...lowerFunctionLikeBody(ctx, bodyNode, fn.result)] : [];
    }),
  );
}

/** A block body, or an arrow's expression body as a return (or an effect, for void). */
export function lowerFunctionLikeBody(ctx: LowerContext, body: Node, result: FunctionDecl['result']): Stmt[] {
  if (Node.isBlock(body)) {
    const stmts = ctx.lowerStatements(body.getStatements());
    // Falling off the end of a `T | undefined` function returns undefined: say so explicitly.
    if (result.kind === 'optional' && fallsThrough(stmts)) {
      const origin = ctx.origin(body.getLastToken());
      stmts.push({ kind: 'return', value: { kind: 'none', type: result, origin }, origin });
    }
    return stmts;
  }
  const origin = ctx.origin(body);
  if (result.kind === 'void') return [{ kind: 'expr', expr: ctx.lowerExpression(body), origin }];
  const value = result.kind === 'bool' ? ctx.lowerCondition(body) : ctx.lowerTo(body, result);
  return [{ kind: 'return', value, origin }];
}

/** Control can reach the end of `stmts` (conservatively: anything but return/throw/endless loops). */
export function fallsThrough(stmts: Stmt[]): boolean {
  const last = stmts.at(-1);
  if (!last) return true;
  switch (last.kind) {
    case 'return':
    case 'throw':
      return false;
    case 'block':
      return fallsThrough(last.body);
    case 'if':
      return last.else === undefined || fallsThrough(last.then) || fallsThrough(last.else);
    case 'switch':
      return last.default === undefined || fallsThrough(last.default) || last.cases.some((c) => fallsThrough(c.body));
    case 'while':
    case 'for':
      return !(isTrue(last.cond) && !breaksOut(last.body, last.label));
    default:
      return true;
  }
}

function isTrue(cond: Expr | undefined): boolean {
  return cond === undefined || (cond.kind === 'bool' && cond.value);
}

/** A break that leaves this loop (unlabelled outside nested loops/switches, or with its label). */
function breaksOut(stmts: Stmt[], label: string | undefined, nested = false): boolean {
  return stmts.some((s) => {
    if (s.kind === 'break') return s.label === undefined ? !nested : s.label === label;
    const inner = s.kind === 'while' || s.kind === 'doWhile' || s.kind === 'for' || s.kind === 'forOf' || s.kind === 'forRange' || s.kind === 'switch';
    return stmtBodies(s).some((b) => breaksOut(b, label, nested || inner));
  });
}

export function declareConst(ctx: LowerContext, decl: CollectedDeclaration): ConstDecl | undefined {
  const node = decl.node;
  if (!Node.isVariableDeclaration(node)) return undefined;
  const statement = node.getVariableStatement();
  if (statement && statement.getDeclarationKind() !== 'const') ctx.reportAt(diag.moduleMutableState, node, `${statement.getDeclarationKind()} ${decl.name}`);
  if (!Node.isIdentifier(node.getNameNode())) {
    ctx.reportAt(diag.unsupportedDestructuring, node, `module-level ${ctx.construct(node)}`);
    return undefined;
  }
  const type = ctx.typeOf(node.getType(), node, ctx.slotInfo(node, decl.name, `constant ${decl.name}`));
  const placeholder = { kind: 'placeholder' as const, diagnostic: 'PIV1001', text: decl.name, type: UNKNOWN, origin: ctx.origin(node) };
  return { kind: 'const', name: decl.name, type, value: placeholder, exported: decl.exported, origin: ctx.origin(node) };
}

export function lowerConstValue(ctx: LowerContext, constant: ConstDecl, decl: CollectedDeclaration): void {
  const node = decl.node;
  const init = Node.isVariableDeclaration(node) ? node.getInitializer() : undefined;
  if (!init) {
    constant.value = ctx.refuse(diag.unsupportedSyntax, node, `constant ${decl.name} without a value`);
    return;
  }
  ctx.withFrame({ kind: 'initializer', name: decl.name, result: VOID, body: init }, () => {
    constant.value = ctx.lowerTo(init, constant.type);
  });
}
