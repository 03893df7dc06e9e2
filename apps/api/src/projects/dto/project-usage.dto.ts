import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MoneyDto } from '../../common/money.dto.js';

export const MAX_USAGE_DAYS = 366;

export class ProjectUsageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_USAGE_DAYS, default: 30, description: 'UTC days to report, ending today' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number' })
  @Min(1)
  @Max(MAX_USAGE_DAYS)
  days?: number;
}

/** LLM calls of a project over a span: tokens, and money beside them. */
export class LlmUsageDto {
  @ApiProperty({ description: 'LLM calls recorded (chat calls and embeddings requests, failed ones too)' }) calls: number;
  @ApiProperty({ description: 'Prompt tokens, cached ones included' }) promptTokens: number;
  @ApiProperty({ description: 'Prompt tokens the provider served from its context cache (billed at the cached price)' }) cachedTokens: number;
  @ApiProperty() completionTokens: number;
  @ApiProperty({ description: 'promptTokens + completionTokens: what the daily token budgets count' }) totalTokens: number;
  @ApiProperty({ type: MoneyDto, description: 'What the calls cost, each priced by its model when it was recorded' }) cost: MoneyDto;
  @ApiProperty({ description: 'Calls with no price (a model the price table does not know), left out of cost' }) unpricedCalls: number;
}

export class DailyUsageDto extends LlmUsageDto {
  @ApiProperty({ example: '2026-12-07', description: 'The UTC day' }) date: string;
}

export class ProjectUsageDto {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ type: [DailyUsageDto], description: 'Every UTC day of the span, oldest first (days without calls are zeros)' })
  days: DailyUsageDto[];
  @ApiProperty({ type: LlmUsageDto, description: 'The span’s sum' }) total: LlmUsageDto;
}
