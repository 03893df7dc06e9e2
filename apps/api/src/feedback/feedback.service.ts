import { Injectable } from '@nestjs/common';
import { FeedbackRepository, toFeedbackFilter, type FeedbackScope, type NewFeedback } from '@insights/db';
import { ValidationError } from '../common/app-error.js';
import { ProjectGenerations } from '../projects/project-generations.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { AssignmentScheduler } from '../refresh/assignment-scheduler.service.js';
import { RefreshScheduler } from '../refresh/refresh-scheduler.service.js';
import { decodeCursor, encodeCursor } from '../common/keyset-cursor.js';
import type { BulkFeedbackItemDto, FeedbackInputDto } from './dto/feedback-input.dto.js';
import type { FeedbackQueryDto } from './dto/feedback-query.dto.js';
import { WidgetLimits } from './widget-limits.service.js';
import { SentimentScorer, type Scored } from './sentiment-scorer.service.js';
import { FeedbackDto, type BulkResultDto, type FeedbackPageDto } from './dto/feedback.dto.js';

function toRow(input: FeedbackInputDto & { createdAt?: string }, { sentiment, score }: Scored): Omit<NewFeedback, 'projectId'> {
  return {
    text: input.text,
    // 0 marks an unrated entry, as the existing backend stores them; averages skip it.
    rating: input.rating ?? 0,
    category: input.category ?? 'other',
    sentiment,
    sentimentScore: score,
    userName: input.userName ?? input.name ?? '',
    userEmail: input.userEmail || input.email || '',
    // Sentiment is scored here, so nothing is left for a later analysis step.
    processingStatus: 'completed',
    metadata: input.metadata,
    ...(input.createdAt ? { createdAt: new Date(input.createdAt) } : {}),
  };
}

@Injectable()
export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly projects: ProjectsService,
    private readonly refreshes: RefreshScheduler,
    private readonly assignments: AssignmentScheduler,
    private readonly generations: ProjectGenerations,
    private readonly widgetLimits: WidgetLimits,
    private readonly sentiment: SentimentScorer,
  ) {}

  /** A widget write: counted against the project key's limit once the body is known to be valid. */
  async submit(projectId: string, input: FeedbackInputDto): Promise<FeedbackDto> {
    await this.widgetLimits.write(projectId);
    const { rows } = await this.feedback.insertForProject(projectId, [toRow(input, this.sentiment.score(input.text))]);
    this.generations.forget(projectId);
    await Promise.all([this.refreshes.feedbackWritten(projectId), this.assignments.feedbackWritten(projectId)]);
    return FeedbackDto.from(rows[0]!);
  }

  async bulkImport(userId: string, projectId: string, items: BulkFeedbackItemDto[]): Promise<BulkResultDto> {
    await this.projects.getOwned(userId, projectId);
    const now = Date.now();
    const future = items.findIndex((i) => i.createdAt && new Date(i.createdAt).getTime() > now + 60_000);
    if (future >= 0) throw new ValidationError(`items.${future}.createdAt must not be in the future`);
    const scored = await this.sentiment.scoreAll(items.map((item) => item.text));
    const { rows, generation } = await this.feedback.insertForProject(
      projectId,
      items.map((item, i) => toRow(item, scored[i]!)),
    );
    this.generations.forget(projectId);
    await Promise.all([this.refreshes.feedbackWritten(projectId), this.assignments.feedbackWritten(projectId)]);
    return { inserted: rows.length, feedbackGeneration: generation };
  }

  async list(userId: string, query: FeedbackQueryDto): Promise<FeedbackPageDto> {
    const scope: FeedbackScope = query.projectId ? { projectId: query.projectId } : { userId };
    if (query.projectId) await this.projects.getOwned(userId, query.projectId);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const page = await this.feedback.page(scope, toFeedbackFilter(query), query.limit ?? 20, after);
    return { items: page.items.map(FeedbackDto.from), nextCursor: encodeCursor(page.nextCursor) };
  }
}
