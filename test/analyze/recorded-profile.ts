import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The tiny TS app the recorded profile came from (its compiled out/ and source maps are committed). */
export const PROFILE_APP = fileURLToPath(new URL('../fixtures/profile-app', import.meta.url));
/** Stands for PROFILE_APP's file URL in the recorded data, so it reads the same from any checkout. */
export const RECORDED_ROOT = 'file:///__PROFILE_APP__/';

/** Reads one recorded file (v8-profile.json, ticks.json, meta.json) with paths pointing at PROFILE_APP. */
export function readRecorded(file: 'v8-profile.json' | 'ticks.json' | 'meta.json'): unknown {
  const text = readFileSync(new URL(`../fixtures/profile/${file}`, import.meta.url), 'utf8');
  return JSON.parse(text.split(RECORDED_ROOT).join(`${pathToFileURL(PROFILE_APP).href}/`));
}
