/**
 * Source maps on and off: a TypeScript project is analysed twice, once as its own tsconfig builds
 * it and once with source maps the other way (set in that tsconfig, then the project's own build
 * again), so pivot's attribution is measured both through maps and without them.
 */
import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { UserError } from '../../src/errors.js';

const ORIGINAL = '.corpus-original';

export interface BuildMaps {
  /** True when the build writes source maps (files or inline). */
  maps: boolean;
  /** Absolute output folder, when the tsconfig has one. */
  outDir?: string;
}

function parsed(file: string): ts.ParsedCommandLine {
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  const config = ts.getParsedCommandLineOfConfigFile(file, {}, host);
  if (!config) throw new UserError(`cannot read ${file}`, 'check the "tsconfig" of the project in corpus/analyze.json');
  return config;
}

/** Whether the tsconfig (with what it extends) writes source maps, and where the build goes. */
export function buildMaps(dir: string, tsconfig: string): BuildMaps {
  const options = parsed(resolve(dir, tsconfig)).options;
  return { maps: options.sourceMap === true || options.inlineSourceMap === true, ...(options.outDir ? { outDir: options.outDir } : {}) };
}

/** Puts the tsconfig back as the project wrote it (a kept folder may hold the other setting). */
export function restoreTsconfig(dir: string, tsconfig: string): void {
  const file = resolve(dir, tsconfig);
  if (existsSync(file + ORIGINAL)) copyFileSync(file + ORIGINAL, file);
}

/** Sets the tsconfig's source-map options to `on` (the original is kept beside it). */
export function setMaps(dir: string, tsconfig: string, on: boolean): void {
  const file = resolve(dir, tsconfig);
  if (!existsSync(file + ORIGINAL)) copyFileSync(file, file + ORIGINAL);
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new UserError(`cannot read ${file}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`);
  const config = read.config as { compilerOptions?: Record<string, unknown> };
  config.compilerOptions = { ...config.compilerOptions, sourceMap: on, inlineSourceMap: false, inlineSources: false };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * Removes what a previous build left that would survive the next one: the output folder, tsc's
 * incremental state (it would skip emitting) and stray `.js.map` files (pivot would read them).
 */
export function cleanBuild(dir: string, outDir: string | undefined): void {
  if (outDir && resolve(outDir).startsWith(resolve(dir) + '/')) rmSync(outDir, { recursive: true, force: true });
  const walk = (folder: string, depth: number) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git' && depth < 8) walk(path, depth + 1);
      } else if (entry.name.endsWith('.tsbuildinfo') || entry.name.endsWith('.js.map')) {
        rmSync(path, { force: true });
      }
    }
  };
  walk(dir, 0);
}
