import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { SENTIMENTS } from '@insights/db';
import { FeedbackFiltersDto } from '../../common/feedback-filters.dto.js';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { normalizeId } from '../../common/normalize-id.js';

export class FeedbackQueryDto extends IntersectionType(FeedbackFiltersDto, PageQueryDto) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Omit for all of the caller’s projects' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  @IsUUID('all', { message: 'projectId must be a UUID' })
  projectId?: string;

  @ApiPropertyOptional({ enum: SENTIMENTS })
  @IsOptional()
  @IsIn(SENTIMENTS)
  sentiment?: string;
}
