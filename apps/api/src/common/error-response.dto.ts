import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: false })
  success: false;

  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable error code' })
  code: string;

  @ApiProperty({ example: 'rating must not be greater than 5' })
  message: string;

  @ApiPropertyOptional({ description: 'Per-field problems for validation errors' })
  details?: unknown;
}
