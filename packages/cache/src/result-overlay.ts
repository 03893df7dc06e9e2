import type { ThemeEditsRepository } from '@insights/db';
import { applyTaxonomy, type InsightsResult } from '@insights/engine';

/**
 * What a reader of a project's result sees beyond the stored result: applied wherever a body or
 * a result is built for a reader (the hot tier's bodies, stale and export reads, evidence, a
 * completed job's result), never to what is stored, so an undo takes effect as at once as an edit.
 */
export interface ResultOverlay {
  /** The result as the project's readers see it now; the same object when nothing applies. */
  apply(projectId: string | null, result: InsightsResult): Promise<InsightsResult>;
  /** The same over stored JSON text: parsed only when something applies, else returned as it is. */
  applyJson(projectId: string | null, json: string): Promise<string>;
  /**
   * Changes whenever what `apply` does for the project changes (an edit or an undo): read before
   * and after writing a body, it tells a writer that raced an edit to take its body back.
   */
  stamp(projectId: string | null): Promise<string>;
}

/** The Nest token of the overlay both apps use. */
export const RESULT_OVERLAY = Symbol('RESULT_OVERLAY');

/** Nothing beyond the stored result (tests, and results of no project). */
export const NO_OVERLAY: ResultOverlay = {
  apply: (_projectId, result) => Promise.resolve(result),
  applyJson: (_projectId, json) => Promise.resolve(json),
  stamp: () => Promise.resolve(''),
};

/**
 * The project's taxonomy (its owner's active renames, merges and hides, ADR 0021), read from
 * Postgres at each use: an edit made through any API process reaches the next body built by
 * any process, worker included. The reads it serves are the ones that build a body (a hot-tier
 * miss, a stale read, an export), not the hot tier's hits, so the query is not on the hot path.
 */
export class TaxonomyOverlay implements ResultOverlay {
  constructor(private readonly edits: Pick<ThemeEditsRepository, 'active'>) {}

  async apply(projectId: string | null, result: InsightsResult): Promise<InsightsResult> {
    if (!projectId) return result;
    const edits = await this.edits.active(projectId);
    return edits.length ? applyTaxonomy(result, edits) : result;
  }

  /** The ids of the edits in force: an edit adds one, an undo removes one. */
  async stamp(projectId: string | null): Promise<string> {
    if (!projectId) return '';
    return (await this.edits.active(projectId)).map((edit) => edit.id).join(',');
  }

  async applyJson(projectId: string | null, json: string): Promise<string> {
    if (!projectId) return json;
    const edits = await this.edits.active(projectId);
    if (!edits.length) return json;
    const result = JSON.parse(json) as InsightsResult;
    const applied = applyTaxonomy(result, edits);
    return applied === result ? json : JSON.stringify(applied);
  }
}
