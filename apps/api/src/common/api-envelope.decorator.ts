import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto.js';

/** Documents a success response wrapped in the `{ success: true, data }` envelope. */
export function ApiEnvelope(model: Type<unknown>, options: { status?: number; isArray?: boolean; description?: string; orElse?: Type<unknown> } = {}) {
  const ref = { $ref: getSchemaPath(model) };
  let data: object = options.isArray ? { type: 'array', items: ref } : ref;
  // Some answers are one model or another (a job, or `not_found`): say so, so clients narrow it.
  if (options.orElse) data = { oneOf: [ref, { $ref: getSchemaPath(options.orElse) }] };
  return applyDecorators(
    ApiExtraModels(model, ...(options.orElse ? [options.orElse] : [])),
    ApiResponse({
      status: options.status ?? 200,
      description: options.description,
      schema: { type: 'object', required: ['success', 'data'], properties: { success: { type: 'boolean', example: true }, data } },
    }),
  );
}

/** Documents error responses with the common error body. */
export function ApiErrors(...statuses: [number, string][]) {
  return applyDecorators(...statuses.map(([status, description]) => ApiResponse({ status, description, type: ErrorResponseDto })));
}
