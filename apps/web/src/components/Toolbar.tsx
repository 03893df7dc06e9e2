import { useEffect, useState, type FormEvent } from 'react';
import type { Project } from '@insights/client';

export interface DateRange {
  startDate: string;
  endDate: string;
}

interface ToolbarProps {
  projects: Project[];
  projectId: string;
  onProjectChange: (projectId: string) => void;
  range: DateRange;
  onRangeChange: (range: DateRange) => void;
  canGenerate: boolean;
  onGenerate: () => void;
}

export function Toolbar({ projects, projectId, onProjectChange, range, onRangeChange, canGenerate, onGenerate }: ToolbarProps) {
  // Dates are a draft until applied: every scope a read asks for may queue a generation, so a
  // half-picked range (a start date without its end yet) must not be asked for.
  const [draft, setDraft] = useState(range);
  // eslint-disable-next-line react-hooks/set-state-in-effect, react-hooks/exhaustive-deps -- a newly applied range (its two dates) replaces the draft
  useEffect(() => setDraft(range), [range.startDate, range.endDate]);
  const changed = draft.startDate !== range.startDate || draft.endDate !== range.endDate;
  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    if (changed) onRangeChange(draft);
  };

  return (
    <form className="toolbar card" aria-label="Filters" onSubmit={apply}>
      <label className="field">
        <span>Project</span>
        <select data-testid="project-select" value={projectId} onChange={(event) => onProjectChange(event.target.value)} disabled={projects.length === 0}>
          {projects.length === 0 && <option value="">No projects</option>}
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input
          type="date"
          data-testid="start-date"
          value={draft.startDate}
          max={draft.endDate || undefined}
          onChange={(event) => setDraft({ ...draft, startDate: event.target.value })}
        />
      </label>
      <label className="field">
        <span>To</span>
        <input
          type="date"
          data-testid="end-date"
          value={draft.endDate}
          min={draft.startDate || undefined}
          onChange={(event) => setDraft({ ...draft, endDate: event.target.value })}
        />
      </label>
      {changed && (
        <button type="submit" className="button" data-testid="apply-dates">
          Apply dates
        </button>
      )}
      {!changed && (range.startDate || range.endDate) && (
        <button type="button" className="button button-ghost" data-testid="clear-dates" onClick={() => onRangeChange({ startDate: '', endDate: '' })}>
          All dates
        </button>
      )}
      <button type="button" className="button button-primary toolbar-generate" data-testid="generate" disabled={!canGenerate} onClick={onGenerate}>
        Generate new insights
      </button>
    </form>
  );
}
