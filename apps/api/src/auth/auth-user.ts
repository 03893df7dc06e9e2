import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

/** The caller, resolved by the guard: the Clerk id from the token and our own user id. */
export interface AuthUser {
  id: string;
  clerkUserId: string;
}

export const IS_PUBLIC = 'auth:public';
/** Skips the bearer-token guard (health checks, the API-key widget endpoint). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
