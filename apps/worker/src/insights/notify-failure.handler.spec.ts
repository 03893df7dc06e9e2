import { describe, expect, it } from '@jest/globals';
import { failureMessage } from './notify-failure.handler.js';

const payload = {
  jobId: 'job_1',
  userId: '00000000-0000-4000-8000-000000000001',
  projectId: '00000000-0000-4000-8000-000000000002',
  error: 'database: password authentication failed for user "svc" at 10.0.0.4 <!channel>',
  errorCode: 'database',
  failedAt: '2026-01-01T00:00:00.000Z',
};

describe('failureMessage', () => {
  it('escapes &, < and > in every value and carries the failure as its code and a fixed reason', () => {
    const body = JSON.stringify(failureMessage(payload, 'R&D <!here> <https://evil.example|open>'));
    for (const raw of ['<!channel>', '<!here>', '<https://', 'password', '10.0.0.4', 'R&D']) expect(body).not.toContain(raw);
    const message = JSON.parse(body) as { text: string; insights: Record<string, unknown> };
    expect(message.text).toBe(
      'Insights generation failed for project “R&amp;D &lt;!here&gt; &lt;https://evil.example|open&gt;” (job job_1): database: a database operation failed',
    );
    expect(message.insights).toMatchObject({ errorCode: 'database', jobId: 'job_1' });
    expect(message.insights).not.toHaveProperty('error');
  });
});
