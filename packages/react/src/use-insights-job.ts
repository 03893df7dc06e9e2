import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { InsightsJobError, type InsightsRead, type InsightsScope, type Job, type JobProgress } from '@insights/client';
import { useInsightsClient } from './context.js';
import { browserSessionStorage, createJobIdStore, type KeyValueStorage } from './job-store.js';
import { initialJobState, isActivePhase, jobReducer, type InsightsJob } from './job-state.js';
import { digestPreviewQueryKey, insightsQueryKey, isAbortError, isFinishedStatus, jobStorageKey, normalizeScope, themesQueryKey } from './scope.js';

export interface UseInsightsJobOptions {
  /** Where the active job id survives a reload: sessionStorage by default, null for nowhere. Read once. */
  storage?: KeyValueStorage | null;
}

/** One attempt to create or follow a job; a newer attempt, unmount or a scope change supersedes it. */
interface Run {
  key: string;
  scope: InsightsScope;
  jobId: string | null;
  controller: AbortController;
  cancelled: boolean;
}

export function useInsightsJob(scope: InsightsScope, options: UseInsightsJobOptions = {}): InsightsJob {
  const client = useInsightsClient();
  const queryClient = useQueryClient();
  const key = jobStorageKey(scope);
  const [store] = useState(() => createJobIdStore(options.storage === undefined ? browserSessionStorage() : options.storage));
  const [stored, dispatch] = useReducer(jobReducer, undefined, () => initialJobState(key, store.read(key)));
  // Another scope has its own job: switch during render so no frame shows the previous one.
  let state = stored;
  if (stored.key !== key) {
    state = initialJobState(key, store.read(key));
    dispatch({ type: 'reset', key, jobId: state.jobId });
  }

  const runRef = useRef<Run | null>(null);
  const isCurrent = (run: Run) => runRef.current === run && !run.controller.signal.aborted;
  const { mutateAsync: createJob } = useMutation({ mutationFn: (run: Run) => client.createJob(run.scope) });

  const begin = useCallback(
    (jobId: string | null): Run => {
      runRef.current?.controller.abort();
      const run = { key, scope: normalizeScope(scope), jobId, controller: new AbortController(), cancelled: false };
      runRef.current = run;
      return run;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is derived from the normalized scope, so it stands for the scope here
    [key],
  );

  const complete = useCallback(
    (run: Run, jobId: string, job: Job | undefined) => {
      store.clear(run.key);
      dispatch({ type: 'completed', key: run.key, jobId, job });
      const queryKey = insightsQueryKey(run.scope);
      if (job?.result) {
        // The job's own result is the freshest there is: re-reading it would only relabel it cached.
        const read: InsightsRead = { kind: 'result', result: job.result, cached: false, stale: false };
        queryClient.setQueryData(queryKey, read);
      } else {
        void queryClient.invalidateQueries({ queryKey, exact: true });
      }
      // A new result may be the project's latest: its themes and digest follow it.
      const { projectId } = run.scope;
      if (projectId) {
        void queryClient.invalidateQueries({ queryKey: themesQueryKey(projectId) });
        void queryClient.invalidateQueries({ queryKey: digestPreviewQueryKey(projectId) });
      }
    },
    [store, queryClient],
  );

  const fail = useCallback(
    (run: Run, error: unknown) => {
      // A finished job will not resume; a failed request (network, auth) may, so its id stays.
      if (error instanceof InsightsJobError) store.clear(run.key);
      if (error instanceof InsightsJobError && error.status === 'cancelled') {
        dispatch({ type: 'cancelled', key: run.key, jobId: run.jobId });
      } else {
        dispatch({ type: 'failed', key: run.key, jobId: run.jobId, error });
      }
    },
    [store],
  );

  const watch = useCallback(
    (run: Run, jobId: string, seen?: Job) => {
      run.jobId = jobId;
      store.write(run.key, jobId);
      dispatch({ type: 'following', key: run.key, jobId });
      if (seen) dispatch({ type: 'progress', key: run.key, jobId, progress: seen.progressDetail, job: seen });
      const onProgress = (progress: JobProgress, job?: Job) => {
        if (isCurrent(run)) dispatch({ type: 'progress', key: run.key, jobId, progress, job });
      };
      client.waitForInsights(jobId, { onProgress, signal: run.controller.signal }).then(
        (job) => {
          if (!isCurrent(run)) return;
          runRef.current = null;
          complete(run, jobId, job);
        },
        (error: unknown) => {
          if (!isCurrent(run) || isAbortError(error)) return;
          runRef.current = null;
          fail(run, error);
        },
      );
    },
    [client, store, complete, fail],
  );

  const follow = useCallback(
    (jobId: string) => {
      const active = runRef.current;
      if (active?.jobId === jobId && !active.controller.signal.aborted) return;
      watch(begin(jobId), jobId);
    },
    [begin, watch],
  );

  const start = useCallback(() => {
    const run = begin(null);
    dispatch({ type: 'starting', key: run.key });
    createJob(run).then(
      (created) => {
        if (!isCurrent(run)) {
          // Cancelled before the API answered: the job exists now, so cancel it for real.
          if (run.cancelled) client.cancelJob(created.jobId).catch(() => undefined);
          return;
        }
        if (created.status !== 'completed') return watch(run, created.jobId);
        runRef.current = null;
        complete(run, created.jobId, undefined);
      },
      (error: unknown) => {
        if (!isCurrent(run)) return;
        runRef.current = null;
        fail(run, error);
      },
    );
  }, [begin, createJob, client, watch, complete, fail]);

  const cancel = useCallback(() => {
    const run = runRef.current;
    if (!run) return;
    run.cancelled = true;
    run.controller.abort();
    runRef.current = null;
    store.clear(run.key);
    dispatch({ type: 'cancelled', key: run.key, jobId: run.jobId });
    if (!run.jobId) return;
    const jobId = run.jobId;
    client.cancelJob(jobId).then(
      // The job may have finished before the cancel reached it: then its result is real.
      (job) => {
        if (job?.status === 'completed' && runRef.current === null) complete(run, jobId, job);
      },
      (error: unknown) => {
        if (runRef.current === null) dispatch({ type: 'failed', key: run.key, jobId, error });
      },
    );
  }, [client, store, complete]);

  // Resume the job a reload interrupted; leaving the scope (or unmounting) stops following it.
  useEffect(() => {
    const storedId = store.read(key);
    if (storedId) {
      const run = begin(storedId);
      client.getJob(storedId).then(
        (job) => {
          if (!isCurrent(run)) return;
          if (job && !isFinishedStatus(job.status)) return watch(run, storedId, job);
          runRef.current = null;
          store.clear(key);
          dispatch({ type: 'reset', key, jobId: null });
        },
        (error: unknown) => {
          if (!isCurrent(run)) return;
          runRef.current = null;
          fail(run, error);
        },
      );
    }
    return () => {
      runRef.current?.controller.abort();
      runRef.current = null;
    };
  }, [key, client, store, begin, watch, fail]);

  return useMemo(
    () => ({
      jobId: state.jobId,
      status: state.status,
      progress: state.progress,
      job: state.job,
      error: state.error,
      isRunning: isActivePhase(state.status),
      start,
      follow,
      cancel,
    }),
    [state, start, follow, cancel],
  );
}
