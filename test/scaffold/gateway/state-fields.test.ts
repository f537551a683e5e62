/**
 * The gateway's own state on small in-memory projects: which classes hold state (made at start,
 * used while serving), what moves onto the state store, and what is reported instead.
 */
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { renderGatewayTree, type GatewayPlan } from '../../../src/scaffold/gateway/index.js';

const PLAN: GatewayPlan = {
  root: '/app',
  services: [
    {
      name: 'calc',
      envVar: 'CALC_URL',
      defaultUrl: 'http://127.0.0.1:8001',
      module: 'src/remote.ts',
      units: [{ kind: 'function', name: 'quote', params: ['x'], idempotent: true, cacheable: true, throws: false }],
    },
  ],
};

/** `app.ts` gets `route(path, handler)` from a library: handlers run while the gateway serves. */
function render(app: string) {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, target: ScriptTarget.ES2022, module: ModuleKind.NodeNext, moduleResolution: ModuleResolutionKind.NodeNext },
  });
  project.createSourceFile('/app/node_modules/server/index.d.ts', 'export declare function route(path: string, handler: () => Promise<unknown>): void;\n');
  project.getFileSystem().writeFileSync('/app/node_modules/server/package.json', '{ "name": "server", "types": "index.d.ts" }');
  project.createSourceFile('/app/src/remote.ts', 'export function quote(x: number): number { return x * 2; }\n');
  project.createSourceFile('/app/src/app.ts', `import { route } from 'server';\nimport { quote } from './remote.js';\n${app}`);
  project.getFileSystem().writeFileSync('/app/package.json', '{ "name": "app", "type": "module" }');
  const result = renderGatewayTree({ plan: PLAN, project, typecheck: false });
  return { text: result.files.get('src/app.ts') ?? '', codes: result.diagnostics.filter((d) => d.code !== 'PIV2014').map((d) => `${d.code} ${d.construct}`) };
}

describe('the gateway state of classes that stay in TypeScript', () => {
  it('moves a Map and a counter of a class made at start-up and used by handlers; the id is the counter’s own new value', () => {
    const { text, codes } = render(`
export class Orders {
  private readonly byId = new Map<string, number>();
  private next = 0;
  private label: string = 'none';
  place(n: number): string {
    this.next += 1;
    const id = 'O' + this.next;
    this.byId.set(id, quote(n));
    this.label = id;
    return id;
  }
  count(): number { return this.byId.size + (this.byId.has(this.label) ? 0 : 1); }
}
const orders = new Orders();
route('/order', () => orders.place(1));
route('/count', () => orders.count());
`);
    expect(codes).toEqual([]);
    expect(text).toContain("private readonly byId = durableMap<string, number>('Orders.byId');");
    expect(text).toContain("private next = durableCell<number>('Orders.next', 0);");
    expect(text).toContain("private label: DurableCell<string> = durableCell<string>('Orders.label', 'none');");
    expect(text).toContain('const next = await this.next.add(1);');
    expect(text).toContain("const id = 'O' + next;");
    expect(text).toContain('await this.byId.set(id, await quote(n));');
    expect(text).toContain('await this.label.set(id);');
    expect(text).toContain('async count(): Promise<number> { return await this.byId.size + (await this.byId.has((await this.label.get())) ? 0 : 1); }');
    expect(text).toContain("import { durableCell, durableMap, type DurableCell } from './pivot/state.js';");
  });

  it('leaves a class alone that is only used at start-up, or made per request', () => {
    const source = `
class Rng {
  private state = 1;
  next(): number { this.state = (this.state * 48271) % 2147483647; return this.state; }
}
class Builder {
  private parts: string[] = [];
  add(p: string): this { this.parts.push(p); return this; }
}
const seeds = new Rng();
const first = seeds.next();
route('/x', () => new Builder().add(String(first)));
`;
    const { text, codes } = render(source);
    expect(codes).toEqual([]);
    expect(text).not.toContain('durable');
  });

  it('reports, naming the field, what it cannot move: arrays, read-modify-writes, values changed in place', () => {
    const { codes } = render(`
class Log {
  private lines: string[] = [];
  private total = 1;
  private readonly byId = new Map<string, { n: number }>();
  write(line: string): void {
    this.lines.push(line);
    this.total = this.total * 2;
    const entry = this.byId.get(line);
    if (entry) entry.n += 1;
    this.byId.set(line, { n: 0 });
  }
}
const log = new Log();
route('/log', () => log.write('x'));
`);
    expect(codes).toEqual([
      'PIV2020 Log.lines',
      'PIV2021 Log.total: this.total = this.total * 2 (a read-modify-write the store cannot do atomically)',
      'PIV2020 Log.total',
      'PIV2022 this.byId.get(line)',
      'PIV2020 Log.byId',
    ]);
  });
});
