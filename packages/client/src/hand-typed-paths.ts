import type { components } from './generated/openapi.js';
import type { AskJobCreated, AskRequest } from './types.js';

/*
 * The question endpoint in the shape openapi-typescript generates, written by hand
 * from the API's contract until the API's OpenAPI document describes them. Once
 * `pnpm client:generate` writes them into generated/openapi.ts, this file goes.
 */

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Envelope<T> = Json<{ data: T; success: boolean }>;
type Refusal = Json<components['schemas']['ErrorResponseDto']>;
type Refusals = { 400: Refusal; 401: Refusal; 404: Refusal; 429: Refusal; 503: Refusal };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Only<Method extends string, Operation> = { parameters: NoParams } & { [M in Method]: Operation } & {
  [M in Exclude<'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace', Method>]?: never;
};

export interface HandTypedPaths {
  '/api/insights/ask': Only<
    'post',
    {
      parameters: NoParams;
      requestBody: { content: { 'application/json': AskRequest } };
      responses: { 200: Envelope<AskJobCreated>; 202: Envelope<AskJobCreated> } & Refusals;
    }
  >;
}
