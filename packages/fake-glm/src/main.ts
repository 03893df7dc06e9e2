import { startFakeGlm } from './index.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const fake = await startFakeGlm({
  port: numberFromEnv('FAKE_GLM_PORT', 4010),
  host: process.env.FAKE_GLM_HOST || '127.0.0.1',
  latencyMs: numberFromEnv('FAKE_GLM_LATENCY_MS', 0),
  refuse: { marker: process.env.FAKE_GLM_REFUSE_MARKER || null, mode: process.env.FAKE_GLM_REFUSE_MODE === 'sensitive' ? 'sensitive' : 'error' },
});
console.log(`fake-glm listening on ${fake.url} (GLM base URL ${fake.url}/api/paas/v4)`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await fake.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
