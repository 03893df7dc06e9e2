import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ClerkAuthGuard } from './clerk-auth.guard.js';
import { StreamTokensService } from './stream-tokens.service.js';
import { TokenVerifier } from './token-verifier.service.js';
import { UserDirectory } from './user-directory.service.js';

/** Every route needs a Clerk session token unless marked @Public(); event streams also take a stream token. */
@Module({
  providers: [TokenVerifier, StreamTokensService, UserDirectory, { provide: APP_GUARD, useClass: ClerkAuthGuard }],
  exports: [TokenVerifier, StreamTokensService, UserDirectory],
})
export class AuthModule {}
