import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DatabaseHandle } from '@insights/db';
import type { BullInsightsQueue } from '@insights/queue';
import { demoFeedback, SPAWNED_TIMINGS, eventually, type ApiProcess, newUser } from '@insights/testkit';
import { GlmStack, openQueue } from '@insights/testkit/stack';

const SECRET = 'notification-secret-0123';

interface Delivery {
  path: string;
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver on loopback that answers each path from a script of statuses (then 200). */
async function startReceiver(script: Record<string, number[]>) {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      deliveries.push({ path, at: Date.now(), headers: req.headers, body });
      res.writeHead(script[path]?.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, deliveries, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Test helpers bound to one running stack and receiver. */
function harness(stack: () => GlmStack, receiver: () => Awaited<ReturnType<typeof startReceiver>>) {
  const owner = newUser();
  const headers = { ...owner.headers, 'content-type': 'application/json' };
  async function project(name: string, slackPath?: string): Promise<string> {
    const { api, db } = stack();
    const created = await fetch(`${api.url}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name }) });
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const items = [...demoFeedback({ count: 15, seed: 5 })].map((f) => ({ text: f.text, rating: f.rating }));
    await fetch(`${api.url}/api/projects/${id}/feedback/bulk`, { method: 'POST', headers, body: JSON.stringify({ items }) });
    // The existing product sets this column; the service only reads it.
    if (slackPath) await db.pool.query('update projects set slack_webhook_url = $1 where id = $2', [`${receiver().url}${slackPath}`, id]);
    return id;
  }
  /** A job that fails for good: the provider refuses the key, with `message` as its error text. */
  async function failingJob(projectId: string, message?: string): Promise<{ jobId: string; failedAt: number; error: string }> {
    const { api, db, fake } = stack();
    fake.addFaults([{ type: 'auth', times: 20, message }]);
    try {
      const created = await fetch(`${api.url}/api/insights/jobs`, { method: 'POST', headers, body: JSON.stringify({ projectId }) });
      const { jobId } = ((await created.json()) as { data: { jobId: string } }).data;
      return await eventually(
        async () => {
          const { rows } = await db.pool.query<{ status: string; completed_at: Date; error: string }>(
            'select status, completed_at, error from insights_jobs where id = $1',
            [jobId],
          );
          const row = rows[0];
          return row?.status === 'failed' && { jobId, failedAt: row.completed_at.getTime(), error: row.error };
        },
        20_000,
        'the job to fail',
      );
    } finally {
      fake.reset();
    }
  }
  return { headers, project, failingJob };
}

/** A job's final failure reaches the project's Slack webhook (or the configured one), signed. */
describe('failure notifications', () => {
  let stack: GlmStack;
  let api: ApiProcess;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let db: DatabaseHandle;
  let queue: BullInsightsQueue;
  const prefix = `${process.env.REDIS_KEY_PREFIX}-notify`;
  const { headers, project, failingJob } = harness(
    () => stack,
    () => receiver,
  );
  const verify = (delivery: Delivery) => {
    const timestamp = String(delivery.headers['x-insights-timestamp']);
    const expected = `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
    return delivery.headers['x-insights-signature'] === expected;
  };

  beforeAll(async () => {
    receiver = await startReceiver({ '/slack': [500, 503], '/gone': [410] });
    stack = await GlmStack.start('notify', {
      // The receiver listens on loopback, which only this test setting lets webhooks reach.
      env: {
        NOTIFY_WEBHOOK_URL: `${receiver.url}/fallback`,
        NOTIFY_WEBHOOK_SECRET: SECRET,
        ...SPAWNED_TIMINGS.quickNotifyRetry,
        WEBHOOK_ALLOW_LOOPBACK: 'true',
      },
    });
    ({ api, db } = stack);
    queue = openQueue(prefix);
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await stack?.stop();
    await receiver?.close();
  });

  it('posts a signed Slack message to the project’s webhook, retrying a receiver that is down, after the job failed', async () => {
    const projectId = await project('Billing app', '/slack');
    const failed = await failingJob(projectId);
    const delivered = await eventually(
      async () => {
        const toSlack = receiver.deliveries.filter((d) => d.path === '/slack');
        return toSlack.length >= 3 && toSlack;
      },
      20_000,
      'the third delivery',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Two refusals (500, 503) retried with backoff, then one success, and nothing after it.
    expect(receiver.deliveries.filter((d) => d.path === '/slack')).toHaveLength(3);
    expect(delivered.every(verify)).toBe(true);
    expect(delivered[2]!.at - delivered[0]!.at).toBeGreaterThanOrEqual(200);
    // The job's failure was settled before any delivery was attempted: it never waited for one.
    expect(delivered[0]!.at).toBeGreaterThanOrEqual(failed.failedAt);
    const message = JSON.parse(delivered[2]!.body) as { text: string; blocks: unknown[]; insights: { jobId: string; projectId: string } };
    expect(message.text).toContain('Billing app');
    // The classified code and a fixed reason, never the provider's own words.
    expect(failed.error).toContain('Authentication failed.');
    expect(message.text).toContain('auth');
    expect(delivered[2]!.body).not.toContain('Authentication failed.');
    expect(message.blocks.length).toBeGreaterThan(0);
    expect(message.insights).toMatchObject({ jobId: failed.jobId, projectId });
    expect(receiver.deliveries.filter((d) => d.path === '/fallback')).toHaveLength(0);
    const last = delivered[2]!;
    console.log(
      `notification: ${delivered.length} deliveries (answered 500, 503, 200) over ${last.at - delivered[0]!.at} ms; ` +
        `signature ${String(last.headers['x-insights-signature']).slice(0, 19)}… verified; text: ${message.text}`,
    );
  });

  it('falls back to NOTIFY_WEBHOOK_URL, and does not retry a receiver that refuses the message', async () => {
    const fallback = await failingJob(await project('No slack'));
    await eventually(async () => receiver.deliveries.some((d) => d.path === '/fallback' && d.body.includes(fallback.jobId)), 20_000, 'the fallback');

    const refused = await failingJob(await project('Gone', '/gone'));
    await eventually(async () => (await queue.state(`notify-${refused.jobId}`)) === 'failed', 20_000, 'the refused notification to fail');
    expect(receiver.deliveries.filter((d) => d.path === '/gone')).toHaveLength(1);
  });

  it("escapes Slack control sequences and never carries the provider's error text", async () => {
    const secret = 'sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
    const projectId = await project('Ops <!here> & <https://evil.example|click>', '/escaped');
    const failed = await failingJob(projectId, `Key ${secret} rejected <!channel> <@U024BE7LH>`);
    expect(failed.error).toContain(secret);
    const delivery = await eventually(async () => receiver.deliveries.find((d) => d.path === '/escaped'), 20_000, 'the delivery');
    for (const raw of [secret, '<!channel>', '<!here>', '<@U024BE7LH>', '<https://evil.example|click>', 'rejected']) {
      expect(delivery.body).not.toContain(raw);
    }
    const message = JSON.parse(delivery.body) as { text: string };
    expect(message.text).toContain('Ops &lt;!here&gt; &amp; &lt;https://evil.example|click&gt;');
  });

  it('sends nothing for a job that completes', async () => {
    const projectId = await project('Healthy', '/healthy');
    const created = await fetch(`${api.url}/api/insights/jobs`, { method: 'POST', headers, body: JSON.stringify({ projectId }) });
    const { jobId } = ((await created.json()) as { data: { jobId: string } }).data;
    await eventually(
      async () => {
        const { rows } = await db.pool.query<{ status: string }>('select status from insights_jobs where id = $1', [jobId]);
        return rows[0]?.status === 'completed';
      },
      20_000,
      'the job to complete',
    );
    expect(await queue.state(`notify-${jobId}`)).toBe('unknown');
    expect(receiver.deliveries.filter((d) => d.path === '/healthy')).toHaveLength(0);
  });
});

/** Without the test setting, a webhook on loopback receives nothing, and the refusal is recorded. */
describe('failure notifications to an internal address', () => {
  let stack: GlmStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let queue: BullInsightsQueue;
  const { project, failingJob } = harness(
    () => stack,
    () => receiver,
  );

  beforeAll(async () => {
    receiver = await startReceiver({});
    stack = await GlmStack.start('notify-guarded', { env: { NOTIFY_WEBHOOK_URL: `${receiver.url}/fallback`, ...SPAWNED_TIMINGS.quickNotifyRetry } });
    queue = openQueue(`${process.env.REDIS_KEY_PREFIX}-notify-guarded`);
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
    await stack?.stop();
    await receiver?.close();
  });

  it('posts nothing to a project webhook or the fallback on loopback, and records why', async () => {
    const slack = await failingJob(await project('Inside', '/slack'));
    const fallback = await failingJob(await project('No slack'));
    for (const { jobId } of [slack, fallback]) {
      const notification = await eventually(
        async () => {
          const found = await queue.find(`notify-${jobId}`);
          return found?.state === 'failed' && found;
        },
        20_000,
        'the notification to be refused',
      );
      expect(notification.failedReason).toMatch(/WEBHOOK_URL_FORBIDDEN.*loopback/);
      // Refused for good: no retries spent on a URL that cannot become acceptable.
      expect(notification.attemptsMade).toBe(1);
    }
    expect(receiver.deliveries).toHaveLength(0);
  });
});
