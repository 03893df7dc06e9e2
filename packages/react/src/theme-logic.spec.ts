import { describe, expect, it } from '@jest/globals';
import { digestPreviewQueryKey, themeAlertSettingsQueryKey, themesQueryKey } from './scope.js';
import {
  applyThemeEdit,
  isPendingEdit,
  mergeWeekly,
  withoutEdit,
  withSettings,
  type ThemeAlertSettingsView,
  type ThemeEditView,
  type ThemesView,
} from './theme-edits.js';

const view = (): ThemesView => ({
  generatedAt: '2026-11-30T10:00:00.000Z',
  themes: [
    {
      id: 'th_aaaaaaaaaa',
      name: 'Slow export',
      kind: 'pain_point',
      count: 7,
      weekly: [
        { week: '2026-11-16', count: 3 },
        { week: '2026-11-23', count: 4 },
      ],
    },
    {
      id: 'th_bbbbbbbbbb',
      name: 'CSV export',
      kind: 'feature_request',
      count: 5,
      weekly: [
        { week: '2026-11-09', count: 1 },
        { week: '2026-11-23', count: 4 },
      ],
    },
    { id: 'th_cccccccccc', name: 'Dark mode', kind: 'feature_request', count: 2, weekly: [{ week: '2026-11-23', count: 2 }] },
  ],
  hidden: [],
  edits: [],
});

const NOW = new Date('2026-12-01T08:00:00.000Z');

describe('theme query keys', () => {
  it('keys each project apart and each kind of read apart', () => {
    expect(themesQueryKey('p1')).toEqual(['themes', 'p1']);
    expect(themesQueryKey('p1')).not.toEqual(themesQueryKey('p2'));
    expect(themeAlertSettingsQueryKey('p1')).toEqual(['theme-alerts', 'p1']);
    expect(digestPreviewQueryKey('p1')).toEqual(['digest-preview', 'p1']);
  });
});

describe('mergeWeekly', () => {
  it('adds the counts of shared weeks and keeps the weeks in order', () => {
    const merged = mergeWeekly(
      [
        { week: '2026-11-16', count: 3 },
        { week: '2026-11-23', count: 4 },
      ],
      [
        { week: '2026-11-09', count: 1 },
        { week: '2026-11-23', count: 4 },
      ],
    );
    expect(merged).toEqual([
      { week: '2026-11-09', count: 1 },
      { week: '2026-11-16', count: 3 },
      { week: '2026-11-23', count: 8 },
    ]);
  });
});

describe('applyThemeEdit (what the page shows before the API answers)', () => {
  it('renames a theme, remembers the name the model gave it, and lists a pending edit', () => {
    const next = applyThemeEdit(view(), { action: 'rename', themeId: 'th_aaaaaaaaaa', name: '  Exports are slow ' }, NOW);
    expect(next.themes[0]).toMatchObject({ id: 'th_aaaaaaaaaa', name: 'Exports are slow', edited: { modelName: 'Slow export' } });
    expect(next.themes.map((t) => t.name)).toEqual(['Exports are slow', 'CSV export', 'Dark mode']);
    expect(next.edits).toHaveLength(1);
    expect(next.edits[0]).toMatchObject({ action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'Exports are slow', createdAt: NOW.toISOString() });
    expect(isPendingEdit(next.edits[0]!)).toBe(true);
  });

  it('a second rename keeps the model’s name, not the first rename', () => {
    const once = applyThemeEdit(view(), { action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'First' }, NOW);
    const twice = applyThemeEdit(once, { action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'Second' }, NOW);
    expect(twice.themes[0]).toMatchObject({ name: 'Second', edited: { modelName: 'Slow export' } });
  });

  it('merges one theme into another: one card, counts and weeks added, the merged id remembered', () => {
    const next = applyThemeEdit(view(), { action: 'merge', themeId: 'th_bbbbbbbbbb', intoThemeId: 'th_aaaaaaaaaa' }, NOW);
    expect(next.themes.map((t) => t.id)).toEqual(['th_aaaaaaaaaa', 'th_cccccccccc']);
    expect(next.themes[0]).toMatchObject({ count: 12, edited: { mergedIds: ['th_bbbbbbbbbb'] } });
    expect(next.themes[0]!.weekly).toEqual([
      { week: '2026-11-09', count: 1 },
      { week: '2026-11-16', count: 3 },
      { week: '2026-11-23', count: 8 },
    ]);
    expect(next.edits[0]).toMatchObject({ action: 'merge', themeId: 'th_bbbbbbbbbb', intoThemeId: 'th_aaaaaaaaaa' });
  });

  it('hides a theme: gone from the themes, listed as hidden with its count', () => {
    const next = applyThemeEdit(view(), { action: 'hide', themeId: 'th_cccccccccc' }, NOW);
    expect(next.themes.map((t) => t.id)).toEqual(['th_aaaaaaaaaa', 'th_bbbbbbbbbb']);
    expect(next.hidden).toEqual([{ id: 'th_cccccccccc', name: 'Dark mode', count: 2 }]);
    expect(next.edits[0]).toMatchObject({ action: 'hide', themeId: 'th_cccccccccc' });
  });

  it('leaves the view as it is for a theme it does not show, or a merge into itself', () => {
    const before = view();
    expect(applyThemeEdit(before, { action: 'hide', themeId: 'th_zzzzzzzzzz' }, NOW)).toBe(before);
    expect(applyThemeEdit(before, { action: 'merge', themeId: 'th_aaaaaaaaaa', intoThemeId: 'th_aaaaaaaaaa' }, NOW)).toBe(before);
    expect(applyThemeEdit(before, { action: 'merge', themeId: 'th_aaaaaaaaaa', intoThemeId: 'th_zzzzzzzzzz' }, NOW)).toBe(before);
  });

  it('never changes the view it was given (the rollback restores that one)', () => {
    const before = view();
    const copy = JSON.parse(JSON.stringify(before)) as ThemesView;
    applyThemeEdit(before, { action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'X' }, NOW);
    applyThemeEdit(before, { action: 'merge', themeId: 'th_bbbbbbbbbb', intoThemeId: 'th_aaaaaaaaaa' }, NOW);
    applyThemeEdit(before, { action: 'hide', themeId: 'th_cccccccccc' }, NOW);
    expect(before).toEqual(copy);
  });
});

describe('withoutEdit (an undo before the API answers)', () => {
  const edit = (fields: Partial<ThemeEditView>): ThemeEditView => ({
    id: 'e1',
    action: 'hide',
    themeId: 'th_cccccccccc',
    intoThemeId: null,
    name: null,
    createdAt: NOW.toISOString(),
    ...fields,
  });

  it('drops the edit from the list and a hidden theme from the hidden list', () => {
    const hidden: ThemesView = { ...view(), hidden: [{ id: 'th_dddddddddd', name: 'Pricing', count: 4 }], edits: [edit({ themeId: 'th_dddddddddd' })] };
    const next = withoutEdit(hidden, 'e1');
    expect(next.edits).toEqual([]);
    expect(next.hidden).toEqual([]);
  });

  it('gives a renamed theme the model’s name back when no other rename of it stays', () => {
    const renamed: ThemesView = {
      ...view(),
      themes: view().themes.map((t) => (t.id === 'th_aaaaaaaaaa' ? { ...t, name: 'Exports', edited: { modelName: 'Slow export' } } : t)),
      edits: [edit({ id: 'e1', action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'Exports' })],
    };
    expect(withoutEdit(renamed, 'e1').themes[0]).toMatchObject({ name: 'Slow export' });
    const twice = { ...renamed, edits: [edit({ id: 'e0', action: 'rename', themeId: 'th_aaaaaaaaaa', name: 'Older' }), ...renamed.edits] };
    // Another rename stays: the name it gives is not known here, the API's answer will say.
    expect(withoutEdit(twice, 'e1').themes[0]).toMatchObject({ name: 'Exports' });
  });

  it('leaves the view as it is for an edit it does not list', () => {
    const before = view();
    expect(withoutEdit(before, 'nope')).toBe(before);
  });
});

describe('withSettings', () => {
  it('applies only the fields given', () => {
    const settings: ThemeAlertSettingsView = { alertsEnabled: false, digestEnabled: true, minNewThemeSize: 10, webhookConfigured: true };
    expect(withSettings(settings, { alertsEnabled: true })).toEqual({ ...settings, alertsEnabled: true });
    expect(withSettings(settings, { minNewThemeSize: 4, digestEnabled: undefined })).toEqual({ ...settings, minNewThemeSize: 4 });
    expect(settings.alertsEnabled).toBe(false);
  });
});
