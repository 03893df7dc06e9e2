import { Injectable } from '@nestjs/common';
import { TwoTierInsightsCache } from '@insights/cache';
import { InsightsCacheRepository, ThemeEditsRepository, type NewThemeEdit, type ThemeEditRow } from '@insights/db';
import type { InsightsResult } from '@insights/engine';
import { NotFoundError, ValidationError } from '../common/app-error.js';
import { CompletedJobBodies } from '../insights/completed-job.fast-path.js';
import { InsightsReadService } from '../insights/insights-read.service.js';
import { ScopeIdentityService } from '../insights/scope-identity.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { ThemeEditDto, type ProjectThemesDto } from './dto/themes.dto.js';

/** When the project's hot-tier bodies are dropped a second time after an edit. */
const REDROP_MS = 2_000;

/** What the edits in force make of the stored result's themes: where each merged one went, which are hidden. */
class TaxonomyState {
  private readonly into = new Map<string, string>();
  private readonly hidden = new Set<string>();

  constructor(
    readonly present: ReadonlySet<string>,
    edits: readonly ThemeEditRow[],
  ) {
    for (const edit of edits) {
      if (edit.action === 'merge' && edit.intoThemeId) this.into.set(edit.themeId, edit.intoThemeId);
      if (edit.action === 'hide') this.hidden.add(edit.themeId);
    }
  }

  /** The theme this one was merged into, when it was (followed to the end of a chain). */
  mergedInto(themeId: string): string | undefined {
    if (!this.into.has(themeId)) return undefined;
    let current = themeId;
    const seen = new Set<string>();
    for (let next = this.into.get(current); next !== undefined && !seen.has(next); next = this.into.get(current)) {
      seen.add(current);
      current = next;
    }
    return current;
  }

  isHidden(themeId: string): boolean {
    return this.hidden.has(themeId);
  }
}

/**
 * A project's taxonomy: its owner's renames, merges and hides of the themes of its latest
 * project-wide result, by theme id (ADR 0021). An edit applies at once to every read: the bodies
 * built with the earlier taxonomy are dropped (this project's hot-tier entries here, the
 * completed jobs' answers held in memory by every API process through the taxonomy notice).
 */
@Injectable()
export class ThemesService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly scopes: ScopeIdentityService,
    private readonly reads: InsightsReadService,
    private readonly edits: ThemeEditsRepository,
    private readonly cacheRows: InsightsCacheRepository,
    private readonly cache: TwoTierInsightsCache,
    private readonly completedBodies: CompletedJobBodies,
  ) {}

  async list(userId: string, projectId: string): Promise<ProjectThemesDto> {
    const { view, edits } = await this.current(userId, projectId);
    return {
      generatedAt: view.generatedAt,
      themes: view.themes.flatMap((t) =>
        t.id ? [{ id: t.id, name: t.name, kind: t.kind, count: t.count, weekly: t.weekly ?? [], ...(t.edited ? { edited: t.edited } : {}) }] : [],
      ),
      hidden: view.hiddenThemes ?? [],
      edits: edits.map(ThemeEditDto.from),
    };
  }

  async rename(userId: string, projectId: string, themeId: string, name: string): Promise<ThemeEditDto> {
    const state = await this.state(userId, projectId, themeId);
    this.refuseMerged(state, themeId, 'rename');
    return this.add({ projectId, userId, action: 'rename', themeId, name });
  }

  async merge(userId: string, projectId: string, themeId: string, intoThemeId: string): Promise<ThemeEditDto> {
    const state = await this.state(userId, projectId, themeId);
    if (intoThemeId === themeId) throw new ValidationError(`intoThemeId is ${themeId} itself: a theme cannot be merged into itself`);
    if (!state.present.has(intoThemeId)) throw new ValidationError(`intoThemeId ${intoThemeId} is not a theme of the project's latest insights`);
    this.refuseMerged(state, themeId, 'merge');
    if (state.isHidden(themeId)) throw new ValidationError(`theme ${themeId} is hidden: show it again (undo the hide) before merging it`);
    const target = state.mergedInto(intoThemeId) ?? intoThemeId;
    if (target === themeId) throw new ValidationError(`intoThemeId ${intoThemeId} was merged into ${themeId}: the merge would go in a circle`);
    if (state.isHidden(target)) throw new ValidationError(`intoThemeId ${intoThemeId} is hidden: show it again (undo the hide) before merging into it`);
    return this.add({ projectId, userId, action: 'merge', themeId, intoThemeId });
  }

  async hide(userId: string, projectId: string, themeId: string): Promise<ThemeEditDto> {
    const state = await this.state(userId, projectId, themeId);
    this.refuseMerged(state, themeId, 'hide');
    if (state.isHidden(themeId)) throw new ValidationError(`theme ${themeId} is already hidden`);
    return this.add({ projectId, userId, action: 'hide', themeId });
  }

  async undo(userId: string, projectId: string, editId: string): Promise<ThemeEditDto> {
    await this.projects.getOwned(userId, projectId);
    const row = await this.edits.undo(projectId, editId);
    if (!row) throw new NotFoundError('THEME_EDIT_NOT_FOUND', `project ${projectId} has no edit ${editId} in force`);
    await this.changed(projectId);
    return ThemeEditDto.from(row);
  }

  private async add(edit: NewThemeEdit): Promise<ThemeEditDto> {
    const row = await this.edits.add(edit);
    await this.changed(edit.projectId);
    return ThemeEditDto.from(row);
  }

  /**
   * After the edit is written: this process's held answers go at once, other processes' on the
   * notice, and the hot tier's bodies of every result of the project (the next read builds them
   * from Postgres with the new taxonomy).
   */
  private async changed(projectId: string): Promise<void> {
    this.completedBodies.taxonomyChanged(projectId);
    await this.edits.announce(projectId);
    const keys = await this.cacheRows.keysForProject(projectId);
    await this.cache.dropHot(keys);
    // A worker whose completing statement ran just before this edit committed builds its hot-tier
    // body with the earlier taxonomy and may write it after the drop above (within milliseconds):
    // a second drop takes such a body back (ADR 0021).
    setTimeout(() => void this.cache.dropHot(keys).catch(() => undefined), REDROP_MS).unref();
  }

  private refuseMerged(state: TaxonomyState, themeId: string, action: string): void {
    const into = state.mergedInto(themeId);
    if (into) throw new ValidationError(`theme ${themeId} is merged into ${into}: ${action} that theme, or undo the merge first`);
  }

  /** The taxonomy of the project's latest result; 404 when the caller does not own it or the theme is not in it. */
  private async state(userId: string, projectId: string, themeId: string): Promise<TaxonomyState> {
    const { stored, edits } = await this.current(userId, projectId);
    const present = new Set(stored.themes.flatMap((t) => (t.id ? [t.id] : [])));
    if (!present.has(themeId)) throw new NotFoundError('THEME_NOT_FOUND', `the latest insights of project ${projectId} have no theme ${themeId}`);
    return new TaxonomyState(present, edits);
  }

  /** The latest project-wide result (no filters), as stored and as its readers see it, with the edits in force. */
  private async current(userId: string, projectId: string): Promise<{ stored: InsightsResult; view: InsightsResult; edits: ThemeEditRow[] }> {
    const scope = await this.scopes.resolve(userId, projectId, {});
    const latest = await this.reads.latestOfScope(scope.scopeKey);
    if (!latest) throw new NotFoundError('INSIGHTS_NOT_FOUND', `no insights generated yet for project ${scope.projectId}`);
    return { stored: latest.stored.result, view: latest.view.result, edits: await this.edits.active(scope.projectId!) };
  }
}
