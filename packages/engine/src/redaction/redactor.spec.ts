import { describe, expect, it } from '@jest/globals';
import { cleanSet, personalDataSet, PHONE_COUNTRIES, REDACTION_TARGETS, scoreRedaction } from '@insights/testkit';
import { Redactor } from './redactor.js';

const redactor = new Redactor({ enabled: true, phoneCountries: [...PHONE_COUNTRIES] });
const redact = (text: string) => redactor.redact(text).text;

describe('Redactor on the labelled set', () => {
  const score = scoreRedaction(redact);

  it.each(Object.entries(REDACTION_TARGETS.recall))('replaces at least the target share of planted %s values whole', (kind, target) => {
    const kindScore = score.byKind[kind as keyof typeof score.byKind];
    expect(kindScore.planted).toBeGreaterThanOrEqual(80);
    expect(kindScore.recall).toBeGreaterThanOrEqual(target!);
  });

  it('replaces IP addresses and token URLs too', () => {
    expect(score.byKind.ip.recall).toBeGreaterThanOrEqual(0.95);
    expect(score.byKind.url.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves clean texts (order numbers, versions, dates, prices, ids) alone', () => {
    expect(score.clean.texts).toBeGreaterThanOrEqual(400);
    expect(score.clean.rate).toBeLessThan(REDACTION_TARGETS.falsePositiveRate);
  });

  it('holds several hundred planted values', () => {
    expect(personalDataSet().length).toBeGreaterThanOrEqual(500);
    expect(cleanSet().length).toBeGreaterThanOrEqual(400);
  });
});

describe('Redactor', () => {
  it('replaces each kind with its own placeholder and counts it', () => {
    const text =
      'Mail jane+bills@example.com or call +44 20 7946 0958; card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, ' +
      'from 203.0.113.9 and 2001:db8::1, see https://app.example.com/reset?token=abc123def.';
    const out = redactor.redact(text);
    expect(out.text).toBe('Mail [email] or call [phone]; card [card], IBAN [iban], from [ip] and [ip], see [url].');
    expect(out.counts).toEqual({ email: 1, phone: 1, card: 1, iban: 1, ip: 2, url: 1 });
  });

  it('keeps numbers that fail their checksum, and links without secrets', () => {
    const text =
      'Card 4111 1111 1111 1112, IBAN DE89 3704 0044 0532 0130 01, docs https://example.com/help?page=2, v1.2.3.4, Chrome/120.0.0.0, ' +
      'at 12:30:45, A :: B, 1705312200, order 9876543210, 2024-03-11';
    expect(redact(text)).toBe(text);
  });

  it('finds national numbers only of the configured countries, international ones always', () => {
    const us = new Redactor({ enabled: true, phoneCountries: ['US'] });
    expect(us.redact('Ruf an: 030 12345678 oder +49 30 12345678').text).toBe('Ruf an: 030 12345678 oder [phone]');
    const de = new Redactor({ enabled: true, phoneCountries: ['DE'] });
    expect(de.redact('Ruf an: 030 12345678 oder +49 30 12345678').text).toBe('Ruf an: [phone] oder [phone]');
  });

  it('changes nothing when turned off, and says so in its tag', () => {
    const off = new Redactor({ enabled: false, phoneCountries: ['US'] });
    expect(off.redact('jane@example.com').text).toBe('jane@example.com');
    expect(off.tag).toBe('off');
    expect(redactor.tag).not.toBe('off');
  });

  it('refuses an unknown country', () => {
    expect(() => new Redactor({ enabled: true, phoneCountries: ['XX'] })).toThrow(/XX/);
  });

  it('stays linear on long runs of address characters', () => {
    // Quadratic patterns would take seconds here; the bounded ones take milliseconds.
    const long = `${'a'.repeat(20_000)}@${'b'.repeat(20_000)} ${'1.'.repeat(10_000)} ${'1 '.repeat(10_000)} ${':'.repeat(10_000)}`;
    const started = performance.now();
    redactor.redact(long);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
