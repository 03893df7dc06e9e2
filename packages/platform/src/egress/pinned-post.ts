import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedUrl } from './outbound-url.js';

export interface PinnedPostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * A lookup that answers only the address the URL was checked at: the socket cannot be sent
 * elsewhere by a second DNS answer (rebinding) between the check and the connection. Node asks
 * for every address (`all`) when it races IPv4 and IPv6 (autoSelectFamily), one otherwise.
 */
function pinnedLookup({ address, family }: CheckedUrl): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * POSTs to a checked URL, connecting to its checked address only. The URL's host name stays
 * the TLS server name and the Host header, so certificates and virtual hosts work as usual.
 * Redirects are not followed (a 3xx is returned like any other status), so a receiver cannot
 * bounce the request inside the network.
 */
export function postPinned(target: CheckedUrl, options: PinnedPostOptions): Promise<{ status: number }> {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target.url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        lookup: pinnedLookup(target),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response: IncomingMessage) => {
        // Only the status decides; the body is never read, so a receiver cannot stream at us.
        response.on('error', () => undefined);
        response.destroy();
        resolve({ status: response.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
