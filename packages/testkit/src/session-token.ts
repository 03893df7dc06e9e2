import { createSign, randomUUID } from 'node:crypto';

export interface TokenClaims {
  sub: string;
  azp?: string;
  /** seconds from now */
  expiresIn?: number;
  /** seconds from now the token becomes valid (negative: already valid) */
  notBefore?: number;
  [claim: string]: unknown;
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs an RS256 token shaped like a Clerk session token. */
export function signSessionToken(privateKey: string, claims: TokenClaims): string {
  const { expiresIn = 3600, notBefore = -5, ...rest } = claims;
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: 'ins_local' };
  const payload = {
    azp: 'http://localhost:3000',
    iss: 'https://clerk.local.test',
    sid: `sess_${randomUUID().replaceAll('-', '')}`,
    iat: now,
    nbf: now + notBefore,
    exp: now + expiresIn,
    ...rest,
  };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
}
