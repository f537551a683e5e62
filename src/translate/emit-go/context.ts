/**
 * Printing state shared by the expression and statement printers: the module's declarations and
 * Go names, the imports a file needs, and per-function state (result type for `return zero, err`,
 * receiver, temporaries, and the statements an expression needs hoisted before it).
 */
import type { ClassDecl, EnumDecl, FunctionDecl, IrModule, IrType, StructDecl } from '../ir.js';
import { GoNames, goLocalName } from './names.js';
import { zeroValue } from './types.js';

export type LockKind = 'none' | 'mutex' | 'rwmutex';

export interface ClassInfo {
  decl: ClassDecl;
  lock: LockKind;
  /** Method name → writes the instance (directly or through a method it calls on `this`). */
  mutates: Map<string, boolean>;
}

export class ModuleInfo {
  readonly names: GoNames;
  readonly functions = new Map<string, FunctionDecl>();
  readonly structs = new Map<string, StructDecl>();
  readonly enums = new Map<string, EnumDecl>();
  readonly classes = new Map<string, ClassInfo>();

  constructor(readonly module: IrModule) {
    this.names = new GoNames(module);
    for (const f of module.functions) this.functions.set(f.name, f);
    for (const s of module.structs) this.structs.set(s.name, s);
    for (const e of module.enums) this.enums.set(e.name, e);
    for (const c of module.classes) this.classes.set(c.name, analyseClass(c));
  }
}

/** Transitive `mutates` over calls on `this`, and the lock the public methods need. */
function analyseClass(decl: ClassDecl): ClassInfo {
  const mutates = new Map<string, boolean>(decl.methods.map((m) => [m.name, m.mutates]));
  const calls = new Map<string, Set<string>>(decl.methods.map((m) => [m.name, thisCalls(m.body)]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const m of decl.methods) {
      if (mutates.get(m.name)) continue;
      if ([...(calls.get(m.name) ?? [])].some((callee) => mutates.get(callee))) {
        mutates.set(m.name, true);
        changed = true;
      }
    }
  }
  const publicMethods = decl.methods.filter((m) => m.visibility === 'public');
  const writers = publicMethods.filter((m) => mutates.get(m.name)).length;
  const readers = publicMethods.length - writers;
  const lock: LockKind = writers === 0 ? 'none' : readers === 0 ? 'mutex' : 'rwmutex';
  return { decl, lock, mutates };
}

function thisCalls(body: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as { kind?: string; receiver?: { kind?: string }; method?: string };
    if (n.kind === 'methodCall' && n.receiver?.kind === 'this' && n.method) found.add(n.method);
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };
  visit(body);
  return found;
}

export interface FnScope {
  kind: 'function' | 'method' | 'constructor' | 'closure';
  result: IrType;
  throws: boolean;
  className?: string;
  /** Go name of `this` (method receiver, or the constructor's instance variable). */
  receiver?: string;
  /** TS names of locals read somewhere in the body (unread ones get `_ = x`). */
  readNames: ReadonlySet<string>;
}

/** Per-file printing state; one per generated Go file. */
export class FileContext {
  readonly imports = new Set<string>();
  constructor(readonly info: ModuleInfo) {}
  use(pkg: string): void {
    this.imports.add(pkg);
  }
}

/** Per-function printing state. Closures get a child context sharing the temp counter. */
export class FnContext {
  private pre: string[] = [];
  private readonly counter: { n: number };
  private readonly reserved: Set<string>;
  /** TS names bound to a `*[]T` in the code being printed (resized parameters, for-of element pointers). */
  private readonly refs: Set<string>;

  constructor(
    readonly file: FileContext,
    readonly scope: FnScope,
    parent?: FnContext,
  ) {
    this.counter = parent ? parent.counter : { n: 0 };
    this.reserved = new Set(file.info.names.packageNames());
    if (parent) for (const r of parent.reserved) this.reserved.add(r);
    if (scope.receiver) this.reserved.add(scope.receiver);
    this.refs = new Set(parent?.refs);
  }

  /** Whether `tsName` is bound to a pointer to the slice (so the array is `*name`). */
  isSliceRef(tsName: string): boolean {
    return this.refs.has(tsName);
  }

  /** Bind (or, for a binding that shadows one, unbind) `tsName` as a slice pointer. */
  setSliceRef(tsName: string, isRef: boolean): void {
    if (isRef) this.refs.add(tsName);
    else this.refs.delete(tsName);
  }

  get info(): ModuleInfo {
    return this.file.info;
  }
  get names(): GoNames {
    return this.file.info.names;
  }
  use(pkg: string): void {
    this.file.use(pkg);
  }

  child(scope: FnScope): FnContext {
    return new FnContext(this.file, scope, this);
  }

  local(tsName: string): string {
    return goLocalName(tsName, this.reserved);
  }

  temp(): string {
    this.counter.n += 1;
    return `tmp${this.counter.n}`;
  }

  /** Hoist a statement (relative indentation) before the statement being printed. */
  emit(...lines: string[]): void {
    this.pre.push(...lines);
  }

  /** Run `fn` with a fresh hoisting buffer; returns what it hoisted. */
  capture<T>(fn: () => T): { pre: string[]; value: T } {
    const saved = this.pre;
    this.pre = [];
    try {
      const value = fn();
      return { pre: this.pre, value };
    } finally {
      this.pre = saved;
    }
  }

  /** `if err != nil { return …, err }` for the current function (panic where errors cannot flow). */
  propagate(errVar = 'err'): string[] {
    return [`if ${errVar} != nil {`, `\t${this.failWith(errVar)}`, '}'];
  }

  /** The statement that leaves the current function with error `errExpr`. */
  failWith(errExpr: string): string {
    const { scope } = this;
    if (scope.kind === 'constructor') return scope.throws ? `return nil, ${errExpr}` : `panic(${errExpr})`;
    if (!scope.throws) return `panic(${errExpr})`;
    if (scope.result.kind === 'void') return `return ${errExpr}`;
    return `return ${zeroValue(scope.result, this.names)}, ${errExpr}`;
  }
}
