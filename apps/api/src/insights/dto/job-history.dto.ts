import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { JOB_STATUSES, type InsightsFilters, type InsightsJobSummary } from '@insights/db';
import { InsightsFiltersDto } from './insights-request.dto.js';
import { JobDto } from './job.dto.js';

export class JobHistoryQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this project’s jobs (else every job of the caller)' })
  @IsOptional()
  @IsUUID('all', { message: 'projectId must be a UUID' })
  projectId?: string;

  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(', ')}` })
  status?: (typeof JOB_STATUSES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** A job in a list: what a status poll answers, less the result, plus the filters it ran with. */
export class JobSummaryDto extends OmitType(JobDto, ['result'] as const) {
  @ApiProperty({ type: InsightsFiltersDto, description: 'The date range and category the job covered' })
  filters: InsightsFilters;

  static fromSummary(job: InsightsJobSummary): JobSummaryDto {
    const { result: _none, ...dto } = JobDto.from({ ...job, result: null });
    return { ...dto, filters: job.filters ?? {} };
  }
}

export class JobHistoryPageDto {
  @ApiProperty({ type: [JobSummaryDto] }) items: JobSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}
