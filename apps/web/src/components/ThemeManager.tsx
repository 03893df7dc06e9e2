import { memo, useState, type KeyboardEvent } from 'react';
import { InsightsApiError } from '@insights/client';
import { isPendingEdit, useThemeEdits, useThemes, type ThemeEditRequest, type ThemeEditView, type ThemesView, type ThemeView } from '@insights/react';
import { describeError } from '../errors';
import { WeeklyChart } from './WeeklyChart';

const KIND_LABELS: Record<string, string> = {
  pain_point: 'Pain point',
  feature_request: 'Feature request',
  praise: 'Praise',
  other: 'Theme',
};

const reason = (error: unknown) => describeError(error).message;

interface ManagedThemeProps {
  theme: ThemeView;
  others: ThemeView[];
  onEdit: (request: ThemeEditRequest) => Promise<unknown>;
}

function ManagedTheme({ theme, others, onEdit }: ManagedThemeProps) {
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState(theme.name);
  const [error, setError] = useState<string | null>(null);
  const [into, setInto] = useState('');
  const target = others.some((t) => t.id === into) ? into : '';

  const startRename = () => {
    setDraft(theme.name);
    setError(null);
    setRenaming(true);
  };
  const cancelRename = () => {
    setRenaming(false);
    setError(null);
  };
  const saveRename = () => {
    const name = draft.trim();
    if (!name) return setError('A theme needs a name.');
    if (name === theme.name) return cancelRename();
    // Shown at once; a refusal brings the old name back and the field with the reason.
    setRenaming(false);
    setError(null);
    onEdit({ action: 'rename', themeId: theme.id, name }).catch((failure: unknown) => {
      setDraft(name);
      setRenaming(true);
      setError(reason(failure));
    });
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      saveRename();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      cancelRename();
    }
  };
  const errorId = `rename-error-${theme.id}`;

  return (
    <li className={`managed-theme theme-${theme.kind}`} data-testid="managed-theme" data-theme-id={theme.id}>
      <div className="managed-head">
        {renaming ? (
          <input
            className="rename-input"
            data-testid="rename-input"
            aria-label={`New name for ${theme.name}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            value={draft}
            maxLength={80}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKey}
          />
        ) : (
          <span className="theme-name" data-testid="managed-theme-name">
            {theme.name}
          </span>
        )}
        <span className="badge">{KIND_LABELS[theme.kind] ?? theme.kind}</span>
        {theme.edited?.modelName && <span className="muted small">named “{theme.edited.modelName}” by the model</span>}
        {(theme.edited?.mergedIds?.length ?? 0) > 0 && (
          <span className="muted small" data-testid="merged-count">
            +{theme.edited!.mergedIds!.length} merged
          </span>
        )}
        <span className="managed-figures">
          <WeeklyChart name={theme.name} weekly={theme.weekly} />
          <span className="theme-count" data-testid="managed-theme-count" title={`${theme.count} feedback entries`}>
            {theme.count}
          </span>
        </span>
      </div>
      {error && (
        <p className="field-error" id={errorId} data-testid="rename-error" role="alert">
          {error}
        </p>
      )}
      <div className="managed-actions">
        {renaming ? (
          <>
            <button type="button" className="button button-small button-primary" data-testid="rename-save" onClick={saveRename}>
              Save
            </button>
            <button type="button" className="button button-small" data-testid="rename-cancel" onClick={cancelRename}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="button button-small" data-testid="rename" onClick={startRename}>
            Rename
          </button>
        )}
        {others.length > 0 && (
          <span className="merge-control">
            <select
              data-testid="merge-select"
              aria-label={`Merge ${theme.name} into another theme`}
              value={target}
              onChange={(event) => setInto(event.target.value)}
            >
              <option value="">Merge into…</option>
              {others.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button-small"
              data-testid="merge"
              disabled={!target}
              onClick={() => void onEdit({ action: 'merge', themeId: theme.id, intoThemeId: target }).catch(() => undefined)}
            >
              Merge
            </button>
          </span>
        )}
        <button
          type="button"
          className="button button-small button-ghost"
          data-testid="hide"
          onClick={() => void onEdit({ action: 'hide', themeId: theme.id }).catch(() => undefined)}
        >
          Hide
        </button>
      </div>
    </li>
  );
}

const quoted = (name: string | undefined) => (name ? `“${name}”` : 'a theme');

function describeEdit(edit: ThemeEditView, nameOf: (id: string | null | undefined) => string | undefined, view: ThemesView): string {
  switch (edit.action) {
    case 'rename': {
      const model = view.themes.find((t) => t.id === edit.themeId)?.edited?.modelName;
      return `Renamed ${quoted(model)} to “${edit.name ?? ''}”`;
    }
    case 'merge':
      return `Merged ${quoted(nameOf(edit.themeId))} into ${quoted(nameOf(edit.intoThemeId))}`;
    case 'hide':
      return `Hid ${quoted(nameOf(edit.themeId))}`;
  }
}

/**
 * The project's themes as its owner keeps them: rename (Enter saves, Escape cancels), merge into
 * another theme, hide, each shown at once and undoable; hidden themes can be shown again. The
 * themes are the project's latest result with its feedback since, whatever dates the page shows.
 */
export const ThemeManager = memo(function ThemeManager({ projectId }: { projectId: string }) {
  const themes = useThemes(projectId);
  const { edit, undo } = useThemeEdits(projectId);
  const [failure, setFailure] = useState<string | null>(null);
  // The names of the themes an edit names, as they were when it was made here: a theme merged
  // away is no longer in the view, yet its edit should still say which it was.
  const [editedNames, setEditedNames] = useState<Record<string, string>>({});
  const view = themes.data;
  const nameOf = (id: string | null | undefined) => {
    if (!id) return undefined;
    return view?.themes.find((t) => t.id === id)?.name ?? view?.hidden.find((t) => t.id === id)?.name ?? editedNames[id];
  };

  const onEdit = (request: ThemeEditRequest) => {
    setFailure(null);
    const named: Record<string, string> = {};
    for (const id of [request.themeId, request.action === 'merge' ? request.intoThemeId : undefined]) {
      const name = nameOf(id);
      if (id && name) named[id] = name;
    }
    setEditedNames((known) => ({ ...known, ...named }));
    return edit.mutateAsync(request).catch((error: unknown) => {
      // A refused rename is shown at its field.
      if (request.action !== 'rename') setFailure(`${request.action === 'merge' ? 'Merging' : 'Hiding'} failed: ${reason(error)}`);
      throw error;
    });
  };
  const onUndo = (editId: string) => {
    setFailure(null);
    undo.mutate(editId, { onError: (error) => setFailure(`Undo failed: ${reason(error)}`) });
  };
  const undoing = undo.isPending ? undo.variables : undefined;

  let body;
  if (themes.isPending) {
    body = <p className="muted">Loading the project’s themes…</p>;
  } else if (themes.error) {
    body =
      themes.error instanceof InsightsApiError && themes.error.status === 404 ? (
        <p className="muted" data-testid="managed-themes-none">
          No themes for this project yet: they appear once its insights have been generated.
        </p>
      ) : (
        <p className="field-error" role="alert" data-testid="managed-themes-error">
          The themes could not be read: {reason(themes.error)}
        </p>
      );
  } else if (view) {
    const edits = [...view.edits].reverse();
    body = (
      <>
        {view.themes.length === 0 ? (
          <p className="muted" data-testid="managed-themes-empty">
            {view.hidden.length > 0 ? 'No themes shown: every theme of the project is hidden.' : 'The latest insights have no themes to edit.'}
          </p>
        ) : (
          <ul className="managed-list" aria-label="Themes">
            {view.themes.map((theme) => (
              <ManagedTheme key={theme.id} theme={theme} others={view.themes.filter((t) => t.id !== theme.id)} onEdit={onEdit} />
            ))}
          </ul>
        )}
        {view.hidden.length > 0 && (
          <div className="managed-section" data-testid="hidden-themes">
            <h3>Hidden</h3>
            <ul className="managed-rows">
              {view.hidden.map((hidden) => {
                const hide = [...view.edits].reverse().find((e) => e.action === 'hide' && e.themeId === hidden.id);
                return (
                  <li key={hidden.id} data-testid="hidden-theme" data-theme-id={hidden.id}>
                    <span>
                      {hidden.name} <span className="muted small">({hidden.count})</span>
                    </span>
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="show-theme"
                      disabled={!hide || isPendingEdit(hide) || undoing === hide.id}
                      onClick={() => hide && onUndo(hide.id)}
                    >
                      Show
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {edits.length > 0 && (
          <div className="managed-section" data-testid="theme-edits">
            <h3>Edits</h3>
            <ul className="managed-rows">
              {edits.map((item) => (
                <li key={item.id} data-testid="theme-edit" data-action={item.action} data-pending={isPendingEdit(item) || undefined}>
                  <span>{describeEdit(item, nameOf, view)}</span>
                  <button
                    type="button"
                    className="button button-small"
                    data-testid="undo-edit"
                    disabled={isPendingEdit(item) || undoing === item.id}
                    onClick={() => onUndo(item.id)}
                  >
                    Undo
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </>
    );
  }

  return (
    <section className="card managed-themes" aria-labelledby="managed-themes-heading" data-testid="managed-themes">
      <div className="section-head">
        <h2 id="managed-themes-heading">Edit the project’s themes</h2>
        <span className="muted small">Latest insights for all dates, with the feedback since. Edits apply to every read and to later insights.</span>
      </div>
      {failure && (
        <p className="field-error" role="alert" data-testid="theme-edit-error">
          {failure}
        </p>
      )}
      {body}
    </section>
  );
});
