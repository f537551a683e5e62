/**
 * Which TCP ports a process group listens on, read from /proc (Linux only; elsewhere the answer
 * is "unknown"). pivot uses it to tell a server that ignored the port it was given from one
 * that is merely slow to start.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface ListeningSocket {
  port: number;
  /** The bound address as text: `127.0.0.1`, `0.0.0.0`, `::`, `::1`, … */
  address: string;
  inode: number;
}

const LISTEN = '0A';

/** Parses /proc/net/tcp or tcp6 (pure): the sockets in LISTEN state. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== LISTEN) continue;
    const [hexAddress = '', hexPort = ''] = (fields[1] ?? '').split(':');
    sockets.push({ port: parseInt(hexPort, 16), address: addressOf(hexAddress), inode: Number(fields[9]) });
  }
  return sockets;
}

/** /proc/net/tcp writes addresses as host-order 32-bit words in hex. */
function addressOf(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Socket inodes a process holds open. */
function socketInodes(pid: number): number[] {
  const inodes: number[] = [];
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.push(Number(match[1]));
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return inodes;
}

/** The listening TCP sockets held by any of `pids`, sorted by port; [] where /proc is unavailable. */
export function listeningSockets(pids: readonly number[]): ListeningSocket[] {
  if (process.platform !== 'linux' || pids.length === 0) return [];
  const inodes = new Set(pids.flatMap(socketInodes));
  if (inodes.size === 0) return [];
  const found = new Map<string, ListeningSocket>();
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      // The process's own view: it may be in another network namespace than pivot.
      text = readFileSync(`/proc/${pids[0]}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const socket of parseProcNetTcp(text)) {
      if (inodes.has(socket.inode)) found.set(`${socket.address}:${socket.port}`, socket);
    }
  }
  return [...found.values()].sort((a, b) => a.port - b.port);
}
