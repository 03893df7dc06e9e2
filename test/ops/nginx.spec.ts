import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const ROOT = new URL('../../', import.meta.url);
const SITE = readFileSync(new URL('ops/nginx/insights.conf', ROOT), 'utf8');

/** Debian puts nginx in /usr/sbin, which a non-root PATH may lack. */
function nginxBinary(): string {
  if (process.env.NGINX_PATH) return process.env.NGINX_PATH;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  throw new Error('nginx is not installed: apt-get install nginx-light, or set NGINX_PATH');
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });

/** An upstream that records what reached it and says who it is. */
interface Stub {
  name: string;
  port: number;
  seen: { path: string; forwardedFor?: string }[];
  server: Server;
}
async function startStub(name: string): Promise<Stub> {
  const seen: Stub['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', forwardedFor: req.headers['x-forwarded-for'] as string | undefined });
    res.setHeader('content-type', 'text/plain');
    res.end(name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { name, port: (server.address() as AddressInfo).port, seen, server };
}

/**
 * The project's site config unchanged except for what only Docker provides: the listen port and
 * the two upstreams' service names (each must be there exactly once, or the swap would hide a
 * change). Wrapped in a main config that keeps every file in `dir` and runs as the current user.
 */
function testConfig(dir: string, listen: number, api: number, existing: number): string {
  const swaps: [string, string][] = [
    ['listen 80;', `listen 127.0.0.1:${listen};`],
    ['http://api:3000;', `http://127.0.0.1:${api};`],
    ['http://existing-backend:3000;', `http://127.0.0.1:${existing};`],
  ];
  let site = SITE;
  for (const [from, to] of swaps) {
    expect([from, site.split(from).length - 1]).toEqual([from, 1]);
    site = site.replace(from, to);
  }
  writeFileSync(join(dir, 'insights.conf'), site);
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/insights.conf;
}
`;
}

const nginxTest = (dir: string, main: string) => {
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, main);
  return spawnSync(nginxBinary(), ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', file], { encoding: 'utf8' });
};

describe('ops/nginx/insights.conf in a real nginx', () => {
  let dir: string;
  let api: Stub;
  let existing: Stub;
  let port: number;
  let nginx: ChildProcess | undefined;
  let nginxOutput = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nginx-test-'));
    [api, existing, port] = await Promise.all([startStub('insights'), startStub('existing'), freePort()]);
    const main = testConfig(dir, port, api.port, existing.port);
    writeFileSync(join(dir, 'nginx.conf'), main);
    nginx = spawn(nginxBinary(), ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout!.on('data', (chunk) => (nginxOutput += chunk));
    nginx.stderr!.on('data', (chunk) => (nginxOutput += chunk));
    for (let waited = 0; ; waited += 50) {
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxOutput}`);
      const up = await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (waited > 10_000) throw new Error(`nginx did not listen: ${nginxOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    api.seen.length = 0;
    existing.seen.length = 0;
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await Promise.all([api, existing].filter(Boolean).map((stub) => new Promise((resolve) => stub.server.close(resolve))));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes nginx -t, and a broken copy does not', () => {
    const good = nginxTest(dir, readFileSync(join(dir, 'nginx.conf'), 'utf8'));
    expect({ status: good.status, output: good.status === 0 ? '' : good.stderr }).toEqual({ status: 0, output: '' });
    writeFileSync(join(dir, 'broken.conf'), SITE.replace('proxy_buffering off;', 'proxy_buffering sometimes;'));
    const broken = nginxTest(dir, readFileSync(join(dir, 'nginx.conf'), 'utf8').replace(`${dir}/insights.conf`, `${dir}/broken.conf`));
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('proxy_buffering');
  });

  it('sends /api/insights and everything under it to the API, the rest to the existing backend, paths unchanged', async () => {
    const insights = [
      '/api/insights?projectId=p1',
      '/api/insights/',
      '/api/insights/jobs',
      '/api/insights/jobs/abc/events?lastEventId=1-0',
      '/api/insights/batch',
    ];
    const other = ['/', '/api/projects', '/api/feedback?x=1', '/api/insightsx', '/api/insight', '/api/v2/insights', '/health'];
    const answeredBy = new Map<string, string>();
    for (const path of [...insights, ...other]) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      answeredBy.set(path, `${res.status} ${await res.text()}`);
    }
    expect(Object.fromEntries(answeredBy)).toEqual(Object.fromEntries([...insights.map((p) => [p, '200 insights']), ...other.map((p) => [p, '200 existing'])]));
    // Counted at the upstreams: each request reached exactly one of them, as sent.
    expect(api.seen.map((s) => s.path)).toEqual(insights);
    expect(existing.seen.map((s) => s.path)).toEqual(other);
    expect([...api.seen, ...existing.seen].every((s) => s.forwardedFor === '127.0.0.1')).toBe(true);
  });
});
