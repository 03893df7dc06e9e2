import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Job } from 'bullmq';
import type { InsightsJobsRepository, JobProgress } from '@insights/db';
import { AskProgressRecorder } from './ask-question.handler.js';

describe('a question’s progress', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function recorder(rowOpen = true) {
    const events: JobProgress[] = [];
    const rows: JobProgress[] = [];
    const job = { id: 'job-1', updateProgress: async (p: JobProgress) => void events.push(p) } as unknown as Job;
    const jobs = { setProgress: async (_id: string, p: JobProgress) => (rows.push(p), rowOpen) } as unknown as InsightsJobsRepository;
    const cancelled = jest.fn();
    return { events, rows, cancelled, progress: new AskProgressRecorder(job, jobs, cancelled, Date.now()) };
  }

  it('sends the growing answer at most four times a second, and always the last text', async () => {
    const { events, rows, progress } = recorder();
    // 100 pieces over two seconds, as a model writing 50 tokens a second sends them.
    for (let i = 1; i <= 100; i++) {
      progress.report({ stage: 'answering', partialAnswer: 'x'.repeat(i) });
      await jest.advanceTimersByTimeAsync(20);
    }
    await progress.settle();
    // 2 s at one event per 250 ms, plus the first at once: 9 at most.
    expect(events.length).toBeLessThanOrEqual(9);
    expect(events.length).toBeGreaterThanOrEqual(8);
    expect(events.at(-1)).toMatchObject({ stage: 'answering', partialAnswer: 'x'.repeat(100) });
    // The row: at most once a second.
    expect(rows.length).toBeLessThanOrEqual(2);
  });

  it('sends a change of stage at once, and stops the job when its row was cancelled', async () => {
    const { events, cancelled, progress } = recorder(false);
    progress.report({ stage: 'retrieving', partialAnswer: '' });
    await jest.advanceTimersByTimeAsync(1_500);
    progress.report({ stage: 'checking', partialAnswer: 'done' });
    await progress.settle();
    expect(events.map((e) => e.stage)).toEqual(['retrieving', 'checking']);
    expect(cancelled).toHaveBeenCalled();
  });
});
