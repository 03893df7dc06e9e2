import { memo, useState, type FormEvent } from 'react';
import { useDigestPreview, useThemeAlertSettings, useUpdateThemeAlertSettings, type ThemeAlertSettingsPatch } from '@insights/react';
import { describeError } from '../errors';

const reason = (error: unknown) => describeError(error).message;

const weekLabel = (week: string) =>
  new Date(`${week.slice(0, 10)}T00:00:00Z`).toLocaleDateString(undefined, { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** A project's theme alerts and weekly digest: on or off, from what size a new theme alerts, and the digest as it would go out now. */
export const ThemeAlerts = memo(function ThemeAlerts({ projectId }: { projectId: string }) {
  const settings = useThemeAlertSettings(projectId);
  const update = useUpdateThemeAlertSettings(projectId);
  const [previewAsked, setPreviewAsked] = useState(false);
  const preview = useDigestPreview(projectId, { enabled: previewAsked });
  // The size is a draft until saved, so typing "12" does not save "1" on the way.
  const [sizeDraft, setSizeDraft] = useState<string | null>(null);
  const [sizeError, setSizeError] = useState<string | null>(null);

  // A switch flips in the click's own render (a controlled checkbox would flip back until the
  // hook's optimistic update lands a moment later); the stored value takes over once settled.
  const [flipping, setFlipping] = useState<Pick<ThemeAlertSettingsPatch, 'alertsEnabled' | 'digestEnabled'>>({});
  const flip = (field: 'alertsEnabled' | 'digestEnabled', value: boolean) => {
    setFlipping((now) => ({ ...now, [field]: value }));
    update.mutate({ [field]: value }, { onSettled: () => setFlipping((now) => ({ ...now, [field]: undefined })) });
  };

  const current = settings.data;
  const size = sizeDraft ?? String(current?.minNewThemeSize ?? '');
  const sizeChanged = current !== undefined && sizeDraft !== null && sizeDraft !== String(current.minNewThemeSize);

  const saveSize = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(size);
    if (!Number.isInteger(value) || value < 1) return setSizeError('Enter a whole number of entries, 1 or more.');
    setSizeError(null);
    update.mutate({ minNewThemeSize: value }, { onSuccess: () => setSizeDraft(null), onError: (error) => setSizeError(reason(error)) });
  };
  const showPreview = () => {
    if (previewAsked) void preview.refetch();
    else setPreviewAsked(true);
  };

  let body;
  if (settings.isPending) body = <p className="muted">Loading the settings…</p>;
  else if (settings.error || !current)
    body = (
      <p className="field-error" role="alert" data-testid="theme-alerts-error">
        The settings could not be read: {reason(settings.error)}
      </p>
    );
  else
    body = (
      <>
        {!current.webhookConfigured && (
          <p className="notice notice-muted small" data-testid="webhook-missing">
            This project has no Slack webhook yet: alerts and the digest are posted to the project’s own channel, so they can be turned on once the project has
            one.
          </p>
        )}
        <div className="settings-toggles">
          <label className="toggle">
            <input
              type="checkbox"
              data-testid="alerts-enabled"
              checked={flipping.alertsEnabled ?? current.alertsEnabled}
              disabled={!current.webhookConfigured && !current.alertsEnabled}
              onChange={(event) => flip('alertsEnabled', event.target.checked)}
            />
            <span>
              <strong>Alerts</strong>
              <span className="muted small">A message when a theme spikes, or a new theme reaches the size below.</span>
            </span>
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              data-testid="digest-enabled"
              checked={flipping.digestEnabled ?? current.digestEnabled}
              disabled={!current.webhookConfigured && !current.digestEnabled}
              onChange={(event) => flip('digestEnabled', event.target.checked)}
            />
            <span>
              <strong>Weekly digest</strong>
              <span className="muted small">Every Monday: the themes that moved most and the new ones.</span>
            </span>
          </label>
        </div>
        <form className="settings-size" onSubmit={saveSize}>
          <label className="field">
            <span>A new theme alerts from</span>
            <span className="settings-size-input">
              <input
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                data-testid="min-new-theme-size"
                value={size}
                onChange={(event) => setSizeDraft(event.target.value)}
              />
              <span className="muted small">entries</span>
            </span>
          </label>
          {sizeChanged && (
            <button type="submit" className="button button-small" data-testid="save-min-size" disabled={update.isPending}>
              Save
            </button>
          )}
        </form>
        {sizeError && (
          <p className="field-error" role="alert" data-testid="min-size-error">
            {sizeError}
          </p>
        )}
        {update.error && !sizeError && (
          <p className="field-error" role="alert" data-testid="settings-error">
            The change was not saved: {reason(update.error)}
          </p>
        )}
        <div className="digest-preview-head">
          <button type="button" className="button button-small" data-testid="digest-preview-button" onClick={showPreview} disabled={preview.isFetching}>
            {preview.isFetching ? 'Building the preview…' : 'Preview the digest'}
          </button>
        </div>
        {preview.error && (
          <p className="field-error" role="alert" data-testid="digest-preview-error">
            The preview could not be built: {reason(preview.error)}
          </p>
        )}
        {preview.data && !preview.error && (
          <figure className="digest-preview">
            <figcaption className="muted small">Digest for the week of {weekLabel(preview.data.weekOf)}, as it would be sent now</figcaption>
            <pre data-testid="digest-preview">{preview.data.text}</pre>
          </figure>
        )}
      </>
    );

  return (
    <section className="card theme-alerts" aria-labelledby="theme-alerts-heading" data-testid="theme-alerts">
      <div className="section-head">
        <h2 id="theme-alerts-heading">Alerts and weekly digest</h2>
      </div>
      {body}
    </section>
  );
});
