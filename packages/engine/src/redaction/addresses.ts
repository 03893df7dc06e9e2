import { isIPv4, isIPv6 } from 'node:net';
import type { Span } from './kinds.js';

// Every quantifier is bounded, so a long run of word characters costs linear time, not quadratic.
const LOCAL = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(`${LOCAL}(?:${LOCAL}|\\.(?=${LOCAL})){0,63}@(?:${LABEL}\\.){1,8}(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})(?![\\p{L}\\p{N}-])`, 'giu');

/** E-mail addresses, internationalised ones (Unicode local parts and domains) included. */
export function findEmails(text: string): Span[] {
  if (!text.includes('@')) return [];
  return [...text.matchAll(EMAIL)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?:%[0-9A-Za-z._-]{1,16})?(?![\w:]|\.\d)/g;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
// "Chrome/120.0.0.0", "v1.2.3.4", "version 2.0.0.1": four numbers that name a release, not a host.
const VERSION_CUE = /(?:\p{L}\/|\b(?:v|ver\.?|version|build|release)\s?)$/iu;

/** IPv6 (compressed, IPv4-mapped, with a zone) and IPv4 addresses, checked by Node's parser. */
export function findIps(text: string): Span[] {
  const spans: Span[] = [];
  if (text.includes(':')) {
    for (const m of text.matchAll(IPV6)) {
      // A bare `::` is punctuation in prose ("A :: B"), though it parses as the unspecified address.
      if ((m[0].match(/:/g)?.length ?? 0) >= 2 && /[0-9A-Fa-f]/.test(m[0]) && isIPv6(m[0])) spans.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of text.matchAll(IPV4)) {
    if (!isIPv4(m[0]) || VERSION_CUE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    if (!spans.some((s) => m.index >= s.start && m.index < s.end)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}
