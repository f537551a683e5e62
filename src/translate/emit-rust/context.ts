/**
 * Printer state for one Rust crate: module facts, the runtime items used, and the lexical
 * state of the function being printed (bindings, loop frames, what runs after the current
 * statement — the printer moves a value instead of cloning it when nothing later reads it).
 */
import type { ClassDecl, ConstDecl, Expr, FunctionDecl, IrModule, IrType, Stmt } from '../ir.js';
import type { ModuleFacts } from './analysis.js';
import type { LanePlan } from './lanes-plan.js';
import type { RuntimeNeeds } from './types.js';
import { countMentions, mentionsOutsideConditions, stmtExprs } from './walk.js';

/** Printed expression: Rust text and its precedence (see `P`). */
export interface Out {
  text: string;
  prec: number;
  /** The value is a `&T` of a sized `T` (equality derefs it). */
  isRef?: boolean;
  /** The value is a `&str` / `&[T]` view. */
  isView?: boolean;
}

/** Rust operator precedence, higher binds tighter. */
export const P = {
  lowest: 0,
  closure: 1,
  range: 4,
  or: 5,
  and: 6,
  cmp: 7,
  add: 12,
  mul: 13,
  cast: 14,
  unary: 15,
  postfix: 16,
  atom: 17,
} as const;

export const out = (text: string, prec: number = P.atom): Out => ({ text, prec });

/** Parenthesise when the expression binds looser than `min`. */
export function paren(o: Out, min: number): string {
  return o.prec < min ? `(${o.text})` : o.text;
}

/**
 * What the surrounding Rust code needs from an expression:
 * owned — a value it keeps (moved or cloned); borrow — `&T` / `&str` / `&[T]`;
 * read — anything it can auto-deref (method receiver, field base); mut — `&mut T`.
 */
export type Want = 'owned' | 'borrow' | 'read' | 'mut';

/**
 * How a name holds its value in Rust: owned `T`; ref `&T`; view `&str` / `&[T]`; mutref
 * `&mut T`; lazy a `LazyLock` static; const a `const` (Copy values and `&str`).
 */
export type BindingKind = 'owned' | 'ref' | 'view' | 'mutref' | 'lazy' | 'const';

export interface Binding {
  rust: string;
  kind: BindingKind;
  /** The IR type of what the Rust binding holds (the inner type when `narrowed`). */
  type: IrType;
  /** Function / closure nesting the binding belongs to (moves never cross it). */
  frame: number;
  loopDepth: number;
  /** Printed instead of the name, e.g. `(i as i64)` for an enumerate index. */
  renderAs?: Out;
  /** An optional narrowed by `let Some(x) = … else` / `if let`: the IR still calls it optional. */
  narrowed?: boolean;
  /** A copy of `self.<field>[key]` that is stored back after each change (VarStmt.writeBack). */
  writeBack?: { field: string; key: Expr };
}

export interface LoopFrame {
  label?: string;
  /** Statements a `continue` of this loop must run first (a C-style for's update, a do-while's test). */
  beforeContinue?: string[];
  /** Rust label of this loop when a `continue`/`break` from a nested construct must name it. */
  rustLabel?: string;
  /** A `switch` frame: a plain `break` leaves the match (via `rustLabel` when not at its end). */
  isSwitch?: boolean;
}

export interface FnState {
  throws: boolean;
  result: IrType;
  /** `self` in methods, `this` in constructors that build the value step by step. */
  selfName: string;
  frame: number;
  /** A fluent method: `return this` hands back `self` itself (`&mut Self`), not a copy. */
  returnsSelf?: boolean;
}

export class EmitCtx {
  readonly module: IrModule;
  readonly facts: ModuleFacts;
  readonly needs: RuntimeNeeds = new Set();
  readonly functions = new Map<string, FunctionDecl>();
  readonly classes = new Map<string, ClassDecl>();
  readonly constants = new Map<string, ConstDecl>();
  /** How each module constant is declared (set by items.ts before bodies are printed). */
  readonly constKinds = new Map<string, BindingKind>();
  private scopes: Map<string, Binding>[] = [];
  loopDepth = 0;
  loops: LoopFrame[] = [];
  /** Statement lists that still run after the current statement, outermost first. */
  future: (readonly Stmt[])[] = [];
  current: Stmt | undefined;
  fn: FnState = { throws: false, result: { kind: 'void' }, selfName: 'self', frame: 0 };
  /** Loops printed four elements at a time and the lane versions they call (lanes-plan.ts). */
  lanes: LanePlan = { loops: new Map(), ranges: new Map(), kernels: new Map() };
  private frames = 0;
  private labels = 0;

  constructor(module: IrModule, facts: ModuleFacts) {
    this.module = module;
    this.facts = facts;
    for (const f of module.functions) this.functions.set(f.name, f);
    for (const c of module.classes) this.classes.set(c.name, c);
    for (const c of module.constants) this.constants.set(c.name, c);
  }

  newFrame(): number {
    return ++this.frames;
  }

  freshLabel(base: string): string {
    return `'${base}${++this.labels}`;
  }

  lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) return b;
    }
    return undefined;
  }

  declare(name: string, binding: Omit<Binding, 'frame' | 'loopDepth'>): Binding {
    const full: Binding = { ...binding, frame: this.fn.frame, loopDepth: this.loopDepth };
    this.scopes[this.scopes.length - 1]!.set(name, full);
    return full;
  }

  /** The Rust names of every binding in scope (to pick a fresh one). */
  visibleRustNames(): Set<string> {
    return new Set(this.scopes.flatMap((scope) => [...scope.values()].map((b) => b.rust)));
  }

  /** Runs `body` in a new lexical scope. */
  scoped<T>(body: () => T): T {
    this.scopes.push(new Map());
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /** Runs `body` as a new function or closure: own frame, loop state and future. */
  inFunction<T>(fn: Omit<FnState, 'frame'>, body: () => T): T {
    const saved = { fn: this.fn, loops: this.loops, future: this.future, current: this.current, depth: this.loopDepth };
    this.fn = { ...fn, frame: this.newFrame() };
    this.loops = [];
    this.future = [];
    this.current = undefined;
    try {
      return this.scoped(body);
    } finally {
      Object.assign(this, { fn: saved.fn, loops: saved.loops, future: saved.future, current: saved.current });
      this.loopDepth = saved.depth;
    }
  }

  /** Whether an owned use of `binding` may move it instead of cloning. */
  canMove(name: string, binding: Binding): boolean {
    if (binding.frame !== this.fn.frame || name.startsWith('#')) return false;
    const cur = this.current;
    const here = cur ? stmtExprs(cur).reduce((n, e) => n + mentionsOutsideConditions(e, name), 0) : 2;
    if (here > 1) return false;
    if (cur && (cur.kind === 'return' || cur.kind === 'throw')) return true;
    if (binding.loopDepth !== this.loopDepth) return false;
    return this.future.every((stmts) => countMentions(stmts, name) === 0);
  }
}
