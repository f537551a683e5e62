import type { RouteFramework } from '../types.js';

/**
 * The web frameworks pivot finds routes in, by the modules a file imports. The names are the
 * ones a user would write in package.json; `KNOWN_FRAMEWORKS` is what an error message lists.
 */

interface FrameworkModules {
  framework: RouteFramework;
  /** How the framework is called in messages. */
  label: string;
  matches: (module: string) => boolean;
}

const FRAMEWORKS: FrameworkModules[] = [
  { framework: 'express', label: 'express', matches: (m) => m === 'express' },
  { framework: 'fastify', label: 'fastify', matches: (m) => m === 'fastify' || m.startsWith('@fastify/') || m === 'fastify-plugin' },
  { framework: 'koa', label: 'koa + @koa/router', matches: (m) => m === 'koa' || m === '@koa/router' || m === 'koa-router' },
  { framework: 'tinyhttp', label: '@tinyhttp/app', matches: (m) => m === '@tinyhttp/app' },
  { framework: 'polka', label: 'polka', matches: (m) => m === 'polka' },
  { framework: 'hono', label: 'hono', matches: (m) => m === 'hono' || m.startsWith('hono/') },
  { framework: 'nest', label: 'NestJS', matches: (m) => m.startsWith('@nestjs/') },
];

export const KNOWN_FRAMEWORKS = [...FRAMEWORKS.map((f) => f.label), 'node:http'];

export function frameworkOfModule(module: string): RouteFramework | undefined {
  return FRAMEWORKS.find((f) => f.matches(module))?.framework;
}

/** Every framework the modules name. */
export function frameworksOf(modules: Iterable<string>): Set<RouteFramework> {
  const found = new Set<RouteFramework>();
  for (const module of modules) {
    const framework = frameworkOfModule(module);
    if (framework !== undefined) found.add(framework);
  }
  return found;
}

/** The one method-call framework the modules name (Nest routes are decorators and do not count), if exactly one. */
export function onlyFrameworkOf(modules: Iterable<string>): RouteFramework | undefined {
  const found = [...frameworksOf(modules)].filter((f) => f !== 'nest');
  return found.length === 1 ? found[0] : undefined;
}
