import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FEEDBACK_CATEGORIES, type FeedbackCategory } from '@insights/db';
import { EachObject, MaxJsonSize } from './custom.validators.js';
import { IsIsoDate } from '../../common/iso-date.validator.js';

export const MAX_FEEDBACK_TEXT = 10_000;
export const MAX_BULK_ITEMS = 1_000;

export class FeedbackInputDto {
  @ApiProperty({ example: 'Export to CSV times out on large projects', maxLength: MAX_FEEDBACK_TEXT })
  @IsString()
  @Matches(/\S/, { message: 'text must not be empty' })
  @MaxLength(MAX_FEEDBACK_TEXT)
  text: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, example: 2, description: 'Omitted: stored as 0 (unrated), as the existing widget’s entries are' })
  // Omitted is fine; null is not a rating.
  @ValidateIf((o: FeedbackInputDto) => o.rating !== undefined)
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  @ApiPropertyOptional({ enum: FEEDBACK_CATEGORIES, default: 'other' })
  @IsOptional()
  @IsIn(FEEDBACK_CATEGORIES)
  category?: FeedbackCategory;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  userName?: string;

  @ApiPropertyOptional({ format: 'email' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  userEmail?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'The existing widget’s name for userName' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'email', description: 'The existing widget’s name for userEmail; empty means none' })
  @ValidateIf((o: FeedbackInputDto) => o.email !== undefined && o.email !== '')
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form, at most 8 KiB as JSON' })
  @IsOptional()
  @IsObject()
  @MaxJsonSize(8 * 1024)
  metadata?: Record<string, unknown>;
}

export class BulkFeedbackItemDto extends FeedbackInputDto {
  @ApiPropertyOptional({ description: 'When the feedback was originally given (ISO 8601, not in the future)' })
  @IsOptional()
  @IsIsoDate()
  createdAt?: string;
}

export class BulkFeedbackDto {
  @ApiProperty({ type: [BulkFeedbackItemDto], minItems: 1, maxItems: MAX_BULK_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ITEMS)
  @EachObject()
  @ValidateNested({ each: true })
  @Type(() => BulkFeedbackItemDto)
  items: BulkFeedbackItemDto[];
}
