import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { JOB_KINDS, JOB_STATUSES, QUEUED_PROGRESS, type InsightsJob } from '@insights/db';
import { insightsResultSchemaRef } from '../insights-result.schema.js';
import { MoneyDto } from '../../common/money.dto.js';

/** Every id a dashboard may have stored: ours, uuids, the old queue's numbers. */
export const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class JobIdParam {
  // Wide enough for every id a dashboard may have stored (ours, uuids, the old queue's numbers):
  // an id that names no job of the caller answers `not_found`, not 400.
  @ApiProperty({ example: 'q3Jx0v9cT1mB2w8yZ4kL7A' })
  @IsString()
  @Matches(JOB_ID, { message: 'jobId must be a job id returned by POST /api/insights/jobs' })
  jobId: string;
}

const STAGES = ['queued', 'stats', 'map', 'reduce', 'finalize', 'retrieving', 'answering', 'checking', 'done'];

export class JobProgressDto {
  @ApiProperty({ enum: STAGES, description: 'A generation: stats → map → reduce → finalize; a question: retrieving → answering → checking' })
  stage: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) percent: number;
  @ApiProperty() chunksDone: number;
  @ApiProperty() chunksTotal: number;
  @ApiProperty() tokensUsed: number;
  @ApiPropertyOptional({ description: 'A question only: the answer text so far, counts not yet filled shown as …' })
  partialAnswer?: string;
}

export class JobCreatedDto {
  @ApiProperty() jobId: string;
  @ApiProperty({ enum: JOB_STATUSES, description: 'completed at once when the result was cached' }) status: string;
  @ApiProperty() cached: boolean;
  @ApiProperty({ description: 'Seconds until the result is likely ready, from recent generations of this scope (0 when cached)' })
  estimatedTime: number;
}

/** The start of a question's job: the shape POST /insights/jobs answers, and its kind. */
export class AskCreatedDto extends JobCreatedDto {
  @ApiProperty({ enum: ['ask'] }) kind: 'ask';
}

/** What an unknown id and another user's id both answer, byte for byte: nothing to tell apart. */
export class JobNotFoundDto {
  @ApiProperty({ enum: ['not_found'] }) status: 'not_found';
}
export const JOB_NOT_FOUND: JobNotFoundDto = Object.freeze({ status: 'not_found' as const });

export class JobDto {
  @ApiProperty() jobId: string;
  @ApiProperty({ enum: JOB_KINDS, description: 'insights: a generation (result: InsightsResult); ask: a question (result: AskAnswer)' })
  kind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: all of the caller’s projects' })
  projectId: string | null;
  @ApiProperty({
    enum: JOB_STATUSES,
    description: 'pending (queued or waiting to retry) → processing → completed | failed | cancelled',
  })
  status: string;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent done, as the dashboard renders it' }) progress: number;
  @ApiProperty({ enum: STAGES }) stage: string;
  @ApiProperty({ type: JobProgressDto, description: 'Stage, percent, chunks and tokens so far' }) progressDetail: JobProgressDto;
  // Typed as the insights for the clients that read generations; a question's job (kind ask)
  // carries an AskAnswer here instead, described as its own schema (ASK_ANSWER_SCHEMA_NAME).
  @ApiPropertyOptional({
    allOf: [insightsResultSchemaRef],
    description: 'The insights, when completed; for a job of kind ask, an AskAnswer (#/components/schemas/AskAnswer) instead',
  })
  result?: unknown;
  @ApiPropertyOptional({ type: String, description: 'Why it failed, or the last retried error' }) error?: string;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty() tokensUsed: number;
  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description:
      'What the job’s LLM calls cost, every attempt’s (the sum of its ledger rows), priced by the model that answered. 0 for an answer from the cache; null while it runs, for jobs finished before cost was recorded, and when no call had a price.',
  })
  cost: MoneyDto | null;
  @ApiProperty({ nullable: true, type: Number }) processingTimeMs: number | null;

  static from(job: InsightsJob): JobDto {
    const detail = job.progressDetail ?? { ...QUEUED_PROGRESS, percent: job.progress ?? 0 };
    return {
      jobId: job.id,
      kind: job.kind,
      projectId: job.projectId,
      status: job.status,
      progress: Math.max(0, Math.min(100, Math.round(job.progress ?? detail.percent))),
      stage: detail.stage,
      progressDetail: detail,
      ...(job.status === 'completed' ? { result: job.result } : {}),
      ...(job.error ? { error: String(job.error) } : {}),
      attempts: job.attempts,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      completedAt: job.completedAt,
      tokensUsed: job.aiTokensUsed ?? 0,
      cost: job.costUsd == null ? null : MoneyDto.usd(Number(job.costUsd)),
      processingTimeMs: job.processingTime,
    };
  }
}
