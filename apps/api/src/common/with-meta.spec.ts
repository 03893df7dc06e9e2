import { describe, expect, it } from '@jest/globals';
import { WithMetaJson } from './with-meta.js';

describe('WithMetaJson', () => {
  it('assembles the same envelope as serializing the merged objects would', () => {
    const result = { summary: 'a "quoted" summary', themes: [{ name: 'x', feedbackIds: ['1'] }], nested: { k: 1 } };
    const meta = { cached: true, stale: true, refreshJobId: 'abc' };
    const body = new WithMetaJson(JSON.stringify(result), meta).toString();
    expect(JSON.parse(body)).toEqual({ success: true, data: { ...result, ...meta }, ...meta });
  });

  it('handles an empty result object and no meta', () => {
    expect(JSON.parse(new WithMetaJson('{}', { cached: true }).toString())).toEqual({
      success: true,
      data: { cached: true },
      cached: true,
    });
    expect(JSON.parse(new WithMetaJson('{"a":1}', {}).toString())).toEqual({ success: true, data: { a: 1 } });
  });
});
