/**
 * Dockerfiles per language from the handlebars templates in templates/deploy/dockerfile-*.
 * Templates are data: each folder has a manifest.json of its variables, and a variable that
 * is missing or of the wrong type is an error before anything renders.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { InternalError } from '../../errors.js';
import { GENERATED_HEADER, STATE_MOUNT_PATH, healthcheckCommand, runtimeUser, type ServiceLanguage, type ServiceModel } from './model.js';

/** Same depth from src/scaffold/deploy and dist/scaffold/deploy. */
export const DEPLOY_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/deploy/', import.meta.url));

export interface TemplateVariable {
  name: string;
  type: 'string' | 'number' | 'boolean';
  default?: string | number | boolean;
  description: string;
}

export interface TemplateManifest {
  name: string;
  description: string;
  /** Template file → the name of the file it renders to. */
  files: Record<string, string>;
  variables: TemplateVariable[];
}

export type TemplateValues = Record<string, string | number | boolean>;

export interface DeployTemplate {
  manifest: TemplateManifest;
  /** Output file name → compiled template. */
  render: Map<string, HandlebarsTemplateDelegate>;
}

const TYPES = new Set(['string', 'number', 'boolean']);

/** Problems of a manifest as read from disk; empty when it is sound. */
export function manifestProblems(value: unknown, folder: string): string[] {
  const m = value as Partial<TemplateManifest>;
  const problems: string[] = [];
  if (m.name !== folder) problems.push(`name must be "${folder}", the folder's name`);
  if (typeof m.description !== 'string' || m.description === '') problems.push('description is missing');
  if (typeof m.files !== 'object' || m.files === null || Object.keys(m.files).length === 0) problems.push('files is empty');
  if (!Array.isArray(m.variables)) return [...problems, 'variables must be a list'];
  for (const [i, v] of m.variables.entries()) {
    const where = `variables[${i}]${typeof v?.name === 'string' ? ` (${v.name})` : ''}`;
    if (typeof v?.name !== 'string' || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(v.name)) problems.push(`${where}: name must be an identifier`);
    if (!TYPES.has(v?.type)) problems.push(`${where}: type must be string, number or boolean`);
    if (typeof v?.description !== 'string' || v.description === '') problems.push(`${where}: description is missing`);
    if (v?.default !== undefined && typeof v.default !== v.type) problems.push(`${where}: default is not a ${v.type}`);
  }
  return problems;
}

export function listDeployTemplates(dir = DEPLOY_TEMPLATES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

const cache = new Map<string, DeployTemplate>();

export function loadDeployTemplate(name: string, dir = DEPLOY_TEMPLATES_DIR): DeployTemplate {
  const key = `${dir}\0${name}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const folder = `${dir}/${name}`;
  const manifest = JSON.parse(readFileSync(`${folder}/manifest.json`, 'utf8')) as TemplateManifest;
  const problems = manifestProblems(manifest, name);
  if (problems.length > 0) throw new InternalError(`templates/deploy/${name}/manifest.json: ${problems.join('; ')}`);
  const render = new Map<string, HandlebarsTemplateDelegate>();
  for (const [file, output] of Object.entries(manifest.files)) {
    const source = readFileSync(`${folder}/${file}`, 'utf8');
    render.set(output, Handlebars.compile(source, { strict: true, noEscape: true }));
  }
  const template = { manifest, render };
  cache.set(key, template);
  return template;
}

/** Defaults filled in, every value checked against the manifest, then every file rendered. */
export function renderTemplate(template: DeployTemplate, values: TemplateValues): Map<string, string> {
  const { manifest } = template;
  const declared = new Set(manifest.variables.map((v) => v.name));
  const full: TemplateValues = {};
  const problems: string[] = [];
  for (const variable of manifest.variables) {
    const value = values[variable.name] ?? variable.default;
    if (value === undefined) problems.push(`${variable.name} is missing (${variable.description})`);
    else if (typeof value !== variable.type) problems.push(`${variable.name} must be a ${variable.type}`);
    else full[variable.name] = value;
  }
  for (const name of Object.keys(values)) if (!declared.has(name)) problems.push(`${name} is not a variable of the template`);
  if (problems.length > 0) throw new InternalError(`template ${manifest.name}: ${problems.join('; ')}`);
  return new Map([...template.render].map(([output, render]) => [output, render(full)]));
}

const TEMPLATE_OF: Record<ServiceLanguage, string> = {
  rust: 'dockerfile-rust',
  go: 'dockerfile-go',
  typescript: 'dockerfile-typescript',
};

export function dockerfileValues(service: ServiceModel): TemplateValues {
  const values: TemplateValues = {
    header: GENERATED_HEADER,
    binary: service.binary,
    port: service.port,
    healthcheck: JSON.stringify(healthcheckCommand(service)),
  };
  if (service.state === 'single-writer') values.stateDir = STATE_MOUNT_PATH;
  if (service.language !== 'typescript') {
    const { uid, gid } = runtimeUser(service.language);
    values.user = `${uid}:${gid}`;
  }
  return values;
}

/** `<dir>/Dockerfile` and `<dir>/.dockerignore` of one service. */
export function renderDockerfiles(service: ServiceModel): Map<string, string> {
  const files = renderTemplate(loadDeployTemplate(TEMPLATE_OF[service.language]), dockerfileValues(service));
  return new Map([...files].map(([name, text]) => [`${service.dir}/${name}`, text]));
}
