import { Injectable, Logger } from '@nestjs/common';
import { TwoTierInsightsCache } from '@insights/cache';
import { ProjectsRepository, ThemeAssignmentsRepository } from '@insights/db';
import type { LiveTheme } from '@insights/engine';
import { InsightsGenerator, JobIdentity, LiveThemes } from '@insights/generation';
import type { AssignFeedbackPayload } from '@insights/queue';
import type { JobContext } from '../queue/job-context.js';
import { ThemeAlertsService } from './theme-alerts.service.js';

export interface AssignFeedbackOutcome {
  assigned: number;
  byModel: number;
  offline: number;
  droppedRefs: number;
  refused: number;
  skipped?: string;
}

/**
 * New feedback of a project, placed in the themes of its latest project-wide result (docs/
 * generation.md, "Living themes"): the entries written after that result and not assigned for
 * it yet, up to what the result takes before a regeneration is due, in batched model calls with
 * the offline matcher behind them. A filtered scope's result is never assigned to: it is
 * regenerated as before.
 */
@Injectable()
export class AssignFeedbackHandler {
  private readonly logger = new Logger(AssignFeedbackHandler.name);

  constructor(
    private readonly projects: ProjectsRepository,
    private readonly identity: JobIdentity,
    private readonly cache: TwoTierInsightsCache,
    private readonly assignments: ThemeAssignmentsRepository,
    private readonly generator: InsightsGenerator,
    private readonly live: LiveThemes,
    private readonly themeAlerts: ThemeAlertsService,
  ) {}

  async handle(payload: AssignFeedbackPayload, context?: JobContext): Promise<AssignFeedbackOutcome> {
    const none = (skipped: string): AssignFeedbackOutcome => ({ assigned: 0, byModel: 0, offline: 0, droppedRefs: 0, refused: 0, skipped });
    const project = await this.projects.findById(payload.projectId);
    if (!project) return none('project deleted');
    const { scopeKey } = this.identity.keys({ projectId: project.id }, {}, project.feedbackGeneration);
    const stored = await this.cache.latestForScope(scopeKey);
    if (!stored || !this.live.keepsCurrent(stored)) return none('no project-wide result with theme ids');
    const { result } = stored;
    await this.assignments.forgetOthers(project.id, stored.cacheKey);
    const room = this.live.assignLimit(result) - (await this.assignments.assignedCount(stored.cacheKey));
    const entries = await this.assignments.unassigned(project.id, stored.cacheKey, new Date(result.generatedAt), room);
    if (entries.length === 0) return none(room <= 0 ? 'the result took its share: a regeneration is due' : 'nothing new');
    const themes: LiveTheme[] = result.themes.flatMap((t) =>
      t.id ? [{ id: t.id, name: t.name, summary: t.summary, kind: t.kind, count: t.count, quotes: t.quotes }] : [],
    );
    const report = await this.generator.assignNew({ userId: project.userId, projectId: project.id, themes, entries, signal: context?.signal });
    await this.assignments.record(stored.cacheKey, project.id, report.assignments);
    const byModel = report.assignments.filter((a) => a.method === 'model').length;
    const outcome = {
      assigned: report.assignments.length,
      byModel,
      offline: report.assignments.length - byModel,
      droppedRefs: report.droppedRefs,
      refused: report.refused,
    };
    this.logger.log(
      `project ${project.id}: ${outcome.assigned} new entries assigned (${byModel} by the model, ${outcome.offline} offline, ` +
        `${report.refused} refused, ${report.droppedRefs} unknown refs dropped) in ${report.llmCalls} calls`,
    );
    // The themes' weekly counts grew: a spike may show now rather than at the next regeneration.
    if (report.assignments.some((a) => a.themeId !== null)) await this.checkAlerts(project.id);
    return outcome;
  }

  /** The assignments are written; a failing check is logged, never a reason to assign again. */
  private async checkAlerts(projectId: string): Promise<void> {
    try {
      await this.themeAlerts.check(projectId);
    } catch (error) {
      this.logger.warn(`project ${projectId}: theme alerts not checked: ${(error as Error).message}`);
    }
  }
}
