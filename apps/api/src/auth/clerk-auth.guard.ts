import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenVerifier } from './token-verifier.service.js';
import { UnauthorizedError } from '../common/app-error.js';
import { IS_PUBLIC, STREAM_TOKEN_AUTH, type AuthUser } from './auth-user.js';
import { StreamTokensService } from './stream-tokens.service.js';
import { UserDirectory } from './user-directory.service.js';

interface GuardedRequest {
  headers: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  params?: Record<string, string>;
  user?: AuthUser;
}

@Injectable()
export class ClerkAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly users: UserDirectory,
    private readonly streamTokens: StreamTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const streamToken = request.query?.streamToken;
    if (!request.headers.authorization && typeof streamToken === 'string' && this.reflector.get<boolean>(STREAM_TOKEN_AUTH, context.getHandler())) {
      const user = await this.streamTokens.redeem(streamToken, String(request.params?.jobId));
      if (!user) throw new UnauthorizedError('STREAM_TOKEN_INVALID', 'the stream token is unknown, expired or was issued for another job');
      request.user = user;
      return true;
    }
    const session = await this.verifier.verify(request.headers.authorization);
    request.user = { id: await this.users.idFor(session.clerkUserId), clerkUserId: session.clerkUserId };
    return true;
  }
}
