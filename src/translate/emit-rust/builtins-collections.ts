/**
 * Map and Set methods on `jsrt::JsMap` / `jsrt::JsSet`: hash maps that keep insertion order
 * like JS (iteration, vectors and JSON all see the TS order). Number keys hash as
 * SameValueZero through `NumKey`.
 */
import type { BuiltinCall, Expr, IrType } from '../ir.js';
import { EmitCtx, out, P, paren, type Out, type Want } from './context.js';
import { expr, mapKeyArg } from './expressions.js';
import { isCopy } from './types.js';

/** An owned key or set element (`NumKey(x)` for numbers). */
function ownedKey(ctx: EmitCtx, key: Expr, keyType: IrType): string {
  const text = expr(ctx, key, 'owned').text;
  if (keyType.kind !== 'f64') return text;
  ctx.needs.add('NumKey');
  return `NumKey(${text})`;
}

function collectionType(e: BuiltinCall): string {
  return e.name.startsWith('Map') ? 'JsMap' : 'JsSet';
}

function fromArgs(ctx: EmitCtx, e: BuiltinCall): Out {
  const kind = collectionType(e);
  ctx.needs.add(kind);
  const src = e.args[0];
  if (!src) return out(`${kind}::new()`, P.postfix);
  // `new Map(otherMap)` / `new Set(otherSet)`: an owned copy is already the collection.
  if (src.type.kind === e.type.kind) return expr(ctx, src, 'owned');
  const keyType = e.type.kind === 'map' ? e.type.key : e.type.kind === 'set' ? e.type.element : undefined;
  if (keyType?.kind === 'f64') ctx.needs.add('NumKey');
  const items = expr(ctx, src, 'owned').text;
  if (keyType?.kind === 'f64') {
    const wrap = kind === 'JsMap' ? '|(k, v)| (NumKey(k), v)' : 'NumKey';
    return out(`${items}.into_iter().map(${wrap}).collect::<${kind}<_${kind === 'JsMap' ? ', _' : ''}>>()`, P.postfix);
  }
  return out(`${kind}::from(${items})`);
}

/** `keys()` / `values()` / `entries()` outside a for-of: an owned Vec of the items. */
function collected(e: BuiltinCall, recv: string, keyType: IrType, valueType: IrType): Out {
  const keyCopy = keyType.kind === 'f64' ? 'map(|k| k.0)' : isCopy(keyType) ? 'copied()' : 'cloned()';
  switch (e.name) {
    case 'map.keys':
    case 'set.values':
      return out(`${recv}.${e.name === 'map.keys' ? 'keys' : 'iter'}().${keyCopy}.collect::<Vec<_>>()`, P.postfix);
    case 'map.values':
      return out(`${recv}.values().${isCopy(valueType) ? 'copied()' : 'cloned()'}.collect::<Vec<_>>()`, P.postfix);
    default: {
      const k = keyType.kind === 'f64' ? 'k.0' : isCopy(keyType) ? '*k' : 'k.clone()';
      const v = isCopy(valueType) ? '*v' : 'v.clone()';
      return out(`${recv}.iter().map(|(k, v)| (${k}, ${v})).collect::<Vec<_>>()`, P.postfix);
    }
  }
}

export function printCollectionBuiltin(ctx: EmitCtx, e: BuiltinCall, want: Want, stmt: boolean): Out | undefined {
  if (e.name === 'Map.new' || e.name === 'Set.new') return fromArgs(ctx, e);
  if (!e.receiver || !(e.name.startsWith('map.') || e.name.startsWith('set.'))) return undefined;
  const recvType = e.receiver.type;
  const keyType = recvType.kind === 'map' ? recvType.key : recvType.kind === 'set' ? recvType.element : { kind: 'unknown' as const };
  const valueType = recvType.kind === 'map' ? recvType.value : keyType;
  const recv = paren(expr(ctx, e.receiver, 'read'), P.postfix);
  const [a, b] = e.args;
  switch (e.name) {
    case 'map.get': {
      const get = `${recv}.get(${mapKeyArg(ctx, a!, recvType)})`;
      if (isCopy(valueType)) return out(`${get}.copied()`, P.postfix);
      return out(want === 'read' ? get : `${get}.cloned()`, P.postfix);
    }
    case 'map.set':
      return out(`${recv}.insert(${ownedKey(ctx, a!, keyType)}, ${expr(ctx, b!, 'owned').text})`, P.postfix);
    case 'set.add':
      return out(`${recv}.insert(${ownedKey(ctx, a!, keyType)})`, P.postfix);
    case 'map.has':
      return out(`${recv}.contains_key(${mapKeyArg(ctx, a!, recvType)})`, P.postfix);
    case 'set.has':
      return out(`${recv}.contains(${mapKeyArg(ctx, a!, recvType)})`, P.postfix);
    case 'map.delete':
    case 'set.delete': {
      const call = `${recv}.remove(${mapKeyArg(ctx, a!, recvType)})`;
      return out(stmt || e.name === 'set.delete' ? call : `${call}.is_some()`, P.postfix);
    }
    case 'map.size':
    case 'set.size':
      return out(`${recv}.len() as i64`, P.cast);
    case 'map.clear':
    case 'set.clear':
      return out(`${recv}.clear()`, P.postfix);
    case 'map.keys':
    case 'map.values':
    case 'map.entries':
    case 'set.values':
      return collected(e, recv, keyType, valueType);
    default:
      return undefined;
  }
}
