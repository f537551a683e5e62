import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareRoutes, loadCorpus, routeKey } from '../../corpus/run/definition.js';
import { missesOf, type RunRow } from '../../corpus/run/results.js';
import { UserError } from '../../src/errors.js';

const CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url));

describe('the corpus definition', () => {
  const corpus = loadCorpus(join(CORPUS, 'analyze.json'));

  it('pins at least five projects of at least four frameworks, one with cluster workers, one on a database', () => {
    expect(corpus.projects.length).toBeGreaterThanOrEqual(5);
    const frameworks = new Set(corpus.projects.map((p) => p.framework.split(/[ (]/)[0]));
    expect(frameworks.size).toBeGreaterThanOrEqual(4);
    expect(corpus.projects.some((p) => p.cluster)).toBe(true);
    expect(corpus.projects.some((p) => p.databases?.postgres ?? p.databases?.mariadb)).toBe(true);
    for (const project of corpus.projects) expect(project.commit, project.name).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses a route that is not "METHOD /path", naming the file and the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pivot-corpus-def-'));
    copyFileSync(join(CORPUS, 'analyze.schema.json'), join(dir, 'analyze.schema.json'));
    writeFileSync(join(dir, 'w.json'), '{}');
    const project = { ...corpus.projects[0], workload: 'w.json', routes: ['GET /', 'FETCH /x'] };
    writeFileSync(join(dir, 'analyze.json'), JSON.stringify({ projects: [project] }));
    expect(() => loadCorpus(join(dir, 'analyze.json'))).toThrow(UserError);
    expect(() => loadCorpus(join(dir, 'analyze.json'))).toThrow('/projects/0/routes "FETCH /x" is not "METHOD /path"');
  });
});

describe('routes declared against routes found', () => {
  it('compares shapes: parameters of any spelling, trailing slashes', () => {
    expect(routeKey('get', '/users/{id}/')).toBe('GET /users/:');
    expect(routeKey('GET', '/tasks/:id(\\d+)')).toBe('GET /tasks/:');
    const found = [{ method: 'GET', path: '/users/{userId}' }, { method: 'POST', path: '/users' }, { method: 'GET', path: '/swagger-json' }];
    expect(compareRoutes(['GET /users/:id', 'POST /users', 'DELETE /users/:id'], found)).toEqual({
      declared: 3, found: 2, missing: ['DELETE /users/:id'], extra: ['GET /swagger-json'],
    });
  });

  it('names what misses the acceptance', () => {
    const row: RunRow = { project: 'p', framework: 'koa', variant: 'maps', routes: { declared: 2, found: 1, missing: ['GET /x'], extra: [] }, attributed: 0.94 };
    expect(missesOf(row)).toEqual(['1 declared route(s) not found: GET /x', '94.0 % attributed (goal 95.0 %)']);
    expect(missesOf({ ...row, routes: { declared: 2, found: 2, missing: [], extra: [] }, attributed: 0.95 })).toEqual([]);
  });
});
