import type { JobProgress } from '@insights/client';

const STAGE_LABELS: Record<string, string> = {
  queued: 'Waiting in the queue',
  stats: 'Computing statistics',
  map: 'Reading feedback',
  reduce: 'Combining themes',
  finalize: 'Writing recommendations',
  done: 'Done',
};

interface JobProgressBarProps {
  progress: JobProgress | null;
  /** The job is being created: no id, no progress yet. */
  starting: boolean;
  onCancel: () => void;
}

export function JobProgressBar({ progress, starting, onCancel }: JobProgressBarProps) {
  const stage = starting ? 'starting' : (progress?.stage ?? 'queued');
  const percent = Math.round(Math.min(100, Math.max(0, progress?.percent ?? 0)));
  const label = starting ? 'Starting…' : (STAGE_LABELS[stage] ?? stage);

  return (
    <section className="card job-progress" aria-label="Generating insights">
      <div className="job-progress-head">
        <strong data-testid="progress-stage" data-stage={stage}>
          {label}
        </strong>
        <span className="muted" data-testid="progress-chunks">
          {progress?.chunksDone ?? 0} / {progress?.chunksTotal ?? 0} chunks
        </span>
        <span className="job-progress-percent" data-testid="progress-percent">
          {percent}%
        </span>
        <button type="button" className="button button-small" data-testid="cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div
        className="progress-track"
        data-testid="progress"
        role="progressbar"
        aria-label="Generation progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${label}, ${percent}%`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {progress && progress.tokensUsed > 0 && <p className="muted small">{progress.tokensUsed.toLocaleString()} tokens used so far</p>}
    </section>
  );
}
