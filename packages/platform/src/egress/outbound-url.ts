import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { forbiddenRange } from './address-policy.js';

/** Where outbound requests may go (AppConfig.webhooks). */
export interface OutboundPolicy {
  requireHttps: boolean;
  /** When non-empty, the only host names allowed (lower case). */
  allowedHosts: string[];
  /** Test setting: loopback addresses pass (a local receiver). */
  allowLoopback: boolean;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Answers every address a host name has; a test passes a stub. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

// Name resolution can hang for long on a broken resolver; a webhook check must not.
const RESOLVE_TIMEOUT_MS = 3_000;

export const systemResolver: Resolver = async (host) => {
  const timeout = AbortSignal.timeout(RESOLVE_TIMEOUT_MS);
  const answer = lookup(host, { all: true, verbatim: true });
  const timedOut = new Promise<never>((_, reject) =>
    timeout.addEventListener('abort', () => reject(new Error(`resolving ${host} took over ${RESOLVE_TIMEOUT_MS} ms`)), { once: true }),
  );
  const addresses = await Promise.race([answer, timedOut]);
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export const OUTBOUND_URL_FORBIDDEN = 'WEBHOOK_URL_FORBIDDEN';

/**
 * A URL the policy refuses; `reason` is short, fixed wording safe to show its owner. `transient`
 * when the name could not be resolved just now (it may resolve later, to an allowed address).
 */
export class OutboundUrlRefused extends Error {
  override readonly name = 'OutboundUrlRefused';
  readonly code = OUTBOUND_URL_FORBIDDEN;
  constructor(
    readonly reason: string,
    readonly transient = false,
  ) {
    super(`${OUTBOUND_URL_FORBIDDEN}: ${reason}`);
  }
}

/** A URL that passed, with the one address it was checked at: connect there and nowhere else. */
export interface CheckedUrl {
  url: URL;
  address: string;
  family: 4 | 6;
}

function parse(raw: string, policy: OutboundPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlRefused('not a URL');
  }
  const allowed = policy.requireHttps ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) throw new OutboundUrlRefused(policy.requireHttps ? 'must use https' : 'must use http or https');
  if (url.username || url.password) throw new OutboundUrlRefused('must not carry credentials');
  return url;
}

/**
 * Checks a webhook URL against the policy: scheme, allow-list, then every address its host
 * resolves to (one forbidden address refuses the whole name, so a name cannot mix a public
 * address with an internal one). The WHATWG parser has already turned decimal, hex and octal
 * IPv4 spellings (`http://2130706433/`, `http://0x7f.1/`) into dotted form.
 */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy, resolve: Resolver = systemResolver): Promise<CheckedUrl> {
  const url = parse(raw, policy);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (policy.allowedHosts.length > 0 && !policy.allowedHosts.includes(host)) throw new OutboundUrlRefused('host is not on the allow-list');
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new OutboundUrlRefused('host does not resolve', true);
    }
  }
  if (addresses.length === 0) throw new OutboundUrlRefused('host does not resolve');
  for (const { address } of addresses) {
    const range = forbiddenRange(address, { allowLoopback: policy.allowLoopback });
    if (range) throw new OutboundUrlRefused(`host resolves to a ${range} address`);
  }
  return { url, ...addresses[0]! };
}
