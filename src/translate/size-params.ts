/**
 * Which inputs of a unit bound its work: parameters (or fields of struct parameters) that
 * reach a loop condition, a range end, `new Array(n)`, `Array.from({length: n})`, `repeat(n)`
 * or `padStart(n)` — directly, through locals, or through calls of module functions. The input
 * generator keeps those to modest sizes, because a grid search over 2^31 points is a hang,
 * not a finding.
 */
import type { Expr, FunctionDecl, IrModule, Param, Stmt } from './ir.js';

/** Per parameter: the whole value bounds work, and/or these fields of it do. */
export interface SizeHint {
  whole: boolean;
  fields: Set<string>;
}

type Node = Record<string, unknown> & { kind?: string };
type Paths = Set<string>;

const SIZE_BUILTINS = new Set(['Array.new', 'Array.from', 'string.repeat', 'string.padStart', 'string.padEnd']);

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'origin' || value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') out.push(item as Node);
    } else out.push(value as Node);
  }
  return out;
}

/** Parameter paths (`p`, `p.field`) an expression's value depends on. */
function pathsOf(expr: unknown, locals: Map<string, Paths>, out: Paths = new Set()): Paths {
  if (expr === null || typeof expr !== 'object') return out;
  const node = expr as Node;
  if (node.kind === 'ident') {
    const name = node.name as string;
    if (node.binding === 'param') out.add(name);
    else if (node.binding === 'local') for (const p of locals.get(name) ?? []) out.add(p);
    return out;
  }
  if (node.kind === 'field') {
    const object = node.object as Node;
    if (object.kind === 'ident' && object.binding === 'param') {
      out.add(`${object.name as string}.${node.field as string}`);
      return out;
    }
  }
  for (const child of children(node)) pathsOf(child, locals, out);
  return out;
}

function collectLocals(body: Stmt[]): Map<string, Paths> {
  const locals = new Map<string, Paths>();
  const visit = (node: Node) => {
    if (node.kind === 'var' && node.init) locals.set(node.name as string, pathsOf(node.init, locals, new Set(locals.get(node.name as string))));
    if (node.kind === 'assign') {
      const target = node.target as Node;
      if (target.kind === 'ident' && target.binding === 'local') {
        const name = target.name as string;
        locals.set(name, pathsOf(node.value, locals, new Set(locals.get(name))));
      }
    }
    if (node.kind === 'forRange') {
      const name = node.variable as string;
      locals.set(name, pathsOf([node.start, node.end], locals, new Set(locals.get(name))));
    }
    for (const child of children(node)) visit(child);
  };
  // Twice, so a local assigned after its first use still carries its sources.
  for (let pass = 0; pass < 2; pass++) for (const stmt of body) visit(stmt as unknown as Node);
  return locals;
}

export class SizeAnalysis {
  private readonly memo = new Map<string, Paths>();

  constructor(private readonly module: Pick<IrModule, 'functions'>) {}

  /** Paths of `fn`'s parameters that bound its work. */
  pathsFor(name: string, params: Param[], body: Stmt[]): Paths {
    const cached = this.memo.get(name);
    if (cached) return cached;
    const sizes: Paths = new Set();
    this.memo.set(name, sizes); // recursion sees what is known so far
    const locals = collectLocals(body);
    const add = (expr: unknown) => {
      for (const p of pathsOf(expr, locals)) sizes.add(p);
    };
    const visit = (node: Node) => {
      switch (node.kind) {
        case 'forRange':
          add([node.start, node.end]);
          break;
        case 'for':
        case 'while':
        case 'doWhile':
          add(node.cond);
          break;
        case 'builtin':
          if (SIZE_BUILTINS.has(node.name as string)) add(node.args);
          break;
        case 'call':
          this.fromCall(node, locals, sizes);
          break;
      }
      for (const child of children(node)) visit(child);
    };
    for (const stmt of body) visit(stmt as unknown as Node);
    const known = new Set(params.map((p) => p.name));
    for (const p of [...sizes]) if (!known.has(p.split('.')[0]!)) sizes.delete(p);
    return sizes;
  }

  private fromCall(node: Node, locals: Map<string, Paths>, sizes: Paths): void {
    const callee = this.module.functions.find((f: FunctionDecl) => f.name === node.callee);
    if (!callee) return;
    const calleeSizes = this.pathsFor(callee.name, callee.params, callee.body);
    const args = node.args as Expr[];
    callee.params.forEach((param, i) => {
      const arg = args[i];
      if (arg === undefined) return;
      for (const path of calleeSizes) {
        const [head, field] = path.split('.');
        if (head !== param.name) continue;
        const argNode = arg as unknown as Node;
        if (field !== undefined && argNode.kind === 'ident' && argNode.binding === 'param') sizes.add(`${argNode.name as string}.${field}`);
        else for (const p of pathsOf(arg, locals)) sizes.add(p);
      }
    });
  }

  /** One hint per parameter, for the input generator. */
  hints(name: string, params: Param[], body: Stmt[]): SizeHint[] {
    const paths = this.pathsFor(name, params, body);
    return params.map((param) => {
      const fields = new Set<string>();
      for (const p of paths) {
        const [head, field] = p.split('.');
        if (head === param.name && field !== undefined) fields.add(field);
      }
      return { whole: paths.has(param.name), fields };
    });
  }
}
