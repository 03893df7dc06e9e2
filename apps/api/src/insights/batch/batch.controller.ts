import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../../common/api-envelope.decorator.js';
import { resolveRequest } from '../dto/insights-request.dto.js';
import { BatchIdParam, BatchRequestDto, BatchStatusDto } from './batch.dto.js';
import { BatchService } from './batch.service.js';

@ApiTags('insights')
@ApiBearerAuth()
@ApiErrors([400, 'Invalid project ids or filters'], [401, 'Bad token'], [404, 'No such project or batch for this caller'])
@Controller('insights/batch')
export class BatchController {
  constructor(private readonly batches: BatchService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Generate insights for several projects at once (a BullMQ flow)',
    description:
      'Each project is answered from the cache, by an identical job already in flight, or by a new child job; projects whose daily budget is spent are skipped. Each new child costs one point of the per-user job limit (all or none); two spellings of one project id are a repeat.',
  })
  @ApiEnvelope(BatchStatusDto, { status: 202 })
  @ApiErrors([429, 'Too many new jobs for this user, or the user’s daily token budget spent; Retry-After says when'], [503, 'Queue unavailable'])
  create(@CurrentUser() user: AuthUser, @Body() body: BatchRequestDto): Promise<BatchStatusDto> {
    return this.batches.create(user.id, body.projectIds, resolveRequest({ filters: body.filters }).filters);
  }

  @Get(':batchId')
  @ApiOperation({ summary: 'A batch’s status, with each project’s job, status and progress' })
  @ApiEnvelope(BatchStatusDto)
  status(@CurrentUser() user: AuthUser, @Param() { batchId }: BatchIdParam): Promise<BatchStatusDto> {
    return this.batches.status(user.id, batchId);
  }
}
