import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsIsoDate } from './iso-date.validator.js';
import { FEEDBACK_CATEGORIES } from '@insights/db';

/** The date range and category filters shared by feedback listing and insights requests. */
export class FeedbackFiltersDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, inclusive' })
  @IsOptional()
  @IsIsoDate()
  startDate?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'ISO 8601 date or date-time; a bare date includes that whole day' })
  @IsOptional()
  @IsIsoDate()
  endDate?: string;

  @ApiPropertyOptional({ enum: FEEDBACK_CATEGORIES })
  @IsOptional()
  @IsIn(FEEDBACK_CATEGORIES)
  category?: string;
}
