import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * The local TCP ports of the sockets this process holds open (Linux: /proc/self). Suites run side
 * by side on one database, each with its own in-process API: a suite that looks for its API's
 * connections in pg_stat_activity matches them by client_port against these, so it never counts,
 * or terminates, another suite's.
 */
export async function ownLocalPorts(): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    const socket = /^socket:\[(\d+)\]$/.exec(target);
    if (socket) inodes.add(socket[1]!);
  }
  const ports: number[] = [];
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // sl, local_address (hex ip:port), rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
      if (fields.length > 9 && inodes.has(fields[9]!)) ports.push(Number.parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}
