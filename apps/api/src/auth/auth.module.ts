import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ClerkAuthGuard } from './clerk-auth.guard.js';
import { TokenVerifier } from './token-verifier.service.js';

/** Every route needs a Clerk session token unless marked @Public(). */
@Module({
  providers: [TokenVerifier, { provide: APP_GUARD, useClass: ClerkAuthGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
