import { z } from 'zod';
import { askAnswerSchema, compactResultSchema, insightsResultSchema } from '@insights/engine';

export const INSIGHTS_RESULT_SCHEMA_NAME = 'InsightsResult';
export const COMPACT_RESULT_SCHEMA_NAME = 'CompactInsightsResult';
export const ASK_ANSWER_SCHEMA_NAME = 'AskAnswer';

function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output' }) as Record<string, unknown>;
  return rest;
}

/** The result schemas for the OpenAPI document, generated from the zod schemas the code validates with. */
export function resultJsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    [INSIGHTS_RESULT_SCHEMA_NAME]: openApiSchema(insightsResultSchema),
    [COMPACT_RESULT_SCHEMA_NAME]: openApiSchema(compactResultSchema),
    [ASK_ANSWER_SCHEMA_NAME]: openApiSchema(askAnswerSchema),
  };
}

export const insightsResultSchemaRef = { $ref: `#/components/schemas/${INSIGHTS_RESULT_SCHEMA_NAME}` };
export const askAnswerSchemaRef = { $ref: `#/components/schemas/${ASK_ANSWER_SCHEMA_NAME}` };

/** The success envelope around a result, for @ApiResponse; a cached read says so beside `data`. */
function envelopeOf(name: string) {
  return {
    type: 'object',
    required: ['success', 'data'],
    properties: {
      success: { type: 'boolean', example: true },
      data: { $ref: `#/components/schemas/${name}` },
      cached: { type: 'boolean', description: 'Served from the cache' },
      stale: { type: 'boolean', description: 'Feedback arrived since this result was generated' },
      refreshJobId: {
        type: 'string',
        nullable: true,
        description:
          'When stale: the job regenerating it; null when none was queued (a limit refused it, or new feedback is assigned to the themes and still below INSIGHTS_REGENERATE_SHARE)',
      },
    },
  };
}

export const insightsResultRef = envelopeOf(INSIGHTS_RESULT_SCHEMA_NAME);
/** The dashboard's reads: the compact result (biggest themes, a few ids each; more from /evidence). */
export const compactResultRef = envelopeOf(COMPACT_RESULT_SCHEMA_NAME);
