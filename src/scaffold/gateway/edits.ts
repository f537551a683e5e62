/**
 * Text edits of one source file, collected while the project is still unchanged and applied in
 * one pass at the end, so ts-morph nodes never go stale halfway through a rewrite.
 */
import { InternalError } from '../../errors.js';

interface Edit {
  start: number;
  end: number;
  text: string;
  /** Tie-break among edits at the same position: lower first. */
  order: number;
}

export class FileEdits {
  private readonly edits: Edit[] = [];

  insert(pos: number, text: string, order = 0): void {
    this.edits.push({ start: pos, end: pos, text, order });
  }

  replace(start: number, end: number, text: string): void {
    // After any insertion at the same start, so the insertion is not swallowed.
    this.edits.push({ start, end, text, order: 2e9 });
  }

  /**
   * Wraps the node spanning [start, end) in `before` … `after`. At a shared position, outer
   * wrappers open first and close last, and whatever closes there comes before what opens.
   */
  wrap(start: number, end: number, before: string, after: string): void {
    const length = end - start;
    if (before !== '') this.insert(start, before, 1e9 - length);
    if (after !== '') this.insert(end, after, -1e9 + length);
  }

  get size(): number {
    return this.edits.length;
  }

  apply(text: string): string {
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || a.order - b.order);
    let out = '';
    let at = 0;
    for (const edit of sorted) {
      if (edit.start < at) {
        throw new InternalError(`overlapping gateway edits at offset ${edit.start}: report this as a pivot bug`);
      }
      out += text.slice(at, edit.start) + edit.text;
      at = edit.end;
    }
    return out + text.slice(at);
  }
}

/** Edits per file path; files are created on first use. */
export class ProjectEdits {
  readonly files = new Map<string, FileEdits>();

  for(filePath: string): FileEdits {
    let edits = this.files.get(filePath);
    if (!edits) {
      edits = new FileEdits();
      this.files.set(filePath, edits);
    }
    return edits;
  }
}
