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

/** Keys the existing backend issued are stored as bcrypt hashes (bcryptjs, `$2a$`/`$2b$`). */
export function isBcryptHash(hash: string): boolean {
  return /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash);
}

/**
 * Checks a key against a bcrypt hash the existing backend stored. Deliberately slow (that is
 * bcrypt's point), so callers remember keys they have verified and bound failed attempts. The
 * native binding compares on libuv's thread pool: the API's event loop keeps serving meanwhile,
 * where bcryptjs would compute on it.
 */
export async function verifyBcryptApiKey(key: string, hash: string): Promise<boolean> {
  if (!isBcryptHash(hash)) return false;
  // Loaded on first use: only the API checks keys, and the native binding holds about 9 MB
  // resident in every process that imports this package (the worker too).
  const { default: bcrypt } = await import('bcrypt');
  // `$2y$` is the same algorithm under PHP's name; the native binding knows only `$2a$`/`$2b$`.
  return bcrypt.compare(key, hash.replace(/^\$2y\$/, '$2b$'));
}
