import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '../../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../../common/api-envelope.decorator.js';
import { AskRequestDto } from '../dto/ask.dto.js';
import { AskCreatedDto } from '../dto/job.dto.js';
import { AskService } from './ask.service.js';

@ApiTags('insights')
@ApiBearerAuth()
@ApiExtraModels(AskCreatedDto)
@ApiErrors([401, 'Bad token'])
@Controller('insights')
export class AskController {
  constructor(private readonly asks: AskService) {}

  @Post('ask')
  @ApiOperation({
    summary: 'Ask a question about a project’s feedback; the answer cites the entries it rests on',
    description:
      'Queues an ask job (kind ask) on the insights queue. Follow it with GET /insights/jobs/:jobId (its result is an AskAnswer) or its events ' +
      '(GET /insights/jobs/:jobId/events: progressDetail.stage retrieving → answering → checking, progressDetail.partialAnswer the text so far). ' +
      'The same question (case, spacing and trailing punctuation aside) of the same project, filters and feedback is one job while it runs and cached once answered (200, status completed). ' +
      'Every count in the answer comes from SQL; citations of entries the model was not shown are dropped.',
  })
  @ApiEnvelope(AskCreatedDto, { status: 202, description: 'Queued (or the same question already in flight)' })
  @ApiEnvelope(AskCreatedDto, { status: 200, description: 'Answered from the cache: status completed, cached true' })
  @ApiErrors(
    [400, 'The question is too short or too long, or a filter is invalid (the message names it)'],
    [404, 'No such project for this caller'],
    [429, 'Too many new jobs for this user (RATE_LIMITED), or a daily token budget spent (TOKEN_BUDGET_EXHAUSTED); Retry-After says when'],
    [503, 'Queue unavailable'],
  )
  async ask(@CurrentUser() user: AuthUser, @Body() body: AskRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AskCreatedDto> {
    const created = await this.asks.ask(user.id, body);
    reply.status(created.cached ? 200 : 202);
    return created;
  }
}
