import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { JOB_STATUSES, type InsightsJob } from '@insights/db';

export class JobIdParam {
  @ApiProperty({ example: 'q3Jx0v9cT1mB2w8yZ4kL7A' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/, { message: 'jobId must be a job id returned by POST /api/insights/jobs' })
  jobId: string;
}

export class JobProgressDto {
  @ApiProperty({ enum: ['queued', 'stats', 'map', 'reduce', 'finalize', 'done'] }) stage: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) percent: number;
  @ApiProperty() chunksDone: number;
  @ApiProperty() chunksTotal: number;
  @ApiProperty() tokensUsed: number;
}

export class JobCreatedDto {
  @ApiProperty() jobId: string;
  @ApiProperty({ enum: JOB_STATUSES, description: 'completed at once when the result was cached' }) status: string;
  @ApiProperty() cached: boolean;
}

export class JobDto {
  @ApiProperty() jobId: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: all of the caller’s projects' })
  projectId: string | null;
  @ApiProperty({
    enum: JOB_STATUSES,
    description: 'pending (queued or waiting to retry) → processing → completed | failed | cancelled',
  })
  status: string;
  @ApiProperty({ type: JobProgressDto }) progress: JobProgressDto;
  @ApiPropertyOptional({ description: 'The insights, when completed (see the InsightsResult schema)' }) result?: unknown;
  @ApiPropertyOptional({ description: 'Why it failed, or the last retried error' }) error?: string;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty() tokensUsed: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) processingTimeMs: number | null;

  static from(job: InsightsJob): JobDto {
    return {
      jobId: job.id,
      projectId: job.projectId,
      status: job.status,
      progress: job.progress ?? { stage: 'queued', percent: 0, chunksDone: 0, chunksTotal: 0, tokensUsed: 0 },
      ...(job.status === 'completed' ? { result: job.result } : {}),
      ...(job.error ? { error: job.error } : {}),
      attempts: job.attempts,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      completedAt: job.completedAt,
      tokensUsed: job.aiTokensUsed ?? 0,
      processingTimeMs: job.processingTime,
    };
  }
}
