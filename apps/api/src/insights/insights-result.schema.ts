import { z } from 'zod';
import { insightsResultSchema } from '@insights/engine';

export const INSIGHTS_RESULT_SCHEMA_NAME = 'InsightsResult';

/** The result's OpenAPI schema, generated from the zod schema the worker validates with. */
export function insightsResultJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(insightsResultSchema, { target: 'openapi-3.0', io: 'output' }) as Record<
    string,
    unknown
  >;
  return schema;
}

/** The success envelope around the result, for @ApiResponse. */
export const insightsResultRef = {
  type: 'object',
  properties: {
    success: { type: 'boolean', example: true },
    data: { $ref: `#/components/schemas/${INSIGHTS_RESULT_SCHEMA_NAME}` },
  },
};
