import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DatabaseHandle } from '@insights/db';
import type { FakeGlm } from '@insights/fake-glm';
import { demoFeedback, eventually, freePort, type ApiProcess, newUser } from '@insights/testkit';
import { GlmStack, openQueueAdmin } from '@insights/testkit/stack';

const METRICS = { METRICS_USER: 'prom', METRICS_PASSWORD: 'prom-password' };
const basic = `Basic ${Buffer.from('prom:prom-password').toString('base64')}`;

/** Every sample of a metric in Prometheus' text format, with its labels. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const match = /^[a-z_]+(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { labels, value: Number(match[2]) };
    });
}
const total = (text: string, name: string, labels: Record<string, string> = {}) =>
  samples(text, name)
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

/** The worker's own HTTP port: health, readiness and metrics that count what the worker did. */
describe('worker health and metrics', () => {
  let stack: GlmStack;
  let fake: FakeGlm;
  let api: ApiProcess;
  let workerUrl: string;
  let db: DatabaseHandle;
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };

  const scrape = async (url: string) => {
    const response = await fetch(`${url}/metrics`, { headers: { authorization: basic } });
    expect(response.status).toBe(200);
    return response.text();
  };
  async function project(count: number): Promise<string> {
    const created = await fetch(`${api.url}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name: 'metrics' }) });
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const items = [...demoFeedback({ count, seed: 77 })].map((f) => ({ text: f.text, rating: f.rating, createdAt: f.createdAt!.toISOString() }));
    await fetch(`${api.url}/api/projects/${id}/feedback/bulk`, { method: 'POST', headers, body: JSON.stringify({ items }) });
    return id;
  }
  const runJob = async (projectId: string): Promise<{ jobId: string; status: string }> => {
    const created = await fetch(`${api.url}/api/insights/jobs`, { method: 'POST', headers, body: JSON.stringify({ projectId }) });
    const { jobId } = ((await created.json()) as { data: { jobId: string } }).data;
    return eventually(
      async () => {
        const polled = await fetch(`${api.url}/api/insights/jobs/${jobId}`, { headers });
        const job = ((await polled.json()) as { data: { status: string } }).data;
        return ['completed', 'failed'].includes(job.status) && { jobId, status: job.status };
      },
      30_000,
      `job ${jobId} to finish`,
    );
  };

  beforeAll(async () => {
    const port = await freePort();
    workerUrl = `http://127.0.0.1:${port}`;
    stack = await GlmStack.start('worker-http', {
      latencyMs: 5,
      env: { ...METRICS, INSIGHTS_DAILY_TOKEN_BUDGET: '10000000' },
      workerEnv: { WORKER_HTTP_PORT: String(port), WORKER_HTTP_HOST: '127.0.0.1' },
    });
    ({ fake, api, db } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('answers liveness and readiness without credentials, and metrics only with them', async () => {
    expect((await fetch(`${workerUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${workerUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    const refused = await fetch(`${workerUrl}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(`${workerUrl}/metrics`, { headers: { authorization: 'Basic bm9wZTpub3Bl' } })).status).toBe(401);
    expect((await fetch(`${workerUrl}/nothing`)).status).toBe(404);
  });

  it('counts each job by outcome, its queue wait, and the LLM calls and tokens the ledger recorded', async () => {
    const before = await scrape(workerUrl);
    const projectId = await project(60);
    const done = await runJob(projectId);
    expect(done.status).toBe('completed');
    fake.addFaults([{ type: 'auth', times: 50 }]);
    const failed = await runJob(await project(20));
    fake.reset();
    expect(failed.status).toBe('failed');

    const after = await scrape(workerUrl);
    const delta = (name: string, labels: Record<string, string> = {}) => total(after, name, labels) - total(before, name, labels);
    expect(delta('insights_job_duration_seconds_count', { outcome: 'completed' })).toBe(1);
    expect(delta('insights_job_duration_seconds_count', { outcome: 'failed' })).toBe(1);
    expect(delta('insights_job_queue_wait_seconds_count')).toBe(2);

    const { rows } = await db.pool.query<{ calls: string; prompt: string; completion: string }>(
      `select count(*) as calls, coalesce(sum(prompt_tokens), 0) as prompt, coalesce(sum(completion_tokens), 0) as completion
         from llm_calls where job_id = any($1)`,
      [[done.jobId, failed.jobId]],
    );
    expect(Number(rows[0]!.calls)).toBeGreaterThan(1);
    expect(delta('insights_llm_calls_total')).toBe(Number(rows[0]!.calls));
    expect(delta('insights_llm_tokens_total', { kind: 'prompt' })).toBe(Number(rows[0]!.prompt));
    expect(delta('insights_llm_tokens_total', { kind: 'completion' })).toBe(Number(rows[0]!.completion));
    expect(delta('insights_llm_calls_total', { stage: 'map', outcome: 'ok' })).toBeGreaterThan(0);

    const spent = await db.pool.query<{ tokens: string }>(
      `select coalesce(sum(prompt_tokens + completion_tokens), 0) as tokens from llm_calls
        where project_id = $1 and created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`,
      [projectId],
    );
    await eventually(
      async () => total(await scrape(workerUrl), 'insights_budget_tokens_used', { project: projectId }) === Number(spent.rows[0]!.tokens),
      5_000,
      'the budget gauge',
    );
    expect(total(after, 'insights_budget_tokens_limit')).toBe(10_000_000);
  });

  it('shows on the API how long the oldest waiting job has waited', async () => {
    const queue = openQueueAdmin(`${process.env.REDIS_KEY_PREFIX}-worker-http`);
    await queue.pause();
    try {
      const projectId = await project(10);
      expect(total(await scrape(api.url), 'insights_queue_oldest_waiting_seconds')).toBe(0);
      await fetch(`${api.url}/api/insights/jobs`, { method: 'POST', headers, body: JSON.stringify({ projectId }) });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(total(await scrape(api.url), 'insights_queue_oldest_waiting_seconds')).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.resume();
      await queue.close();
    }
  });
});
