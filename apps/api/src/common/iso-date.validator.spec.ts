import { describe, expect, it } from '@jest/globals';
import { isIsoDate } from './iso-date.validator.js';

describe('isIsoDate', () => {
  it.each(['2026-01-31', '2026-02-28T23:59:59Z', '2026-03-01T10:00:00.123+02:00', '2024-02-29'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each(['2026-W01', '20260101', '2026-01-01T10', '2026-01', '2026-02-30', '2026-13-01', '2026-01-01T24:00:00Z', '2026-01-01T10:00Z', ',5Z', ''])(
    'refuses %s',
    (value) => {
      expect(isIsoDate(value)).toBe(false);
    },
  );
});
