import { Body, Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, type AuthUser } from '../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../common/api-envelope.decorator.js';
import { ProjectIdParam } from '../projects/dto/project.dto.js';
import { ApiKeyGuard, type ApiKeyRequest } from './api-key.guard.js';
import { BulkFeedbackDto, FeedbackInputDto } from './dto/feedback-input.dto.js';
import { FeedbackQueryDto } from './dto/feedback-query.dto.js';
import { BulkResultDto, FeedbackDto, FeedbackPageDto } from './dto/feedback.dto.js';
import { FeedbackIdParam, FeedbackSearchQueryDto, SearchHitDto, SearchPageDto, SimilarFeedbackDto, SimilarQueryDto } from './dto/feedback-search.dto.js';
import { FeedbackSearchService } from './feedback-search.service.js';
import { FeedbackService } from './feedback.service.js';

@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly search: FeedbackSearchService,
  ) {}

  @Post('feedback')
  @Public()
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiHeader({ name: 'x-api-key', required: true, description: 'The project API key shown when it was created' })
  @ApiHeader({
    name: 'x-project-id',
    required: false,
    description: 'The project’s id: required with keys the previous backend issued (bcrypt-hashed), checked against fik_ keys when sent',
  })
  @ApiOperation({ summary: 'Submit one feedback entry (widget endpoint, project API key)' })
  @ApiEnvelope(FeedbackDto, { status: 201 })
  @ApiErrors(
    [400, 'Invalid body; the message names the field'],
    [401, 'Missing or unknown API key'],
    [403, 'WIDGET_ORIGIN_NOT_ALLOWED: the project lists allowedDomains and the Origin (else Referer) host is not one of them or their subdomains'],
    [429, "WIDGET_RATE_LIMITED: the project key's writes per minute are spent; API_KEY_ATTEMPTS_EXHAUSTED: too many wrong keys for this project (Retry-After)"],
  )
  submit(@Req() request: ApiKeyRequest, @Body() dto: FeedbackInputDto): Promise<FeedbackDto> {
    return this.feedback.submit(request.project!.id, dto);
  }

  @Post('projects/:projectId/feedback/bulk')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Import up to 1,000 entries into one of the caller’s projects, all or nothing' })
  @ApiEnvelope(BulkResultDto, { status: 201 })
  @ApiErrors([400, 'Invalid body; nothing was written'], [401, 'Bad token'], [404, 'No such project for this caller'])
  bulk(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam, @Body() dto: BulkFeedbackDto): Promise<BulkResultDto> {
    return this.feedback.bulkImport(user.id, projectId, dto.items);
  }

  @Get('feedback')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List feedback newest first, keyset-paginated, with filters' })
  @ApiEnvelope(FeedbackPageDto)
  @ApiErrors([400, 'Invalid filter or cursor'], [401, 'Bad token'], [404, 'No such project for this caller'])
  list(@CurrentUser() user: AuthUser, @Query() query: FeedbackQueryDto): Promise<FeedbackPageDto> {
    return this.feedback.list(user.id, query);
  }

  // Declared before feedback/:feedbackId: `search` is a path of its own, not an entry id.
  @Get('feedback/search')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Full-text search over one project’s feedback: best match first, keyset-paginated, with filters',
    description:
      'Each entry is matched in its own language (its metadata’s language or locale, else its script, else English); ' +
      'the query is read in every such language and as written. An empty q lists newest first.',
  })
  @ApiEnvelope(SearchPageDto)
  @ApiErrors([400, 'Invalid query, filter or cursor; the message names the field'], [401, 'Bad token'], [404, 'No such project for this caller'])
  searchFeedback(@CurrentUser() user: AuthUser, @Query() query: FeedbackSearchQueryDto): Promise<SearchPageDto> {
    return this.search.find(user.id, query);
  }

  @Get('feedback/:feedbackId')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One feedback entry of the caller’s (rank 0)' })
  @ApiEnvelope(SearchHitDto)
  @ApiErrors([400, 'feedbackId is not a UUID'], [401, 'Bad token'], [404, 'FEEDBACK_NOT_FOUND: no such entry in the caller’s projects'])
  feedbackEntry(@CurrentUser() user: AuthUser, @Param() { feedbackId }: FeedbackIdParam): Promise<SearchHitDto> {
    return this.search.entry(user.id, feedbackId);
  }

  @Get('feedback/:feedbackId/similar')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Entries of the same project most like one entry (sharing its most distinctive words), closest first' })
  @ApiEnvelope(SimilarFeedbackDto)
  @ApiErrors(
    [400, 'feedbackId is not a UUID, or limit is out of range'],
    [401, 'Bad token'],
    [404, 'FEEDBACK_NOT_FOUND: no such entry in the caller’s projects'],
  )
  similarFeedback(@CurrentUser() user: AuthUser, @Param() { feedbackId }: FeedbackIdParam, @Query() query: SimilarQueryDto): Promise<SimilarFeedbackDto> {
    return this.search.similar(user.id, feedbackId, query.limit);
  }
}
