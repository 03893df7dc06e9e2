import { Injectable } from '@nestjs/common';
import { FeedbackSearchRepository, SearchCursorError, type SearchFilters } from '@insights/db';
import { NotFoundError, ValidationError } from '../common/app-error.js';
import { ProjectsService } from '../projects/projects.service.js';
import type { FeedbackSearchQueryDto, SearchHitDto, SearchPageDto, SimilarFeedbackDto } from './dto/feedback-search.dto.js';

const DEFAULT_LIMIT = 20;
const DEFAULT_SIMILAR = 10;

const notFound = (feedbackId: string) => new NotFoundError('FEEDBACK_NOT_FOUND', `feedback ${feedbackId} not found`);

/** Full-text search over one of the caller's projects, one entry by id, and entries like it. */
@Injectable()
export class FeedbackSearchService {
  constructor(
    private readonly search: FeedbackSearchRepository,
    private readonly projects: ProjectsService,
  ) {}

  async find(userId: string, query: FeedbackSearchQueryDto): Promise<SearchPageDto> {
    if (query.minRating !== undefined && query.maxRating !== undefined && query.minRating > query.maxRating) {
      throw new ValidationError('minRating must not be above maxRating');
    }
    await this.projects.getOwned(userId, query.projectId);
    const filters: SearchFilters = {
      startDate: query.startDate,
      endDate: query.endDate,
      category: query.category,
      sentiment: query.sentiment,
      minRating: query.minRating,
      maxRating: query.maxRating,
    };
    try {
      return await this.search.search(query.projectId, query.q ?? '', filters, { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor });
    } catch (error) {
      if (error instanceof SearchCursorError) throw new ValidationError(`${error.message}: pass nextCursor from a previous page of the same search unchanged`);
      throw error;
    }
  }

  async entry(userId: string, feedbackId: string): Promise<SearchHitDto> {
    const projectId = await this.search.ownedProjectOf(userId, feedbackId);
    const [hit] = projectId ? await this.search.entries(projectId, [feedbackId]) : [];
    if (!hit) throw notFound(feedbackId);
    return hit;
  }

  async similar(userId: string, feedbackId: string, limit = DEFAULT_SIMILAR): Promise<SimilarFeedbackDto> {
    const projectId = await this.search.ownedProjectOf(userId, feedbackId);
    const items = projectId ? await this.search.similar(projectId, feedbackId, limit) : null;
    if (!items) throw notFound(feedbackId);
    return { items };
  }
}
