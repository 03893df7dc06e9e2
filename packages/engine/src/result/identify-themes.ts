import type { InsightsResult, ThemeSet, WeekCount } from './result.schema.js';
import { matchThemes, type PreviousTheme } from './theme-identity.js';
import type { Lineage } from './trends.js';
import { themeSetsOf, weeklyCounts } from './weekly.js';

/**
 * The results a run's themes are matched against. `previous` is the scope's newest stored result:
 * trends compare with it. `base`, used for identity only when `previous` carries no ids, is the
 * project's newest project-wide result, so a filtered scope's first result names its themes with
 * the project's ids (owners' edits are made per project, by id).
 */
export interface ThemeHistory {
  previous?: InsightsResult;
  base?: InsightsResult;
}

const withIds = (result: InsightsResult | undefined) => (result && result.themes.length > 0 && result.themes.every((t) => t.id) ? result : undefined);

/** The result whose ids the new themes may keep: the scope's previous one, else the project's. */
export function identitySource(history: ThemeHistory | undefined): InsightsResult | undefined {
  return withIds(history?.previous) ?? withIds(history?.base);
}

export interface IdentifiedThemes<T> {
  themes: (T & { id: string; weekly: WeekCount[] })[];
  themeSets: ThemeSet[];
  /** Splits and merges against the identity source. */
  lineage: Lineage;
}

/**
 * Ids (kept from the history by evidence, or new), weekly counts and theme sets for a run's
 * themes, all from their full evidence, which only the run holds. `created` maps every analysed
 * entry's id to its creation time.
 */
export function identifyThemes<T extends { feedbackIds: readonly string[] }>(
  themes: readonly T[],
  created: ReadonlyMap<string, Date>,
  history?: ThemeHistory,
): IdentifiedThemes<T> {
  const source = identitySource(history);
  const madeAt = source ? Date.parse(source.generatedAt) : Number.NaN;
  const createdLc = source ? new Map([...created].map(([id, at]) => [id.toLowerCase(), at])) : created;
  const lineage = source
    ? matchThemes({
        current: themes.map((t) => t.feedbackIds),
        previous: source.themes as PreviousTheme[],
        analysed: new Set(createdLc.keys()),
        carried: (id) => {
          const at = createdLc.get(id);
          return at === undefined || at.getTime() <= madeAt;
        },
      })
    : matchThemes({ current: themes.map((t) => t.feedbackIds), previous: [], analysed: new Set() });
  const identified = themes.map((t, i) => ({ ...t, id: lineage.ids[i]!, weekly: weeklyCounts(new Set(t.feedbackIds), created) }));
  return {
    themes: identified,
    themeSets: themeSetsOf(
      identified.map((t) => ({ id: t.id, ids: t.feedbackIds })),
      created,
    ),
    lineage: { splits: lineage.splits, merges: lineage.merges },
  };
}
