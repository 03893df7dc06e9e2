import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export class ErrorResponseDto {
  @ApiProperty({ example: false })
  success: false;

  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'VALIDATION_FAILED', description: 'Stable machine-readable error code' })
  code: ErrorCode;

  @ApiProperty({ example: 'rating must not be greater than 5' })
  message: string;

  @ApiPropertyOptional({ description: 'Per-field problems for validation errors' })
  details?: unknown;
}
