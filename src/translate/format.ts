/**
 * Format a generated tree with the languages' own tools: `*.rs` through rustfmt, `*.go` through
 * gofmt, both via stdin. Printers emit near-formatted text already; a formatter that rejects a
 * file means a printer produced invalid code, which is pivot's bug (InternalError).
 */
import { execa } from 'execa';
import { InternalError, UserError } from '../errors.js';
import type { FileTree, TargetLanguage } from './api.js';

interface Formatter {
  tool: string;
  args: string[];
  matches: (path: string) => boolean;
}

const FORMATTERS: Record<TargetLanguage, Formatter> = {
  rust: { tool: 'rustfmt', args: ['--edition', '2021', '--emit', 'stdout'], matches: (p) => p.endsWith('.rs') },
  go: { tool: 'gofmt', args: [], matches: (p) => p.endsWith('.go') },
};

/** Runs one formatter on one file's text; exported for tests and for single files. */
export async function formatSource(source: string, language: TargetLanguage, path = 'input'): Promise<string> {
  const { tool, args } = FORMATTERS[language];
  const result = await execa(tool, args, { input: source, reject: false, stripFinalNewline: false });
  const missing = (result as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(result.message ?? ''));
  if (missing && result.exitCode === undefined) {
    throw new UserError(`${tool} was not found on PATH; it formats the generated ${language} code`, 'run `pivot doctor` to see how to install it');
  }
  if (result.exitCode !== 0) {
    const message = String(result.stderr || result.stdout || result.message).trim();
    throw new InternalError(`${tool} rejected the generated ${path}: ${message}`);
  }
  return String(result.stdout);
}

/** A new tree whose Rust or Go sources went through the formatter; other files are unchanged. */
export async function formatTree(tree: FileTree, language: TargetLanguage): Promise<FileTree> {
  const formatter = FORMATTERS[language];
  const out: FileTree = new Map();
  for (const [path, contents] of tree) {
    out.set(path, formatter.matches(path) ? await formatSource(contents, language, path) : contents);
  }
  return out;
}
