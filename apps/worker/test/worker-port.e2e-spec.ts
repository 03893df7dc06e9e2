import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, WorkerProcess } from '@insights/testkit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Runs a worker to its end, keeping its two output streams apart. */
function runWorker(env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', 'apps/worker/dist/main.js'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'log', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the second worker was still running after ${timeoutMs} ms; output:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Two workers started on one host with the same WORKER_HTTP_PORT. */
describe('a second worker on a port already taken', () => {
  let port: number;
  let first: WorkerProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    port = await freePort();
    env = {
      INSIGHTS_PROVIDER: 'offline',
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-worker-port`,
      WORKER_HTTP_PORT: String(port),
      WORKER_HTTP_HOST: '127.0.0.1',
    };
    first = await WorkerProcess.start(env);
  }, 60_000);
  afterAll(() => first?.stop());

  it('exits non-zero with one line naming WORKER_HTTP_PORT and no stack trace, and leaves the first worker serving', async () => {
    const second = await runWorker(env, 30_000);

    expect(second.code).toBe(1);
    const lines = second.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('WORKER_HTTP_PORT');
    expect(lines[0]).toContain(`127.0.0.1:${port}`);
    expect(`${second.stdout}${second.stderr}`).not.toMatch(/^\s+at /m);
    expect(second.stdout).not.toContain('processing "insights-generate"');

    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  }, 40_000);
});
