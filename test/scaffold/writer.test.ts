import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { unifiedDiff } from '../../src/scaffold/diff.js';
import {
  createDiskWriter,
  createDryRunWriter,
  createMemoryWriter,
  MANIFEST_FILE,
  parseManifest,
  sha256,
} from '../../src/scaffold/writer.js';

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));
const TREE = tree({ 'Cargo.toml': '[package]\nname = "pricing"\n', 'src/lib.rs': 'pub fn a() {}\n', 'vectors/a.json': '{}\n' });

describe('memory writer', () => {
  it('creates, then reports unchanged, then updates what pivot owns', async () => {
    const writer = createMemoryWriter();
    const first = await writer.write(TREE);
    expect(first.entries.map((e) => e.action)).toEqual(['create', 'create', 'create']);
    expect(parseManifest(writer.files.get(MANIFEST_FILE))?.files['src/lib.rs']).toBe(sha256('pub fn a() {}\n'));
    const second = await writer.write(TREE);
    expect(second.entries.every((e) => e.action === 'unchanged')).toBe(true);
    expect(second.written).toBe(false);
    const next = new Map(TREE).set('src/lib.rs', 'pub fn b() {}\n');
    const third = await writer.write(next);
    expect(third.entries.find((e) => e.path === 'src/lib.rs')?.action).toBe('update');
    expect(writer.files.get('src/lib.rs')).toBe('pub fn b() {}\n');
  });

  it('refuses to clobber a hand-edited file or a file pivot did not write, unless forced', async () => {
    const writer = createMemoryWriter();
    await writer.write(TREE);
    writer.files.set('src/lib.rs', 'pub fn mine() {}\n');
    const next = new Map(TREE).set('src/lib.rs', 'pub fn b() {}\n');
    const error = await writer.write(next).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).hint).toContain('--force');
    expect((error as UserError).details).toEqual(['src/lib.rs: changed by hand since pivot wrote it']);
    expect(writer.files.get('src/lib.rs')).toBe('pub fn mine() {}\n');

    const foreign = createMemoryWriter({ initial: tree({ 'README.md': 'mine\n' }) });
    await expect(foreign.write(tree({ 'README.md': 'generated\n' }))).rejects.toThrow(/not written by pivot|nothing was written/);

    const forced = createMemoryWriter({ initial: writer.files, force: true });
    const report = await forced.write(next);
    expect(report.entries.find((e) => e.path === 'src/lib.rs')).toMatchObject({ action: 'update' });
    expect(forced.files.get('src/lib.rs')).toBe('pub fn b() {}\n');
  });

  it('removes files it generated before and no longer generates, unless edited', async () => {
    const writer = createMemoryWriter();
    await writer.write(TREE);
    const smaller = new Map(TREE);
    smaller.delete('vectors/a.json');
    const report = await writer.write(smaller);
    expect(report.entries.find((e) => e.path === 'vectors/a.json')?.action).toBe('delete');
    expect(writer.files.has('vectors/a.json')).toBe(false);
  });

  it('rejects paths that escape the tree', async () => {
    await expect(createMemoryWriter().write(tree({ '../evil': 'x' }))).rejects.toThrow(/invalid path/);
    await expect(createMemoryWriter().write(tree({ [MANIFEST_FILE]: 'x' }))).rejects.toThrow(/invalid path/);
  });
});

describe('disk writer', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'pivot-writer-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('writes a new tree in one rename and leaves no temp dirs behind', async () => {
    const out = join(base, 'nested', 'out');
    const report = await createDiskWriter({ outputDir: out }).write(TREE);
    expect(report.written).toBe(true);
    expect(await readFile(join(out, 'src/lib.rs'), 'utf8')).toBe('pub fn a() {}\n');
    expect((await readdir(join(base, 'nested'))).sort()).toEqual(['out']);
    const manifest = parseManifest(await readFile(join(out, MANIFEST_FILE), 'utf8'));
    expect(Object.keys(manifest!.files).sort()).toEqual(['Cargo.toml', 'src/lib.rs', 'vectors/a.json']);
  });

  it('updates files pivot owns, keeps user files, and refuses to clobber edits without --force', async () => {
    const out = join(base, 'out');
    await createDiskWriter({ outputDir: out }).write(TREE);
    await writeFile(join(out, 'NOTES.md'), 'my notes\n');
    await mkdir(join(out, 'target'), { recursive: true });
    await writeFile(join(out, 'target', 'cache'), 'x');
    const next = new Map(TREE).set('src/lib.rs', 'pub fn b() {}\n').set('tests/vectors.rs', '// t\n');
    const report = await createDiskWriter({ outputDir: out }).write(next);
    expect(report.entries.filter((e) => e.action !== 'unchanged').map((e) => `${e.action} ${e.path}`)).toEqual([
      'update src/lib.rs',
      'create tests/vectors.rs',
    ]);
    expect(await readFile(join(out, 'src/lib.rs'), 'utf8')).toBe('pub fn b() {}\n');
    expect(await readFile(join(out, 'NOTES.md'), 'utf8')).toBe('my notes\n');
    expect(await readFile(join(out, 'target', 'cache'), 'utf8')).toBe('x');

    await writeFile(join(out, 'src/lib.rs'), 'pub fn hand_edited() {}\n');
    const again = new Map(next).set('src/lib.rs', 'pub fn c() {}\n').set('Cargo.toml', '[package]\nname = "p2"\n');
    await expect(createDiskWriter({ outputDir: out }).write(again)).rejects.toBeInstanceOf(UserError);
    expect(await readFile(join(out, 'src/lib.rs'), 'utf8')).toBe('pub fn hand_edited() {}\n');
    expect(await readFile(join(out, 'Cargo.toml'), 'utf8')).toBe(TREE.get('Cargo.toml'));

    await createDiskWriter({ outputDir: out, force: true }).write(again);
    expect(await readFile(join(out, 'src/lib.rs'), 'utf8')).toBe('pub fn c() {}\n');
    expect((await readdir(base)).sort()).toEqual(['out']);
  });

  it('counts an existing file that is not in the manifest as the user\'s', async () => {
    const out = join(base, 'out');
    await mkdir(join(out, 'src'), { recursive: true });
    await writeFile(join(out, 'src/lib.rs'), 'handwritten\n');
    await expect(createDiskWriter({ outputDir: out }).write(TREE)).rejects.toThrow(/nothing was written/);
    expect((await readdir(out)).sort()).toEqual(['src']);
  });

  it('leaves nothing half-written when a rename fails', async () => {
    const out = join(base, 'out');
    await createDiskWriter({ outputDir: out }).write(TREE);
    // A plain file named `tests` makes placing tests/vectors.rs fail after the other files moved.
    await writeFile(join(out, 'tests'), 'in the way\n');
    const next = new Map(TREE)
      .set('Cargo.toml', 'changed\n')
      .set('src/lib.rs', 'pub fn b() {}\n')
      .set('tests/vectors.rs', '// t\n');
    await expect(createDiskWriter({ outputDir: out }).write(next)).rejects.toThrow();
    expect(await readFile(join(out, 'Cargo.toml'), 'utf8')).toBe(TREE.get('Cargo.toml'));
    expect(await readFile(join(out, 'src/lib.rs'), 'utf8')).toBe('pub fn a() {}\n');
    expect(await readFile(join(out, MANIFEST_FILE), 'utf8')).toContain(sha256('pub fn a() {}\n'));
    expect((await readdir(base)).sort()).toEqual(['out']);
  });
});

describe('dry-run writer', () => {
  it('prints a diff per changed file and writes nothing', async () => {
    const printed: string[] = [];
    const initial = createMemoryWriter();
    await initial.write(TREE);
    const next = new Map(TREE).set('src/lib.rs', 'pub fn b() {}\n').set('README.md', '# pricing\n');
    const report = await createDryRunWriter({
      outputDir: '/nowhere',
      state: { read: async (p) => initial.files.get(p) },
      print: (t) => printed.push(t),
    }).write(next);
    expect(report.written).toBe(false);
    const text = printed.join('\n');
    expect(text).toContain('update src/lib.rs');
    expect(text).toContain('-pub fn a() {}');
    expect(text).toContain('+pub fn b() {}');
    expect(text).toContain('create README.md');
    expect(text).toContain('2 file(s) unchanged');
    expect(initial.files.get('src/lib.rs')).toBe('pub fn a() {}\n');
  });

  it('lists {path, action} as JSON, conflicts included', async () => {
    const printed: string[] = [];
    const files = tree({ 'src/lib.rs': 'mine\n' });
    await createDryRunWriter({ outputDir: '/x', json: true, state: { read: async (p) => files.get(p) }, print: (t) => printed.push(t) }).write(TREE);
    expect(JSON.parse(printed.join(''))).toEqual([
      { path: 'Cargo.toml', action: 'create' },
      { path: 'src/lib.rs', action: 'conflict', reason: 'not written by pivot' },
      { path: 'vectors/a.json', action: 'create' },
    ]);
  });
});

describe('unifiedDiff', () => {
  it('shows hunks with context and line numbers', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 10\n', 'line ten\n');
    const diff = unifiedDiff('f.txt', before, after);
    expect(diff.split('\n')).toEqual([
      '--- a/f.txt',
      '+++ b/f.txt',
      '@@ -7,7 +7,7 @@',
      ' line 7',
      ' line 8',
      ' line 9',
      '-line 10',
      '+line ten',
      ' line 11',
      ' line 12',
      ' line 13',
    ]);
    expect(unifiedDiff('n.txt', undefined, 'a\nb\n')).toBe('--- /dev/null\n+++ b/n.txt\n@@ -1,0 +1,2 @@\n+a\n+b');
  });
});
