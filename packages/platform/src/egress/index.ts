export { forbiddenRange } from './address-policy.js';
export {
  checkOutboundUrl,
  OUTBOUND_URL_FORBIDDEN,
  OutboundUrlRefused,
  systemResolver,
  type CheckedUrl,
  type OutboundPolicy,
  type ResolvedAddress,
  type Resolver,
} from './outbound-url.js';
export { postPinned, type PinnedPostOptions } from './pinned-post.js';
