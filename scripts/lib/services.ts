import net from 'node:net';

export interface ServiceTarget {
  name: string;
  url: string;
  defaultPort: number;
}

function reachable(url: string, defaultPort: number, timeoutMs = 2_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Exits with instructions (not a stack trace) when Postgres or Redis cannot be reached.
 */
export async function requireServices(targets: ServiceTarget[]): Promise<void> {
  const missing: ServiceTarget[] = [];
  for (const t of targets) if (!(await reachable(t.url, t.defaultPort))) missing.push(t);
  if (missing.length === 0) return;
  const lines = missing.map((t) => `  - ${t.name} is not reachable at ${redact(t.url)}`);
  console.error(
    [
      'Cannot start: a service the project needs is not running.',
      ...lines,
      '',
      'Start them with Docker:   docker compose up -d postgres redis',
      'or with local packages:   Postgres 15+ on 127.0.0.1:5432 (user postgres), Redis 7 on 127.0.0.1:6379,',
      'or point DATABASE_URL / REDIS_URL (see .env.example) at running ones.',
    ].join('\n'),
  );
  process.exit(1);
}

export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
