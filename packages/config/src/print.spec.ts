import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { generateKeyPair } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const key = generateKeyPair().publicKey;

/** `pnpm config:print` as a developer runs it, with only the given variables (and no .env). */
function print(env: Record<string, string>, args: string[] = []) {
  const run = spawnSync(process.execPath, ['--conditions=development', '--import', '@swc-node/register/esm-register', 'scripts/config-print.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('pnpm config:print', () => {
  const secrets = {
    GLM_API_KEY: 'glm-secret-0123456789abcdef-wxyz',
    NOTIFY_WEBHOOK_SECRET: 'hmac-secret-value-0123456789',
    METRICS_PASSWORD: 'short-pw',
    METRICS_USER: 'prom',
    DATABASE_URL: 'postgres://app:db-password-42@db.internal:5432/insights',
  };

  it('prints every variable by section with its path, secrets masked', () => {
    const { status, stdout, stderr } = print({ CLERK_JWT_KEY: key, GLM_MODEL: 'glm-4.6', QUEUE_JOBS_PER_SECOND: '7', ...secrets });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const value of [secrets.GLM_API_KEY, secrets.NOTIFY_WEBHOOK_SECRET, secrets.METRICS_PASSWORD, 'db-password-42']) expect(stdout).not.toContain(value);
    const lines = stdout.split('\n');
    expect(lines).toContain('GLM_API_KEY=****wxyz  # glm.apiKey');
    expect(lines).toContain('METRICS_PASSWORD=set  # metrics.password');
    expect(lines).toContain('DATABASE_URL=postgres://app:****@db.internal:5432/insights  # database.url');
    // Values from the environment, the defaults and the model table.
    expect(lines).toContain('QUEUE_JOBS_PER_SECOND=7  # queue.jobsPerSecond');
    expect(lines).toContain('PORT=3000  # http.port');
    expect(lines).toContain('GLM_CONTEXT_TOKENS=200000  # glm.contextTokens');
    expect(lines).toContain('GLM_PRICE_OUTPUT_PER_MTOK=2.2  # glm.prices.outputPerMTok');
    expect(lines.filter((line) => line.startsWith('# --- '))).toHaveLength(11);
  });

  it('fails with one line per problem, as the apps do', () => {
    const { status, stdout, stderr } = print({ PORT: 'eighty', GLM_API_KEY: secrets.GLM_API_KEY, GLM_MODEL: 'glm-9' });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Invalid configuration:\n  - PORT: must be a number');
    expect(stderr).not.toContain(secrets.GLM_API_KEY);
  });
});
