/**
 * Call-site rewriting on small in-memory projects: what is rewritten (and type-checks), and what
 * is refused with a diagnostic instead of being silently wrong.
 */
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { renderGatewayTree, type GatewayPlan } from '../../../src/scaffold/gateway/index.js';

const REMOTE = `
export function quote(x: number): number { return x * 2; }
export function bump(x: number): number { return x + 1; }
export const twice = (x: number): number => x * 2;
export class Counter {
  private count = 0;
  get size(): number { return this.count; }
  add(n: number): number { this.count += n; return this.count; }
}
`;

const PLAN: GatewayPlan = {
  root: '/app',
  services: [
    {
      name: 'calc',
      envVar: 'CALC_URL',
      defaultUrl: 'http://127.0.0.1:8001',
      module: 'src/remote.ts',
      units: [
        { kind: 'function', name: 'quote', params: ['x'], idempotent: true, cacheable: true, throws: false },
        { kind: 'function', name: 'bump', params: ['x'], idempotent: false, cacheable: false, throws: false },
        { kind: 'function', name: 'twice', params: ['x'], idempotent: true, cacheable: true, throws: false },
        {
          kind: 'class',
          name: 'Counter',
          constructorParams: [],
          methods: [
            { name: 'size', params: [], idempotent: true, throws: false, getter: true },
            { name: 'add', params: ['n'], idempotent: false, throws: false, getter: false },
          ],
        },
      ],
    },
  ],
};

function render(use: string, typecheck: boolean) {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, target: ScriptTarget.ES2022, module: ModuleKind.NodeNext, moduleResolution: ModuleResolutionKind.NodeNext },
  });
  project.createSourceFile('/app/src/remote.ts', REMOTE);
  project.createSourceFile('/app/src/use.ts', `import { bump, Counter, quote, twice } from './remote.js';\n${use}`);
  project.getFileSystem().writeFileSync('/app/package.json', '{ "name": "app", "type": "module" }');
  const before = project.getSourceFileOrThrow('/app/src/use.ts').getFullText();
  const result = renderGatewayTree({ plan: PLAN, project, typecheck });
  expect(project.getSourceFileOrThrow('/app/src/use.ts').getFullText(), 'the project is left as it was').toBe(before);
  return { ...result, use: result.files.get('src/use.ts') ?? '', codes: result.diagnostics.filter((d) => d.code !== 'PIV2014').map((d) => `${d.code}@${d.origin.line}`) };
}

describe('call-site rewriting', () => {
  it('awaits, parenthesises, propagates through callers and turns a map into Promise.all', () => {
    const { use, codes, asyncified, files } = render(
      [
        'export function total(xs: number[]): number {',
        '  return xs.map((x) => quote(x)).reduce((a, b) => a + b, 0);',
        '}',
        'export const double = (x: number) => quote(x) * twice(2);',
        'export function useDouble(): number {',
        '  return double(1) + quote(2).toFixed().length;',
        '}',
        'export function later(p: Promise<number>): Promise<number> {',
        '  return p.then((v) => quote(v));',
        '}',
        'export function size(c: Counter): number {',
        '  return c.size + c.add(1);',
        '}',
        'declare function route(path: string, handler: () => void | Promise<unknown>): void;',
        "route('/x', () => { bump(1); });",
      ].join('\n'),
      true,
    );
    expect(codes).toEqual([]);
    expect(use).toContain('export async function total(xs: number[]): Promise<number> {\n  return (await Promise.all(xs.map(async (x) => await quote(x)))).reduce((a, b) => a + b, 0);');
    expect(use).toContain('export const double = async (x: number) => await quote(x) * await twice(2);');
    expect(files.get('src/remote.ts')).toContain("export async function twice(x: number): Promise<number> {\n  return calcUpstream.call<number>('twice', '/api/twice', { x }, { idempotent: true, cacheable: true });");
    expect(use).toContain('export async function useDouble(): Promise<number> {\n  return await double(1) + (await quote(2)).toFixed().length;');
    expect(use).toContain('export function later(p: Promise<number>): Promise<number> {\n  return p.then(async (v) => await quote(v));');
    expect(use).toContain('export async function size(c: Counter): Promise<number> {\n  return await c.size + await c.add(1);');
    expect(use).toContain("route('/x', async () => { await bump(1); });");
    expect(asyncified.sort()).toEqual(['src/use.ts#double', 'src/use.ts#size', 'src/use.ts#total', 'src/use.ts#useDouble']);
  });

  it('refuses what it cannot rewrite safely, with the line', () => {
    const { codes } = render(
      [
        'export function each(xs: number[]): void {', // 2
        '  xs.forEach((x) => { bump(x); });',
        '}',
        'export function bumpAll(xs: number[]) {', // 5
        '  return xs.map((x) => bump(x));',
        '}',
        'export const alias = quote;', // 8
        'export class Holder {',
        '  get value(): number { return quote(1); }', // 10
        '  constructor() { quote(3); }', // 11
        '}',
        'export const top = quote(4);', // 13
        'export function later(ms: number): void {',
        '  setTimeout(() => quote(ms), ms);', // 15
        '}',
      ].join('\n'),
      false,
    );
    expect(codes.sort()).toEqual(['PIV2001@15', 'PIV2001@3', 'PIV2002@8', 'PIV2003@10', 'PIV2004@11', 'PIV2005@13', 'PIV2009@6'].sort());
  });

  it('reports what the plan and the module disagree on', () => {
    const plan: GatewayPlan = { ...PLAN, services: [{ ...PLAN.services[0]!, units: [{ kind: 'function', name: 'quote', params: ['y'], idempotent: true, cacheable: true, throws: false }] }] };
    const project = new Project({ useInMemoryFileSystem: true });
    project.createSourceFile('/app/src/remote.ts', REMOTE);
    const result = renderGatewayTree({ plan, project, typecheck: false });
    expect(result.diagnostics.map((d) => d.code)).toContain('PIV2011');
  });
});
