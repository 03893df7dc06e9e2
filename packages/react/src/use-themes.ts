import { useMutation, useQuery, useQueryClient, type QueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import type { InsightsClient } from '@insights/client';
import { useInsightsClient } from './context.js';
import { shouldRetry, type QueryToggle } from './queries.js';
import { digestPreviewQueryKey, themeAlertSettingsQueryKey, themesQueryKey } from './scope.js';
import {
  applyThemeEdit,
  withoutEdit,
  withSettings,
  type ThemeAlertSettingsPatch,
  type ThemeAlertSettingsView,
  type ThemeEditRequest,
  type ThemeEditView,
  type ThemesView,
} from './theme-edits.js';

/** The digest as the weekly job would send it now: its text, and what it is built from. */
export interface DigestPreviewView {
  weekOf: string;
  text: string;
}

/** A project's themes with its edits applied; '' as the project holds the request back. */
export function useThemes(projectId: string, options: QueryToggle = {}): UseQueryResult<ThemesView> {
  const client = useInsightsClient();
  return useQuery({
    queryKey: themesQueryKey(projectId),
    queryFn: ({ signal }): Promise<ThemesView> => client.themes(projectId, { signal }),
    retry: shouldRetry,
    enabled: (options.enabled ?? true) && projectId !== '',
  });
}

function sendEdit(client: InsightsClient, projectId: string, request: ThemeEditRequest): Promise<ThemeEditView> {
  switch (request.action) {
    case 'rename':
      return client.renameTheme(projectId, request.themeId, request.name.trim());
    case 'merge':
      return client.mergeTheme(projectId, request.themeId, request.intoThemeId);
    case 'hide':
      return client.hideTheme(projectId, request.themeId);
  }
}

interface Snapshot {
  previous: ThemesView | undefined;
}

/**
 * An edit changes every read of the project: its themes, each insights read (the taxonomy is
 * applied to them too) and the digest. Only the reads on screen are fetched again.
 */
function afterEdit(queryClient: QueryClient, projectId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: themesQueryKey(projectId) }),
    queryClient.invalidateQueries({ queryKey: ['insights'] }),
    queryClient.invalidateQueries({ queryKey: digestPreviewQueryKey(projectId) }),
  ]);
}

export interface ThemeEdits {
  /** Renames, merges or hides a theme: shown at once, taken back if the API refuses it. */
  edit: UseMutationResult<ThemeEditView, Error, ThemeEditRequest, Snapshot>;
  /** Undoes an active edit by its id (showing a hidden theme again is undoing its hide). */
  undo: UseMutationResult<ThemeEditView, Error, string, Snapshot>;
}

/**
 * Edits of a project's themes with optimistic updates: the themes query shows the edit before
 * the API answers and goes back to what it held if the request fails; either way the query is
 * read again afterwards, so the API's figures (a merge counts an entry both themes cite once)
 * replace the guess.
 */
export function useThemeEdits(projectId: string): ThemeEdits {
  const client = useInsightsClient();
  const queryClient = useQueryClient();
  const key = themesQueryKey(projectId);

  const optimistic = async (change: (view: ThemesView) => ThemesView): Promise<Snapshot> => {
    // A read in flight would land after the change and undo it on screen.
    await queryClient.cancelQueries({ queryKey: key });
    const previous = queryClient.getQueryData<ThemesView>(key);
    if (previous) queryClient.setQueryData<ThemesView>(key, change(previous));
    return { previous };
  };
  const rollback = (_error: Error, _variables: unknown, snapshot: Snapshot | undefined) => {
    if (snapshot?.previous) queryClient.setQueryData<ThemesView>(key, snapshot.previous);
  };
  const settle = () => afterEdit(queryClient, projectId);

  const edit = useMutation<ThemeEditView, Error, ThemeEditRequest, Snapshot>({
    mutationFn: (request: ThemeEditRequest) => sendEdit(client, projectId, request),
    onMutate: (request) => optimistic((view) => applyThemeEdit(view, request)),
    onError: rollback,
    onSettled: settle,
  });
  const undo = useMutation<ThemeEditView, Error, string, Snapshot>({
    mutationFn: (editId: string): Promise<ThemeEditView> => client.undoThemeEdit(projectId, editId),
    onMutate: (editId) => optimistic((view) => withoutEdit(view, editId)),
    onError: rollback,
    onSettled: settle,
  });
  return { edit, undo };
}

/** Whether a project's theme alerts and weekly digest are on, and from what size a new theme alerts. */
export function useThemeAlertSettings(projectId: string, options: QueryToggle = {}): UseQueryResult<ThemeAlertSettingsView> {
  const client = useInsightsClient();
  return useQuery({
    queryKey: themeAlertSettingsQueryKey(projectId),
    queryFn: ({ signal }): Promise<ThemeAlertSettingsView> => client.themeAlertSettings(projectId, { signal }),
    retry: shouldRetry,
    enabled: (options.enabled ?? true) && projectId !== '',
  });
}

interface SettingsSnapshot {
  previous: ThemeAlertSettingsView | undefined;
}

/** Changes some of the settings: shown at once, taken back if the API refuses the change. */
export function useUpdateThemeAlertSettings(projectId: string): UseMutationResult<ThemeAlertSettingsView, Error, ThemeAlertSettingsPatch, SettingsSnapshot> {
  const client = useInsightsClient();
  const queryClient = useQueryClient();
  const key = themeAlertSettingsQueryKey(projectId);
  return useMutation<ThemeAlertSettingsView, Error, ThemeAlertSettingsPatch, SettingsSnapshot>({
    mutationFn: (patch: ThemeAlertSettingsPatch): Promise<ThemeAlertSettingsView> => client.updateThemeAlertSettings(projectId, patch),
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<ThemeAlertSettingsView>(key);
      if (previous) queryClient.setQueryData<ThemeAlertSettingsView>(key, withSettings(previous, patch));
      return { previous };
    },
    onError: (_error, _patch, snapshot) => {
      if (snapshot?.previous) queryClient.setQueryData<ThemeAlertSettingsView>(key, snapshot.previous);
    },
    // The API's answer is the settings as stored.
    onSuccess: (settings) => queryClient.setQueryData<ThemeAlertSettingsView>(key, settings),
  });
}

/**
 * The weekly digest as it would be sent now. Held back until `enabled` (it is built on request),
 * then kept until an edit of the project's themes or a new result changes it.
 */
export function useDigestPreview(projectId: string, options: QueryToggle = {}): UseQueryResult<DigestPreviewView> {
  const client = useInsightsClient();
  return useQuery({
    queryKey: digestPreviewQueryKey(projectId),
    queryFn: ({ signal }): Promise<DigestPreviewView> => client.digestPreview(projectId, { signal }),
    retry: shouldRetry,
    enabled: (options.enabled ?? false) && projectId !== '',
  });
}
