import { describe, expect, it } from '@jest/globals';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } from 'openai';
import * as openai from 'openai';
import { classifyLlmError as classifyWith, LlmError, parseRetryAfter, type LlmErrorKind } from './llm-error.js';

// The GLM provider classifies with the SDK's error classes; so do these cases.
const classifyLlmError = (err: unknown) => classifyWith(err, openai);

const glm = (status: number, code: string | number, message = 'GLM says no', headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { code, message } }, message, new Headers(headers));

const table: [string, unknown, LlmErrorKind, boolean][] = [
  ['1302 concurrency', glm(429, '1302'), 'rate_limit', true],
  ['1303 frequency', glm(429, 1303), 'rate_limit', true],
  ['1305 overloaded', glm(429, '1305'), 'overloaded', true],
  ['429 without a known code', APIError.generate(429, undefined, 'slow down', new Headers()), 'rate_limit', true],
  ['1113 balance (sent as 429)', glm(429, '1113'), 'quota', false],
  ['1000 auth', glm(401, '1000'), 'auth', false],
  ['1004 auth', glm(401, '1004'), 'auth', false],
  ['plain 401', APIError.generate(401, undefined, 'no', new Headers()), 'auth', false],
  ['1301 content filter', glm(400, '1301'), 'content_blocked', false],
  ['1211 unknown model', glm(400, '1211'), 'unknown_model', false],
  ['1214 context wording', glm(400, '1214', 'Prompt exceeds max length of context'), 'context_too_long', false],
  ['1214 other', glm(400, '1214', 'messages[0].role is invalid'), 'invalid_request', false],
  ['1210 bad parameter', glm(400, '1210', 'temperature out of range'), 'invalid_request', false],
  [
    '400 context wording',
    APIError.generate(400, { error: { message: "This model's maximum context length is 128000 tokens" } }, undefined, new Headers()),
    'context_too_long',
    false,
  ],
  ['plain 400', APIError.generate(400, { error: { message: 'bad' } }, undefined, new Headers()), 'invalid_request', false],
  ['500', glm(500, '500', 'Internal server error.'), 'server', true],
  ['502 no body', APIError.generate(502, undefined, undefined, new Headers()), 'server', true],
  ['connection error', new APIConnectionError({ message: 'Connection error.' }), 'network', true],
  ['SDK timeout', new APIConnectionTimeoutError(), 'timeout', true],
  ['user abort', new APIUserAbortError(), 'cancelled', false],
  ['DOM abort', new DOMException('aborted', 'AbortError'), 'cancelled', false],
  ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network', true],
  ['fetch failed with cause', new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }), 'network', true],
  ['anything else', new Error('boom'), 'unknown', true],
];

describe('classifyLlmError', () => {
  it.each(table)('%s → %s (transient %s)', (_label, error, kind, transient) => {
    const classified = classifyLlmError(error);
    expect(classified).toBeInstanceOf(LlmError);
    expect(classified.kind).toBe(kind);
    expect(classified.transient).toBe(transient);
  });

  it('keeps the GLM code, the status and the message', () => {
    const classified = classifyLlmError(glm(429, '1302', 'Rate limit reached for requests'));
    expect(classified).toMatchObject({ code: '1302', status: 429 });
    expect(classified.message).toContain('Rate limit reached for requests');
  });

  it('keeps Retry-After in seconds or as an HTTP date', () => {
    expect(classifyLlmError(glm(429, '1302', 'x', { 'retry-after': '7' })).retryAfterMs).toBe(7000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    const headers = new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' });
    expect(parseRetryAfter(headers, now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });

  it('returns an LlmError unchanged', () => {
    const original = new LlmError('budget_exceeded', 'over');
    expect(classifyLlmError(original)).toBe(original);
    expect(original.transient).toBe(false);
  });

  it('RateLimitError instances classify like generated ones', () => {
    const err = new RateLimitError(429, { code: '1305', message: 'busy' }, 'busy', new Headers({ 'retry-after': '2' }));
    expect(classifyLlmError(err)).toMatchObject({ kind: 'overloaded', retryAfterMs: 2000, transient: true });
  });
});
