import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const ROOT = new URL('../../', import.meta.url);

/** `docker-compose config` validates the file and prints it resolved; it needs no Docker daemon. */
function composeConfig(file: string, ...profiles: string[]) {
  const args = ['-f', file, '--project-directory', '.', ...profiles.flatMap((p) => ['--profile', p]), 'config'];
  const run = spawnSync(process.env.DOCKER_COMPOSE_PATH ?? 'docker-compose', args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, EXISTING_BACKEND_IMAGE: 'existing:1' },
  });
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
      spawnSync(process.env.DOCKER_COMPOSE_PATH ?? 'docker-compose', ['-f', '-', '--project-directory', '.', '--profile', 'stack', 'config', '-q'], {
        cwd: ROOT,
        input,
        encoding: 'utf8',
      });
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
});
