import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UsersRepository } from '@insights/db';
import { TokenVerifier } from './token-verifier.service.js';
import { IS_PUBLIC, type AuthUser } from './auth-user.js';

// Clerk ids map to our user ids forever, so a bounded memo saves a database round trip per request.
const MAX_USERS = 10_000;

@Injectable()
export class ClerkAuthGuard implements CanActivate {
  private readonly userIds = new Map<string, string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const session = await this.verifier.verify(request.headers.authorization);
    request.user = { id: await this.userId(session.clerkUserId), clerkUserId: session.clerkUserId };
    return true;
  }

  private async userId(clerkUserId: string): Promise<string> {
    const known = this.userIds.get(clerkUserId);
    if (known) return known;
    const user = await this.users.upsertByClerkId(clerkUserId);
    if (this.userIds.size >= MAX_USERS) this.userIds.delete(this.userIds.keys().next().value!);
    this.userIds.set(clerkUserId, user.id);
    return user.id;
  }
}
