import { createRequire } from 'node:module';
import { isWordChar, type Span } from './kinds.js';

// Loaded when a number is first checked: a process that has redacted nothing yet does not hold them.
const load = createRequire(import.meta.url);
let cards: typeof import('card-validator') | undefined;
let ibans: typeof import('ibantools') | undefined;
const cardValidator = () => (cards ??= load('card-validator') as typeof import('card-validator'));
const ibanTools = () => (ibans ??= load('ibantools') as typeof import('ibantools'));

// Groups of digits separated by single spaces or dashes, as cards are printed. The whole run
// must be the card: windows inside longer runs (tracking numbers) are Luhn-valid one time in ten.
const DIGIT_RUN = /(?<![\p{L}\p{N}-])\d+(?:[ -]\d+)*(?![\p{L}\p{N}])/gu;

/** Payment card numbers: only Luhn-valid numbers of a known brand's prefixes and lengths. */
export function findCards(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 12 || digits.length > 19) continue;
    if (cardValidator().number(digits, { maxLength: 19 }).isValid) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

const IBAN_START = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?=[ -]?[A-Za-z0-9])/gu;

/** Reads exactly `length` letters and digits from `at`, allowing one space or dash between them. */
function readCompact(text: string, at: number, length: number): { compact: string; end: number } | undefined {
  let compact = '';
  let i = at;
  while (compact.length < length && i < text.length) {
    const ch = text[i]!;
    if (/[A-Za-z0-9]/.test(ch)) compact += ch;
    else if (!(ch === ' ' || ch === '-') || !/[A-Za-z0-9]/.test(text[i + 1] ?? '') || compact.length === 0) return undefined;
    i++;
  }
  return compact.length === length ? { compact, end: i } : undefined;
}

/** IBANs, printed in groups or compact, valid by their country's length, layout and checksum. */
export function findIbans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(IBAN_START)) {
    const country = m[0].slice(0, 2).toUpperCase();
    const length = ibanTools().countrySpecs[country]?.chars;
    if (!length) continue;
    const read = readCompact(text, m.index, length);
    if (!read || isWordChar(text, read.end) || !ibanTools().isValidIBAN(read.compact.toUpperCase())) continue;
    spans.push({ start: m.index, end: read.end });
  }
  return spans;
}
