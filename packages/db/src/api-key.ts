import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'fik_';

export function newApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** Keys are random 256-bit values, so a fast unsalted hash is enough to make a stolen table useless. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(key: string | undefined): key is string {
  return typeof key === 'string' && key.startsWith(PREFIX) && key.length === PREFIX.length + 43;
}
