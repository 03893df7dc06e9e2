import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
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

  // Any category the data may hold: this service's, the existing backend's `general` (not yet
  // analysed) and whatever its analysis assigned. One that matches nothing yields no feedback.
  @ApiPropertyOptional({ example: 'bug', description: `A category name, e.g. ${FEEDBACK_CATEGORIES.join(', ')} or general` })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9_ -]{0,49}$/, { message: 'category must be a category name: a letter, then up to 49 letters, digits, spaces, - or _' })
  category?: string;
}
