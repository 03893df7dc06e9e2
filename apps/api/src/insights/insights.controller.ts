import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RawResponse } from '../common/envelope.interceptor.js';
import { CONTENT_TYPES, csvExport, exportFileName, markdownExport, pdfExport } from './export/insights-export.js';
import { ExportQueryDto } from './dto/export-query.dto.js';
import { EvidencePageDto, EvidenceQueryDto } from './dto/evidence.dto.js';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../common/api-envelope.decorator.js';
import { ProjectIdParam } from '../projects/dto/project.dto.js';
import { InsightsQueryDto, InsightsRequestDto, isTrue, resolveRequest } from './dto/insights-request.dto.js';
import { JobCreatedDto, JobDto, JobIdParam, JobNotFoundDto } from './dto/job.dto.js';
import { JobHistoryPageDto, JobHistoryQueryDto } from './dto/job-history.dto.js';
import { compactResultRef, insightsResultRef } from './insights-result.schema.js';
import type { WithMetaJson } from '../common/with-meta.js';
import { InsightsJobsService } from './insights-jobs.service.js';
import { InsightsReadService } from './insights-read.service.js';
import { LegacyInsightsService } from './legacy-insights.service.js';
import { ScopeIdentityService } from './scope-identity.service.js';

@ApiTags('insights')
@ApiBearerAuth()
// A job id of someone else's, or none at all, answers 200 `{ status: "not_found" }` (as the
// existing backend did), so 404 is declared on the endpoints that can answer it, not here.
@ApiErrors([400, 'Invalid scope, filters or id'], [401, 'Bad token'])
@Controller('insights')
export class InsightsController {
  constructor(
    private readonly identity: ScopeIdentityService,
    private readonly jobs: InsightsJobsService,
    private readonly reads: InsightsReadService,
    private readonly legacy: LegacyInsightsService,
  ) {}

  @Post('jobs')
  @ApiOperation({
    summary: 'Queue an insights generation (body or query parameters)',
    description: 'An identical request while a job is in flight returns that job. A cached result returns a job that is already completed (200).',
  })
  @ApiEnvelope(JobCreatedDto, { status: 202, description: 'Queued (or the identical job already in flight)' })
  @ApiEnvelope(JobCreatedDto, { status: 200, description: 'Answered from the cache: status completed, cached true' })
  @ApiErrors(
    [404, 'No such project for this caller'],
    [429, 'Too many new jobs for this user (RATE_LIMITED), or a daily token budget spent (TOKEN_BUDGET_EXHAUSTED); Retry-After says when'],
    [503, 'Queue unavailable'],
  )
  async createJob(
    @CurrentUser() user: AuthUser,
    @Query() query: InsightsRequestDto,
    @Body() body: InsightsRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobCreatedDto> {
    const { projectId, filters } = resolveRequest(query, body);
    const created = await this.jobs.create(await this.identity.resolve(user.id, projectId, filters), 'interactive', true);
    reply.status(created.cached ? 200 : 202);
    return created;
  }

  @Get('jobs')
  @ApiOperation({
    summary: 'The caller’s jobs, newest first (history)',
    description: 'Filter by project and status; keyset-paginated with nextCursor. Items carry no result: read it from GET /insights/jobs/:jobId.',
  })
  @ApiEnvelope(JobHistoryPageDto)
  @ApiErrors([404, 'No such project for this caller'])
  history(@CurrentUser() user: AuthUser, @Query() query: JobHistoryQueryDto): Promise<JobHistoryPageDto> {
    return this.jobs.history(user.id, query);
  }

  @Get('jobs/:jobId')
  @ApiOperation({ summary: 'A job’s status, progress and, once completed, its result' })
  @ApiEnvelope(JobDto, {
    orElse: JobNotFoundDto,
    description: 'The job; an unknown id or another user’s answers 200 `{ status: "not_found" }` alike',
  })
  getJob(@CurrentUser() user: AuthUser, @Param() { jobId }: JobIdParam): Promise<JobDto | JobNotFoundDto | WithMetaJson> {
    return this.jobs.get(user.id, jobId);
  }

  @Delete('jobs/:jobId')
  @ApiOperation({
    summary: 'Cancel a waiting or running job',
    description: 'A finished job is returned unchanged; an unknown id or another user’s answers `{ status: "not_found" }`.',
  })
  @ApiEnvelope(JobDto, { orElse: JobNotFoundDto })
  cancelJob(@CurrentUser() user: AuthUser, @Param() { jobId }: JobIdParam): Promise<JobDto | JobNotFoundDto> {
    return this.jobs.cancel(user.id, jobId);
  }

  @Get()
  @ApiOperation({
    summary: 'Cached insights (200, cached: true; stale: true with refreshJobId after new feedback), else a queued job (202)',
  })
  @ApiResponse({
    status: 200,
    description:
      'Cached insights, compact (the biggest themes, a few evidence ids each: page the rest from /insights/:projectId/evidence); the envelope also carries cached, stale, refreshJobId',
    schema: compactResultRef,
  })
  @ApiEnvelope(JobCreatedDto, { status: 202, description: 'Nothing cached yet: a job was queued' })
  @ApiErrors([404, 'No such project for this caller'], [429, 'Too many new jobs, or a daily token budget spent'], [503, 'Queue unavailable'])
  async read(@CurrentUser() user: AuthUser, @Query() query: InsightsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const { projectId, filters } = resolveRequest(query);
    const outcome = await this.reads.read(await this.identity.resolve(user.id, projectId, filters), isTrue(query.forceRefresh));
    reply.status(outcome.status);
    return outcome.body;
  }

  @Post('generate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Legacy: generate insights and wait for them (kept during the rollout; prefer POST /insights/jobs)',
    description:
      'Queues a job exactly as POST /insights/jobs does (answered from the cache, joined to an identical job in flight, same job rate and daily budgets), then waits for it. Off by default in production (INSIGHTS_LEGACY_GENERATE).',
    deprecated: true,
  })
  @ApiResponse({ status: 200, description: 'The insights', schema: insightsResultRef })
  @ApiErrors(
    [404, 'No such project for this caller'],
    [410, 'Switched off by INSIGHTS_LEGACY_GENERATE=false'],
    [422, 'Content filtered or token budget exceeded'],
    [429, 'Too many new jobs, or a daily token budget spent; Retry-After says when'],
    [502, 'The AI provider failed permanently, or the job failed (details.jobId)'],
    [503, 'The AI provider or the queue is unavailable; Retry-After when known'],
    [504, 'The job is still running after INSIGHTS_LEGACY_WAIT_MS: follow details.jobId'],
  )
  generate(@CurrentUser() user: AuthUser, @Query() query: InsightsRequestDto, @Body() body: InsightsRequestDto): Promise<WithMetaJson> {
    const { projectId, filters } = resolveRequest(query, body);
    return this.legacy.generate(user.id, projectId, filters);
  }

  @Get(':projectId/export')
  @RawResponse()
  @ApiOperation({
    summary: 'Download the project’s latest insights as CSV, Markdown or PDF (streamed)',
    description:
      'The file names its snapshot: generatedAt, model and input fingerprint (also in the X-Insights-Generated-At, X-Insights-Model and X-Insights-Fingerprint headers).',
  })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiResponse({ status: 200, description: 'The file, as an attachment' })
  @ApiErrors([404, 'No such project for this caller, or no insights yet'])
  async export(
    @CurrentUser() user: AuthUser,
    @Param() { projectId }: ProjectIdParam,
    @Query() { format = 'csv' }: ExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const snapshot = await this.reads.snapshotForExport(user.id, projectId);
    const render = { csv: csvExport, md: markdownExport, pdf: pdfExport }[format];
    reply.headers({
      'x-insights-generated-at': snapshot.result.generatedAt,
      'x-insights-model': `${snapshot.result.provider}/${snapshot.result.model}`,
      'x-insights-fingerprint': snapshot.fingerprint,
      'cache-control': 'private, no-store',
    });
    return new StreamableFile(render(snapshot), { type: CONTENT_TYPES[format], disposition: `attachment; filename="${exportFileName(snapshot, format)}"` });
  }

  @Get(':projectId/evidence')
  @ApiOperation({
    summary: 'Page through the evidence (feedback ids) behind one theme of the project’s latest insights',
    description: 'The cached read lists a few ids per theme; this pages the ones the stored result keeps.',
  })
  @ApiEnvelope(EvidencePageDto)
  @ApiErrors([404, 'No such project, no insights yet, or no such theme'], [409, 'The insights were regenerated since the cursor was made'])
  evidence(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam, @Query() query: EvidenceQueryDto): Promise<EvidencePageDto> {
    return this.reads.evidence(user.id, projectId, query);
  }

  @Get(':projectId')
  @ApiOperation({ summary: 'The latest cached insights for a project (stale: true when feedback arrived since)' })
  @ApiResponse({ status: 200, description: 'The latest result, compact as the cached read', schema: compactResultRef })
  @ApiErrors([404, 'No such project for this caller, or no insights yet'])
  latest(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam): Promise<unknown> {
    return this.reads.latestForProject(user.id, projectId);
  }
}
