/**
 * Start commands as the user writes them (`--start`, pivot.config.json `start`), read without
 * running anything (pure): placeholders filled, and whether the command is `node <file>` itself,
 * which is what 0x can run, or something that reaches node through a wrapper or a shell.
 */

/** `node <flags> <script> <args>`, as 0x can run it. */
export interface DirectNode {
  /** `node` as written, or an absolute path to a node binary. */
  node: string;
  /** `VAR=value` words before the command. */
  env: Record<string, string>;
  execArgv: string[];
  script: string;
  args: string[];
}

/** Node flags that take the next word as their value. */
export const NODE_FLAGS_WITH_VALUE = new Set([
  '-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--inspect-port', '--title',
  '--stack-size', '--max-old-space-size',
]);
/** Preloads that compile TypeScript in memory: their code runs from maps only the process holds. */
const TRANSPILER = /(?:^|[/@])(?:tsx|ts-node|@swc-node|swc-node|@babel\/register|babel-register|esbuild-register|sucrase|@esbuild-kit)(?:[/]|$)/;
const SHELL_SYNTAX = /[|&;<>()$`*?[\]~\\\n]/;
const PLACEHOLDER = /\{(port|host)\}/g;

/** Replaces `{port}` and `{host}`. */
export function fillPlaceholders(text: string, port: number, host: string): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => (name === 'port' ? String(port) : host));
}

/** True when the text names the port or host pivot chooses. */
export function hasPlaceholders(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

/**
 * Splits a command into words the way sh would for simple commands (quotes, backslashes), or
 * returns undefined when it needs a shell: operators, redirections, substitutions, globs.
 */
export function shellWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const char = command[i] as string;
    if (char === "'" || char === '"') {
      const end = command.indexOf(char, i + 1);
      if (end < 0) return undefined;
      const quoted = command.slice(i + 1, end);
      if (char === '"' && /[$`\\]/.test(quoted)) return undefined;
      word += quoted;
      inWord = true;
      i = end;
    } else if (char === ' ' || char === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (SHELL_SYNTAX.test(char)) {
      return undefined;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The command as `node <file>` when it is exactly that (after `VAR=value` words), else undefined. */
export function directNode(command: string): DirectNode | undefined {
  const words = shellWords(command);
  if (!words) return undefined;
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i] as string);
    if (!assignment) break;
    env[assignment[1] as string] = assignment[2] as string;
  }
  const node = words[i];
  if (node === undefined || (node !== 'node' && !(node.startsWith('/') && node.endsWith('/node')))) return undefined;
  const execArgv: string[] = [];
  for (i++; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-')) break;
    if (word === '-e' || word === '--eval' || word === '-p' || word === '--print' || word === '-' || word === '--') return undefined;
    execArgv.push(word);
    if (NODE_FLAGS_WITH_VALUE.has(word) && i + 1 < words.length) execArgv.push(words[++i] as string);
  }
  const script = words[i];
  if (script === undefined) return undefined;
  return { node, env, execArgv, script, args: words.slice(i + 1) };
}

/** The transpiler a node command preloads (`-r ts-node/register`, `--import tsx`), if any. */
export function transpilerOf(run: DirectNode): string | undefined {
  for (let i = 0; i < run.execArgv.length; i++) {
    const flag = run.execArgv[i] as string;
    const inline = /^--(?:require|import|loader|experimental-loader)=(.+)$/.exec(flag)?.[1];
    const value = inline ?? (NODE_FLAGS_WITH_VALUE.has(flag) ? run.execArgv[i + 1] : undefined);
    if (value !== undefined && TRANSPILER.test(value)) return value;
  }
  return /\.[cm]?tsx?$/.test(run.script) ? run.script : undefined;
}
