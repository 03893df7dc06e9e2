import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';

/**
 * A throwaway Redis Cluster for a test run: three masters (no replicas) on ports free at the
 * moment, in a temporary directory, without persistence. Plain JS: Jest's global setup and
 * teardown load it outside the ESM transform.
 */

const run = promisify(execFile);
const HOST = '127.0.0.1';
// A cluster node also listens on its port + 10000 (the cluster bus).
const BUS_OFFSET = 10_000;

function listenable(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

async function freeClusterPort(taken) {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (!taken.has(port) && (await listenable(port)) && (await listenable(port + BUS_OFFSET))) return port;
  }
  throw new Error('no free port pair for a Redis Cluster node');
}

async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ask(port, ...command) {
  const redis = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.call(...command);
  } finally {
    redis.disconnect();
  }
}

/** One redis-server in cluster mode; resolves once it answers, rejects if it exits first (port taken). */
async function startNode(dir, port) {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout',
      '5000',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--logfile',
      join(dir, `redis-${port}.log`),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = until(async () => (await ask(port, 'ping')) === 'PONG', 10_000, `redis-server on ${port}`);
  const outcome = await Promise.race([ready.then(() => 'ready'), exited.then(() => 'exited')]);
  if (outcome === 'exited') throw new Error(`redis-server on ${port} exited at start`);
  return { port, child, exited };
}

/**
 * Starts the cluster and waits until every node reports `cluster_state:ok`. `stop()` kills the
 * servers and removes their directory; it also runs when the calling process exits, so a run
 * that dies halfway leaves no servers behind.
 */
export async function startRedisCluster({ masters = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fi-redis-cluster-'));
  const nodes = [];
  const killAll = () => {
    for (const node of nodes) node.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killAll);
  const stop = async () => {
    process.removeListener('exit', killAll);
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const taken = new Set();
    while (nodes.length < masters) {
      const port = await freeClusterPort(taken);
      taken.add(port);
      // Another process may take the port between the check and the bind: then try another.
      const node = await startNode(dir, port).catch(() => undefined);
      if (node) nodes.push(node);
    }
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `${HOST}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (const { port } of nodes) {
      await until(async () => /cluster_state:ok/.test(await ask(port, 'cluster', 'info')), 20_000, `cluster_state:ok on ${port}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: nodes.map(({ port }) => ({ host: HOST, port })), stop };
}

/** `host:port,...`, the form of REDIS_CLUSTER_NODES. */
export const nodeList = (nodes) => nodes.map(({ host, port }) => `${host}:${port}`).join(',');

/** Runs `use` with the masters of the target (a single server is its own master). */
async function withMasters({ url, clusterNodes }, use) {
  const cluster = clusterNodes?.length ? new Cluster(clusterNodes, { redisOptions: { maxRetriesPerRequest: 1 } }) : undefined;
  const client = cluster ?? new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    // The first command loads the slot map, and with it the list of masters.
    await client.ping();
    return await use(cluster ? cluster.nodes('master') : [client]);
  } finally {
    client.disconnect();
  }
}

async function scanNode(node, patterns) {
  const keys = [];
  for (const pattern of patterns) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}

/** The keys matching the patterns on each master (SCAN walks one node only), by `host:port`. */
export function keysByMaster(target, patterns) {
  return withMasters(target, async (masters) => {
    const found = await Promise.all(masters.map(async (m) => [`${m.options.host}:${m.options.port}`, await scanNode(m, patterns)]));
    return new Map(found);
  });
}

/** Deletes the keys matching the patterns, master by master, one DEL per key (keys of one master may sit in different slots). */
export function deleteKeys(target, patterns) {
  return withMasters(target, async (masters) => {
    for (const master of masters) {
      const keys = await scanNode(master, patterns);
      for (let i = 0; i < keys.length; i += 500) {
        const batch = master.pipeline();
        for (const key of keys.slice(i, i + 500)) batch.del(key);
        await batch.exec();
      }
    }
  });
}
