#!/usr/bin/env node
// Thin launcher: a published package runs the compiled dist/, a checkout runs src/ through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fromSource = existsSync(`${root}src/main.ts`);
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
}
const entry = fromSource ? `${root}src/main.ts` : `${root}dist/main.js`;
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
