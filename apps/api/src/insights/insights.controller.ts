import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { InsightsResult } from '@insights/engine';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { ApiErrors } from '../common/api-envelope.decorator.js';
import { InsightsRequestDto, resolveRequest } from './dto/insights-request.dto.js';
import { LegacyInsightsService } from './legacy-insights.service.js';
import { insightsResultRef } from './insights-result.schema.js';

@ApiTags('insights')
@ApiBearerAuth()
@ApiErrors([400, 'Invalid scope or filters'], [401, 'Bad token'], [404, 'No such project for this caller'])
@Controller('insights')
export class InsightsController {
  constructor(private readonly legacy: LegacyInsightsService) {}

  @Post('generate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Legacy: generate insights synchronously (kept during the rollout; prefer POST /insights/jobs)',
    deprecated: true,
  })
  @ApiResponse({ status: 200, description: 'The insights', schema: insightsResultRef })
  @ApiErrors(
    [410, 'Switched off by INSIGHTS_LEGACY_GENERATE=false'],
    [422, 'Content filtered or token budget exceeded'],
    [502, 'The AI provider failed permanently'],
    [503, 'The AI provider is unavailable; Retry-After when known'],
  )
  generate(
    @CurrentUser() user: AuthUser,
    @Query() query: InsightsRequestDto,
    @Body() body: InsightsRequestDto,
  ): Promise<InsightsResult> {
    const { projectId, filters } = resolveRequest(query, body);
    return this.legacy.generate(user.id, projectId, filters);
  }
}
