import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { signSessionToken, type TokenClaims } from '@insights/testkit';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createAdapter } from '../../src/bootstrap.js';

/**
 * The real application (real Postgres and Redis) on Fastify's in-process injector; `configure`
 * adjusts its configuration (short timings from TEST_TIMINGS) through the config provider.
 */
export async function createTestApp(configure?: (config: AppConfig) => AppConfig): Promise<NestFastifyApplication> {
  const builder = Test.createTestingModule({ imports: [AppModule] });
  const moduleRef = await (configure ? builder.overrideProvider(APP_CONFIG).useValue(configure(loadConfig())) : builder).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(loadConfig().http.trustProxy), { logger: false });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A token signed by the run's key pair, verified by the same code path as production. */
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
