import { describe, expect, it } from '@jest/globals';
import { UnrecoverableError } from 'bullmq';
import { LlmError } from '@insights/engine';
import { codeOf, failureCode } from './failure-code.js';

describe('failureCode', () => {
  it('names a provider error by its kind, a Postgres error as database, anything else as internal', () => {
    expect(failureCode(new LlmError('quota', 'GLM 429 1113: balance <!channel>'))).toBe('quota');
    const pg = Object.assign(new Error('relation "users_secret" does not exist'), { severity: 'ERROR', code: '42P01' });
    expect(failureCode(pg)).toBe('database');
    expect(failureCode(new UnrecoverableError('invalid payload: projectId'))).toBe('invalid_job');
    expect(failureCode(new Error('ECONNRESET at 10.0.0.4'))).toBe('internal');
  });

  it('reads a queued notification’s code, or its error’s first word when it predates codes', () => {
    expect(codeOf({ errorCode: 'database', error: 'anything' })).toBe('database');
    expect(codeOf({ error: 'auth: GLM 401 1000: key sk-123' })).toBe('auth');
    expect(codeOf({ error: '<!channel>: leaked' })).toBe('internal');
    expect(codeOf({ errorCode: 'made_up', error: 'constructor: x' })).toBe('internal');
  });
});
