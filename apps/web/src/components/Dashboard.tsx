import { useEffect, useMemo } from 'react';
import type { InsightsScope, SearchFilters } from '@insights/client';
import { useInsights, useInsightsJob, useProjects } from '@insights/react';
import { useUrlFilters } from '../url-filters';
import { AskBox } from './AskBox';
import { ErrorNotice } from './ErrorNotice';
import { JobProgressBar } from './JobProgressBar';
import { Results } from './Results';
import { Skeleton } from './Skeleton';
import { ThemeAlerts } from './ThemeAlerts';
import { ThemeManager } from './ThemeManager';
import { Toolbar } from './Toolbar';

export function Dashboard({ onSignOut }: { onSignOut: () => void }) {
  const projects = useProjects();
  const [filters, setFilters] = useUrlFilters();
  const known = projects.data?.some((project) => project.id === filters.projectId);
  const projectId = (known ? filters.projectId : projects.data?.[0]?.id) ?? '';
  const { startDate, endDate } = filters;
  // A project picked by default (none in the address, or one the user no longer has) goes into
  // the address too, so a reload or a shared link shows the same project and resumes its job.
  useEffect(() => {
    if (projectId && projectId !== filters.projectId) setFilters({ ...filters, projectId });
  }, [projectId, filters, setFilters]);
  const scope = useMemo<InsightsScope>(
    () => ({ projectId: projectId || undefined, startDate: startDate || undefined, endDate: endDate || undefined }),
    [projectId, startDate, endDate],
  );
  const askFilters = useMemo<SearchFilters>(() => ({ startDate: startDate || undefined, endDate: endDate || undefined }), [startDate, endDate]);
  const ready = projects.isSuccess;
  const read = useInsights(scope, { enabled: ready });
  const job = useInsightsJob(scope);
  const { follow, status: jobStatus } = job;

  // Nothing cached: the read itself queued a job. Follow it as if "Generate" had been pressed,
  // unless the user already acted on this scope (cancelled, failed, finished).
  const queuedJobId = read.data?.kind === 'job' ? read.data.job.jobId : null;
  useEffect(() => {
    if (queuedJobId && jobStatus === 'idle') follow(queuedJobId);
  }, [queuedJobId, jobStatus, follow]);

  const result = read.data?.kind === 'result' ? read.data : null;
  let failure: { error: unknown; retry: () => void } | null = null;
  if (job.status === 'failed') failure = { error: job.error, retry: job.start };
  else if (read.error && !job.isRunning) failure = { error: read.error, retry: () => void read.refetch() };
  else if (projects.error) failure = { error: projects.error, retry: () => void projects.refetch() };
  const loading = !projects.error && (projects.isPending || (ready && read.isPending && !read.error));

  return (
    <div className="dashboard">
      <Toolbar
        projects={projects.data ?? []}
        projectId={projectId}
        onProjectChange={(id) => setFilters({ ...filters, projectId: id })}
        range={filters}
        onRangeChange={(range) => setFilters({ ...filters, startDate: range.startDate, endDate: range.endDate })}
        canGenerate={ready && !job.isRunning}
        onGenerate={job.start}
      />

      {failure && <ErrorNotice error={failure.error} onRetry={failure.retry} onSignOut={onSignOut} />}

      {job.isRunning && <JobProgressBar progress={job.progress} starting={job.status === 'starting'} onCancel={job.cancel} />}

      {job.status === 'cancelled' && (
        <p className="notice notice-muted" data-testid="cancelled" role="status">
          Cancelled. {result ? 'The insights below are the previous ones.' : 'No new insights were generated.'}
        </p>
      )}

      {result?.stale && !job.isRunning && (
        <div className="notice notice-warning" data-testid="stale-banner" role="status">
          <span>New feedback arrived since these insights were generated.</span>
          <button type="button" className="button button-small" data-testid="refresh" onClick={job.start}>
            Refresh
          </button>
        </div>
      )}

      {loading && <Skeleton />}

      {ready && read.data?.kind === 'job' && !job.isRunning && !failure && job.status !== 'cancelled' && (
        <p className="notice notice-muted" data-testid="empty">
          No insights for this selection yet. Generate them to see themes, pain points and recommendations.
        </p>
      )}

      {result && <Results result={result.result} cached={result.cached} />}

      {ready && projectId && (
        <>
          <AskBox projectId={projectId} filters={askFilters} />
          <ThemeManager projectId={projectId} />
          <ThemeAlerts projectId={projectId} />
        </>
      )}
    </div>
  );
}
