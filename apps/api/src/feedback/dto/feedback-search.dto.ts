import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { SENTIMENTS } from '@insights/db';
import { FeedbackFiltersDto } from '../../common/feedback-filters.dto.js';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { UUID_ID } from '../../common/keyset-cursor.js';
import { normalizeId } from '../../common/normalize-id.js';

export const SEARCH_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const MAX_QUERY_CHARS = 200;
export const MAX_SIMILAR = 50;

export class FeedbackSearchQueryDto extends IntersectionType(FeedbackFiltersDto, PageQueryDto) {
  @ApiProperty({ format: 'uuid', description: 'The caller’s project to search' })
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  @IsUUID('all', { message: 'projectId must be a UUID' })
  projectId: string;

  @ApiPropertyOptional({
    maxLength: MAX_QUERY_CHARS,
    example: 'export "csv file" -pdf',
    description:
      'Web-search syntax: words (matched by stem in every entry’s own language), "quoted phrases", `or`, and -words to exclude. ' +
      'Empty or omitted: every entry in scope, newest first.',
  })
  @IsOptional()
  @IsString({ message: 'q must be a string' })
  @MaxLength(MAX_QUERY_CHARS, { message: `q must be at most ${MAX_QUERY_CHARS} characters` })
  q?: string;

  @ApiPropertyOptional({ enum: SEARCH_SENTIMENTS })
  @IsOptional()
  @IsIn(SEARCH_SENTIMENTS, { message: `sentiment must be one of ${SEARCH_SENTIMENTS.join(', ')}` })
  sentiment?: (typeof SEARCH_SENTIMENTS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Lowest rating, inclusive; unrated entries (rating 0) are left out of any rating range' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minRating must be a whole number from 1 to 5' })
  @Min(1, { message: 'minRating must be a whole number from 1 to 5' })
  @Max(5, { message: 'minRating must be a whole number from 1 to 5' })
  minRating?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Highest rating, inclusive; unrated entries (rating 0) are left out of any rating range' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'maxRating must be a whole number from 1 to 5' })
  @Min(1, { message: 'maxRating must be a whole number from 1 to 5' })
  @Max(5, { message: 'maxRating must be a whole number from 1 to 5' })
  maxRating?: number;
}

export class FeedbackIdParam {
  @ApiProperty({ format: 'uuid' })
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  // Any UUID Postgres stores, whatever its version nibble (imported and derived ids included).
  @IsString({ message: 'feedbackId must be a UUID' })
  @Matches(UUID_ID, { message: 'feedbackId must be a UUID' })
  feedbackId: string;
}

export class SimilarQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SIMILAR, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: `limit must be from 1 to ${MAX_SIMILAR}` })
  @Max(MAX_SIMILAR, { message: `limit must be from 1 to ${MAX_SIMILAR}` })
  limit?: number;
}

export class SearchHitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ example: 'bug' }) category: string;
  @ApiProperty({ enum: SENTIMENTS }) sentiment: string;
  @ApiProperty({ minimum: 0, maximum: 5, description: '0: not rated (yet)' }) rating: number;
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'Relevance: for a search, its ts_rank scaled to 0..1; for similar entries, the share of the entry’s distinctive words they hold; 0 otherwise',
  })
  rank: number;
}

export class SearchPageDto {
  @ApiProperty({ type: [SearchHitDto], description: 'Best match first (newest first for an empty query)' }) items: SearchHitDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor, with the same q and filters, for the next page; null on the last' })
  nextCursor: string | null;
}

export class SimilarFeedbackDto {
  @ApiProperty({ type: [SearchHitDto], description: 'Entries of the same project most like the entry, closest first; never the entry itself' })
  items: SearchHitDto[];
}
