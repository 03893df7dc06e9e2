import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const indicators = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
  example: { postgres: { status: 'up' }, redis: { status: 'up' } },
};

/**
 * Terminus' health report, documented here rather than by its @HealthCheck decorator: that one
 * documents it only where it can require() @nestjs/swagger, so the API's document (and the
 * client types made from it) would depend on how the process was loaded.
 */
export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' }) status: string;
  @ApiPropertyOptional({ ...indicators, nullable: true, description: 'Indicators that are up' }) info?: object | null;
  @ApiPropertyOptional({ ...indicators, nullable: true, description: 'Indicators that are down' }) error?: object | null;
  @ApiProperty({ ...indicators, description: 'Every indicator' }) details: object;
}
