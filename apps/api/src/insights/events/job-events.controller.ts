import { Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentUser, StreamTokenAuth, type AuthUser } from '../../auth/auth-user.js';
import { StreamTokensService } from '../../auth/stream-tokens.service.js';
import { ApiEnvelope, ApiErrors } from '../../common/api-envelope.decorator.js';
import { NotFoundError } from '../../common/app-error.js';
import { JobViewsRepository } from '@insights/db';
import { JobIdParam } from '../dto/job.dto.js';
import { JobStreamService } from './job-stream.service.js';

export class StreamTokenDto {
  @ApiProperty({ description: 'Pass as ?streamToken= to the events URL of this job only' }) token: string;
  @ApiProperty({ description: 'Seconds it stays valid, counted from issue (use does not extend it)' }) expiresIn: number;
}

export class JobEventsQueryDto {
  @ApiPropertyOptional({ description: 'From POST .../events/token, for clients that cannot send headers (EventSource)' })
  @IsOptional()
  @IsString()
  streamToken?: string;

  @ApiPropertyOptional({ description: 'Resume after this event id, as the Last-Event-ID header does (for a new EventSource)' })
  @IsOptional()
  @Matches(/^\d{1,15}-\d{1,10}$/, { message: 'lastEventId must be an event id received from this stream' })
  lastEventId?: string;
}

@ApiTags('insights')
@ApiBearerAuth()
@ApiErrors([401, 'Bad token'], [404, 'No such job for this caller'])
@Controller('insights/jobs')
export class JobEventsController {
  constructor(
    private readonly streams: JobStreamService,
    private readonly tokens: StreamTokensService,
    private readonly rows: JobViewsRepository,
  ) {}

  @Post(':jobId/events/token')
  @ApiOperation({
    summary: 'A short-lived token that opens this job’s event stream (for EventSource, which cannot send headers)',
  })
  @ApiEnvelope(StreamTokenDto, { status: 201 })
  async token(@CurrentUser() user: AuthUser, @Param() { jobId }: JobIdParam): Promise<StreamTokenDto> {
    if (!(await this.rows.findVisible(jobId, user.id))) throw new NotFoundError('JOB_NOT_FOUND', `no job ${jobId} for this caller`);
    return this.tokens.issue(user, jobId);
  }

  @Get(':jobId/events')
  @StreamTokenAuth()
  @ApiOperation({
    summary: 'Live job events (Server-Sent Events)',
    description:
      '`progress` events (stage, percent, chunksDone, chunksTotal, tokensUsed) as the job runs, then one final ' +
      '`completed`, `failed` or `cancelled` event carrying the job as GET /insights/jobs/:jobId returns it, and the ' +
      'stream ends. Comment lines keep an idle stream open. Reconnect with Last-Event-ID (or ?lastEventId=) to ' +
      'resume. Authenticate with the bearer header, or ?streamToken= from POST .../events/token.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event' })
  @ApiResponse({ status: 200, description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiErrors([429, 'Too many open event streams for this user'])
  async events(
    @CurrentUser() user: AuthUser,
    @Param() { jobId }: JobIdParam,
    @Query() query: JobEventsQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.stream(user, jobId, lastEventId ?? query.lastEventId, reply);
  }
}
