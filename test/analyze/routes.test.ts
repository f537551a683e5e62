import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run as analyze } from '../../src/cli/analyze.js';
import { runStaticPass } from '../../src/analyze/static.js';
import type { RouteFramework } from '../../src/analyze/types.js';
import { UserError } from '../../src/errors.js';
import { throwawayProjects } from './throwaway-project.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/routes/', import.meta.url));

/**
 * One small project per framework, written in its own idioms (test/fixtures/routes/<name>),
 * and the routes it declares, counted by hand from its sources.
 */
const DECLARED: Record<string, { framework: RouteFramework; routes: string[] }> = {
  // plain JS, CommonJS: Routers in other files mounted under prefixes, nested, app.route() chains, a param regex
  express: { framework: 'express', routes: [
    'GET /api/v1/users', 'GET /api/v1/users/:id', 'PUT /api/v1/users/:id',
    'POST /api/v1/orders', 'GET /api/v1/orders/:orderId/items', 'DELETE /api/v1/orders/:orderId/items/:itemId',
    'GET /healthz', 'GET /books', 'POST /books', 'GET /:slug',
  ] },
  // register(plugin, { prefix }), nested register, route(), schemas, fastify-plugin, @fastify/autoload folders + options.prefix
  fastify: { framework: 'fastify', routes: [
    'GET /metrics', 'GET /health', 'POST /legacy/items', 'DELETE /legacy/admin/items/:id',
    'GET /v2', 'GET /v2/api/users', 'GET /v2/api/users/:id', 'PATCH /v2/api/users/:id', 'GET /v2/api/internal/stats',
  ] },
  // new Router({ prefix }), router.prefix(), router.use('/x', other.routes()), a named route, del, chains, a router factory
  koa: { framework: 'koa', routes: [
    'GET /api/v1/admin/stats',
    'GET /api/ping', 'GET /api/articles', 'POST /api/articles', 'GET /api/articles/:id', 'DELETE /api/articles/:id',
    'GET /pages', 'GET /pages/about',
  ] },
  // an App mounted on an App with app.use('/notes', notes); app.use('/:any', fn) is middleware
  tinyhttp: { framework: 'tinyhttp', routes: [
    'GET /', 'GET /notes', 'GET /notes/:id', 'POST /notes', 'PUT /notes/:id', 'DELETE /notes/:id',
  ] },
  // plain ESM JS: chained polka() apps, one mounted on the other
  polka: { framework: 'polka', routes: ['GET /', 'GET /health', 'GET /todos', 'POST /todos', 'PATCH /todos/:id'] },
  // basePath, app.route('/x', sub), chained sub-apps, app.on([methods], path)
  hono: { framework: 'hono', routes: [
    'GET /api', 'GET /api/books', 'GET /api/books/:id', 'POST /api/books', 'GET /api/authors', 'DELETE /api/authors/:authorId',
    'PUT /api/settings', 'PATCH /api/settings',
  ] },
  // @Controller('x') / ({ path }), @Get(':id'), a const array of paths, app.setGlobalPrefix, RouterModule paths and children
  nest: { framework: 'nest', routes: [
    'GET /api/ops/health', 'GET /api/ops/internal/metrics/cpu',
    'GET /api/users', 'GET /api/users/:id', 'POST /api/users', 'PATCH /api/users/:id', 'DELETE /api/users/:id',
    'GET /api/admin/reports/daily', 'GET /api/admin/reports/weekly', 'PUT /api/admin/flags/:name',
  ] },
  // url and method comparisons, a regex, a switch
  'node-http': { framework: 'node:http', routes: ['GET /health', 'POST /events', 'DELETE /events/:id', 'GET /version'] },
};

describe('route discovery per framework', () => {
  for (const [name, { framework, routes }] of Object.entries(DECLARED)) {
    it(`${name}: finds every declared route, and no other`, () => {
      const analysis = runStaticPass(path.join(FIXTURES, name));
      expect(analysis.problems).toEqual([]);
      const found = analysis.routes.map((route) => `${route.method} ${route.path}`);
      expect([...found].sort()).toEqual([...routes].sort());
      expect(new Set(analysis.routes.map((route) => route.framework))).toEqual(new Set([framework]));
      expect(analysis.frameworks).toContain(framework);
    });
  }

  it('gives each handler a unit: named functions, inline ones by their route, Nest methods by class', () => {
    const handlers = (name: string) => new Map(runStaticPass(path.join(FIXTURES, name)).routes
      .map((route) => [`${route.method} ${route.path}`, route.handler]));
    expect(handlers('express').get('GET /api/v1/users/:id')).toBe('src/routes/users.js#getUser');
    expect(handlers('koa').get('DELETE /api/articles/:id')).toBe('src/articles.ts#DELETE /api/articles/:id');
    expect(handlers('nest').get('PATCH /api/users/:id')).toBe('src/users/users.controller.ts#UsersController.rename');
  });

  it('reads a fastify body schema through a prefixed plugin', () => {
    const route = runStaticPass(path.join(FIXTURES, 'fastify')).routes.find((r) => r.method === 'POST');
    expect(route).toMatchObject({ path: '/legacy/items', bodySchema: { required: ['name'] } });
  });
});

describe('routers imported through tsconfig paths', () => {
  const project = throwawayProjects('pivot-routes-paths-');

  it('follows `@/…` imports to the router they name', () => {
    const root = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', paths: { '@/*': ['./src/*'] } }, include: ['src'] }),
      'src/app.ts': "import express from 'express';\nimport users from '@/routes/users.js';\n"
        + "const app = express();\napp.use('/users', users);\nexport default app;\n",
      'src/routes/users.ts': "import { Router } from 'express';\nconst users = Router();\n"
        + "users.get('/:id', (req, res) => res.json({ id: req.params.id }));\nexport default users;\n",
    });
    expect(runStaticPass(root).routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /users/:id']);
  });
});

describe('analyze without routes', () => {
  const project = throwawayProjects('pivot-routes-');
  const options = (root: string) => ({ dir: root, cwd: root, output: path.join(root, '.pivot'), json: true, profile: true,
    build: false, duration: 1, connections: 1 });

  it('names the project, the frameworks pivot knows and how to give a workload instead', async () => {
    const root = project({ 'src/server.ts': "import restify from 'restify';\nexport const server = restify.createServer();\n"
      + "server.get('/items/' + Date.now(), (req: unknown, res: { send(s: string): void }) => res.send('x'));\n" });
    const error = await analyze(options(root)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const { message, hint } = error as UserError;
    expect(message).toContain(`no HTTP routes found in ${root}`);
    expect(message).toMatch(/express, fastify, koa \+ @koa\/router, @tinyhttp\/app, polka, hono, NestJS and node:http; the project imports none of them/);
    expect(hint).toContain(path.join(root, 'pivot.workload.json'));
    expect(hint).toContain('--workload <file>');
  });

  it('says which known framework it saw when none of its routes could be read', async () => {
    const root = project({ 'src/app.ts': "import Koa from 'koa';\nconst app = new Koa();\nconst paths = ['/a'];\n"
      + 'for (const p of paths) app.use(async (ctx) => { if (ctx.path === p) ctx.body = p; });\nexport default app;\n' });
    const error = await analyze(options(root)).catch((e: unknown) => e);
    expect((error as UserError).message).toContain('the project imports koa but registers no route pivot can read');
  });
});
