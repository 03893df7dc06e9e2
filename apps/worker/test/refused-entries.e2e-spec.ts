import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { InsightsResult } from '@insights/engine';
import { demoFeedback, eventually, type ApiProcess, newUser } from '@insights/testkit';
import { GlmStack } from '@insights/testkit/stack';

const MARKER = 'zz-filtered-words';

/**
 * GLM's content filter through the real worker and client: the fake refuses every prompt holding
 * the marker, which 2 of 600 entries carry. The job completes without them; a regeneration after
 * 1% new feedback asks nothing the filter refuses. The model reads every entry here: past the
 * naming sample an entry is embedded, never shown to the chat model, so never refused.
 */
describe('refused entries end to end', () => {
  let stack: GlmStack;
  let api: ApiProcess;
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };
  let seed = 900;

  const post = (path: string, body: unknown) => fetch(`${api.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  async function addFeedback(projectId: string, count: number, planted: number[] = []) {
    const items = [...demoFeedback({ count, seed: seed++ })].map((f, i) => ({
      text: planted.includes(i) ? `${f.text} and you are ${MARKER}` : f.text,
      rating: f.rating,
      createdAt: f.createdAt!.toISOString(),
    }));
    expect((await post(`/api/projects/${projectId}/feedback/bulk`, { items })).status).toBe(201);
  }
  async function generate(projectId: string): Promise<{ jobId: string; result: InsightsResult }> {
    const { jobId } = ((await (await post('/api/insights/jobs', { projectId })).json()) as { data: { jobId: string } }).data;
    const result = await eventually(
      async () => {
        const job = (
          (await (await fetch(`${api.url}/api/insights/jobs/${jobId}`, { headers })).json()) as {
            data: { status: string; error?: string; result?: InsightsResult };
          }
        ).data;
        if (job.status === 'failed') throw new Error(`job ${jobId} failed: ${job.error}`);
        return job.status === 'completed' && job.result;
      },
      60_000,
      `job ${jobId}`,
    );
    return { jobId, result };
  }
  const ledger = async (jobId: string) =>
    (
      await stack.db.pool.query<{ outcome: string; prompt_tokens: number; completion_tokens: number }>(
        'select outcome, prompt_tokens, completion_tokens from llm_calls where job_id = $1',
        [jobId],
      )
    ).rows;

  beforeAll(async () => {
    stack = await GlmStack.start('refusals', { workerEnv: { INSIGHTS_NAMING_SAMPLE: '0' } });
    ({ api } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it.each(['error', 'sensitive'] as const)(
    '2 refused entries in 600 (filter answering %s): the job and its regeneration complete',
    async (mode) => {
      stack.fake.setRefusal({ marker: MARKER, mode });
      const projectId = ((await (await post('/api/projects', { name: `refusals ${mode}` })).json()) as { data: { id: string } }).data.id;
      await addFeedback(projectId, 600, [111, 444]);
      const planted = (
        await stack.db.pool.query<{ id: string }>('select id from feedback where project_id = $1 and text like $2 order by id', [projectId, `%${MARKER}%`])
      ).rows.map((r) => r.id);
      expect(planted).toHaveLength(2);

      stack.fake.reset();
      const first = await generate(projectId);
      const { refused: refusedFirst, calls: callsFirst } = stack.fake.stats();
      expect(refusedFirst).toBeGreaterThan(0);
      // Refused calls are some of the search's calls: at most 2·log2(entries per call) per refused entry.
      expect(refusedFirst).toBeLessThanOrEqual(2 * 2 * Math.ceil(Math.log2(600)));
      expect(first.result.coverage).toMatchObject({ totalFeedback: 600, analysed: 598, refused: 2, refusedIds: planted });
      // Every refused call has its ledger row; a withheld answer's billed tokens are counted.
      const rows = await ledger(first.jobId);
      const blocked = rows.filter((r) => r.outcome === 'content_blocked');
      expect(blocked).toHaveLength(refusedFirst);
      if (mode === 'sensitive') expect(blocked.every((r) => r.completion_tokens > 0)).toBe(true);
      expect(blocked.every((r) => r.prompt_tokens > 0)).toBe(true);

      await addFeedback(projectId, 6);
      stack.fake.reset();
      const second = await generate(projectId);
      expect(stack.fake.stats().refused).toBe(0);
      expect(second.result.coverage).toMatchObject({ totalFeedback: 606, analysed: 604, refused: 2, refusedIds: planted });
      expect((await ledger(second.jobId)).filter((r) => r.outcome !== 'ok')).toEqual([]);
      console.log(
        `refused entries (${mode}): first job ${refusedFirst} refused of ${callsFirst} calls; regeneration ${stack.fake.stats().calls} calls, 0 refused`,
      );
    },
    120_000,
  );
});
