/**
 * What a process tree is doing, read from /proc (Linux): its processes and
 * the addresses its sockets listen on.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** `pid` and every process descending from it, alive now. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = readQuietly(`/proc/${entry}/stat`);
    // The command name may hold spaces and parentheses: the parent pid follows the last `)`.
    const parent = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isNaN(parent)) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]) ?? []));
  return tree.filter(isAlive);
}

/** Whether `pid` runs (exists and is not a zombie). */
export function isAlive(pid: number): boolean {
  const stat = readQuietly(`/proc/${pid}/stat`);
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** The local addresses (`ip:port`) that sockets of `pids` listen on (TCP, IPv4 and IPv6). */
export function listeningAddresses(pids: readonly number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    const dir = `/proc/${pid}/fd`;
    if (!existsSync(dir)) continue;
    for (const fd of readdirSync(dir)) {
      let target: string;
      try {
        target = readlinkSync(`${dir}/${fd}`);
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1]) inodes.add(match[1]);
    }
  }
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (readQuietly(table) ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (state !== '0A' || !local || !inode || !inodes.has(inode)) continue;
      const [ip = '', port = ''] = local.split(':');
      addresses.push(`${decodeIp(ip)}:${parseInt(port, 16)}`);
    }
  }
  return addresses;
}

/** Whether `address` (from {@link listeningAddresses}) is on the loopback interface. */
export function isLoopbackAddress(address: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+):\d+$/.test(address);
}

/** An address of /proc/net/tcp*: little-endian 32-bit words of hex. */
function decodeIp(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)),
  );
  if (bytes.length === 4) return bytes.join('.');
  const v4Mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (v4Mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  if (bytes.slice(0, 15).every((byte) => byte === 0)) return bytes[15] === 1 ? '::1' : '::';
  return (
    bytes
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('')
      .match(/.{4}/g) ?? []
  ).join(':');
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
