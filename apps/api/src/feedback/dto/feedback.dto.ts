import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEEDBACK_CATEGORIES, SENTIMENTS, type Feedback } from '@insights/db';

export class FeedbackDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() text: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty({ enum: FEEDBACK_CATEGORIES }) category: string;
  @ApiProperty({ enum: SENTIMENTS }) sentiment: string;
  @ApiProperty({ minimum: -1, maximum: 1 }) sentimentScore: number;
  @ApiPropertyOptional({ nullable: true, type: String }) userName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userEmail: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) metadata: Record<string, unknown> | null;
  @ApiProperty() createdAt: Date;

  static from(f: Feedback): FeedbackDto {
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
