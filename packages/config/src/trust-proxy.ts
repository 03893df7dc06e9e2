import { isIP } from 'node:net';

/**
 * Which peers may name the client in X-Forwarded-For, in the form Fastify's `trustProxy` takes:
 * false (nobody), a hop count, or addresses and CIDR ranges of the proxies.
 */
export type TrustProxy = false | number | string[];

// proxy-addr's (Fastify's) names for common ranges.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;

/**
 * `TRUST_PROXY`: unset or `0` trusts nobody; `1`..`10` trusts that many proxies in front of the
 * API; otherwise a comma-separated list of proxy addresses or CIDR ranges. `true` (trust every
 * hop) is refused: the leftmost X-Forwarded-For entry is whatever the client wrote.
 */
export function parseTrustProxy(raw: string): { value: TrustProxy } | { problem: string } {
  const text = raw.trim();
  if (text === '' || text === '0' || text === 'false') return { value: false };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= MAX_HOPS ? { value: hops } : { problem: `a hop count must be at most ${MAX_HOPS}` };
  }
  if (text === 'true') {
    return { problem: 'true would trust any X-Forwarded-For a client sends; give the number of proxies (e.g. 1) or their addresses' };
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isProxyEntry(entry));
  if (bad !== undefined) {
    return { problem: `"${bad}" is not a hop count, an IP address, a CIDR range or one of ${[...NAMED_RANGES].join(', ')}` };
  }
  return { value: entries };
}

function isProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
