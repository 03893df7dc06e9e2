import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropDatabase, ensureDatabase, runMigrations } from '@insights/db';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * What an idle worker has loaded (the built worker, as `pnpm start:worker` runs it, until it is
 * ready for jobs). Each of these packages holds megabytes of resident memory and is used only
 * once a job runs (the cache's Redis client; libphonenumber-js, card-validator and ibantools,
 * which redaction uses on entries with digit runs) or only by the API (bcrypt, for the existing
 * backend's API keys): they are imported on first use. A module resolver hook records every
 * module the process resolves.
 */
describe('an idle worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idle-modules-'));
  // A database and queue prefix of its own: on the run's shared ones the worker would take other
  // suites' queued jobs (or settle their rows) within its first second, and no longer be idle.
  const database = new URL(process.env.DATABASE_URL!);
  database.pathname = `${database.pathname}_idle`;
  beforeAll(async () => {
    await ensureDatabase(database.href);
    await runMigrations(database.href);
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(database.href);
  });

  it('has not loaded the cache’s Redis client, bcrypt or the redaction’s number libraries', async () => {
    const log = join(dir, 'resolved.txt');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}
`,
    );
    const register = join(dir, 'register.mjs');
    // CommonJS loads (a `require` made on first use, say) do not pass the hook: they are recorded too.
    writeFileSync(
      register,
      `import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try {
    appendFileSync(${JSON.stringify(log)}, Module._resolveFilename(request, parent, isMain) + '\\n');
  } catch {}
  return load.apply(this, arguments);
};
`,
    );
    writeFileSync(log, '');

    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', register, 'apps/worker/dist/main.js'], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: database.href,
          REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'insights'}-idle`,
          LOG_LEVEL: 'log',
          NO_COLOR: '1',
          WORKER_HTTP_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the worker was not ready within 30 s:\n${output}`));
      }, 30_000);
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        // Ready: give start-up work that runs after the ready line a moment, then stop it.
        if (/processing "insights-generate"/.test(output)) setTimeout(() => child.kill('SIGTERM'), 1_000);
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });

    const resolved = readFileSync(log, 'utf8').split('\n');
    expect(resolved.some((url) => url.includes('/apps/worker/dist/'))).toBe(true);
    // Code, not data: the configuration checks phone countries against libphonenumber's metadata list.
    const loaded = (name: string) => resolved.some((url) => url.includes(`/node_modules/${name}/`) && !url.endsWith('.json'));
    const packages = ['@keyv/redis', '@redis/client', 'bcrypt', 'libphonenumber-js', 'card-validator', 'ibantools'];
    expect(packages.filter(loaded)).toEqual([]);
  });
});
