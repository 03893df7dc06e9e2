import { drawProgress, endProgress } from './progress-bar.js';

interface JobView {
  jobId: string;
  status: string;
  error?: string;
  progressDetail: { stage: string; percent: number; chunksDone: number; chunksTotal: number; tokensUsed: number };
  result?: {
    summary: string;
    provider: string;
    model: string;
    themes: { name: string; count: number; kind: string }[];
    recommendations: string[];
    coverage: { analysed: number; totalFeedback: number };
    tokens: { total: number };
  };
}

/** Queues a generation for the demo project through the API and follows it to the end. */
export async function runDemoJob(base: string, token: string, projectId: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${base}/api/insights/jobs`, { method: 'POST', headers, body: JSON.stringify({ projectId }) });
  const { data } = (await created.json()) as { data: { jobId: string; cached: boolean } };
  console.log(`\nPOST /api/insights/jobs → ${created.status}, job ${data.jobId}${data.cached ? ' (answered from the cache)' : ''}`);
  let job: JobView;
  for (;;) {
    job = ((await (await fetch(`${base}/api/insights/jobs/${data.jobId}`, { headers })).json()) as { data: JobView }).data;
    drawProgress(job.progressDetail);
    if (['completed', 'failed', 'cancelled'].includes(job.status)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  endProgress();
  if (job.status !== 'completed' || !job.result) {
    console.log(`The job ended ${job.status}${job.error ? `: ${job.error}` : ''}`);
    return;
  }
  const r = job.result;
  console.log(`\nInsights (${r.provider}, ${r.model}; ${r.coverage.analysed} of ${r.coverage.totalFeedback} entries analysed, ${r.tokens.total} tokens)`);
  console.log(`  ${r.summary}`);
  for (const theme of r.themes.slice(0, 5)) console.log(`  - ${theme.name} (${theme.kind}, ${theme.count} entries)`);
  for (const rec of r.recommendations.slice(0, 3)) console.log(`  → ${rec}`);
}
