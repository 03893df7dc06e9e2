/**
 * What the theme hooks hold, and the edits the page shows before the API has answered. The
 * shapes are the parts of the API's answers the hooks and the page use; the API's answer always
 * replaces the guess once it arrives.
 */

/** Entries written in one week (`week`: its Monday, UTC, YYYY-MM-DD). */
export interface WeekCountView {
  week: string;
  count: number;
}

export interface ThemeView {
  id: string;
  name: string;
  kind: string;
  count: number;
  weekly: WeekCountView[];
  /** What the owner's edits did to it: the name the model gave it, the themes merged into it. */
  edited?: { modelName?: string; mergedIds?: string[] };
}

export interface HiddenThemeView {
  id: string;
  name: string;
  count: number;
}

export type ThemeEditAction = 'rename' | 'merge' | 'hide';

export interface ThemeEditView {
  id: string;
  action: ThemeEditAction;
  themeId: string;
  intoThemeId?: string | null;
  name?: string | null;
  createdAt: string;
}

/** A project's themes as its owner sees them: the latest result with live counts and its edits applied. */
export interface ThemesView {
  generatedAt: string;
  themes: ThemeView[];
  hidden: HiddenThemeView[];
  /** The active edits, to undo. */
  edits: ThemeEditView[];
}

export type ThemeEditRequest =
  { action: 'rename'; themeId: string; name: string } | { action: 'merge'; themeId: string; intoThemeId: string } | { action: 'hide'; themeId: string };

export interface ThemeAlertSettingsView {
  alertsEnabled: boolean;
  digestEnabled: boolean;
  minNewThemeSize: number;
  webhookConfigured: boolean;
}

export type ThemeAlertSettingsPatch = Partial<Pick<ThemeAlertSettingsView, 'alertsEnabled' | 'digestEnabled' | 'minNewThemeSize'>>;

// An edit the page shows before the API has given it an id: it cannot be undone yet.
const PENDING_PREFIX = 'pending:';
let pendingSeq = 0;

export function isPendingEdit(edit: Pick<ThemeEditView, 'id'>): boolean {
  return edit.id.startsWith(PENDING_PREFIX);
}

/** Two themes' weekly counts added week by week, oldest week first. */
export function mergeWeekly(a: readonly WeekCountView[], b: readonly WeekCountView[]): WeekCountView[] {
  const byWeek = new Map<string, number>();
  for (const { week, count } of [...a, ...b]) byWeek.set(week, (byWeek.get(week) ?? 0) + count);
  return [...byWeek].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([week, count]) => ({ week, count }));
}

function pendingEdit(request: ThemeEditRequest, now: Date): ThemeEditView {
  return {
    id: `${PENDING_PREFIX}${++pendingSeq}`,
    action: request.action,
    themeId: request.themeId,
    intoThemeId: request.action === 'merge' ? request.intoThemeId : null,
    name: request.action === 'rename' ? request.name.trim() : null,
    createdAt: now.toISOString(),
  };
}

/**
 * The view as it will be once the API has made the edit. A merge adds the two counts: an entry
 * both themes cite is counted twice until the API's own count (which counts it once) arrives.
 * An edit of a theme the view does not show changes nothing. Never changes `view`.
 */
export function applyThemeEdit(view: ThemesView, request: ThemeEditRequest, now = new Date()): ThemesView {
  const theme = view.themes.find((t) => t.id === request.themeId);
  if (!theme) return view;
  const edits = [...view.edits, pendingEdit(request, now)];
  switch (request.action) {
    case 'rename': {
      const name = request.name.trim();
      const edited = { ...theme.edited, modelName: theme.edited?.modelName ?? theme.name };
      return { ...view, themes: view.themes.map((t) => (t === theme ? { ...t, name, edited } : t)), edits };
    }
    case 'merge': {
      const into = view.themes.find((t) => t.id === request.intoThemeId);
      if (!into || into === theme) return view;
      const merged: ThemeView = {
        ...into,
        count: into.count + theme.count,
        weekly: mergeWeekly(into.weekly, theme.weekly),
        edited: { ...into.edited, mergedIds: [...(into.edited?.mergedIds ?? []), theme.id, ...(theme.edited?.mergedIds ?? [])] },
      };
      return { ...view, themes: view.themes.filter((t) => t !== theme).map((t) => (t === into ? merged : t)), edits };
    }
    case 'hide':
      return {
        ...view,
        themes: view.themes.filter((t) => t !== theme),
        hidden: [...view.hidden, { id: theme.id, name: theme.name, count: theme.count }],
        edits,
      };
  }
}

/**
 * The view once an edit is undone, as far as the view itself can tell: the edit leaves the list,
 * a hidden theme leaves the hidden list (the API's answer brings it back among the themes), and a
 * renamed theme gets the model's name back when no other rename of it stays. A merge stays
 * merged until the API answers: the merged theme's own figures are not in the view.
 */
export function withoutEdit(view: ThemesView, editId: string): ThemesView {
  const edit = view.edits.find((e) => e.id === editId);
  if (!edit) return view;
  const edits = view.edits.filter((e) => e !== edit);
  if (edit.action === 'hide') {
    const stillHidden = edits.some((e) => e.action === 'hide' && e.themeId === edit.themeId);
    return { ...view, hidden: stillHidden ? view.hidden : view.hidden.filter((h) => h.id !== edit.themeId), edits };
  }
  if (edit.action === 'rename' && !edits.some((e) => e.action === 'rename' && e.themeId === edit.themeId)) {
    const themes = view.themes.map((t) => {
      if (t.id !== edit.themeId || !t.edited?.modelName) return t;
      const { modelName, ...rest } = t.edited;
      return { ...t, name: modelName, edited: Object.keys(rest).length > 0 ? rest : undefined };
    });
    return { ...view, themes, edits };
  }
  return { ...view, edits };
}

/** The settings with the fields a change gives (an undefined field changes nothing). */
export function withSettings(settings: ThemeAlertSettingsView, patch: ThemeAlertSettingsPatch): ThemeAlertSettingsView {
  const next = { ...settings };
  for (const [field, value] of Object.entries(patch) as [keyof ThemeAlertSettingsPatch, unknown][]) {
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  return next;
}
