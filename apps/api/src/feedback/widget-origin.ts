/**
 * Where a widget request comes from, by the browser's word: `Origin`, else `Referer`. A browser
 * sends Origin on every POST and a page cannot change either header; other clients can write
 * anything, so this binds a key to the sites that embed it, not to a caller.
 */
export type WidgetSource = { kind: 'none' } | { kind: 'host'; host: string; header: string } | { kind: 'unreadable'; header: string };

export function widgetSource(headers: Record<string, string | string[] | undefined>): WidgetSource {
  const header = first(headers.origin) ?? first(headers.referer);
  if (header === undefined) return { kind: 'none' };
  const host = hostOf(header);
  return host ? { kind: 'host', host, header } : { kind: 'unreadable', header };
}

/** A listed domain admits itself and its subdomains (`example.com` admits `www.example.com`). */
export function hostAllowed(host: string, allowedDomains: readonly string[]): boolean {
  return allowedDomains.some((entry) => {
    const domain = normalisedDomain(entry);
    return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
  });
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function hostOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.hostname.toLowerCase().replace(/\.$/, '') || undefined;
  } catch {
    // `Origin: null` (sandboxed frames, file: pages) and anything else that is not a URL.
    return undefined;
  }
}

/**
 * Entries are host names (the API validates them so); rows the existing backend wrote may hold a
 * URL, a port or a `*.` wildcard, read here as the host they name.
 */
function normalisedDomain(entry: string): string {
  let domain = entry.trim().toLowerCase();
  if (domain.includes('://')) domain = hostOf(domain) ?? '';
  return domain.replace(/^\*\./, '').replace(/:\d+$/, '').replace(/\.$/, '');
}
