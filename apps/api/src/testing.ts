import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@insights/config';
import { AppModule } from './app.module.js';
import { configureApp, createAdapter } from './bootstrap.js';

/**
 * The real application (real Postgres and Redis) on Fastify's in-process injector, for tests in
 * any workspace (`@insights/api/testing`). Production never imports this module.
 */
export async function createTestApp(): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(loadConfig().http.trustProxy), { logger: false });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
