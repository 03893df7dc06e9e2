import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a Basic Authorization header with the expected credentials in constant time. */
export function basicAuthMatcher(user: string, password: string): (header: string | undefined) => boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expected = digest(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  return (header) => timingSafeEqual(digest(header ?? ''), expected);
}
