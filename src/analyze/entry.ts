/**
 * Which JS file starts the monolith: `--entry`, else package.json `main`, else the file
 * `scripts.start` runs with node. TypeScript files are mapped to their compiled output through
 * tsconfig's rootDir/outDir, and a compiled entry that is missing or older than its sources is
 * rebuilt with `npm run build` when the project has one.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import ts from 'typescript';
import { UserError } from '../errors.js';

export interface EntryOptions {
  /** The `--entry` flag: a JS or TS file, relative to the project root (or to `cwd`). */
  entry?: string;
  /** Run `npm run build` when the compiled entry is missing or stale; default true (`--no-build` sets false). */
  build?: boolean;
  /** Where the user ran pivot; `--entry` is looked up here when it is not under the root. */
  cwd?: string;
  onStatus?: (message: string) => void;
}

export interface ResolvedEntry {
  /** Absolute path of the JS file to run. */
  entryFile: string;
  /** Where the entry came from. */
  source: 'flag' | 'main' | 'start-script';
  /** True when `npm run build` ran. */
  built: boolean;
}

export interface PackageJson {
  main?: unknown;
  scripts?: Record<string, unknown>;
}

export interface TsProject {
  outDir?: string;
  rootDir: string;
  sources: string[];
}

const TS_EXTENSIONS: Record<string, string> = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs', '.tsx': '.js' };
const FLAGS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--inspect-port']);

export async function resolveEntry(root: string, options: EntryOptions = {}): Promise<ResolvedEntry> {
  const pkg = readPackageJson(root);
  const project = readTsProject(root);
  let source: ResolvedEntry['source'];
  let declared: string;

  if (options.entry) {
    source = 'flag';
    declared = resolve(root, options.entry);
    if (!existsSync(declared) && options.cwd && existsSync(resolve(options.cwd, options.entry))) declared = resolve(options.cwd, options.entry);
  } else if (typeof pkg?.main === 'string' && pkg.main.trim() !== '') {
    source = 'main';
    declared = withJsExtension(resolve(root, pkg.main));
  } else {
    const fromStart = typeof pkg?.scripts?.start === 'string' ? fileOfStartScript(pkg.scripts.start) : undefined;
    if (!fromStart) {
      throw new UserError(
        `no entry found in ${join(root, 'package.json')}`,
        'pass --start "<command>" (or "start" in pivot.config.json), or --entry <file>, or set "main" or a "start" script in package.json',
      );
    }
    source = 'start-script';
    declared = resolve(root, fromStart);
  }

  const entryFile = TS_EXTENSIONS[extname(declared)] ? compiledPathOf(root, declared, project) : declared;
  const label = relative(root, entryFile) || entryFile;
  const sourceFiles = project && isCompiledOutput(entryFile, project) ? project.sources : [];
  const missing = !existsSync(entryFile);
  const stale = !missing && sourceFiles.length > 0 && newestMtime(sourceFiles) > statSync(entryFile).mtimeMs;
  const buildScript = typeof pkg?.scripts?.build === 'string';

  if ((missing && sourceFiles.length > 0) || stale) {
    if (options.build !== false && buildScript) {
      options.onStatus?.(`${label} is ${missing ? 'missing' : 'older than its sources'}: running npm run build`);
      await runBuild(root);
      if (!existsSync(entryFile)) {
        throw new UserError(`npm run build did not produce ${label}`, 'check the build script and tsconfig outDir, or pass the compiled file with --entry');
      }
      return { entryFile, source, built: true };
    }
    if (stale) options.onStatus?.(`${label} is older than its sources; profiling it anyway`);
  }
  if (!existsSync(entryFile)) {
    const hint = options.build === false
      ? 'build the project first, or drop --no-build so pivot runs npm run build'
      : `build the project first${buildScript ? '' : ' (it has no build script)'}, or pass the file to run with --entry`;
    throw new UserError(`entry ${label} (from ${describe(source)}) does not exist`, hint);
  }
  return { entryFile, source, built: false };
}

function describe(source: ResolvedEntry['source']): string {
  return source === 'flag' ? '--entry' : source === 'main' ? 'package.json main' : 'package.json scripts.start';
}

/** package.json of the project, or undefined without one; invalid JSON is a UserError. */
export function readPackageJson(root: string): PackageJson | undefined {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch (error) {
    throw new UserError(`${file} is not valid JSON`, 'fix package.json', [(error as Error).message]);
  }
}

/** Node resolves `main` without an extension too; pick the file it would load. */
function withJsExtension(file: string): string {
  if (existsSync(file) && statSync(file).isFile()) return file;
  for (const candidate of [`${file}.js`, `${file}.mjs`, `${file}.cjs`, join(file, 'index.js')]) {
    if (existsSync(candidate)) return candidate;
  }
  return extname(file) === '' ? `${file}.js` : file;
}

/** The script file of a `node [flags] <file>` start script, or undefined for anything else. */
export function fileOfStartScript(script: string): string | undefined {
  const tokens = (script.split(/&&|;|\|\|/)[0] ?? '').match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const words = tokens.map((token) => token.replace(/^(["'])(.*)\1$/, '$2'));
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '') || words[i] === 'cross-env')) i++;
  const command = words[i] ?? '';
  if (command !== 'node' && !command.endsWith('/node')) return undefined;
  for (i++; i < words.length; i++) {
    const word = words[i] ?? '';
    if (FLAGS_WITH_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/** The project's tsconfig.json as tsc would read it: sources, rootDir (explicit or computed) and outDir. */
export function readTsProject(root: string): TsProject | undefined {
  const configFile = join(root, 'tsconfig.json');
  if (!existsSync(configFile)) return undefined;
  const read = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  if (read.error) return undefined;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configFile);
  if (parsed.options.noEmit) return { rootDir: root, sources: [] };
  const sources = parsed.fileNames.filter((file) => !/\.d\.[cm]?ts$/.test(file));
  const rootDir = parsed.options.rootDir
    ? resolve(root, parsed.options.rootDir)
    : commonDirectory(sources.map((file) => dirname(resolve(root, file)))) ?? root;
  const project: TsProject = { rootDir, sources };
  if (parsed.options.outDir) project.outDir = resolve(root, parsed.options.outDir);
  return project;
}

/** Where tsc writes a TS file: outDir + its path under rootDir, or beside it without outDir. */
function compiledPathOf(root: string, tsFile: string, project: TsProject | undefined): string {
  const label = relative(root, tsFile) || tsFile;
  if (!project || project.sources.length === 0) {
    throw new UserError(
      `${label} is TypeScript, and ${root} has no tsconfig.json that emits JS to say where it compiles to`,
      'pass the compiled .js file with --entry',
    );
  }
  const jsExtension = TS_EXTENSIONS[extname(tsFile)] ?? '.js';
  const withoutExtension = tsFile.slice(0, -extname(tsFile).length);
  if (!project.outDir) return `${withoutExtension}${jsExtension}`;
  const underRoot = relative(project.rootDir, withoutExtension);
  if (underRoot.startsWith('..') || isAbsolute(underRoot)) {
    throw new UserError(`${label} is outside tsconfig's rootDir (${relative(root, project.rootDir) || '.'})`, 'pass the compiled .js file with --entry');
  }
  return join(project.outDir, `${underRoot}${jsExtension}`);
}

function isCompiledOutput(file: string, project: TsProject): boolean {
  if (project.outDir) {
    const rel = relative(project.outDir, file);
    return !rel.startsWith('..') && !isAbsolute(rel);
  }
  const base = file.slice(0, -extname(file).length);
  return Object.keys(TS_EXTENSIONS).some((extension) => project.sources.includes(`${base}${extension}`));
}

/** What tsc uses as rootDir when none is set: the longest directory every source is under. */
function commonDirectory(directories: string[]): string | undefined {
  const [first, ...rest] = directories;
  if (first === undefined) return undefined;
  let common = first;
  for (const directory of rest) {
    while (relative(common, directory).startsWith('..')) common = dirname(common);
  }
  return common;
}

function newestMtime(files: string[]): number {
  let newest = 0;
  for (const file of files) {
    try {
      newest = Math.max(newest, statSync(file).mtimeMs);
    } catch {
      // A source listed by tsconfig but gone does not make the build stale.
    }
  }
  return newest;
}

async function runBuild(root: string): Promise<void> {
  const result = await execa('npm', ['run', 'build'], { cwd: root, all: true, reject: false, stdin: 'ignore' });
  if (result.exitCode === 0) return;
  const lines = (result.all ?? '').split('\n').filter((line) => line.trim() !== '');
  throw new UserError(
    `the build failed: npm run build in ${root} exited with ${result.exitCode ?? result.signal ?? 'an error'}`,
    'fix the build errors below, or build the project yourself and pass --no-build',
    lines.slice(-30),
  );
}
