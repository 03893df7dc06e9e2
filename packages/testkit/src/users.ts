import { randomUUID } from 'node:crypto';
import { signSessionToken, type TokenClaims } from './session-token.js';

/** A token signed by the test run's key pair, verified by the same code path as production. */
export function tokenFor(claims: Partial<TokenClaims> = {}): string {
  return signSessionToken(process.env.TEST_CLERK_PRIVATE_KEY!, { sub: `user_${randomUUID()}`, ...claims });
}

export function bearer(token: string = tokenFor()): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** A fresh user identity with its header, for tests that need two tenants. */
export function newUser(): { sub: string; headers: { authorization: string } } {
  const sub = `user_${randomUUID()}`;
  return { sub, headers: bearer(tokenFor({ sub })) };
}
