import { ts } from 'ts-morph';
import { unwrapExpression } from './literal.js';

/**
 * Recognising I/O calls. Two signals: the import source of the callee's root binding (or of
 * the factory a client variable or `this.field` was built from), and, for clients that arrive
 * through parameters, the receiver's name together with a database/cache method name.
 */

const IO_MODULES: Record<string, string> = {
  fs: 'fs', 'fs/promises': 'fs', 'fs-extra': 'fs', net: 'net', tls: 'tls', http: 'http', https: 'https', http2: 'http2',
  dgram: 'dgram', dns: 'dns', 'dns/promises': 'dns', child_process: 'child_process', undici: 'undici',
  'node-fetch': 'fetch', 'cross-fetch': 'fetch', axios: 'axios', got: 'got', ky: 'ky', pg: 'pg', postgres: 'postgres',
  mysql: 'mysql', mysql2: 'mysql', 'mysql2/promise': 'mysql', mongodb: 'mongodb', mongoose: 'mongoose', redis: 'redis',
  ioredis: 'redis', '@redis/client': 'redis', memcached: 'memcached', '@prisma/client': 'prisma', sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite', knex: 'knex', kafkajs: 'kafka', amqplib: 'amqp', '@elastic/elasticsearch': 'elasticsearch',
  'cassandra-driver': 'cassandra', sequelize: 'sequelize', typeorm: 'typeorm',
};

/** Methods that, on a receiver named like a database or Redis client, are I/O. */
const CLIENT_METHODS = new Set([
  'get', 'set', 'del', 'mget', 'mset', 'hget', 'hset', 'hgetall', 'hdel', 'incr', 'incrby', 'decr', 'expire', 'exists',
  'keys', 'scan', 'lpush', 'rpush', 'lpop', 'rpop', 'lrange', 'sadd', 'srem', 'smembers', 'zadd', 'zrange', 'publish',
  'subscribe', 'multi', 'exec', 'query', 'execute', 'find', 'findOne', 'findMany', 'findUnique', 'insert', 'insertOne',
  'insertMany', 'update', 'updateOne', 'updateMany', 'delete', 'deleteOne', 'deleteMany', 'upsert', 'aggregate',
  'connect', 'sendCommand',
]);

/** Names that are factories or classes, not I/O in themselves (`createClient()`, `new Pool()`). */
const FACTORY = /^(?:[A-Z]|create(?:Client|Pool|Cluster)$)/;

export function ioModuleLabel(specifier: string): string | undefined {
  const bare = specifier.replace(/^node:/, '');
  if (bare.startsWith('@aws-sdk/')) return 'aws';
  return IO_MODULES[bare];
}

function clientLabelFromName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('redis')) return 'redis';
  if (lower.includes('mongo')) return 'mongodb';
  if (/database|postgres|mysql|knex|prisma|sql|pool/.test(lower) || /^(?:db|pg|conn)/.test(lower) || lower.endsWith('db')) {
    return 'db';
  }
  return undefined;
}

interface IoImport {
  label: string;
  /** `*` for namespace imports, `default`, or the imported name. */
  imported: string;
}

export interface FileIo {
  imports: Map<string, IoImport>;
  /** Variables and `this.<field>` keys holding a client built from an I/O module. */
  clients: Map<string, string>;
}

/** Import bindings from I/O modules and the client variables/fields built from them. */
export function collectFileIo(sourceFile: ts.SourceFile): FileIo {
  const imports = new Map<string, IoImport>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const label = ioModuleLabel(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (label === undefined || clause === undefined) continue;
      if (clause.name !== undefined) imports.set(clause.name.text, { label, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { label, imported: '*' });
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          imports.set(element.name.text, { label, imported: (element.propertyName ?? element.name).text });
        }
      }
    } else if (ts.isVariableStatement(statement)) {
      // const fs = require('node:fs'), const { readFile } = require('fs/promises')
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer === undefined ? undefined : unwrapExpression(declaration.initializer);
        if (init === undefined || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression)
          || init.expression.text !== 'require' || init.arguments.length !== 1) continue;
        const argument = init.arguments[0];
        const label = argument !== undefined && ts.isStringLiteral(argument) ? ioModuleLabel(argument.text) : undefined;
        if (label === undefined) continue;
        if (ts.isIdentifier(declaration.name)) imports.set(declaration.name.text, { label, imported: 'default' });
        else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (!ts.isIdentifier(element.name)) continue;
            const imported = element.propertyName !== undefined && ts.isIdentifier(element.propertyName)
              ? element.propertyName.text : element.name.text;
            imports.set(element.name.text, { label, imported });
          }
        }
      }
    }
  }
  const clients = new Map<string, string>();
  if (imports.size > 0) collectClients(sourceFile, imports, clients);
  return { imports, clients };
}

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (true) {
    if (ts.isAwaitExpression(current)) current = unwrapExpression(current.expression);
    else if (ts.isCallExpression(current) || ts.isNewExpression(current)) current = unwrapExpression(current.expression);
    else if (ts.isPropertyAccessExpression(current)) current = unwrapExpression(current.expression);
    else break;
  }
  return ts.isIdentifier(current) ? current : undefined;
}

function clientLabel(init: ts.Expression, imports: Map<string, IoImport>): string | undefined {
  const expr = unwrapExpression(init);
  if (!ts.isCallExpression(expr) && !ts.isNewExpression(expr) && !ts.isAwaitExpression(expr)) return undefined;
  const root = rootIdentifier(expr);
  return root === undefined ? undefined : imports.get(root.text)?.label;
}

function typeLabel(type: ts.TypeNode | undefined, imports: Map<string, IoImport>): string | undefined {
  if (type === undefined || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName : type.typeName.left;
  return ts.isIdentifier(name) ? imports.get(name.text)?.label : undefined;
}

function collectClients(sourceFile: ts.SourceFile, imports: Map<string, IoImport>, clients: Map<string, string>): void {
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const label = (node.initializer && clientLabel(node.initializer, imports)) ?? typeLabel(node.type, imports);
      if (label !== undefined) clients.set(node.name.text, label);
    } else if (ts.isPropertyDeclaration(node) && node.name !== undefined && ts.isIdentifier(node.name)) {
      const label = (node.initializer && clientLabel(node.initializer, imports)) ?? typeLabel(node.type, imports);
      if (label !== undefined) clients.set(`this.${node.name.text}`, label);
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name)) {
      const label = typeLabel(node.type, imports);
      if (label !== undefined) {
        clients.set(node.name.text, label);
        if (ts.isConstructorDeclaration(node.parent) && ts.getModifiers(node)?.length) clients.set(`this.${node.name.text}`, label);
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const label = clientLabel(node.right, imports);
      if (label !== undefined) clients.set(`this.${node.left.name.text}`, label);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

/** The I/O name of a call (`fs.readFile`, `redis.get`, `fetch`), or undefined when it is not I/O. */
export function ioCallName(call: ts.CallExpression, io: FileIo): string | undefined {
  const names: string[] = [];
  let current = unwrapExpression(call.expression);
  while (ts.isPropertyAccessExpression(current)) {
    names.unshift(current.name.text);
    current = unwrapExpression(current.expression);
  }
  const method = names.at(-1);
  if (ts.isIdentifier(current)) {
    const imported = io.imports.get(current.text);
    if (imported !== undefined) {
      const path = imported.imported === '*' || imported.imported === 'default' ? names : [imported.imported, ...names];
      const members = path.filter((name) => name !== 'promises' && name !== 'default');
      const last = members.at(-1);
      if (last !== undefined && FACTORY.test(last)) return undefined;
      return members.length === 0 ? imported.label : `${imported.label}.${members.join('.')}`;
    }
    if (names.length === 0) return current.text === 'fetch' ? 'fetch' : undefined;
    const client = io.clients.get(current.text);
    if (client !== undefined && method !== undefined) return `${client}.${method}`;
  }
  if (current.kind === ts.SyntaxKind.ThisKeyword && names.length >= 2) {
    const client = io.clients.get(`this.${names[0]}`);
    if (client !== undefined && method !== undefined) return `${client}.${method}`;
  }
  if (method === undefined || !CLIENT_METHODS.has(method)) return undefined;
  const receiver = names.length >= 2 ? names.at(-2) : ts.isIdentifier(current) ? current.text : undefined;
  const label = receiver === undefined ? undefined : clientLabelFromName(receiver);
  return label === undefined ? undefined : `${label}.${method}`;
}
