import type { InsightsFilters, ThemeAssignmentsRepository } from '@insights/db';
import { applyLiveAssignments, MAX_ASSIGN_ENTRIES, type InsightsResult } from '@insights/engine';

/** A stored result as the cache returns it. */
export interface StoredResult {
  cacheKey: string;
  projectId: string | null;
  filters: InsightsFilters;
  result: InsightsResult;
}

export interface LiveView {
  /** The stored result with the assigned entries counted into its themes, and `live`. */
  result: InsightsResult;
  /** New entries in no theme: not assigned yet, or assigned to none. */
  unplaced: number;
  /** Whether they are past the share of the analysed entries that calls for a full regeneration. */
  regenerate: boolean;
}

/** The rule both a read and the automatic refresh follow: regenerate once this many entries are unplaced. */
export function regenerationDue(unplaced: number, analysed: number, share: number): boolean {
  return unplaced > share * analysed;
}

const hasNoFilters = (filters: InsightsFilters | null | undefined) => !filters || Object.values(filters).every((v) => v === undefined || v === '');

/**
 * The living view of a project's themes between regenerations (docs/generation.md, "Living
 * themes"): which stored results new feedback is assigned to, how many entries one result takes
 * before a regeneration is due anyway, and the view a read serves with the rule deciding whether
 * to regenerate. Counts come from the assignments table, never from a model.
 */
export class LiveThemes {
  constructor(
    private readonly assignments: ThemeAssignmentsRepository,
    /** INSIGHTS_REGENERATE_SHARE; 0 turns the living view off (every change regenerates). */
    readonly share: number,
  ) {}

  get enabled(): boolean {
    return this.share > 0;
  }

  /**
   * Only a project's unfiltered result is kept current: a filtered scope (dates, a category) is
   * regenerated as before. A result made before theme ids (r6) has nothing to assign to.
   */
  keepsCurrent(stored: StoredResult): boolean {
    return this.enabled && stored.projectId !== null && hasNoFilters(stored.filters) && stored.result.themes.some((t) => t.id);
  }

  /**
   * Entries one result takes by assignment: its share of the analysed entries (at least one
   * batch). Past that the result is due for regeneration whatever the assignments say (its
   * statistics, summary and recommendations describe a scope grown past the share), so the rest
   * stay pending for the regeneration to place rather than cost calls for a view about to go.
   */
  assignLimit(result: InsightsResult): number {
    return Math.max(MAX_ASSIGN_ENTRIES, Math.ceil(this.share * result.coverage.analysed));
  }

  /** The live view of a stored result (one SQL statement), or undefined when it is not kept current. */
  async view(stored: StoredResult): Promise<LiveView | undefined> {
    if (!this.keepsCurrent(stored)) return undefined;
    const { result } = stored;
    const tally = await this.assignments.tally(stored.projectId!, stored.cacheKey, new Date(result.generatedAt));
    const live = applyLiveAssignments(result, tally);
    const known = new Set(result.themes.flatMap((t) => (t.id ? [t.id] : [])));
    const inNone = tally.rows.filter((r) => r.themeId === null || !known.has(r.themeId)).reduce((sum, r) => sum + r.count, 0);
    // An import may date its entries before the result: found by no date, the count shows them.
    const undated = tally.total - result.coverage.totalFeedback - live.live!.assigned;
    const unplaced = Math.max(tally.pending, undated) + inNone;
    return { result: live, unplaced, regenerate: regenerationDue(unplaced, result.coverage.analysed, this.share) };
  }
}
