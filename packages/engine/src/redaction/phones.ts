import { createRequire } from 'node:module';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import { disjoint, type Span } from './kinds.js';

type PhoneLibrary = typeof import('libphonenumber-js/max');
const load = createRequire(import.meta.url);
let library: PhoneLibrary | undefined;
/**
 * The numbering plans are loaded when a text with a digit run is first searched: a process that
 * has redacted nothing yet (an idle worker) does not hold them (several MB resident). The country
 * codes are checked against the metadata's list alone.
 */
const phoneLibrary = (): PhoneLibrary => (library ??= load('libphonenumber-js/max') as PhoneLibrary);
const isSupportedCountry = (code: string): boolean =>
  Object.hasOwn((load('libphonenumber-js/metadata.min.json') as { countries: Record<string, unknown> }).countries, code);

// Seven digits or more with only separators between them: text without one holds no phone
// number, and most feedback has none, so the costly search is skipped.
const CANDIDATE = /\+?\(?\d(?:[\s().\-/]{0,3}\d){6,}/g;
// Characters around a digit run that the search sees, for its own context checks.
const CONTEXT_BEFORE = 24;
const CONTEXT_AFTER = 8;
// A run with more digits than two phone numbers side by side, or more runs in one entry than
// these, is a dump of numbers, not prose: its runs are replaced whole rather than searched, so
// no entry can make the search (about a millisecond per run and country) cost more than this.
const MAX_RUN_DIGITS = 30;
const MAX_SEARCHED_RUNS = 40;
// Shapes a permissive numbering plan accepts (German numbers have no fixed length) that are
// dates when written in feedback.
const DATE_LIKE = /^[(（]?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})[)）]?$/;
// A number right after one of these words is an order, invoice, build or ticket number.
const ID_CUE =
  /(?:\b(?:order|invoice|inv|ticket|case|build|sku|tracking|ref|reference|id|no|nr|number of|version|release|pedido|commande|bestellung|rechnung|auftrag|factura|fatura|ordine|注文|請求書)\.?:?\s*|#\s*)$/iu;
// Where national numbers are written without a trunk prefix; elsewhere (GB, DE, FR, JP...) a
// national number starts with 0, and a digit run without it is something else.
const NO_TRUNK_PREFIX = new Set(['US', 'CA', 'IN', 'BR', 'ES', 'IT', 'PT', 'DK', 'NO', 'GR', 'CN', 'SG', 'HK']);

export function assertPhoneCountries(countries: readonly string[]): CountryCode[] {
  for (const country of countries) {
    if (!isSupportedCountry(country)) throw new Error(`Unknown phone numbering country: ${country}`);
  }
  return countries as CountryCode[];
}

// Latin letters and digits only: Japanese or Chinese text runs straight into a number.
const isIdChar = (text: string, index: number) => /[A-Za-z0-9]/.test(text[index] ?? '');

/** A match inside an identifier ("INV-2024-118273", "#1049 2231") is part of that identifier. */
function gluedToIdentifier(text: string, span: Span): boolean {
  const before = text[span.start - 1];
  if (isIdChar(text, span.start - 1) || isIdChar(text, span.end)) return true;
  return (before === '-' || before === '_' || before === '/' || before === '.') && isIdChar(text, span.start - 2);
}

function plausible(text: string, span: Span, number: PhoneNumber): boolean {
  const written = text.slice(span.start, span.end);
  if (gluedToIdentifier(text, span) || DATE_LIKE.test(written)) return false;
  if (ID_CUE.test(text.slice(Math.max(0, span.start - 16), span.start))) return false;
  if (/^[(（]?\+/.test(written) || /^[(（]?0/.test(written)) return true;
  // Where no trunk prefix is written, no number starts with 1 either (NANP area codes, Indian
  // mobiles): a bare 1... is a timestamp or a count.
  return NO_TRUNK_PREFIX.has(number.country ?? '') && !/^[(（]?1\d{9,}$/.test(written);
}

/** Where to search: each digit run with some context around it, for the search's own checks. */
function windowOf(text: string, run: Span): Span {
  return { start: Math.max(0, run.start - CONTEXT_BEFORE), end: Math.min(text.length, run.end + CONTEXT_AFTER) };
}

/** The spans libphonenumber finds around one run, one country after another until the run is covered. */
function searchRun(text: string, run: Span, countries: readonly (CountryCode | undefined)[]): Span[] {
  const window = windowOf(text, run);
  const part = text.slice(window.start, window.end);
  const spans: Span[] = [];
  for (const defaultCountry of countries) {
    for (const found of phoneLibrary().findPhoneNumbersInText(part, { defaultCountry })) {
      const span = { start: window.start + found.startsAt, end: window.start + found.endsAt };
      if (plausible(text, span, found.number)) spans.push(span);
    }
    if (spans.some((s) => s.start <= run.start && s.end >= run.end)) break;
  }
  return spans;
}

/**
 * Phone numbers through libphonenumber-js's text search (valid numbers, full metadata):
 * international numbers of every country, and national numbers of each configured country.
 * The search runs only around runs of seven or more digits, so its cost follows the digits in
 * the text, not its length.
 */
export function findPhones(text: string, countries: readonly CountryCode[]): Span[] {
  const order = countries.length > 0 ? countries : [undefined];
  const runs = [...text.matchAll(CANDIDATE)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0].replace(/\D/g, '').length }));
  const spans: Span[] = [];
  let searched = 0;
  for (const run of runs) {
    if (run.digits > MAX_RUN_DIGITS || searched >= MAX_SEARCHED_RUNS) spans.push(run);
    else {
      searched++;
      spans.push(...searchRun(text, run, order));
    }
  }
  return disjoint(spans);
}
