import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { FeedbackFiltersDto } from '../../common/feedback-filters.dto.js';
import { normalizeId } from '../../common/normalize-id.js';

const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

/** The filters of a question: those of a feedback search (dates, category, sentiment, ratings). */
export class AskFiltersDto extends FeedbackFiltersDto {
  @ApiPropertyOptional({ enum: SENTIMENTS })
  @IsOptional()
  @IsIn(SENTIMENTS, { message: `sentiment must be one of ${SENTIMENTS.join(', ')}` })
  sentiment?: (typeof SENTIMENTS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Lowest rating, inclusive (unrated entries are never in a rating range)' })
  @IsOptional()
  @IsInt({ message: 'minRating must be a whole number from 1 to 5' })
  @Min(1, { message: 'minRating must be a whole number from 1 to 5' })
  @Max(5, { message: 'minRating must be a whole number from 1 to 5' })
  minRating?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Highest rating, inclusive' })
  @IsOptional()
  @IsInt({ message: 'maxRating must be a whole number from 1 to 5' })
  @Min(1, { message: 'maxRating must be a whole number from 1 to 5' })
  @Max(5, { message: 'maxRating must be a whole number from 1 to 5' })
  maxRating?: number;
}

export class AskRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The project whose feedback answers the question' })
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  @IsUUID('all', { message: 'projectId must be a UUID' })
  projectId: string;

  @ApiProperty({ minLength: 3, maxLength: 500, example: 'How many entries complain about CSV export?' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'question must be a string' })
  @MinLength(3, { message: 'question must be at least 3 characters long' })
  @MaxLength(500, { message: 'question must be at most 500 characters long' })
  question: string;

  @ApiPropertyOptional({ type: AskFiltersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AskFiltersDto)
  filters?: AskFiltersDto;
}
