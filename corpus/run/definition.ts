/**
 * The corpus definition (corpus/analyze.json): which public services pivot analyze is tried on,
 * pinned by commit, and how each is installed, built, given its databases, started and loaded.
 * Validated against corpus/analyze.schema.json; every problem names the file and the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { UserError } from '../../src/errors.js';

export type DatabaseKind = 'postgres' | 'redis' | 'mariadb';

export interface DatabaseNeed {
  /** postgres / mariadb: the database the project's setup expects to exist. */
  database?: string;
  /** mariadb: the account the project connects with (created with all rights on `database`). */
  user?: string;
  password?: string;
}

export interface CorpusProject {
  name: string;
  /** owner/name on GitHub. */
  repo: string;
  commit: string;
  framework: string;
  language: 'TypeScript' | 'JavaScript';
  /** Why this project: what it is, and what it exercises in pivot. */
  about: string;
  install: string;
  /** The project's own build, run before each analyze run (absent: plain JS, nothing to build). */
  build?: string;
  /** The tsconfig whose source-map options are flipped for the second run (TypeScript projects). */
  tsconfig?: string;
  /** Where the start command comes from, in the project's terms (package.json scripts.start, its README, ...). */
  startFrom: string;
  start: string;
  env?: Record<string, string>;
  /** Run by pivot before the server starts (pivot.config.json "setup"), once per analyze run. */
  setup?: string[];
  startTimeout?: number;
  databases?: Partial<Record<DatabaseKind, DatabaseNeed>>;
  cluster?: boolean;
  /** Relative to the corpus folder. */
  workload: string;
  /** Routes declared in the project's code, `METHOD /path`, counted by reading it. */
  routes: string[];
  /** How the routes were counted. */
  routesNote: string;
}

export interface CorpusDefinition {
  file: string;
  /** The folder of the definition file: workload and seed paths are relative to it. */
  dir: string;
  projects: CorpusProject[];
}

const SCHEMA_FILE = 'analyze.schema.json';

export function loadCorpus(file: string): CorpusDefinition {
  if (!existsSync(file)) throw new UserError(`corpus definition ${file} does not exist`, 'run from a pivot checkout (corpus/analyze.json)');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, 'fix the file');
  }
  const dir = dirname(file);
  const schema = JSON.parse(readFileSync(join(dir, SCHEMA_FILE), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((error) => `${file}: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
    throw new UserError(problems[0] ?? `${file} is invalid`, `the schema is corpus/${SCHEMA_FILE}`, problems.slice(1));
  }
  const projects = (data as { projects: CorpusProject[] }).projects;
  const names = new Set<string>();
  projects.forEach((project, index) => {
    if (names.has(project.name)) throw new UserError(`${file}: /projects/${index}/name "${project.name}" is used twice`, 'give every project its own name');
    names.add(project.name);
    if (!existsSync(join(dir, project.workload))) {
      throw new UserError(`${file}: /projects/${index}/workload ${project.workload} does not exist`, 'workload paths are relative to corpus/');
    }
    for (const route of project.routes) {
      if (parseRoute(route) === undefined) {
        throw new UserError(`${file}: /projects/${index}/routes "${route}" is not "METHOD /path"`, 'write routes as e.g. "GET /users/:id"');
      }
    }
  });
  return { file, dir, projects };
}

const METHOD = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/;

export function parseRoute(route: string): { method: string; path: string } | undefined {
  const match = METHOD.exec(route);
  return match ? { method: match[1]!, path: match[2]! } : undefined;
}

/**
 * A route's shape for comparing declared with found: parameters of any spelling (`:id`, `{id}`,
 * `:id(\\d+)`) become `:`, a trailing slash and repeated slashes go.
 */
export function routeKey(method: string, path: string): string {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (/^(:[A-Za-z_$][\w$]*(\(.*\))?\??|\{[^}]+\})$/.test(segment) ? ':' : segment));
  return `${method.toUpperCase()} /${segments.join('/')}`;
}

export interface RouteComparison {
  declared: number;
  found: number;
  /** Declared routes pivot did not find. */
  missing: string[];
  /** Routes pivot found that were not declared (other spellings, or false findings). */
  extra: string[];
}

export function compareRoutes(declared: readonly string[], found: readonly { method: string; path: string }[]): RouteComparison {
  const foundKeys = new Set(found.map((route) => routeKey(route.method, route.path)));
  const declaredKeys = new Set<string>();
  const missing: string[] = [];
  for (const route of declared) {
    const parsed = parseRoute(route);
    if (!parsed) continue;
    const key = routeKey(parsed.method, parsed.path);
    declaredKeys.add(key);
    if (!foundKeys.has(key)) missing.push(route);
  }
  const extra = [...new Set(found.map((route) => `${route.method} ${route.path}`))].filter((route) => {
    const parsed = parseRoute(route);
    return parsed !== undefined && !declaredKeys.has(routeKey(parsed.method, parsed.path));
  });
  return { declared: declaredKeys.size, found: declaredKeys.size - missing.length, missing, extra };
}

export interface Placeholders {
  corpus: string;
  work: string;
  postgresPort?: number;
  redisPort?: number;
  mariadbPort?: number;
}

/**
 * Fills the corpus's own placeholders (`{corpus}`, `{work}`, `{postgresPort}`, `{redisPort}`,
 * `{mariadbPort}`); pivot's `{port}` and `{host}` are left for pivot. An unknown or unset one is
 * an error, so a typo never reaches a server as text.
 */
export function fillCorpusPlaceholders(text: string, values: Placeholders, where: string): string {
  return text.replace(/\{(corpus|work|postgresPort|redisPort|mariadbPort)\}/g, (match, key: keyof Placeholders) => {
    const value = values[key];
    if (value === undefined) throw new UserError(`${where} uses ${match}, but the project does not declare that database`, 'add it under "databases"');
    return String(value);
  });
}
