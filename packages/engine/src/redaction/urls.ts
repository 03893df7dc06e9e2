import type { Span } from './kinds.js';

const URL_CANDIDATE = /\b(?:(?:https?|ftps?|wss?):\/\/|www\.)[^\s<>"'`]{1,2048}/gi;
const TRAILING = /[.,;:!?'"\]}>…]+$/;

// Words that make a query or fragment parameter a secret, matched against the parts of its
// name (`X-Amz-Signature`, `email_token`, `api_key`); `code` alone is OAuth's authorisation code.
const SECRET_WORDS = new Set([
  'token',
  'key',
  'apikey',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'passcode',
  'sig',
  'signature',
  'auth',
  'authorization',
  'session',
  'sessionid',
  'sid',
  'jwt',
  'credential',
  'credentials',
  'otp',
  'hmac',
  'nonce',
  'ticket',
]);
const SECRET_NAMES = new Set(['code', 'access_token', 'refresh_token', 'id_token', 'client_secret']);

function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || lower.split(/[-_.]/).some((word) => SECRET_WORDS.has(word));
}

/** Drops trailing punctuation, and a closing parenthesis the URL did not open. */
function trimEnd(candidate: string): string {
  let url = candidate.replace(TRAILING, '');
  while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1).replace(TRAILING, '');
  return url;
}

function carriesSecret(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(/^www\./i.test(raw) ? `http://${raw}` : raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return true;
  const fragment = url.hash.includes('=') ? new URLSearchParams(url.hash.slice(1)) : new URLSearchParams();
  return [...url.searchParams.keys(), ...fragment.keys()].some(isSecretName);
}

/** URLs with credentials (user:password@) or a secret in a query or fragment parameter. */
export function findSecretUrls(text: string): Span[] {
  if (!text.includes('://') && !/www\./i.test(text)) return [];
  const spans: Span[] = [];
  for (const m of text.matchAll(URL_CANDIDATE)) {
    const url = trimEnd(m[0]);
    if (carriesSecret(url)) spans.push({ start: m.index, end: m.index + url.length });
  }
  return spans;
}
