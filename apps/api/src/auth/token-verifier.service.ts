import { Inject, Injectable } from '@nestjs/common';
import { verifyToken } from '@clerk/backend';
import type { AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { UnauthorizedError } from '../common/app-error.js';
import type { ErrorCode } from '../common/error-codes.js';

export interface VerifiedSession {
  clerkUserId: string;
  /** epoch seconds */
  expiresAt: number;
}

interface Remembered {
  session: VerifiedSession;
  /** epoch ms: the token's exp, or sooner (AUTH_MEMO_TTL_MS after verification) */
  until: number;
}

const REASONS: Record<string, [code: ErrorCode, message: string]> = {
  'token-expired': ['AUTH_TOKEN_EXPIRED', 'the session token has expired'],
  'token-not-active-yet': ['AUTH_TOKEN_NOT_ACTIVE', 'the session token is not valid yet (nbf in the future)'],
  'token-iat-in-the-future': ['AUTH_TOKEN_NOT_ACTIVE', 'the session token was issued in the future'],
  'token-invalid-authorized-parties': ['AUTH_TOKEN_WRONG_PARTY', 'the session token was issued for another origin (azp)'],
  'token-invalid-signature': ['AUTH_TOKEN_BAD_SIGNATURE', 'the session token signature does not verify'],
  'token-invalid-algorithm': ['AUTH_TOKEN_INVALID', 'the session token uses an unsupported algorithm'],
};

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// Bounds memory under a flood of distinct tokens; entries also leave when they expire.
const MAX_CACHED = 10_000;

/**
 * Verifies Clerk session tokens offline with the instance's PEM public key, exactly as
 * production does. A verified token is remembered until it expires (its exp, never later) or
 * for AUTH_MEMO_TTL_MS, whichever comes first, so a polling client pays for one RSA
 * verification per token and minute rather than one per request.
 */
@Injectable()
export class TokenVerifier {
  private readonly cache = new Map<string, Remembered>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * The session of a header verified before and not yet expired, without verifying anything:
   * what the request limit keys on before the guard runs.
   */
  known(authorization: string | undefined): VerifiedSession | undefined {
    const cached = authorization ? this.cache.get(authorization) : undefined;
    return cached && cached.until > Date.now() ? cached.session : undefined;
  }

  async verify(authorization: string | undefined): Promise<VerifiedSession> {
    if (!authorization) throw new UnauthorizedError('AUTH_TOKEN_MISSING', 'missing Authorization: Bearer <token> header');
    // Keyed by the whole header: a polling client sends the same one each time, so a known
    // header needs no parsing at all.
    const cached = this.cache.get(authorization);
    if (cached && cached.until > Date.now()) return cached.session;
    if (cached) this.cache.delete(authorization);

    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match || !JWT_SHAPE.test(match[1]!)) {
      throw new UnauthorizedError('AUTH_TOKEN_MALFORMED', 'the Authorization header must be "Bearer <jwt>"');
    }
    const session = await this.verifyWithClerk(match[1]!);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(authorization, { session, until: Math.min(session.expiresAt * 1000, Date.now() + this.config.auth.memoTtlMs) });
    return session;
  }

  private async verifyWithClerk(token: string): Promise<VerifiedSession> {
    let payload: { sub?: unknown; exp?: unknown };
    try {
      payload = await verifyToken(token, {
        jwtKey: this.config.auth.jwtKey,
        authorizedParties: this.config.auth.authorizedParties,
      });
    } catch (error) {
      const reason = (error as { reason?: string }).reason ?? '';
      const [code, message] = REASONS[reason] ?? ['AUTH_TOKEN_INVALID', 'the session token is invalid'];
      throw new UnauthorizedError(code, message);
    }
    if (typeof payload.sub !== 'string' || !payload.sub || typeof payload.exp !== 'number') {
      throw new UnauthorizedError('AUTH_TOKEN_INVALID', 'the session token has no subject or expiry');
    }
    return { clerkUserId: payload.sub, expiresAt: payload.exp };
  }
}
