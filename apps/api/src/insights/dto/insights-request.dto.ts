import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBooleanString, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import type { InsightsFilters } from '@insights/db';
import { FeedbackFiltersDto } from '../../common/feedback-filters.dto.js';
import { normalizeId } from '../../common/normalize-id.js';

export class InsightsFiltersDto extends FeedbackFiltersDto {}

/** Scope and filters, flat (query string, the existing client) or nested under `filters` (body). */
export class InsightsRequestDto extends InsightsFiltersDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Omit for all of the caller’s projects' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  @IsUUID('all', { message: 'projectId must be a UUID' })
  projectId?: string;

  @ApiPropertyOptional({ type: InsightsFiltersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => InsightsFiltersDto)
  filters?: InsightsFiltersDto;
}

export class InsightsQueryDto extends InsightsRequestDto {
  @ApiPropertyOptional({ enum: ['true', 'false', '1', '0'], description: 'Skip the cache and queue a new generation' })
  @IsOptional()
  @IsBooleanString({ message: 'forceRefresh must be true, false, 1 or 0' })
  forceRefresh?: string;
}

/** A boolean query parameter as IsBooleanString admits it: true or 1. */
export function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/** Merges query and body, body winning field by field; nested filters win over flat ones. */
export function resolveRequest(...parts: (InsightsRequestDto | undefined)[]): { projectId: string | null; filters: InsightsFilters } {
  // DTO instances carry every declared field, undefined ones included: merge only what was sent.
  const defined = (part: object) => Object.fromEntries(Object.entries(part).filter(([, v]) => v !== undefined));
  const merged = Object.assign({}, ...parts.filter((p) => p !== undefined).map(defined)) as InsightsRequestDto;
  const nested = merged.filters ?? {};
  const filters: InsightsFilters = {};
  const startDate = nested.startDate ?? merged.startDate;
  const endDate = nested.endDate ?? merged.endDate;
  const category = nested.category ?? merged.category;
  if (startDate) filters.startDate = startDate;
  if (endDate) filters.endDate = endDate;
  if (category) filters.category = category;
  return { projectId: merged.projectId ?? null, filters };
}
