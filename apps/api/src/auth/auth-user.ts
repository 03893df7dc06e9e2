import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

/** The caller, resolved by the guard: the Clerk id from the token and our own user id. */
export interface AuthUser {
  id: string;
  clerkUserId: string;
}

export const IS_PUBLIC = 'auth:public';
/** Skips the bearer-token guard (health checks, the API-key widget endpoint). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const STREAM_TOKEN_AUTH = 'auth:stream-token';
/**
 * Also accepts `?streamToken=` from POST .../events/token in place of the bearer header, for the
 * job named by the route's `:jobId` only (a browser's EventSource cannot send headers).
 */
export const StreamTokenAuth = () => SetMetadata(STREAM_TOKEN_AUTH, true);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<{ user: AuthUser }>().user);
