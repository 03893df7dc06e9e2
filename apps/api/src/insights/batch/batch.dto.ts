import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { JOB_STATUSES } from '@insights/db';
import { InsightsFiltersDto } from '../dto/insights-request.dto.js';
import { normalizeId } from '../../common/normalize-id.js';

export const MAX_BATCH_PROJECTS = 50;

export class BatchRequestDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_BATCH_PROJECTS, description: 'The projects to generate insights for, each once' })
  @IsArray({ message: 'projectIds must be an array of project ids' })
  @ArrayMinSize(1, { message: 'projectIds must name at least one project' })
  @ArrayMaxSize(MAX_BATCH_PROJECTS, { message: `projectIds must name at most ${MAX_BATCH_PROJECTS} projects` })
  // Before the uniqueness check: two spellings of one UUID are one project.
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]).map(normalizeId) : value))
  @ArrayUnique({ message: 'projectIds must not repeat a project' })
  @IsUUID('all', { each: true, message: 'projectIds must be UUIDs' })
  projectIds: string[];

  @ApiPropertyOptional({ type: InsightsFiltersDto, description: 'The same date range and category for every project' })
  @IsOptional()
  @ValidateNested()
  @Type(() => InsightsFiltersDto)
  filters?: InsightsFiltersDto;
}

export class BatchIdParam {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/, { message: 'batchId must be a batch id returned by POST /api/insights/batch' })
  batchId: string;
}

export class BatchProjectDto {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ type: String, nullable: true, description: 'The job answering this project; null when skipped' }) jobId: string | null;
  @ApiProperty({ enum: ['queued', 'joined', 'cached', 'skipped'], description: 'A new child job, an identical job already in flight, the cache, or not run' })
  how: string;
  @ApiProperty({ enum: [...JOB_STATUSES, 'skipped'] }) status: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiPropertyOptional({ description: 'Why it failed or was skipped' }) error?: string;
}

export class BatchStatusDto {
  @ApiProperty() batchId: string;
  @ApiProperty({
    enum: ['pending', 'processing', 'completed', 'partial', 'failed'],
    description: 'processing while any project runs; then completed (all), partial (some) or failed (none completed)',
  })
  status: string;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Mean progress over the projects' }) progress: number;
  @ApiProperty({ type: [BatchProjectDto] }) projects: BatchProjectDto[];
}
