import type { IrType, Origin } from '../ir.js';

/**
 * Numeric slots: every place where a TS `number` is declared (parameter, local, field, function
 * result, array element, map key …) gets its own mutable `{ kind: 'f64' }` type object. All IR
 * nodes that read the place share that object, so when integer inference (numeric.ts) decides
 * a slot is `i64` it flips `kind` once and every reader sees it. Places that must hold the same
 * representation (the elements of two aliased arrays) are merged with union-find.
 */
export interface SlotInfo {
  /** The place in the user's words: `parameter stock of expectedUnits`. */
  description: string;
  /** Bare TS name, for the id/count heuristics of the warnings. */
  name: string;
  origin: Origin;
}

type NumberType = { kind: 'f64' | 'i64' };

export class NumericSlots {
  private readonly ids = new WeakMap<object, number>();
  private readonly types: NumberType[] = [];
  readonly infos: SlotInfo[] = [];
  private readonly parent: number[] = [];
  /** Slots whose values come from outside the module (inputs of entry points). */
  readonly external = new Set<number>();
  /** Slots that must be integral (index, count, Map/Set key). */
  readonly demanded = new Set<number>();
  /** Slots used as a position JS truncates (slice, charAt …): integral unless they are inputs. */
  readonly positions = new Set<number>();
  /** Map keys and Set elements: they must end up i64 (PIV1104 otherwise). */
  readonly keys = new Set<number>();

  create(info: SlotInfo): IrType {
    const type: NumberType = { kind: 'f64' };
    const id = this.types.length;
    this.types.push(type);
    this.infos.push(info);
    this.parent.push(id);
    this.ids.set(type, id);
    return type as IrType;
  }

  get size(): number {
    return this.types.length;
  }

  /** The slot id of a type object, when it is a registered numeric slot. */
  idOf(type: IrType): number | undefined {
    return this.ids.get(type);
  }

  find(id: number): number {
    let root = id;
    while (this.parent[root] !== root) root = this.parent[root]!;
    let node = id;
    while (this.parent[node] !== root) {
      const next = this.parent[node]!;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  /** Merges the numeric slots of two types of the same shape (aliased arrays, maps, tuples …). */
  unify(a: IrType, b: IrType): void {
    if (a === b) return;
    const ia = this.idOf(a);
    const ib = this.idOf(b);
    if (ia !== undefined && ib !== undefined) {
      this.union(ia, ib);
      return;
    }
    if (a.kind !== b.kind) return;
    switch (a.kind) {
      case 'array':
      case 'set':
        this.unify(a.element, (b as typeof a).element);
        return;
      case 'optional':
        this.unify(a.inner, (b as typeof a).inner);
        return;
      case 'map':
        this.unify(a.key, (b as typeof a).key);
        this.unify(a.value, (b as typeof a).value);
        return;
      case 'tuple':
        a.elements.forEach((e, i) => {
          const other = (b as typeof a).elements[i];
          if (other) this.unify(e, other);
        });
        return;
      case 'function':
        a.params.forEach((p, i) => {
          const other = (b as typeof a).params[i];
          if (other) this.unify(p, other);
        });
        this.unify(a.result, (b as typeof a).result);
        return;
      default:
        return;
    }
  }

  /** Every numeric slot reachable inside `type` (not through structs: they own their fields). */
  slotsIn(type: IrType, out: number[] = []): number[] {
    const id = this.idOf(type);
    if (id !== undefined) {
      out.push(id);
      return out;
    }
    switch (type.kind) {
      case 'array':
      case 'set':
        return this.slotsIn(type.element, out);
      case 'optional':
        return this.slotsIn(type.inner, out);
      case 'map':
        this.slotsIn(type.key, out);
        return this.slotsIn(type.value, out);
      case 'tuple':
        type.elements.forEach((e) => this.slotsIn(e, out));
        return out;
      default:
        return out;
    }
  }

  kindOf(id: number): 'f64' | 'i64' {
    return this.types[id]!.kind;
  }

  /** Final decision for a whole class of merged slots. */
  resolve(id: number, kind: 'f64' | 'i64'): void {
    this.types[id]!.kind = kind;
  }
}
