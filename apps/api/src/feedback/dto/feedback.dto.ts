import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEEDBACK_CATEGORIES, PROCESSING_STATUSES, SENTIMENTS, type FeedbackRow } from '@insights/db';

export class FeedbackDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() text: string;
  @ApiProperty({ minimum: 0, maximum: 5, description: '0: not rated (yet)' }) rating: number;
  @ApiProperty({ example: FEEDBACK_CATEGORIES[0], description: `${FEEDBACK_CATEGORIES.join(', ')}; general while awaiting analysis` }) category: string;
  @ApiProperty({ enum: SENTIMENTS }) sentiment: string;
  @ApiProperty({ minimum: -1, maximum: 1 }) sentimentScore: number;
  @ApiProperty({ description: 'Empty when not given' }) userName: string;
  @ApiProperty({ description: 'Empty when not given' }) userEmail: string;
  @ApiProperty({ enum: PROCESSING_STATUSES, description: 'pending: stored, not analysed yet' }) processingStatus: string;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) metadata: Record<string, unknown> | null;
  @ApiProperty() createdAt: Date;

  static from(f: FeedbackRow): FeedbackDto {
    return {
      id: f.id,
      projectId: f.projectId,
      text: f.text,
      rating: f.rating,
      category: f.category,
      sentiment: f.sentiment,
      sentimentScore: f.sentimentScore,
      userName: f.userName,
      userEmail: f.userEmail,
      processingStatus: f.processingStatus,
      metadata: f.metadata ?? null,
      createdAt: f.createdAt,
    };
  }
}

export class FeedbackPageDto {
  @ApiProperty({ type: [FeedbackDto] }) items: FeedbackDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}

export class BulkResultDto {
  @ApiProperty() inserted: number;
  @ApiProperty({ description: 'The project’s feedback generation after the import' }) feedbackGeneration: number;
}
