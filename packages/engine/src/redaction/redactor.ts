import type { CountryCode } from 'libphonenumber-js/max';
import { findEmails, findIps } from './addresses.js';
import { disjoint, emptyCounts, placeholder, type RedactionCounts, type RedactionKind, type Span } from './kinds.js';
import { findCards, findIbans } from './numbers.js';
import { assertPhoneCountries, findPhones } from './phones.js';
import { findSecretUrls } from './urls.js';

/**
 * Bump when what the redactor finds changes: it is part of the chunk memo's version and of job
 * identity, so answers and results made under other rules are not reused.
 */
export const REDACTION_VERSION = 'pd1';

export interface RedactionSettings {
  enabled: boolean;
  /** Countries whose national phone formats are recognised; international (+CC) numbers always are. */
  phoneCountries: readonly string[];
}

export const DEFAULT_REDACTION: RedactionSettings = { enabled: true, phoneCountries: ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP'] };

export interface Redacted {
  text: string;
  counts: RedactionCounts;
}

type Finder = (text: string) => Span[];

/**
 * Replaces personal data with typed placeholders. The order matters: a URL holds what looks
 * like e-mail addresses and numbers, an IBAN holds digit runs a card or phone search would take
 * in part, and phone search is the most liberal about digits, so it runs last.
 */
export class Redactor {
  readonly enabled: boolean;
  private readonly finders: [RedactionKind, Finder][];

  constructor(readonly settings: RedactionSettings = DEFAULT_REDACTION) {
    this.enabled = settings.enabled;
    const countries: CountryCode[] = assertPhoneCountries(settings.phoneCountries);
    this.finders = [
      ['url', findSecretUrls],
      ['email', findEmails],
      ['iban', findIbans],
      ['card', findCards],
      ['ip', findIps],
      ['phone', (text) => findPhones(text, countries)],
    ];
  }

  /** What the rules are, for memo versions and cache keys: `off`, or the version and countries. */
  get tag(): string {
    return this.enabled ? `${REDACTION_VERSION}-${[...this.settings.phoneCountries].sort().join('.')}` : 'off';
  }

  redact(text: string): Redacted {
    const counts = emptyCounts();
    if (!this.enabled) return { text, counts };
    let current = text;
    for (const [kind, find] of this.finders) {
      const spans = disjoint(find(current));
      if (spans.length === 0) continue;
      counts[kind] += spans.length;
      current = replaceSpans(current, spans, placeholder(kind));
    }
    return { text: current, counts };
  }
}

function replaceSpans(text: string, spans: readonly Span[], replacement: string): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + replacement;
    at = span.end;
  }
  return out + text.slice(at);
}
