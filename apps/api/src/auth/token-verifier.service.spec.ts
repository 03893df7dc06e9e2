import { describe, expect, it, jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { AppConfig } from '@insights/config';
import { signSessionToken } from '@insights/testkit';
import { TokenVerifier } from './token-verifier.service.js';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** A verifier whose signature checks are counted. */
function setUp(memoTtlMs: number) {
  const verifier = new TokenVerifier({
    auth: { jwtKey: keys.publicKey, authorizedParties: ['http://localhost:3000'], localKey: true, memoTtlMs },
  } as AppConfig);
  const checks = jest.spyOn(verifier as unknown as { verifyWithClerk: (token: string) => Promise<unknown> }, 'verifyWithClerk');
  return { verifier, checks };
}
const header = (expiresIn: number) => `Bearer ${signSessionToken(keys.privateKey, { sub: 'user_memo', expiresIn })}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TokenVerifier memo', () => {
  it('checks a token once while remembered, and again after AUTH_MEMO_TTL_MS', async () => {
    const { verifier, checks } = setUp(200);
    const token = header(3600);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(checks).toHaveBeenCalledTimes(1);
    await sleep(250);
    await verifier.verify(token);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('never remembers a token past its exp, however long the TTL', async () => {
    const { verifier, checks } = setUp(3_600_000);
    const token = header(1);
    await verifier.verify(token);
    await sleep(1_100);
    // Clerk's own check still allows a few seconds of clock skew; what matters is that it ran again.
    await verifier.verify(token).catch(() => undefined);
    expect(checks).toHaveBeenCalledTimes(2);
  });
});
