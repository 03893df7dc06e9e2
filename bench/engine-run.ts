import { generateKeyPair, loadConfig } from '@insights/config';
import { createDatabase, type DatabaseHandle } from '@insights/db';
import { InsightsGenerator } from '@insights/generation';
import type { RunOutput, RunParams } from './bench-report.js';

// One measured run in its own process, so maxRSS is this run's peak and nothing else's.
// Parameters arrive as one JSON argument; the answer leaves as one JSON line on stdout.

type Measured = Omit<RunOutput, 'wallMs' | 'peakRssMb' | 'peakHeapMb'>;

const params = JSON.parse(process.argv[2] ?? '{}') as RunParams;
const config = loadConfig({
  NODE_ENV: 'development',
  // An in-memory key: without one, loading the config would create the local key files on disk.
  CLERK_JWT_KEY: generateKeyPair().publicKey,
  DATABASE_URL: params.databaseUrl,
  INSIGHTS_PROVIDER: 'glm',
  GLM_API_KEY: 'bench-key',
  GLM_BASE_URL: params.glmUrl,
  // Decode timing: a packed map call takes minutes, past the default 60 s timeout.
  GLM_TIMEOUT_MS: '600000',
  INSIGHTS_MAX_FEEDBACK: String(params.maxFeedback),
  INSIGHTS_MAX_TOKENS_PER_RUN: String(params.maxTokensPerRun),
  // The bench measures cost; a daily budget would stop the whole-project run part way.
  INSIGHTS_DAILY_TOKEN_BUDGET: '0',
});

let peakHeap = 0;
const sampleHeap = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const sampler = setInterval(sampleHeap, 25);

async function runGeneration(handle: DatabaseHandle): Promise<Measured> {
  const generator = new InsightsGenerator(handle.db, config);
  const result = await generator.generate({ userId: params.userId, projectId: params.projectId, filters: {} });
  return {
    analysed: result.coverage.analysed,
    total: result.coverage.totalFeedback,
    sampled: result.coverage.sampled,
    llmCalls: result.llmCalls,
    memoHits: result.memoHits,
    promptTokens: result.tokens.prompt,
    completionTokens: result.tokens.completion,
    themes: result.themes.length,
    resultKb: Math.round(JSON.stringify(result).length / 1024),
  };
}

const handle = createDatabase(config.database.url, config.database.poolMax);
try {
  const started = performance.now();
  const measured = await runGeneration(handle);
  const wallMs = Math.round(performance.now() - started);
  sampleHeap();
  const output: RunOutput = {
    ...measured,
    wallMs,
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: Math.round(peakHeap / 1024 / 1024),
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
} finally {
  clearInterval(sampler);
  await handle.close();
}
