/**
 * A small Go expression tree and its printer. The printer follows go/printer's rules for blanks
 * around binary operators (precedence, depth and cutoff, ported from go/printer/nodes.go) and for
 * key alignment in multi-line composite literals, so printed code is already gofmt-clean.
 *
 * Multi-line expressions (func literals, multi-line composite literals) render with '\n' and
 * continuation lines indented relative to the line the expression starts on; statement printers
 * prefix continuation lines with the statement's own indentation.
 */

export type GoExpr =
  /** Identifier, literal, or any already-printed primary expression. */
  | { k: 'atom'; text: string }
  | { k: 'binary'; op: string; x: GoExpr; y: GoExpr }
  | { k: 'unary'; op: '-' | '!' | '&' | '+' | '^'; x: GoExpr }
  | { k: 'star'; x: GoExpr }
  | { k: 'paren'; x: GoExpr }
  | { k: 'call'; fn: GoExpr; args: GoExpr[]; ellipsis?: boolean }
  | { k: 'selector'; x: GoExpr; name: string }
  | { k: 'index'; x: GoExpr; index: GoExpr }
  | { k: 'slice'; x: GoExpr; lo?: GoExpr; hi?: GoExpr }
  | { k: 'composite'; type: string; amp: boolean; elts: GoElement[]; multiline: boolean }
  /** `func(sig) result { body }`; `body` lines are relative to the func keyword's line. */
  | { k: 'funcLit'; signature: string; body: string[]; oneLine: boolean };

export type GoElement = GoExpr | { k: 'keyValue'; key: string; value: GoExpr };

export const atom = (text: string): GoExpr => ({ k: 'atom', text });
export const call = (fn: string | GoExpr, ...args: GoExpr[]): GoExpr => ({
  k: 'call',
  fn: typeof fn === 'string' ? atom(fn) : fn,
  args,
});
export const selector = (x: GoExpr, name: string): GoExpr => ({ k: 'selector', x, name });
export const binary = (op: string, x: GoExpr, y: GoExpr): GoExpr => ({ k: 'binary', op, x, y });
export const unary = (op: '-' | '!' | '&', x: GoExpr): GoExpr => ({ k: 'unary', op, x });
export const paren = (x: GoExpr): GoExpr => ({ k: 'paren', x });
export const star = (x: GoExpr): GoExpr => ({ k: 'star', x });

const UNARY_PREC = 6;
const HIGHEST_PREC = 7;
const LOWEST_PREC = 0;

export function precedence(op: string): number {
  switch (op) {
    case '||':
      return 1;
    case '&&':
      return 2;
    case '==': case '!=': case '<': case '<=': case '>': case '>=':
      return 3;
    case '+': case '-': case '|': case '^':
      return 4;
    default:
      return 5; // * / % << >> & &^
  }
}

/** Parenthesise `x` when it would bind looser than an operand of `op` needs. */
export function operand(x: GoExpr, op: string, side: 'left' | 'right'): GoExpr {
  if (x.k !== 'binary') return x;
  const inner = precedence(x.op);
  const outer = precedence(op);
  const needs = side === 'left' ? inner < outer : inner <= outer;
  return needs ? paren(x) : x;
}

/** Build `x op y` with the parentheses the operator precedences require. */
export function binaryOp(op: string, x: GoExpr, y: GoExpr): GoExpr {
  return binary(op, operand(x, op, 'left'), operand(y, op, 'right'));
}

// go/printer: walkBinary, cutoff, diffPrec, reduceDepth.
function walkBinary(e: Extract<GoExpr, { k: 'binary' }>): { has4: boolean; has5: boolean; maxProblem: number } {
  const prec = precedence(e.op);
  let has4 = prec === 4;
  let has5 = prec === 5;
  let maxProblem = 0;
  const l = e.x;
  if (l.k === 'binary' && !(precedence(l.op) < prec)) {
    const r = walkBinary(l);
    has4 ||= r.has4;
    has5 ||= r.has5;
    maxProblem = Math.max(maxProblem, r.maxProblem);
  }
  const r = e.y;
  if (r.k === 'binary') {
    if (!(precedence(r.op) <= prec)) {
      const w = walkBinary(r);
      has4 ||= w.has4;
      has5 ||= w.has5;
      maxProblem = Math.max(maxProblem, w.maxProblem);
    }
  } else if (r.k === 'star') {
    if (e.op === '/') maxProblem = 5;
  } else if (r.k === 'unary') {
    const pair = e.op + r.op;
    if (pair === '/*' || pair === '&&' || pair === '&^') maxProblem = 5;
    else if (pair === '++' || pair === '--') maxProblem = Math.max(maxProblem, 4);
  }
  return { has4, has5, maxProblem };
}

function cutoff(e: Extract<GoExpr, { k: 'binary' }>, depth: number): number {
  const { has4, has5, maxProblem } = walkBinary(e);
  if (maxProblem > 0) return maxProblem + 1;
  if (has4 && has5) return depth === 1 ? 5 : 4;
  return depth === 1 ? 6 : 4;
}

function diffPrec(x: GoExpr, prec: number): number {
  return x.k === 'binary' && precedence(x.op) === prec ? 0 : 1;
}

function reduceDepth(depth: number): number {
  return Math.max(1, depth - 1);
}

/** Print an expression the way gofmt would (top level: lowest precedence, depth 1). */
export function render(e: GoExpr, depth = 1): string {
  return expr1(e, LOWEST_PREC, depth);
}

function expr1(e: GoExpr, prec1: number, depth: number): string {
  switch (e.k) {
    case 'atom':
      return e.text;
    case 'binary': {
      const prec = precedence(e.op);
      if (prec < prec1) return `(${expr1(e, LOWEST_PREC, reduceDepth(depth))})`;
      const blank = prec < cutoff(e, depth) ? ' ' : '';
      const left = expr1(e.x, prec, depth + diffPrec(e.x, prec));
      const right = expr1(e.y, prec + 1, depth + 1);
      return `${left}${blank}${e.op}${blank}${right}`;
    }
    case 'unary':
      if (UNARY_PREC < prec1) return `(${expr1(e, LOWEST_PREC, 1)})`;
      return e.op + expr1(e.x, UNARY_PREC, depth);
    case 'star':
      if (UNARY_PREC < prec1) return `(*${expr1(e.x, LOWEST_PREC, 1)})`;
      return `*${expr1(e.x, LOWEST_PREC, 1)}`;
    case 'paren':
      if (e.x.k === 'paren') return expr1(e.x, prec1, depth);
      return `(${expr1(e.x, LOWEST_PREC, reduceDepth(depth))})`;
    case 'call': {
      const d = e.args.length > 1 ? depth + 1 : depth;
      const fn = expr1(e.fn, HIGHEST_PREC, d);
      const args = e.args.map((a) => expr1(a, LOWEST_PREC, d)).join(', ');
      return `${fn}(${args}${e.ellipsis ? '...' : ''})`;
    }
    case 'selector':
      return `${expr1(e.x, HIGHEST_PREC, depth)}.${e.name}`;
    case 'index':
      return `${expr1(e.x, HIGHEST_PREC, 1)}[${expr1(e.index, LOWEST_PREC, depth + 1)}]`;
    case 'slice': {
      const x = expr1(e.x, HIGHEST_PREC, 1);
      const indices = [e.lo, e.hi];
      const count = indices.filter((i) => i !== undefined).length;
      const blanks = depth <= 1 && count > 1 && indices.some((i) => i?.k === 'binary');
      const lo = e.lo ? expr1(e.lo, LOWEST_PREC, depth + 1) : '';
      const hi = e.hi ? expr1(e.hi, LOWEST_PREC, depth + 1) : '';
      const colon = blanks ? (e.lo ? ' :' : ':') + (e.hi ? ' ' : '') : ':';
      return `${x}[${lo}${colon}${hi}]`;
    }
    case 'composite':
      return renderComposite(e);
    case 'funcLit':
      if (e.oneLine && e.body.length === 1) return `func${e.signature} { ${e.body[0]} }`;
      if (e.body.length === 0) return `func${e.signature} {}`;
      return `func${e.signature} {\n${indentLines(e.body).join('\n')}\n}`;
  }
}

/** Starts a label line: gofmt prints labels one level left of the statement they label. */
export const LABEL_MARK = '\u0001';

/**
 * Indent lines (and the continuation lines of multi-line entries) one level; blank lines stay
 * blank; a label line skips its first indentation, which leaves it one level out.
 */
export function indentLines(lines: string[]): string[] {
  return lines.map((l) => (l === '' ? '' : l.startsWith(LABEL_MARK) ? l.slice(1) : `\t${indentContinuation(l)}`));
}

/** Continuation lines of a multi-line text, indented one more level. */
export function indentContinuation(text: string, prefix = '\t'): string {
  return text.replace(/\n(?!\n)/g, `\n${prefix}`);
}

function renderComposite(e: Extract<GoExpr, { k: 'composite' }>): string {
  const head = `${e.amp ? '&' : ''}${e.type}{`;
  if (!e.multiline || e.elts.length === 0) {
    const parts = e.elts.map((el) => (el.k === 'keyValue' ? `${el.key}: ${render(el.value)}` : render(el)));
    return `${head}${parts.join(', ')}}`;
  }
  // One element per line. Keys of consecutive single-line key:value elements align in a column
  // (go/printer exprList + tabwriter); a multi-line element, or a key size jump of 2.5x over the
  // geometric mean of earlier keys (beyond 40 columns), starts a new alignment section.
  const rendered = e.elts.map((el) => {
    if (el.k !== 'keyValue') return { key: undefined, value: render(el) };
    return { key: `${el.key}:`, value: render(el.value), keySize: el.key.length };
  });
  const sections: number[][] = [];
  let prevSize = 0;
  let lnsum = 0;
  let count = 0;
  rendered.forEach((r, i) => {
    const multi = r.value.includes('\n');
    const size = multi ? 0 : (r.keySize ?? r.value.length);
    let useFF = true;
    if (prevSize > 0 && size > 0) {
      if (count === 0 || (prevSize <= 40 && size <= 40)) useFF = false;
      else {
        const ratio = size / Math.exp(lnsum / count);
        useFF = 2.5 * ratio <= 1 || 2.5 <= ratio;
      }
    }
    if (i === 0 || useFF) sections.push([i]);
    else sections[sections.length - 1]!.push(i);
    if (size > 0) {
      lnsum += Math.log(size);
      count++;
    }
    prevSize = size;
  });
  const lines: string[] = [];
  const aligned = e.elts.length > 1;
  for (const section of sections) {
    const width = Math.max(0, ...section.map((i) => {
      const r = rendered[i]!;
      return r.key !== undefined && !r.value.includes('\n') ? r.key.length : 0;
    }));
    for (const i of section) {
      const r = rendered[i]!;
      let line: string;
      if (r.key === undefined) line = r.value;
      else if (aligned && !r.value.includes('\n')) line = `${r.key.padEnd(width)} ${r.value}`;
      else line = `${r.key} ${r.value}`;
      lines.push(`\t${indentContinuation(line)},`);
    }
  }
  return `${head}\n${lines.join('\n')}\n}`;
}

/** `a, b float64, s string`: consecutive parameters of one type share it. */
export function groupParams(params: { name: string; type: string }[]): string {
  const groups: { names: string[]; type: string }[] = [];
  for (const p of params) {
    const last = groups[groups.length - 1];
    if (last && last.type === p.type) last.names.push(p.name);
    else groups.push({ names: [p.name], type: p.type });
  }
  return groups.map((g) => `${g.names.join(', ')} ${g.type}`).join(', ');
}
