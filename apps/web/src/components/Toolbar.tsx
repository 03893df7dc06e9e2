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
  return (
    <section className="toolbar card" aria-label="Filters">
      <label className="field">
        <span>Project</span>
        <select
          data-testid="project-select"
          value={projectId}
          onChange={(event) => onProjectChange(event.target.value)}
          disabled={projects.length === 0}
        >
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
          value={range.startDate}
          max={range.endDate || undefined}
          onChange={(event) => onRangeChange({ ...range, startDate: event.target.value })}
        />
      </label>
      <label className="field">
        <span>To</span>
        <input
          type="date"
          data-testid="end-date"
          value={range.endDate}
          min={range.startDate || undefined}
          onChange={(event) => onRangeChange({ ...range, endDate: event.target.value })}
        />
      </label>
      {(range.startDate || range.endDate) && (
        <button
          type="button"
          className="button button-ghost"
          data-testid="clear-dates"
          onClick={() => onRangeChange({ startDate: '', endDate: '' })}
        >
          All dates
        </button>
      )}
      <button
        type="button"
        className="button button-primary toolbar-generate"
        data-testid="generate"
        disabled={!canGenerate}
        onClick={onGenerate}
      >
        Generate new insights
      </button>
    </section>
  );
}
