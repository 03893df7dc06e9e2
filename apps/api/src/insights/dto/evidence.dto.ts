import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';

export class EvidenceQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'The theme’s name, exactly as the result lists it', example: 'Export problems' })
  @IsString({ message: 'theme must be a string' })
  @Length(1, 200, { message: 'theme must be 1 to 200 characters' })
  theme: string;
}

export class EvidencePageDto {
  @ApiProperty() theme: string;
  @ApiProperty({ description: 'Entries behind the theme in the analysed feedback' }) count: number;
  @ApiProperty({ description: 'Evidence ids the stored result keeps for the theme (at most 50; `count` may be more)' }) listed: number;
  @ApiProperty({ type: [String], description: 'This page of the theme’s evidence (feedback ids), in the result’s order' })
  feedbackIds: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
  @ApiPropertyOptional({ description: 'The snapshot paged: its generatedAt' }) generatedAt: string;
}
