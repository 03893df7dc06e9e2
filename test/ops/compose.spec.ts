import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const ROOT = new URL('../../', import.meta.url);

/** `docker-compose config` validates the file and prints it resolved; it needs no Docker daemon. */
function composeConfig(file: string, ...profiles: string[]) {
  const args = ['-f', file, '--project-directory', '.', ...profiles.flatMap((p) => ['--profile', p]), 'config'];
  const run = spawnSync(process.env.DOCKER_COMPOSE_PATH ?? 'docker-compose', args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, EXISTING_BACKEND_IMAGE: 'existing:1' } });
  if (run.error) throw new Error(`docker-compose could not run (${run.error.message}): apt-get install docker-compose, or set DOCKER_COMPOSE_PATH`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`, config: run.status === 0 ? (parse(run.stdout) as Compose) : undefined };
}

interface Service {
  command?: string[];
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  volumes?: (string | { source: string; target: string })[];
}
interface Compose {
  services: Record<string, Service>;
}

describe('docker-compose.yml', () => {
  it('validates with every profile, and a broken copy does not', () => {
    const good = composeConfig('docker-compose.yml', 'stack', 'proxy');
    expect({ status: good.status, problems: good.status === 0 ? '' : good.output }).toEqual({ status: 0, problems: '' });
    expect(Object.keys(good.config!.services).sort()).toEqual(['api', 'cache-redis', 'existing-backend', 'migrate', 'postgres', 'proxy', 'redis', 'worker']);
    const broken = readFileSync(new URL('docker-compose.yml', ROOT), 'utf8').replace('deploy: { replicas: 2 }', 'deploy: { replicas: two }');
    const check = (input: string) =>
      spawnSync(process.env.DOCKER_COMPOSE_PATH ?? 'docker-compose', ['-f', '-', '--project-directory', '.', '--profile', 'stack', 'config', '-q'], { cwd: ROOT, input, encoding: 'utf8' });
    expect(check(readFileSync(new URL('docker-compose.yml', ROOT), 'utf8')).status).toBe(0);
    const bad = check(broken);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('replicas');
  });

  it('runs two API and two worker processes, a queue Redis that never evicts and a cache Redis that does, on one database', () => {
    const { services } = composeConfig('docker-compose.yml', 'stack', 'proxy').config!;
    expect(services.api!.deploy?.replicas).toBe(2);
    expect(services.worker!.deploy?.replicas).toBe(2);
    expect(services.redis!.command?.join(' ')).toMatch(/--appendonly yes.*--maxmemory-policy noeviction/);
    expect(services['cache-redis']!.command?.join(' ')).toContain('--maxmemory-policy allkeys-lru');
    const databases = new Set(['api', 'worker', 'migrate', 'existing-backend'].map((name) => services[name]!.environment?.DATABASE_URL));
    expect(databases.size).toBe(1);
  });

  it('routes /api/insights and everything under it to the API, the rest to the existing backend', () => {
    const nginx = readFileSync(new URL('ops/nginx/insights.conf', ROOT), 'utf8');
    const locations = [...nginx.matchAll(/location\s+(~\s+)?(\S+)\s*\{[^}]*?proxy_pass\s+\$(\w+)/g)].map(([, regex, path, target]) => ({ regex: !!regex, path: path!, target: target! }));
    const routeOf = (uri: string) => {
      const regex = locations.find((l) => l.regex && new RegExp(l.path).test(uri));
      if (regex) return regex.target;
      return [...locations].filter((l) => !l.regex && uri.startsWith(l.path)).sort((a, b) => b.path.length - a.path.length)[0]?.target;
    };
    for (const uri of ['/api/insights', '/api/insights/jobs', '/api/insights/jobs/abc/events', '/api/insights/batch']) expect([uri, routeOf(uri)]).toEqual([uri, 'insights']);
    for (const uri of ['/api/projects', '/api/feedback', '/api/insightsx', '/']) expect([uri, routeOf(uri)]).toEqual([uri, 'existing']);
    expect(nginx).toMatch(/set \$insights http:\/\/api:3000;/);
  });
});
