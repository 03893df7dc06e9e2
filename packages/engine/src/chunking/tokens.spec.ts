import { describe, expect, it } from '@jest/globals';
import { prepareEntry } from './entry.js';
import { estimateTokens, normaliseEntryText, stripControl, trimEntry } from './tokens.js';

describe('estimateTokens', () => {
  it('counts about four ASCII characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('a'.repeat(400))).toBe(100);
  });

  it('counts CJK and other non-ASCII characters as a token each, surrogate pairs once', () => {
    expect(estimateTokens('登录崩溃')).toBe(4);
    expect(estimateTokens('😀😀')).toBe(2);
    expect(estimateTokens('ok 登录')).toBe(1 + 2);
  });
});

describe('trimEntry', () => {
  it('leaves short entries alone', () => {
    expect(trimEntry('short text', 20)).toEqual({ text: 'short text', trimmedChars: 0 });
  });

  it('cuts long entries with a visible marker saying how much went', () => {
    const result = trimEntry('x'.repeat(150), 100);
    expect(result.trimmedChars).toBe(50);
    expect(result.text).toBe(`${'x'.repeat(100)} …[trimmed 50 chars]`);
  });

  it('never splits a surrogate pair', () => {
    const result = trimEntry(`${'a'.repeat(9)}😀tail`, 10);
    expect(result.text.startsWith('a'.repeat(9) + ' …')).toBe(true);
    expect(result.trimmedChars).toBe(6);
  });
});

describe('entry text', () => {
  it('puts an entry on one line without tabs or control characters', () => {
    expect(normaliseEntryText('line one\nline\ttwo\r\n\u0007bell  ')).toBe('line one line two bell');
  });

  it('stripControl keeps newlines and drops other control characters', () => {
    expect(stripControl('a\u0000b\nc\u001bd\u007f')).toBe('ab\ncd');
  });

  it('prepareEntry reports trimming, clamps the rating and lowercases the id', () => {
    const entry = prepareEntry({ id: 'ABCDEF00-0000-4000-A000-000000000001', rating: 9, text: 'y'.repeat(50) }, 20);
    expect(entry).toMatchObject({ id: 'abcdef00-0000-4000-a000-000000000001', rating: 5, trimmedChars: 30 });
    expect(entry.text).toContain('…[trimmed 30 chars]');
    expect(entry.tokens).toBeGreaterThan(estimateTokens(entry.text));
  });
});
