import { describe, expect, it } from '@jest/globals';
import type { JobProgress } from '@insights/client';
import { createJobIdStore, type KeyValueStorage } from './job-store.js';
import { initialJobState, jobReducer } from './job-state.js';
import { insightsQueryKey, isAbortError, isFinishedStatus, jobStorageKey, normalizeScope } from './scope.js';

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

describe('scope helpers', () => {
  it('drops empty fields and ignores key order', () => {
    const a = normalizeScope({ endDate: '2024-02-01', projectId: 'p1', startDate: '', category: undefined });
    expect(a).toEqual({ projectId: 'p1', endDate: '2024-02-01' });
    expect(Object.keys(normalizeScope({ endDate: 'x', projectId: 'y' }))).toEqual(['projectId', 'endDate']);
    expect(normalizeScope({ extra: 'nope' } as never)).toEqual({});
  });

  it('derives one storage key per scope', () => {
    expect(jobStorageKey({})).toBe('insights:job:all');
    expect(jobStorageKey({ projectId: 'p1', startDate: '2024-01-01' })).toBe('insights:job:projectId=p1&startDate=2024-01-01');
    expect(jobStorageKey({ startDate: '2024-01-01', projectId: 'p1', endDate: '' })).toBe(jobStorageKey({ projectId: 'p1', startDate: '2024-01-01' }));
    expect(jobStorageKey({ projectId: 'p1' })).not.toBe(jobStorageKey({ projectId: 'p2' }));
  });

  it('keys the insights query by the normalized scope', () => {
    expect(insightsQueryKey({ projectId: 'p1', category: ' ' })).toEqual(['insights', { projectId: 'p1' }]);
  });

  it('knows finished job statuses and abort errors', () => {
    expect(['completed', 'failed', 'cancelled'].every(isFinishedStatus)).toBe(true);
    expect(['pending', 'processing', 'queued'].some(isFinishedStatus)).toBe(false);
    const abort = new Error('stopped');
    abort.name = 'AbortError';
    expect(isAbortError(abort)).toBe(true);
    expect(isAbortError(new Error('boom'))).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });
});

describe('job id store', () => {
  it('reads, writes and clears per key', () => {
    const storage = memoryStorage();
    const store = createJobIdStore(storage);
    store.write('k1', 'job-1');
    expect(store.read('k1')).toBe('job-1');
    expect(store.read('k2')).toBeNull();
    store.clear('k1');
    expect(storage.map.size).toBe(0);
  });

  it('falls back quietly when storage is missing or throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    for (const store of [createJobIdStore(null), createJobIdStore(broken)]) {
      expect(() => store.write('k', 'j')).not.toThrow();
      expect(store.read('k')).toBeNull();
      expect(() => store.clear('k')).not.toThrow();
    }
  });
});

describe('jobReducer', () => {
  const progress: JobProgress = { stage: 'map', percent: 40, chunksDone: 2, chunksTotal: 5, tokensUsed: 900 };

  it('treats a stored id as a running job', () => {
    expect(initialJobState('k', 'job-1')).toMatchObject({ status: 'running', jobId: 'job-1' });
    expect(initialJobState('k', null)).toMatchObject({ status: 'idle', jobId: null });
  });

  it('follows a job through progress to completion', () => {
    let state = jobReducer(initialJobState('k', null), { type: 'starting', key: 'k' });
    expect(state.status).toBe('starting');
    state = jobReducer(state, { type: 'following', key: 'k', jobId: 'j1' });
    state = jobReducer(state, { type: 'progress', key: 'k', jobId: 'j1', progress });
    expect(state).toMatchObject({ status: 'running', jobId: 'j1', progress });
    state = jobReducer(state, { type: 'completed', key: 'k', jobId: 'j1' });
    expect(state).toMatchObject({ status: 'completed', progress, error: null });
  });

  it('ignores actions for another scope or another job', () => {
    const running = jobReducer(initialJobState('k', null), { type: 'following', key: 'k', jobId: 'j1' });
    expect(jobReducer(running, { type: 'progress', key: 'k', jobId: 'j0', progress })).toBe(running);
    expect(jobReducer(running, { type: 'cancelled', key: 'other', jobId: 'j1' })).toBe(running);
    const cancelled = jobReducer(running, { type: 'cancelled', key: 'k', jobId: 'j1' });
    expect(jobReducer(cancelled, { type: 'progress', key: 'k', jobId: 'j1', progress })).toBe(cancelled);
  });

  it('keeps the error of a failure and clears it on a new start', () => {
    const error = new Error('rate limited');
    const failed = jobReducer(initialJobState('k', null), { type: 'failed', key: 'k', jobId: null, error });
    expect(failed).toMatchObject({ status: 'failed', error });
    expect(jobReducer(failed, { type: 'starting', key: 'k' })).toMatchObject({ status: 'starting', error: null });
  });
});
