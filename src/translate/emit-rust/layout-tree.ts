/**
 * A bracket tree of one line of Rust, for the layout pass: text runs and bracket groups whose
 * items are split at top-level commas. Strings and char literals stay opaque.
 */

export interface Group {
  open: string;
  close: string;
  items: Seq[];
}

export type Node = string | Group;
export type Seq = Node[];

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Parses a line into a sequence; undefined when brackets do not balance within it. */
export function parseLine(text: string): Seq | undefined {
  const root: Seq = [];
  const stack: { group: Group; seq: Seq }[] = [];
  let seq = root;
  let run = '';
  const flush = (): void => {
    if (run !== '') seq.push(run);
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return undefined;
      run += text.slice(i, j + 1);
      i = j;
    } else if (c === "'") {
      const m = /^'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'/.exec(text.slice(i));
      run += m ? m[0] : c;
      if (m) i += m[0].length - 1;
    } else if (c === '|' && isBlank(seq) && (run.trim() === '' || run.trim() === 'move')) {
      // A closure head `|a, (b, c)|` is opaque: its commas do not split the argument list.
      const end = text[i + 1] === '|' ? i + 1 : text.indexOf('|', i + 1);
      if (end < 0) return undefined;
      run += text.slice(i, end + 1);
      i = end;
    } else if (c in CLOSE) {
      flush();
      const group: Group = { open: c, close: CLOSE[c]!, items: [] };
      seq.push(group);
      stack.push({ group, seq });
      seq = [];
    } else if (c === ')' || c === ']' || c === '}') {
      const top = stack.pop();
      if (!top || top.group.close !== c) return undefined;
      flush();
      if (!isBlank(seq)) top.group.items.push(trimSeq(seq));
      seq = top.seq;
    } else if (c === ',' && stack.length > 0) {
      flush();
      stack[stack.length - 1]!.group.items.push(trimSeq(seq));
      seq = [];
    } else {
      run += c;
    }
  }
  flush();
  return stack.length === 0 ? root : undefined;
}

function isBlank(seq: Seq): boolean {
  return seq.every((n) => typeof n === 'string' && n.trim() === '');
}

function trimSeq(seq: Seq): Seq {
  const out = [...seq];
  if (typeof out[0] === 'string') out[0] = out[0].trimStart();
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] = (out[last] as string).trimEnd();
  return out.filter((n) => n !== '');
}

/** Struct literal braces (`Name { a, b }`) print with inner spaces; other groups do not. */
export function isBraces(g: Group): boolean {
  return g.open === '{';
}

export function flat(seq: Seq): string {
  return seq.map((n) => (typeof n === 'string' ? n : flatGroup(n))).join('');
}

export function flatGroup(g: Group): string {
  const inner = g.items.map(flat).join(', ');
  if (isBraces(g)) return inner === '' ? '{}' : `{ ${inner} }`;
  return `${g.open}${inner}${g.close}`;
}

/** Positions in a top-level text run where `op` occurs as an operator (not inside a closure head). */
export function splitTopLevel(seq: Seq, ops: readonly string[]): Seq[] | undefined {
  const parts: Seq[] = [[]];
  let found = false;
  for (const n of seq) {
    if (typeof n !== 'string') {
      parts[parts.length - 1]!.push(n);
      continue;
    }
    let rest = n;
    for (;;) {
      let at = -1;
      let op = '';
      for (const o of ops) {
        const i = rest.indexOf(` ${o} `);
        if (i >= 0 && (at < 0 || i < at)) {
          at = i;
          op = o;
        }
      }
      if (at < 0) break;
      parts[parts.length - 1]!.push(rest.slice(0, at));
      parts.push([`${op} `]);
      rest = rest.slice(at + op.length + 2);
      found = true;
    }
    if (rest !== '') parts[parts.length - 1]!.push(rest);
  }
  return found ? parts.map((p) => p.filter((x) => x !== '')) : undefined;
}
