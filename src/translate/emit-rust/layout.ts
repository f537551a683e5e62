/**
 * A layout pass in the manner of rustfmt's defaults (max width 100; calls and arrays go
 * vertical past 60 characters of arguments, chains past 60, struct literals past 18, if-else
 * expressions past 50). The printers emit one line per simple statement; this pass breaks the
 * lines rustfmt would break, so the generated source reads formatted before the real format
 * step (which remains the authority) runs.
 */
import { flat, flatGroup, isBraces, parseLine, splitTopLevel, type Group, type Seq } from './layout-tree.js';

const MAX = 100;
const CALL_WIDTH = 60;
const CHAIN_WIDTH = 60;
const STRUCT_WIDTH = 18;
const IF_ELSE_WIDTH = 50;

const pad = (n: number): string => ' '.repeat(n);

/** Text before a brace group that makes it a struct literal (`Name {`, `Self {`). */
function isStructHead(before: string | undefined): boolean {
  return before !== undefined && /(^|[^A-Za-z0-9_])[A-Z][A-Za-z0-9_]*(::[A-Z][A-Za-z0-9_]*)* $/.test(before);
}

/** The body of a closure expression (`|x| body`), or undefined. */
function closureBody(seq: Seq): Seq | undefined {
  const m = typeof seq[0] === 'string' ? /^(?:move )?\|[^|]*\| (.*)$/s.exec(seq[0]) : null;
  return m ? [m[1]!, ...seq.slice(1)].filter((x) => x !== '') : undefined;
}

function isIfExpr(seq: Seq): boolean {
  return typeof seq[0] === 'string' && /^if /.test(seq[0]);
}

/** Root and `.method(args)` links of a method chain (field accesses stay with the root). */
function chainLinks(whole: Seq): { root: Seq; links: Seq[] } | undefined {
  const parts: Seq[] = [[]];
  // A trailing cast (`… .len() as i64`) rides on the last link.
  const lastText = whole[whole.length - 1];
  const cast = typeof lastText === 'string' ? /^ as [A-Za-z0-9_]+$/.exec(lastText) : null;
  const seq = cast ? whole.slice(0, -1) : whole;
  for (const n of seq) {
    if (typeof n !== 'string') {
      parts[parts.length - 1]!.push(n);
      continue;
    }
    if (/ /.test(n) && !/^\|[^|]*\| /.test(n)) return undefined;
    for (const p of n.split(/(?=\.[A-Za-z_])/)) {
      if (/^\.[A-Za-z_]/.test(p) && parts[parts.length - 1]!.length > 0) parts.push([]);
      if (p !== '') parts[parts.length - 1]!.push(p);
    }
  }
  if (parts.length < 2 || parts.slice(1).some((p) => typeof p[0] !== 'string' || !/^\.[A-Za-z_]/.test(p[0]))) return undefined;
  // Field accesses (`.items`) join the root; method calls (`.len()`) are links.
  let rootEnd = 1;
  while (rootEnd < parts.length && !parts[rootEnd]!.some((x) => typeof x !== 'string' && x.open === '(')) rootEnd++;
  const root = parts.slice(0, rootEnd).flat();
  const links = parts.slice(rootEnd);
  if (cast) links[links.length - 1] = [...links[links.length - 1]!, cast[0]];
  return links.length >= 2 ? { root, links } : undefined;
}

function mustBreak(whole: Seq): boolean {
  const body = closureBody(whole);
  const seq = body ?? whole;
  if (isIfExpr(seq) && flat(seq).length > IF_ELSE_WIDTH) return true;
  const chain = chainLinks(seq);
  if (chain && flat(seq).length > CHAIN_WIDTH) return true;
  return seq.some((n, i) => {
    if (typeof n === 'string') return false;
    const before = seq[i - 1];
    const inner = n.items.map(flat).join(', ');
    if (isBraces(n) && isStructHead(typeof before === 'string' ? before : undefined) && inner.length > STRUCT_WIDTH) return true;
    // Width counts the delimiters; parenthesised expressions are not argument lists.
    const head = typeof before === 'string' ? before : '';
    const list = (n.open === '[' && !isIndex(head, n)) || (n.open === '(' && (isArgs(head) || n.items.length > 1));
    if (!isBraces(n) && list && inner.length > CALL_WIDTH) return true;
    return n.items.some(mustBreak);
  });
}

/** A group right after a callee (`f(`, `m!(`, `x.m(`, `vec![`) is an argument list, not a parenthesised expression. */
function isArgs(before: string): boolean {
  return /[A-Za-z0-9_!>]$/.test(before);
}

/** `v[i]`, `s[..]`: an index, which never breaks (`vec![` and `[a, b]` are lists). */
function isIndex(before: string, g: Group): boolean {
  return g.open === '[' && /[A-Za-z0-9_)\]]$/.test(before);
}

/** rustfmt lays a lone argument of a callee shorter than a tab (`Ok`, `Err`) out with the call. */
function combines(before: string, g: Group): boolean {
  const callee = /[A-Za-z0-9_!]*$/.exec(before)?.[0] ?? '';
  return g.items.length === 1 && callee.length > 0 && callee.length < 4;
}

function vertical(items: Seq[], indent: number, trailingComma: boolean, fields = false): string {
  const lines = items.map((item, i) => {
    const last = i === items.length - 1;
    const comma = !last || trailingComma ? ',' : '';
    const field = fields && typeof item[0] === 'string' ? /^([a-z_][a-z0-9_]*: )(.*)$/s.exec(item[0]) : null;
    if (field) {
      const value = [field[2]!, ...item.slice(1)].filter((x) => x !== '');
      return `${pad(indent + 4)}${field[1]}${fmt(value, indent + 4, indent + 4 + field[1]!.length, comma.length)}${comma}`;
    }
    return `${pad(indent + 4)}${fmt(item, indent + 4, indent + 4, comma.length)}${comma}`;
  });
  return lines.join('\n');
}

function formatGroup(before: string, g: Group, indent: number, col: number, tail: number, force = false): string {
  if (g.items.length === 0) return `${before}${flatGroup(g)}`;
  if (g.open === '(' && g.items.length === 1 && !isArgs(before)) return `${before}${flatGroup(g)}`;
  if (isIndex(before, g)) return `${before}${flatGroup(g)}`;
  const struct = isBraces(g);
  const macro = /!$/.test(before) && !/(^|[^A-Za-z0-9_])vec!$/.test(before);
  const open = struct ? `${before}{` : `${before}${g.open}`;
  const below = (): string => `${open}\n${vertical(g.items, indent, !macro, struct)}\n${pad(indent)}${g.close}`;
  if (struct) return below();
  const last = g.items[g.items.length - 1]!;
  const fitsFrom = (head: string, text: string): boolean => {
    const lines = text.split('\n');
    return col + head.length + lines[0]!.length + (lines.length === 1 ? tail + 1 : 0) <= MAX;
  };
  const prior = g.items.slice(0, -1).map(flat);
  const head = `${open}${prior.map((p) => `${p}, `).join('')}`;
  if (prior.join(', ').length > CALL_WIDTH || col + head.length >= MAX) return below();
  if (closureBody(last)) {
    // A closure overflows the parentheses, on one line when it fits there.
    const text = fmt(last, indent, col + head.length, tail + 1);
    return fitsFrom(head, text) ? `${head}${text}${g.close}` : below();
  }
  if (g.items.length > 1) return below();
  if (isIfExpr(last) || overflowsAsBlock(last) || (chainLinks(last) && combines(before, g))) {
    // A lone call, macro, literal or `if` overflows; it must then break itself.
    const text = fmt(last, indent, col + head.length, tail + 1, true);
    if (fitsFrom(head, text) && (text.includes('\n') || combines(before, g))) return `${head}${text}${g.close}`;
    return below();
  }
  const one = `${head}${flat(last)}${g.close}`;
  return !force && !chainLinks(last) && col + one.length + tail <= MAX ? one : below();
}

/** Arguments rustfmt lets overflow a call's parentheses: calls, macros, closures, struct and array literals. */
function overflowsAsBlock(seq: Seq): boolean {
  if (closureBody(seq)) return true;
  if (chainLinks(seq)) return false;
  const last = seq[seq.length - 1];
  if (last === undefined || typeof last === 'string') return false;
  const before = flat(seq.slice(0, -1));
  if (isBraces(last)) return isStructHead(before);
  return last.open === '[' ? !isIndex(before, last) : isArgs(before) && !/\.[A-Za-z_][A-Za-z0-9_]*$/.test(before);
}

function formatIf(seq: Seq, indent: number): string {
  const out: string[] = [];
  for (let i = 0; i < seq.length; i++) {
    const n = seq[i]!;
    if (typeof n === 'string') {
      out.push(n === ' else ' ? ' else ' : n);
      continue;
    }
    if (!isBraces(n)) {
      out.push(flatGroup(n));
      continue;
    }
    const isBlock = typeof seq[i - 1] === 'string' && / $/.test(seq[i - 1] as string) && !isStructHead(seq[i - 1] as string);
    if (!isBlock) {
      out.push(flatGroup(n));
      continue;
    }
    const body = n.items.map(flat).join(', ');
    const branch = n.items[0] ?? [];
    // A branch that is itself an `if` is a statement there: rustfmt never keeps it on one line.
    out.push(`{\n${pad(indent + 4)}${fmt(branch, indent + 4, indent + 4, 0, isIfExpr(branch)) || body}\n${pad(indent)}}`);
  }
  return out.join('');
}

function formatChain(root: Seq, links: Seq[], indent: number, col: number, tail: number): string {
  const rootText = flat(root);
  const last = links[links.length - 1]!;
  const lastArg = last[last.length - 1];
  const prefix = rootText + links.slice(0, -1).map(flat).join('');
  const closure = lastArg !== undefined && typeof lastArg !== 'string' && lastArg.items.length === 1 ? closureBody(lastArg.items[0]!) : undefined;
  const bodyBreaks = closure !== undefined && (mustBreak(closure) || (closure.length === 1 && typeof closure[0] !== 'string'));
  if (bodyBreaks && col + prefix.length <= CHAIN_WIDTH + indent) {
    // The chain stays on one line and its last call's closure breaks (rustfmt's overflow).
    const lastText = fmt(last, indent, col + prefix.length, tail, true);
    if (lastText.includes('\n')) return `${prefix}${lastText}`;
  }
  const joinFirst = rootText.length <= 4;
  let text = joinFirst ? `${rootText}${flat(links[0]!)}` : rootText;
  const rest = joinFirst ? links.slice(1) : links;
  rest.forEach((link, i) => {
    const last = i === rest.length - 1;
    text += `\n${pad(indent + 4)}${fmt(link, indent + 4, indent + 4, last ? tail : 0)}`;
  });
  return text;
}

/** Formats an expression whose first line starts at column `col`; continuation lines indent from `indent`. */
export function fmt(seq: Seq, indent: number, col: number, tail: number, force = false): string {
  const text = flat(seq);
  if (!force && col + text.length + tail <= MAX && !mustBreak(seq)) return text;
  if (isIfExpr(seq)) return formatIf(seq, indent);
  const body = closureBody(seq);
  if (body) {
    const only = body.length === 1 ? body[0] : undefined;
    if (only !== undefined && typeof only !== 'string' && isBraces(only)) return text;
    const head = text.slice(0, text.length - flat(body).length);
    return `${head}{\n${pad(indent + 4)}${fmt(body, indent + 4, indent + 4, 0)}\n${pad(indent)}}`;
  }
  const end = seq[seq.length - 1];
  if (end === '?' && seq.length > 1) return `${fmt(seq.slice(0, -1), indent, col, tail + 1, force)}?`;
  const first = seq[0];
  if (first !== undefined && typeof first !== 'string' && first.open === '[' && seq.length > 1) {
    // `[a, b].concat()`: the array breaks and the calls follow it on their own lines.
    return `${formatGroup('', first, indent, col, 0)}\n${pad(indent)}${flat(seq.slice(1))}`;
  }
  const logical = splitTopLevel(seq, ['||', '&&']);
  if (logical) {
    return logical.map((part, i) => (i === 0 ? fmt(part, indent, col, 0) : `\n${pad(indent + 4)}${fmt(part, indent + 4, indent + 4, i === logical.length - 1 ? tail : 0)}`)).join('');
  }
  const chain = chainLinks(seq);
  if (chain) return formatChain(chain.root, chain.links, indent, col, tail);
  const last = seq[seq.length - 1];
  if (last !== undefined && typeof last !== 'string') {
    const before = flat(seq.slice(0, -1));
    return formatGroup(before, last, indent, col, tail, force);
  }
  return text;
}

interface Statement {
  head: string;
  expr: string;
  tail: string;
}

/** Splits `let x = e;`, `return e;`, `field: e,`, `Pat => e,` into head, expression and tail. */
function splitStatement(body: string): Statement | undefined {
  const tail = /[;,]$/.test(body) ? body.slice(-1) : '';
  const core = tail ? body.slice(0, -1) : body;
  const heads = [
    /^((?:pub )?(?:let|const|static) (?:mut )?[^=]*?= )(.*)$/s,
    /^(return )(.*)$/s,
    /^([A-Za-z_][A-Za-z0-9_.[\]]* [-+*/%]?= )(.*)$/s,
    /^([a-z_][a-z0-9_]*: )(.*)$/s,
    /^([^=]*? => )(.*)$/s,
  ];
  for (const re of heads) {
    const m = re.exec(core);
    if (m) return { head: m[1]!, expr: m[2]!, tail };
  }
  return { head: '', expr: core, tail };
}

/** Breaks a long `if a || b {` / `while …` head into one operand per line, as rustfmt does. */
function reflowCondition(indent: number, body: string): string | undefined {
  const m = /^((?:\} else )?(?:if|while) )(.*) \{$/.exec(body);
  if (!m || m[2]!.startsWith('let ')) return undefined;
  const seq = parseLine(m[2]!);
  const parts = seq && splitTopLevel(seq, ['||', '&&']);
  if (!parts) return undefined;
  const first = `${m[1]}${fmt(parts[0]!, indent, indent + m[1]!.length, 0)}`;
  const rest = parts.slice(1).map((p) => `${pad(indent + 4)}${fmt(p, indent + 4, indent + 4, 0)}`);
  return [`${pad(indent)}${first}`, ...rest, `${pad(indent)}{`].join('\n');
}

/** Puts the parameters of a long signature one per line. */
function reflowSignature(indent: number, body: string): string | undefined {
  const m = /^((?:pub )?fn [A-Za-z0-9_]+)\((.*)\)( -> .*)? \{$/.exec(body);
  if (!m) return undefined;
  const params = parseLine(`(${m[2]})`);
  const group = params?.[0];
  if (!group || typeof group === 'string' || group.items.length === 0) return undefined;
  const lines = group.items.map((p) => `${pad(indent + 4)}${flat(p)},`);
  return [`${pad(indent)}${m[1]}(`, ...lines, `${pad(indent)})${m[3] ?? ''} {`].join('\n');
}

function reflowLine(line: string): string {
  const indent = line.length - line.trimStart().length;
  const body = line.trimStart();
  if (body.startsWith('//') || body.startsWith('#') || body.startsWith('use ')) return line;
  const over = line.length > MAX;
  if (body.endsWith(' {')) {
    if (!over) return line;
    return reflowCondition(indent, body) ?? reflowSignature(indent, body) ?? line;
  }
  const st = splitStatement(body);
  if (!st) return line;
  const seq = parseLine(st.expr);
  if (!seq || (!over && !mustBreak(seq) && !(st.head === '' && isIfExpr(seq)))) return line;
  const statementIf = st.head === '' && isIfExpr(seq);
  const formatted = fmt(seq, indent, indent + st.head.length, st.tail.length, statementIf);
  const text = flat(seq);
  if (st.head.endsWith('= ') && formatted.includes('\n') && indent + 4 + text.length + st.tail.length <= MAX && !mustBreak(seq)) {
    // rustfmt moves a right-hand side that fits on its own line there rather than breaking it.
    return `${pad(indent)}${st.head.trimEnd()}\n${pad(indent + 4)}${text}${st.tail}`;
  }
  return `${pad(indent)}${st.head}${formatted}${st.tail}`;
}

/** The code of a line without layout: whitespace, trailing commas of lists and braces (a closure body may gain a block) removed. */
function essence(text: string): string {
  return text.replace(/\s+/g, '').replace(/,(?=[)\]}])/g, '').replace(/[{}]/g, '');
}

/** The layout pass over a whole generated file; a line whose reflow would change its code stays as it was. */
export function layoutRust(source: string): string {
  return source
    .split('\n')
    .map((line) => {
      const reflowed = reflowLine(line);
      return reflowed === line || essence(reflowed) === essence(line) ? reflowed : line;
    })
    .join('\n');
}
