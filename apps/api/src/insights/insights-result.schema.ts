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

export const insightsResultSchemaRef = { $ref: `#/components/schemas/${INSIGHTS_RESULT_SCHEMA_NAME}` };

/** The success envelope around the result, for @ApiResponse; a cached read says so beside `data`. */
export const insightsResultRef = {
  type: 'object',
  required: ['success', 'data'],
  properties: {
    success: { type: 'boolean', example: true },
    data: insightsResultSchemaRef,
    cached: { type: 'boolean', description: 'Served from the cache' },
    stale: { type: 'boolean', description: 'Feedback arrived since this result was generated' },
    refreshJobId: { type: 'string', description: 'When stale: the job regenerating it' },
  },
};
