import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ProjectChangeListener, PROJECT_CHANGED_CHANNEL, PROJECT_DELETED_CHANNEL } from '@insights/db';

/**
 * A TCP relay in front of Postgres that can go silent: every connection open at that moment
 * stays open but carries nothing either way, as when a NAT or a proxy forgets a flow. The
 * server never learns, the client never gets a FIN or a reset: only sending something finds it.
 */
class SilentRelay {
  private readonly server: Server;
  private readonly pairs: { client: Socket; upstream: Socket; silent: boolean }[] = [];
  connections = 0;

  constructor(target: URL) {
    this.server = createServer((client) => {
      this.connections++;
      const upstream = connect(Number(target.port || 5432), target.hostname);
      const pair = { client, upstream, silent: false };
      this.pairs.push(pair);
      client.on('data', (chunk) => pair.silent || upstream.write(chunk));
      upstream.on('data', (chunk) => pair.silent || client.write(chunk));
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => !pair.silent && upstream.destroy());
      upstream.on('close', () => !pair.silent && client.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  silenceOpenConnections(): void {
    for (const pair of this.pairs) pair.silent = true;
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('the project notice listener', () => {
  const url = new URL(process.env.DATABASE_URL!);
  const relay = new SilentRelay(url);
  const notifier = new pg.Client({ connectionString: url.toString() });
  const changed: string[] = [];
  const deleted: string[] = [];
  const resets: boolean[] = [];
  let listener: ProjectChangeListener;

  const until = async (check: () => boolean, what: string, ms = 10_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  /** Notifies until the listener hears it (a notice sent before its LISTEN is simply lost). */
  const heard = async (channel: string, seen: string[]): Promise<string> => {
    const id = randomUUID();
    await until(() => {
      notifier.query('select pg_notify($1, $2)', [channel, id]).catch(() => undefined);
      return seen.includes(id);
    }, `a notice on ${channel}`);
    return id;
  };

  beforeAll(async () => {
    const through = new URL(url);
    through.hostname = '127.0.0.1';
    through.port = String(await relay.listen());
    await notifier.connect();
    listener = new ProjectChangeListener(
      through.toString(),
      { changed: (id) => changed.push(id), deleted: (id) => deleted.push(id), reset: (listening) => resets.push(listening) },
      { pingIntervalMs: 200, pingTimeoutMs: 300 },
    );
    listener.start();
    await until(() => resets.includes(true), 'the first LISTEN');
  });

  afterAll(async () => {
    await listener?.stop();
    await notifier.end();
    await relay.close();
  });

  it('hears changes and deletions on their channels', async () => {
    await heard(PROJECT_CHANGED_CHANNEL, changed);
    await heard(PROJECT_DELETED_CHANNEL, deleted);
    expect(listener.listening).toBe(true);
  });

  it('finds a connection that went silent, says so, reconnects and hears notices again', async () => {
    const connectionsBefore = relay.connections;
    const resetsBefore = resets.length;
    relay.silenceOpenConnections();
    // Nothing arrives on the silent connection...
    await until(() => resets.slice(resetsBefore).includes(false), 'the loss to be noticed', 5_000);
    // ...so the listener says it may have missed notices, connects anew and listens again.
    await until(() => resets.slice(resetsBefore).lastIndexOf(true) > resets.slice(resetsBefore).indexOf(false), 'listening again');
    expect(relay.connections).toBeGreaterThan(connectionsBefore);
    expect(listener.listening).toBe(true);
    await heard(PROJECT_CHANGED_CHANNEL, changed);
  });
});
