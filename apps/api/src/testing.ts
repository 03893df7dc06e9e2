import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { AppModule } from './app.module.js';
import { configureApp, createAdapter } from './bootstrap.js';

/**
 * The real application (real Postgres and Redis) on Fastify's in-process injector, for tests in
 * any workspace (`@insights/api/testing`). Production never imports this module. `configure`
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
