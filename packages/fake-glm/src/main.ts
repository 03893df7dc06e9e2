import { decodeModelDefaults, startFakeGlm } from './index.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const timing = process.env.FAKE_GLM_TIMING || 'fixed';
if (timing !== 'fixed' && timing !== 'decode') throw new Error(`FAKE_GLM_TIMING must be "fixed" or "decode", got "${timing}"`);
const defaults = decodeModelDefaults();
// 0 (or unset, in fixed timing) leaves the account without a concurrency limit.
const concurrency = numberFromEnv('FAKE_GLM_CONCURRENCY', timing === 'decode' ? defaults.accountConcurrency : 0);
const embedConcurrency = numberFromEnv('FAKE_GLM_EMBED_CONCURRENCY', timing === 'decode' ? defaults.embedConcurrency : 0);

const fake = await startFakeGlm({
  port: numberFromEnv('FAKE_GLM_PORT', 4010),
  host: process.env.FAKE_GLM_HOST || '127.0.0.1',
  latencyMs: numberFromEnv('FAKE_GLM_LATENCY_MS', 0),
  timing,
  timeToFirstTokenMs: numberFromEnv('FAKE_GLM_TTFT_MS', defaults.timeToFirstTokenMs),
  decodeTokensPerSecond: numberFromEnv('FAKE_GLM_DECODE_TPS', defaults.decodeTokensPerSecond),
  accountConcurrency: concurrency === 0 ? Number.POSITIVE_INFINITY : concurrency,
  embedLatencyMs: numberFromEnv('FAKE_GLM_EMBED_LATENCY_MS', defaults.embedLatencyMs),
  embedTokensPerSecond: numberFromEnv('FAKE_GLM_EMBED_TPS', defaults.embedTokensPerSecond),
  embedConcurrency: embedConcurrency === 0 ? Number.POSITIVE_INFINITY : embedConcurrency,
  refuse: { marker: process.env.FAKE_GLM_REFUSE_MARKER || null, mode: process.env.FAKE_GLM_REFUSE_MODE === 'sensitive' ? 'sensitive' : 'error' },
});
console.log(`fake-glm listening on ${fake.url} (GLM base URL ${fake.url}/api/paas/v4: chat completions and embeddings), ${timing} timing`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await fake.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
