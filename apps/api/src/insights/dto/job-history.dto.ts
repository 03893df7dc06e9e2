import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { JOB_KINDS, JOB_STATUSES, type InsightsFilters, type InsightsJobSummary } from '@insights/db';
import { InsightsFiltersDto } from './insights-request.dto.js';
import { JobDto } from './job.dto.js';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { normalizeId } from '../../common/normalize-id.js';

export class JobHistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this project’s jobs (else every job of the caller)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  @IsUUID('all', { message: 'projectId must be a UUID' })
  projectId?: string;

  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(', ')}` })
  status?: (typeof JOB_STATUSES)[number];

  @ApiPropertyOptional({
    enum: JOB_KINDS,
    default: 'insights',
    description: 'insights: generations (what the dashboard lists); ask: questions answered with cited feedback',
  })
  @IsOptional()
  @IsIn(JOB_KINDS, { message: `kind must be one of ${JOB_KINDS.join(', ')}` })
  kind?: (typeof JOB_KINDS)[number];
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
