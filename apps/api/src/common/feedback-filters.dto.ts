import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { FEEDBACK_CATEGORIES } from '@insights/db';

/** The date range and category filters shared by feedback listing and insights requests. */
export class FeedbackFiltersDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'ISO 8601 date or date-time, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startDate?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'ISO 8601 date or date-time; a bare date includes that whole day' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endDate?: string;

  @ApiPropertyOptional({ enum: FEEDBACK_CATEGORIES })
  @IsOptional()
  @IsIn(FEEDBACK_CATEGORIES)
  category?: string;
}
