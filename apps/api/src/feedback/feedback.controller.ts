import { Body, Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, type AuthUser } from '../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../common/api-envelope.decorator.js';
import { ProjectIdParam } from '../projects/dto/project.dto.js';
import { ApiKeyGuard, type ApiKeyRequest } from './api-key.guard.js';
import { BulkFeedbackDto, FeedbackInputDto } from './dto/feedback-input.dto.js';
import { FeedbackQueryDto } from './dto/feedback-query.dto.js';
import { BulkResultDto, FeedbackDto, FeedbackPageDto } from './dto/feedback.dto.js';
import { FeedbackService } from './feedback.service.js';

@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

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
}
