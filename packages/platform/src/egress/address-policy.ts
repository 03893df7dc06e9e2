import ipaddr from 'ipaddr.js';

// Cloud instance metadata services. Both sit in ranges refused anyway (link-local, unique-local);
// named so a refusal says what it was.
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/**
 * Why an address must not receive a webhook, or undefined when it may. Only global unicast
 * passes: every named special range (loopback, private, link-local, unique-local, multicast,
 * carrier-grade NAT, unspecified, broadcast, reserved, and the IPv6 ranges that embed an IPv4
 * address such as 6to4, Teredo and NAT64) is refused. IPv4-mapped IPv6 is judged as the IPv4
 * address it carries, so `::ffff:127.0.0.1` is loopback.
 */
export function forbiddenRange(address: string, options: { allowLoopback?: boolean } = {}): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.process(address);
  if (METADATA.has(parsed.toNormalizedString()) || METADATA.has(parsed.toString())) return 'metadata';
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && options.allowLoopback) return undefined;
  return range;
}
